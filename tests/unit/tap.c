// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/tap.h"

static int tests_run, tests_failed;

static bool tap_vok(bool ok, const char *fmt, va_list ap)
{
	tests_run++;
	if (!ok)
		tests_failed++;
	printf("%sok %d - ", ok ? "" : "not ", tests_run);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return ok;
}

bool tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(ok, fmt, ap);
	va_end(ap);
	return ok;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void print_escaped(const char *label, const char *s)
{
	printf("#   %s: ", label);
	if (!s) {
		puts("(null)");
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
	puts("\"");
}

bool tap_str(const char *got, const char *want, const char *fmt, ...)
{
	bool ok = (got == want) || (got && want && strcmp(got, want) == 0);
	va_list ap;

	va_start(ap, fmt);
	tap_vok(ok, fmt, ap);
	va_end(ap);
	if (!ok) {
		print_escaped("got ", got);
		print_escaped("want", want);
	}
	return ok;
}

int tap_done(void)
{
	printf("1..%d\n", tests_run);
	if (tests_failed)
		printf("# %d of %d failed\n", tests_failed, tests_run);
	return tests_failed || !tests_run ? 1 : 0;
}

char *tap_unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && (r[1] == '\\' || r[1] == 't' || r[1] == 'n')) {
			*w++ = r[1] == 't' ? '\t' : r[1] == 'n' ? '\n' : '\\';
			r += 2;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

int tap_split_words(const char *s, char **words, int max)
{
	int n = 0;

	while (*s && n < max) {
		char buf[1024];
		size_t len = 0;

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
		}
		buf[len] = '\0';
		words[n++] = strdup(buf);
	}
	return n;
}

int tap_read_tsv(const char *path, void (*row)(char **f, int n, void *ctx), void *ctx)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rows = 0, lineno = 0;

	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *fields[64];
		int n = 0;
		char *p = line;

		if (lineno++ == 0)
			continue;	/* header */
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		fields[n++] = p;
		while ((p = strchr(p, '\t')) && n < 64) {
			*p++ = '\0';
			fields[n++] = p;
		}
		row(fields, n, ctx);
		rows++;
	}
	free(line);
	fclose(f);
	return rows;
}

const char *tap_vectors_dir(void)
{
	const char *d = getenv("KLIPS_VECTORS");

	return d && *d ? d : "tests/vectors";
}

uint32_t tap_rand(uint64_t *state, uint32_t n)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return n ? (uint32_t)(*state % n) : 0;
}
