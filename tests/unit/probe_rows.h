/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the corpus probe tests share: the deviations list, shell words,
 * running a command in-process on memory streams, comparing its output.
 */
#ifndef TESTS_PROBE_ROWS_H
#define TESTS_PROBE_ROWS_H

#include <stdbool.h>
#include <stdio.h>

#include "src/commands.h"

/*
 * A row of tests/probe-deviations.tsv: what we answer instead of the
 * original (each field "=" for the observed value, "~TEXT" for a prefix,
 * else the exact text), and why.
 */
struct deviation {
	char *id, *rc, *out, *err, *req, *reason;
};

/* Reads the deviations once; NULL when id has none. */
const struct deviation *deviation_find(const char *id);

/* Does got match spec ("=": observed, "~TEXT": prefix, else exact)? */
bool probe_matches(const char *got, const char *spec, const char *observed);

/* got, or what was wanted, as TAP diagnostics. */
void probe_show(const char *label, const char *s);

/*
 * The test points of one row: exit status, stdout and stderr against what
 * was observed (rc, out, err), or against the row's deviation. Returns the
 * deviation, or NULL.
 */
const struct deviation *probe_check(const char *id, int rc, const char *out, const char *err,
				    const char *obs_rc, const char *obs_out, const char *obs_err);

/* cmd(argc, argv) on memory streams; *out and *err are malloc'd. */
int probe_call(cmd_main_fn *cmd, int argc, char **argv, const struct resolver *res,
	       char **out, char **err);

/*
 * A probe row's command: cmd run as prog with the words of args (the
 * reference resolver); when args names the file opt, it is made holding
 * text in a temporary directory that is the current one for the run.
 * *out and *err get what it printed (malloc'd). Returns the exit status.
 */
int probe_run_args(cmd_main_fn *cmd, const char *prog, const char *args, const char *opt,
		   const char *text, char **out, char **err);

/* A command line split at blanks, run with stdout to out and stderr to err. */
int probe_run_line(cmd_main_fn *cmd, const char *line, FILE *out, FILE *err);

/*
 * Rollback against the fake kernel: fail the 1st, 2nd, ... changing kernel
 * call of line until it gets through; prepare(arg) sets the fake up before
 * each try, and after each failure the fake must be as prepared. A test
 * point per failure, and one that the line got through in the end.
 */
void probe_every_step_fails(void (*prepare)(unsigned int), unsigned int arg,
			    cmd_main_fn *cmd, const char *line, const char *what);

#endif
