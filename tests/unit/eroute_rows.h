/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the tests of tests/vectors/eroute-probes.tsv share (eroute's and
 * tncfg's rows): its columns, reading the rows of one tool, and running
 * a row's command with the test points every row has.
 */
#ifndef TESTS_EROUTE_ROWS_H
#define TESTS_EROUTE_ROWS_H

#include "src/commands.h"
#include "tests/unit/probe_rows.h"

enum {
	COL_ID, COL_TOOL, COL_ARGS, COL_RC, COL_OUT, COL_ERR, COL_PF,
	COL_RC20, COL_OUT20, COL_ERR20, COL_PF20, COL_NOTES, NCOLS
};

/* The rows of one tool, and its command. */
struct row_cmd {
	const char *tool;		/* the rows' tool column */
	const char *prog;		/* the original's path, the command's argv[0] */
	cmd_main_fn *cmd;
	const char *opts_file, *opts_text;	/* the --optionsfrom file the rows name */
	void (*row)(const struct row_cmd *c, char **f);	/* the test of a row */
};

/*
 * c->row for every row of c->tool (a complete row, its output columns
 * unescaped); a failed test point when the file cannot be read. Returns
 * the number of rows.
 */
int eroute_rows_run(const struct row_cmd *c);

/*
 * Row f's command line run in-process (opts_file made in a temporary
 * current directory), then the test points of its exit status and output
 * (probe_check: *dev gets the row's deviation) and that the kernel handle
 * was closed. Returns the exit status.
 */
int eroute_row_call(const struct row_cmd *c, char **f, const struct deviation **dev);

#endif
