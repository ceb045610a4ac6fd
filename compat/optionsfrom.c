// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compat/optionsfrom.h"

/* optionsfrom(3) read lines with fgets() into 1024 bytes and refused fuller ones. */
#define LINE_LIMIT 1023

struct word_list {
	char **v;
	int n, cap;
};

static bool push_word(struct word_list *w, const char *text, size_t len)
{
	char *copy;

	if (w->n + 1 >= w->cap) {
		int cap = w->cap ? w->cap * 2 : 16;
		char **v = realloc(w->v, (size_t)cap * sizeof(*v));

		if (!v)
			return false;
		w->v = v;
		w->cap = cap;
	}
	copy = strndup(text, len);
	if (!copy)
		return false;
	w->v[w->n++] = copy;
	w->v[w->n] = NULL;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool split_line(struct word_list *w, const char *line, size_t len)
{
	size_t i = 0;

	if (line[0] != '-') {
		if (len >= 2 && line[0] == '"' && line[len - 1] == '"')
			return push_word(w, line + 1, len - 2);
		return push_word(w, line, len);
	}
	while (i < len) {
		size_t start;

		while (i < len && is_blank(line[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_blank(line[i]))
			i++;
		if (!push_word(w, line + start, i - start))
			return false;
	}
	return true;
}

static bool skip_line(const char *line, size_t len)
{
	size_t i;

	if (len > 0 && line[0] == '#')
		return true;
	for (i = 0; i < len; i++)
		if (!is_blank(line[i]))
			return false;
	return true;
}

const char *optionsfrom_split(const char *text, char ***words, int *count)
{
	struct word_list w = { 0 };
	const char *p = text;

	*words = NULL;
	*count = 0;
	w.cap = 16;
	w.v = calloc((size_t)w.cap, sizeof(*w.v));
	if (!w.v)
		return "unable to allocate memory";

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len + (nl ? 1 : 0) >= LINE_LIMIT) {
			optionsfrom_free(w.v);
			return "error in line read";
		}
		if (!skip_line(p, len) && !split_line(&w, p, len)) {
			optionsfrom_free(w.v);
			return "out of memory for new argument";
		}
		p += len + (nl ? 1 : 0);
	}
	*words = w.v;
	*count = w.n;
	return NULL;
}

void optionsfrom_free(char **words)
{
	char **p;

	if (!words)
		return;
	for (p = words; *p; p++)
		free(*p);
	free(words);
}
