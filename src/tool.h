/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every command shares: its streams, resolver and message prefix.
 *
 * Return conventions, one per layer:
 * - the kernel layer (src/kernel.h), the snapshot, the planner
 *   (src/planner.h) and the executor (src/plan.h) return 0 or -errno,
 *   and never print;
 * - a command's steps (option parsing, checks, the check callback of
 *   run_plan) print what they refuse and return the exit status, or
 *   CMD_CONTINUE to go on to the next step;
 * - run_plan and the *_main functions return the exit status.
 */
#ifndef SRC_TOOL_H
#define SRC_TOOL_H

#include <stdbool.h>
#include <stdio.h>

#include "compat/addr.h"

/* A command step's "go on": never an exit status (those are 0 to 255). */
#define CMD_CONTINUE (-1)

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

/* --optionsfrom: the argument vectors and words it made, kept until arena_free. */
struct arena {
	char **argvs[8];
	char **words[8];
	int n;
};

struct lgetopt;

/*
 * --optionsfrom path: splice its words into g at g->optind, the way
 * optionsfrom(3) did. CMD_CONTINUE, or 2 after the legacy message.
 */
int tool_optionsfrom(const struct tool *t, struct lgetopt *g, const char *path, struct arena *a);
void arena_free(struct arena *a);

#endif
