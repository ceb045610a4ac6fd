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

/* The listing for `spi`/`spigrp` without arguments; returns the exit status. */
int tool_print_listing(const struct tool *t, int kind);

#endif
