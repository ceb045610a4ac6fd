/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --optionsfrom FILE: the words of a file, as optionsfrom(3) split them. */
#ifndef COMPAT_OPTIONSFROM_H
#define COMPAT_OPTIONSFROM_H

/*
 * Split text into words, line by line, as optionsfrom(3) did: lines that
 * start with '#' or hold only blanks and tabs are skipped; a line starting
 * with '-' is split at blanks and tabs; any other line is one word, whole
 * (no comments, no quoting inside), minus one pair of enclosing double
 * quotes. A lone or unterminated quote is kept as text. Returns NULL with
 * *words a NULL-terminated array (free with optionsfrom_free) and *count
 * set, or the legacy error text ("error in line read" for a line of 1022
 * or more characters, the 1023-byte line limit of optionsfrom(3)).
 */
const char *optionsfrom_split(const char *text, char ***words, int *count);
void optionsfrom_free(char **words);

#endif
