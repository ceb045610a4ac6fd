// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "compat/optionsfrom.h"

static bool push_word(struct optionsfrom_words *w, const char *text, size_t len)
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

static bool split_line(struct optionsfrom_words *w, const char *line, size_t len)
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

const char *optionsfrom_line(struct optionsfrom_words *w, const char *line, size_t len,
			     bool newline)
{
	if (len + (newline ? 1 : 0) >= OPTIONSFROM_LINE_LIMIT)
		return "error in line read";
	/* fgets() and strlen(): a NUL byte ends the line's text */
	len = strnlen(line, len);
	if (!skip_line(line, len) && !split_line(w, line, len))
		return "out of memory for new argument";
	return NULL;
}

bool optionsfrom_finish(struct optionsfrom_words *w)
{
	if (!w->v) {
		w->v = calloc(1, sizeof(*w->v));
		w->cap = 1;
	}
	return w->v != NULL;
}

const char *optionsfrom_split(const char *text, char ***words, int *count)
{
	struct optionsfrom_words w = { 0 };
	const char *p = text, *err = NULL;

	*words = NULL;
	*count = 0;
	while (*p && !err) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		err = optionsfrom_line(&w, p, len, nl != NULL);
		p += len + (nl ? 1 : 0);
	}
	if (!err && !optionsfrom_finish(&w))
		err = "unable to allocate memory";
	if (err) {
		optionsfrom_free(w.v);
		return err;
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
	for (p = words; *p; p++) {
		explicit_bzero(*p, strlen(*p));
		free(*p);
	}
	free(words);
}
