/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --optionsfrom FILE: the words of a file, as optionsfrom(3) split them. */
#ifndef COMPAT_OPTIONSFROM_H
#define COMPAT_OPTIONSFROM_H

/*
 * Split text into words: white space separates, '#' at the start of a word
 * comments out the rest of the line, '...' and "..." group (quotes
 * removed). Returns NULL with *words a NULL-terminated array (free with
 * optionsfrom_free) and *count set, or an error text (e.g. an unterminated
 * quote).
 */
const char *optionsfrom_split(const char *text, char ***words, int *count);
void optionsfrom_free(char **words);

#endif
