/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What spi and spigrp share: the message prefix, streams, error reports. */
#ifndef SRC_TOOL_H
#define SRC_TOOL_H

#include <stdbool.h>
#include <stdio.h>

#include "compat/addr.h"
#include "src/plan.h"

struct tool {
	const char *argv0;
	const char *prog;		/* argv0, or "argv0 --label L" */
	char *prog_owned;
	FILE *out, *err;
	const struct resolver *res;
	bool root;			/* selects the legacy EACCES wording */
	bool spigrp;			/* spigrp's message variants */
};

struct cmd_io;
void tool_init(struct tool *t, const char *argv0, const struct cmd_io *io, bool spigrp);
/* The prefix becomes "<word> --label <label>"; 0 or -ENOMEM. */
int tool_set_label(struct tool *t, const char *word, const char *label);
void tool_free(struct tool *t);

/* "<prog>: <text>\n" on stderr. */
void tool_error(const struct tool *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The legacy "pfkey write failed" line(s) for err (text chosen by legacy). */
void report_legacy_write(const struct tool *t, int err, int legacy);

/* The legacy lines for a failed plan, then one line that says what to do. */
void report_plan_failure(const struct tool *t, const struct plan *p,
			 const struct plan_failure *f);

/* The legacy "Trouble opening PF_KEY family socket" line and a hint. */
void report_open_failure(const struct tool *t, int err);

/* A failing read of the kernel's state (dumps): one line with the reason. */
void report_read_failure(const struct tool *t, const char *what, int err);

/* The listing for `spi`/`spigrp` without arguments; returns the exit status. */
int tool_print_listing(const struct tool *t, int kind);

/* Per network namespace lock serialising writers; 0 or -errno. */
int netns_lock(int *fd);
void netns_unlock(int fd);

#endif
