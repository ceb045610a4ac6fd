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

struct op;
struct tool;

/*
 * A command's own legacy texts for kernel failures, where they are not
 * spi's "pfkey write failed" and "Trouble opening PF_KEY" lines.
 */
struct tool_legacy {
	/* The legacy line(s) for a kernel request (of op) that failed with err. */
	void (*request_failed)(const struct tool *t, const void *ctx, const struct op *op, int err);
	/* The legacy line(s) when the kernel cannot be reached (err); NULL: spi's. */
	void (*open_failed)(const struct tool *t, const void *ctx, int err);
	const void *ctx;	/* the command's request */
};

struct tool {
	const char *argv0;
	const char *prog;		/* argv0, or "argv0 --label L" */
	char *prog_owned;
	FILE *out, *err;
	const struct resolver *res;
	bool root;			/* selects the legacy EACCES wording */
	bool spigrp;			/* spigrp's message variants */
	const struct tool_legacy *legacy;	/* NULL: spi's and spigrp's texts */
};

struct cmd_io;
void tool_init(struct tool *t, const char *argv0, const struct cmd_io *io, bool spigrp);
/* The prefix becomes "<word> --label <label>"; 0 or -ENOMEM. */
int tool_set_label(struct tool *t, const char *word, const char *label);
void tool_free(struct tool *t);

/* --optionsfrom: the argument vectors and words it made, kept until arena_free. */
struct arena {
	char **argvs[8];
	char **words[8];
	int n;
};

struct lgetopt;
struct lopt;

/* How a command reads its options (tool_parse_options). */
struct tool_options {
	const struct lopt *table;
	bool long_only, hide_values;	/* struct lgetopt's */
	/* One option c (g->optarg its argument): CMD_CONTINUE or the exit status. */
	int (*one)(struct tool *t, void *req, int c, struct lgetopt *g, struct arena *a);
	/* After an unknown or ambiguous option was named: its usage, the exit status. */
	int (*unknown)(const struct tool *t);
};

/*
 * Read argv's options strictly left to right into req, each handed to
 * o->one at once; g is left as it ends (g->argc counts --optionsfrom's
 * words). CMD_CONTINUE, or the exit status of the first that stopped.
 */
int tool_parse_options(struct tool *t, const struct tool_options *o, struct lgetopt *g,
		       int argc, char **argv, void *req, struct arena *a);

/*
 * --label label: messages start with "<argv0> --label <label>" and the
 * option's two words leave the legacy "no arguments" count.
 */
int tool_label(struct tool *t, const char *label, int *argcount);

/*
 * A part of the SA (what: "SPI", "EDST", ...) given as arg once more: the
 * legacy "Error, <what> parameter redefined" after --said (said) or an
 * earlier prev, and 1; CMD_CONTINUE when neither was given.
 */
int tool_sa_part_once(const struct tool *t, const char *what, const char *arg, const char *said,
		      const char *prev);

/*
 * --optionsfrom path: splice its words into g at g->optind, the way
 * optionsfrom(3) did. CMD_CONTINUE, or 2 after the legacy message.
 */
int tool_optionsfrom(const struct tool *t, struct lgetopt *g, const char *path, struct arena *a);
void arena_free(struct arena *a);

/* "<prog>: <text>\n" on stderr. */
void tool_error(const struct tool *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
