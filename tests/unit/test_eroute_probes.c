// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every `eroute` row of tests/vectors/eroute-probes.tsv, run in-process
 * against the fake kernel: exit status, stdout and stderr as Openswan
 * 2.6.38 printed them (program path /usr/local/libexec/ipsec/eroute), or
 * what tests/probe-deviations.tsv says we print instead and why. A refused
 * row must leave the kernel as it was.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/cmd_eroute.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

#define PROG "/usr/local/libexec/ipsec/eroute"

enum {
	COL_ID, COL_TOOL, COL_ARGS, COL_RC, COL_OUT, COL_ERR, COL_PF,
	COL_RC20, COL_OUT20, COL_ERR20, COL_PF20, COL_NOTES, NCOLS
};

struct counts {
	int rows, pending;
};

/* Rows whose answer needs the kernel side (listing, requests, kernel errors). */
static bool needs_kernel(char **f)
{
	return *f[COL_PF] || !*f[COL_ARGS] || strstr(f[COL_NOTES], "procdir=") || strstr(f[COL_NOTES], "simulated");
}

/* er-optionsfrom reads opts-eroute.txt from the current directory. */
static char *optionsfrom_dir(const char *args)
{
	char tmpl[] = "/tmp/eroute-probe.XXXXXX", *dir;
	FILE *f;

	if (!strstr(args, "opts-eroute.txt") || !(dir = mkdtemp(tmpl)) || chdir(dir))
		return NULL;
	f = fopen("opts-eroute.txt", "w");
	if (f) {
		fputs("--eraf inet --src 192.0.1.0/24\n# comment\n--dst 192.0.2.0/24 --said tun0x1002@192.1.2.23\n", f);
		fclose(f);
	}
	return strdup(dir);
}

static void check_stream(const char *id, const char *what, const char *got, const char *spec,
			 const char *observed)
{
	if (!tap_ok(probe_matches(got, spec, observed), "%s: %s", id, what)) {
		probe_show("got", got);
		probe_show("want", strcmp(spec, "=") ? spec : observed);
	}
}

static void run_row(char **f, int n, void *arg)
{
	struct counts *c = arg;
	char *words[128], *argv[130], *out = NULL, *err = NULL, *before, *after, *dir, cwd[4096];
	const struct deviation *dev;
	char rcbuf[16];
	int nw, rc;

	if (n < NCOLS || strcmp(f[COL_TOOL], "eroute"))
		return;
	for (int i = COL_OUT; i < n; i++)
		tap_unescape(f[i]);
	if (needs_kernel(f)) {
		c->pending++;
		tap_diag("%s: needs the kernel side (not yet)", f[COL_ID]);
		return;
	}
	c->rows++;
	fake_reset();
	before = fake_state_text();
	nw = probe_split_words(f[COL_ARGS], words, 128);
	argv[0] = PROG;
	for (int i = 0; i < nw; i++)
		argv[i + 1] = words[i];
	argv[nw + 1] = NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	dir = optionsfrom_dir(f[COL_ARGS]);
	rc = probe_call(eroute_main, nw + 1, argv, &reference_resolver, &out, &err);
	if (dir) {
		unlink("opts-eroute.txt");
		if (chdir(cwd) == 0)
			rmdir(dir);
		free(dir);
	}

	dev = deviation_find(f[COL_ID]);
	snprintf(rcbuf, sizeof(rcbuf), "%d", rc);
	if (!tap_ok(probe_matches(rcbuf, dev ? dev->rc : "=", f[COL_RC]), "%s: exit status", f[COL_ID]))
		tap_diag("got %d, want %s", rc, dev && strcmp(dev->rc, "=") ? dev->rc : f[COL_RC]);
	check_stream(f[COL_ID], "stdout", out, dev ? dev->out : "=", f[COL_OUT]);
	check_stream(f[COL_ID], "stderr", err, dev ? dev->err : "=", f[COL_ERR]);
	tap_ok(fake.opened == 0, "%s: kernel handle closed", f[COL_ID]);
	after = fake_state_text();
	tap_ok(fake.nlog == 0 && !strcmp(after, before), "%s: the kernel is left as it was", f[COL_ID]);
	free(after);
	free(before);
	free(out);
	free(err);
	for (int i = 0; i < nw; i++)
		free(words[i]);
}

int main(void)
{
	char path[512];
	struct counts c = { 0, 0 };

	snprintf(path, sizeof(path), "%s/eroute-probes.tsv", tap_vectors_dir());
	if (tap_read_tsv(path, run_row, &c) < 0)
		tap_ok(false, "read %s", path);
	tap_ok(c.rows > 0, "%d eroute rows checked, %d need the kernel side", c.rows, c.pending);
	return tap_done();
}
