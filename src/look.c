// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "src/look.h"

#define FIELDS_MAX 16

void look_lines_free(struct look_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	memset(l, 0, sizeof(*l));
}

/* Takes s (malloc'd, or NULL when out of memory). */
static int push(struct look_lines *l, char *s)
{
	if (!s)
		return -ENOMEM;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		char **v = realloc(l->line, cap * sizeof(*v));

		if (!v) {
			free(s);
			return -ENOMEM;
		}
		l->line = v;
		l->cap = cap;
	}
	l->line[l->n++] = s;
	return 0;
}

/* The next line of *text (NULL at the end), malloc'd without its newline. */
static char *next_line(const char **text, bool *nomem)
{
	const char *p = *text;
	size_t n;
	char *s;

	if (!p || !*p)
		return NULL;
	n = strcspn(p, "\n");
	*text = p + n + (p[n] == '\n');
	s = strndup(p, n);
	*nomem = !s;
	return s;
}

/* awk's default field splitting: runs of blanks, tabs and newlines. */
static int fields(char *line, char *f[FIELDS_MAX])
{
	char *save = NULL;
	int n = 0;

	for (char *tok = strtok_r(line, " \t", &save); tok && n < FIELDS_MAX;
	     tok = strtok_r(NULL, " \t", &save))
		f[n++] = tok;
	for (int i = n; i < FIELDS_MAX; i++)
		f[i] = "";	/* awk: a missing field is empty */
	return n;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_lines(struct look_lines *l)
{
	if (l->n)
		qsort(l->line, l->n, sizeof(*l->line), by_bytes);
}

/*
 * The script's pad(): the subnet cut at dots, parts right-aligned in
 * widths 3,3,3,3,3,4 (awk's "%03s" pads strings with blanks).
 */
static void pad(const char *subnet, char *buf, size_t len)
{
	static const int width[] = { 3, 3, 3, 3, 3, 4 };
	const char *p = subnet;
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < 6; i++) {
		size_t n = p ? strcspn(p, ".") : 0;
		int w = snprintf(buf + used, len - used, "%*.*s", width[i], (int)n, p ? p : "");

		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
		p = p && p[n] == '.' ? p + n + 1 : NULL;
	}
}

struct group_line {
	char *head, *line;
};

static const char *group_of(const struct group_line *g, size_t n, const char *said)
{
	/* awk arrays keep the last line stored under a name */
	for (size_t i = n; i-- > 0;)
		if (strcmp(g[i].head, said) == 0)
			return g[i].line;
	return said;
}

static char *eroute_line(char **f, int nf, const struct group_line *g, size_t ng)
{
	char k1[128], k2[128], *s = NULL;
	bool counted = nf > 2 && strcmp(f[2], "->") == 0;
	int base = counted ? 1 : 0;	/* where src is */

	pad(f[base], k1, sizeof(k1));
	pad(f[base + 2], k2, sizeof(k2));
	if (counted) {
		if (asprintf(&s, "%s%s~%-18s -> %-18s => %s (%s)", k1, k2, f[1], f[3],
			     group_of(g, ng, f[5]), f[0]) < 0)
			return NULL;
	} else if (asprintf(&s, "%s%s~%-18s -> %-18s => %s", k1, k2, f[0], f[2],
			    group_of(g, ng, f[4])) < 0) {
		return NULL;
	}
	return s;
}

int look_eroutes(const char *spigrp, const char *eroute, struct look_lines *out)
{
	struct group_line *g = NULL;
	size_t ng = 0;
	const char *texts[2] = { spigrp, eroute };
	bool nomem = false;
	int ret = 0;

	for (int t = 0; t < 2 && !ret; t++) {
		const char *p = texts[t];
		char *line, *f[FIELDS_MAX];

		while (!ret && (line = next_line(&p, &nomem))) {
			char *copy = strdup(line);
			int nf = copy ? fields(copy, f) : 0;

			if (!copy) {
				ret = -ENOMEM;
			} else if ((nf > 1 && !strcmp(f[1], "->")) || (nf > 2 && !strcmp(f[2], "->"))) {
				ret = push(out, eroute_line(f, nf, g, ng));
			} else if (nf > 0) {
				struct group_line *v = realloc(g, (ng + 1) * sizeof(*g));

				if (!v) {
					ret = -ENOMEM;
				} else {
					g = v;
					g[ng].head = strdup(f[0]);
					g[ng].line = line;
					line = NULL;
					ret = g[ng++].head ? 0 : -ENOMEM;
				}
			}
			free(copy);
			free(line);
		}
	}
	if (nomem)
		ret = -ENOMEM;
	for (size_t i = 0; i < ng; i++) {
		free(g[i].head);
		free(g[i].line);
	}
	free(g);
	if (ret)
		return ret;
	sort_lines(out);
	for (size_t i = 0; i < out->n; i++) {
		char *tilde = strchr(out->line[i], '~');

		if (tilde)
			memmove(out->line[i], tilde + 1, strlen(tilde + 1) + 1);
	}
	return 0;
}

int look_sorted(const char *text, struct look_lines *out)
{
	bool nomem = false;
	char *line;
	int ret = 0;

	while (!ret && (line = next_line(&text, &nomem)))
		ret = push(out, line);
	if (ret || nomem)
		return -ENOMEM;
	sort_lines(out);
	return 0;
}

/* sed 's/from/to/g' for fixed strings. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to), n = 0;
	char *out, *w;

	for (const char *p = s; (p = strstr(p, from)); p += nf)
		n++;
	out = malloc(strlen(s) + n * nt + 1);
	if (!out)
		return NULL;
	w = out;
	for (const char *p = s, *hit; ; p = hit + nf) {
		hit = strstr(p, from);
		if (!hit) {
			strcpy(w, p);
			break;
		}
		memcpy(w, p, (size_t)(hit - p));
		w += hit - p;
		memcpy(w, to, nt);
		w += nt;
	}
	return out;
}

int look_tncfg(const char *tncfg, struct look_lines *out)
{
	regex_t unattached;
	bool nomem = false;
	char *line;
	int ret = 0;

	if (regcomp(&unattached, "NULL[ \t]+mtu=0\\(0\\)[ \t]+->[ \t]+0", REG_EXTENDED | REG_NOSUB))
		return -ENOMEM;
	while (!ret && (line = next_line(&tncfg, &nomem))) {
		if (regexec(&unattached, line, 0, NULL, 0) != 0) {
			char *pct = replace_all(line, "%", "   ");

			ret = push(out, pct ? replace_all(pct, " -> ", "->") : NULL);
			free(pct);
		}
		free(line);
	}
	regfree(&unattached);
	return ret || nomem ? -ENOMEM : 0;
}

int look_grep(const char *text, const char *const *names, size_t n, struct look_lines *out)
{
	bool nomem = false;
	char *line;
	int ret = 0;

	while (!ret && (line = next_line(&text, &nomem))) {
		bool hit = false;

		for (size_t i = 0; i < n && !hit; i++)
			hit = strstr(line, names[i]) != NULL;
		if (hit)
			ret = push(out, line);
		else
			free(line);
	}
	return ret || nomem ? -ENOMEM : 0;
}

void look_lines_print(const struct look_lines *l, FILE *out)
{
	for (size_t i = 0; i < l->n; i++) {
		fputs(l->line[i], out);
		fputc('\n', out);
	}
}
