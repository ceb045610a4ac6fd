// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

static struct deviation devs[1024];
static int ndevs = -1;

static void dev_row(char **f, int n, void *ctx)
{
	(void)ctx;
	if (n < 6 || ndevs == (int)(sizeof(devs) / sizeof(devs[0])))
		return;
	devs[ndevs++] = (struct deviation){
		strdup(f[0]), tap_unescape(strdup(f[1])), tap_unescape(strdup(f[2])),
		tap_unescape(strdup(f[3])), strdup(f[4]), strdup(f[5]),
	};
}

const struct deviation *deviation_find(const char *id)
{
	if (ndevs < 0) {
		char path[512];

		ndevs = 0;
		snprintf(path, sizeof(path), "%s/../probe-deviations.tsv", tap_vectors_dir());
		if (tap_read_tsv(path, dev_row, NULL) < 0)
			tap_diag("no %s", path);
	}
	for (int i = 0; i < ndevs; i++)
		if (strcmp(devs[i].id, id) == 0)
			return &devs[i];
	return NULL;
}

/* Pointer values in some legacy messages differ on every run. */
static char *mask_pointers(const char *s)
{
	regex_t re;
	regmatch_t m;
	char *out = malloc(strlen(s) * 2 + 16), *w = out;

	regcomp(&re, "0p(0x)?[0-9a-f]+", REG_EXTENDED);
	while (regexec(&re, s, 1, &m, 0) == 0) {
		memcpy(w, s, (size_t)m.rm_so);
		w += m.rm_so;
		w += sprintf(w, "0pPTR");
		s += m.rm_eo;
	}
	strcpy(w, s);
	regfree(&re);
	return out;
}

/* observed (malloc'd, taken) with the root-only access text as a non-root user gets it. */
static char *as_non_root(char *observed)
{
	static const char *const texts[][2] = {
		{ "access denied.  Check permissions.  Should be 600.",
		  "access denied.  You must be root to open this file." },
		{ "Root denied permission!?!", "Run as root user." },
	};
	char *out;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *at = strstr(observed, texts[i][0]);

		if (!at || asprintf(&out, "%.*s%s%s", (int)(at - observed), observed, texts[i][1],
				    at + strlen(texts[i][0])) < 0)
			continue;
		free(observed);
		observed = out;
	}
	return observed;
}

bool probe_matches(const char *got, const char *spec, const char *observed)
{
	char *g = mask_pointers(got), *o = mask_pointers(observed);
	const char *want = spec;
	bool prefix = false, ok;

	if (spec[0] == '~') {
		prefix = true;
		want = spec + 1;
	}
	/*
	 * The probes ran as root; the legacy tools (and ours) tell a user who
	 * is not root to become root instead.
	 */
	char *w = NULL;

	if (getuid() != 0)
		o = as_non_root(o);
	if (strcmp(want, "=") == 0)
		want = o;
	else if (getuid() != 0 && (w = strdup(want)))
		want = w = as_non_root(w);
	ok = prefix ? strncmp(g, want, strlen(want)) == 0 : strcmp(g, want) == 0;
	free(w);
	free(g);
	free(o);
	return ok;
}

void probe_show(const char *label, const char *s)
{
	tap_diag("%s:", label);
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");

		tap_diag("  |%.*s", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void check_stream(const char *id, const char *what, const char *got, const char *spec,
			 const char *observed)
{
	if (!tap_ok(probe_matches(got, spec, observed), "%s: %s", id, what)) {
		probe_show("got", got);
		probe_show("want", strcmp(spec, "=") ? spec : observed);
	}
}

const struct deviation *probe_check(const char *id, int rc, const char *out, const char *err,
				    const char *obs_rc, const char *obs_out, const char *obs_err)
{
	const struct deviation *dev = deviation_find(id);
	char rcbuf[16];

	snprintf(rcbuf, sizeof(rcbuf), "%d", rc);
	if (!tap_ok(probe_matches(rcbuf, dev ? dev->rc : "=", obs_rc), "%s: exit status", id))
		tap_diag("got %d, want %s", rc, dev && strcmp(dev->rc, "=") ? dev->rc : obs_rc);
	check_stream(id, "stdout", out, dev ? dev->out : "=", obs_out);
	check_stream(id, "stderr", err, dev ? dev->err : "=", obs_err);
	return dev;
}

int probe_call(cmd_main_fn *cmd, int argc, char **argv, const struct resolver *res,
	       char **out, char **err)
{
	size_t outlen = 0, errlen = 0;
	FILE *fo = open_memstream(out, &outlen), *fe = open_memstream(err, &errlen);
	int rc = cmd(argc, argv, &(struct cmd_io){ fo, fe, res });

	fclose(fo);
	fclose(fe);
	return rc;
}

/* A temporary directory, made the current one, holding the file opt with text; NULL if not. */
static char *optionsfrom_dir(const char *opt, const char *text)
{
	char tmpl[] = "/tmp/probe-opts.XXXXXX", *dir;
	FILE *f;

	if (!(dir = mkdtemp(tmpl)) || chdir(dir))
		return NULL;
	f = fopen(opt, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return strdup(dir);
}

int probe_run_args(cmd_main_fn *cmd, const char *prog, const char *args, const char *opt,
		   const char *text, char **out, char **err)
{
	char *words[128], *argv[130], *dir = NULL, cwd[4096];
	int nw = tap_split_words(args, words, 128), rc;

	argv[0] = (char *)prog;
	for (int i = 0; i < nw; i++)
		argv[i + 1] = words[i];
	argv[nw + 1] = NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	if (strstr(args, opt))
		dir = optionsfrom_dir(opt, text);
	rc = probe_call(cmd, nw + 1, argv, &reference_resolver, out, err);
	if (dir) {
		unlink(opt);
		if (chdir(cwd) == 0)
			rmdir(dir);
		free(dir);
	}
	for (int i = 0; i < nw; i++)
		free(words[i]);
	return rc;
}

int probe_run_line(cmd_main_fn *cmd, const char *line, FILE *out, FILE *err)
{
	char *copy = strdup(line), *argv[48], *save = NULL;
	int argc = 0, rc;

	for (char *w = strtok_r(copy, " ", &save); w && argc < 47; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	rc = cmd(argc, argv, &(struct cmd_io){ out, err, &reference_resolver });
	free(copy);
	return rc;
}

void probe_every_step_fails(void (*prepare)(unsigned int), unsigned int arg,
			    cmd_main_fn *cmd, const char *line, const char *what)
{
	FILE *null = fopen("/dev/null", "w");
	char *before;
	int step, rc = 1;

	prepare(arg);
	before = fake_state_text();
	for (step = 1; step < 40; step++) {
		char *after;

		prepare(arg);
		fake.fail_call = step;
		fake.fail_err = EIO;
		rc = probe_run_line(cmd, line, null, null);
		if (rc == 0)
			break;
		after = fake_state_text();
		if (!tap_str(after, before, "%s: kernel call %d fails: the same SAs and records (as a set)", what, step))
			tap_diag("%s", line);
		free(after);
	}
	tap_ok(rc == 0 && step > 1, "%s: succeeds once no call fails (%d calls)", what, step - 1);
	free(before);
	fclose(null);
}
