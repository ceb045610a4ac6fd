/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --optionsfrom FILE: the words of a file, as optionsfrom(3) split them. */
#ifndef COMPAT_OPTIONSFROM_H
#define COMPAT_OPTIONSFROM_H

#include <stdbool.h>
#include <stddef.h>

/* optionsfrom(3) read lines with fgets() into 1024 bytes and refused fuller ones. */
#define OPTIONSFROM_LINE_LIMIT 1023

/*
 * The words of a file so far. Start from { 0 }; v is NULL or a
 * NULL-terminated array of n words (free with optionsfrom_free).
 */
struct optionsfrom_words {
	char **v;
	int n, cap;
};

/*
 * One line, as optionsfrom(3) split it: lines that start with '#' or hold
 * only blanks and tabs are skipped; a line starting with '-' is split at
 * blanks and tabs; any other line is one word, whole (no comments, no
 * quoting inside), minus one pair of enclosing double quotes. A lone or
 * unterminated quote is kept as text. line[0..len) is the line without
 * its '\n'; newline tells whether one ended it; a NUL byte in it ends its
 * text (fgets and strlen). Returns NULL, or the legacy
 * error text: "error in line read" when the line with its newline reaches
 * OPTIONSFROM_LINE_LIMIT bytes (1022 characters and a newline, or 1023 at
 * the end of the file), "out of memory for new argument".
 */
const char *optionsfrom_line(struct optionsfrom_words *w, const char *line, size_t len,
			     bool newline);

/* After the last line: makes w->v an array even when no line had a word;
 * false when out of memory. */
bool optionsfrom_finish(struct optionsfrom_words *w);

/*
 * Split a whole text, line by line (optionsfrom_line). Returns NULL with
 * *words a NULL-terminated array (free with optionsfrom_free) and *count
 * set, or the legacy error text.
 */
const char *optionsfrom_split(const char *text, char ***words, int *count);

/* Wipes every word (they may hold keys), then frees them and the array. */
void optionsfrom_free(char **words);

#endif
