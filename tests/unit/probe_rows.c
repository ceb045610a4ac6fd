// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/probe_rows.h"
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

int probe_split_words(const char *s, char **words, int max)
{
	int n = 0;

	while (*s) {
		char buf[1024];
		size_t len = 0;
		bool any = false;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		while (*s && !isspace((unsigned char)*s) && len < sizeof(buf) - 1) {
			if (*s == '\'' || *s == '"') {
				char q = *s++;

				while (*s && *s != q && len < sizeof(buf) - 1)
					buf[len++] = *s++;
				if (*s)
					s++;
			} else {
				buf[len++] = *s++;
			}
			any = true;
		}
		buf[len] = '\0';
		if (any && n < max)
			words[n++] = strdup(buf);
	}
	return n;
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

bool probe_matches(const char *got, const char *spec, const char *observed)
{
	char *g = mask_pointers(got), *o = mask_pointers(observed);
	const char *want = spec;
	bool prefix = false, ok;

	if (spec[0] == '~') {
		prefix = true;
		want = spec + 1;
	}
	if (strcmp(want, "=") == 0)
		want = o;
	ok = prefix ? strncmp(g, want, strlen(want)) == 0 : strcmp(g, want) == 0;
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
