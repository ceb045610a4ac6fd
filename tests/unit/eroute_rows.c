// SPDX-License-Identifier: GPL-2.0-or-later
/* The rows of tests/vectors/eroute-probes.tsv (tests/unit/eroute_rows.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/eroute_rows.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/tap.h"

struct each {
	const struct row_cmd *c;
	int rows;
};

static void each_row(char **f, int n, void *arg)
{
	struct each *e = arg;

	if (n < NCOLS || strcmp(f[COL_TOOL], e->c->tool))
		return;
	for (int i = COL_OUT; i < n; i++)
		tap_unescape(f[i]);
	e->rows++;
	e->c->row(e->c, f);
}

int eroute_rows_run(const struct row_cmd *c)
{
	struct each e = { c, 0 };
	char path[512];

	snprintf(path, sizeof(path), "%s/eroute-probes.tsv", tap_vectors_dir());
	if (tap_read_tsv(path, each_row, &e) < 0)
		tap_ok(false, "read %s", path);
	return e.rows;
}

int eroute_row_call(const struct row_cmd *c, char **f, const struct deviation **dev)
{
	char *out = NULL, *err = NULL;
	int rc;

	rc = probe_run_args(c->cmd, c->prog, f[COL_ARGS], c->opts_file, c->opts_text, &out, &err);
	*dev = probe_check(f[COL_ID], rc, out, err, f[COL_RC], f[COL_OUT], f[COL_ERR]);
	tap_ok(fake.opened == 0, "%s: kernel handle closed", f[COL_ID]);
	free(out);
	free(err);
	return rc;
}
