// SPDX-License-Identifier: GPL-2.0-or-later
/* optionsfrom_split: the line rules of optionsfrom(3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/lgetopt.h"
#include "compat/optionsfrom.h"
#include "tests/unit/tap.h"

/* Words joined with '|', or "ERR text". */
static void check(const char *name, const char *text, const char *want)
{
	char got[4096] = "", **words;
	int n, i;
	const char *err = optionsfrom_split(text, &words, &n);

	if (err) {
		snprintf(got, sizeof(got), "ERR %s", err);
	} else {
		for (i = 0; i < n; i++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "|" : "",
				 words[i]);
		if (words[n] != NULL)
			snprintf(got, sizeof(got), "not NULL-terminated");
		optionsfrom_free(words);
	}
	tap_str(got, want, "%s", name);
}

static void rules(void)
{
	check("option line", "--esp 3des --enckey 0x40\n", "--esp|3des|--enckey|0x40");
	check("several lines", "--del\n--said esp.100@1.2.3.4\n", "--del|--said|esp.100@1.2.3.4");
	check("tabs and runs of blanks", "--del\t--clear  \t --ip4\t\n", "--del|--clear|--ip4");
	check("comment line", "# comment --del\n--clear\n", "--clear");
	check("'#' only counts in column one", "  # not a comment\n", "  # not a comment");
	check("'#' inside an option line is a word", "--spi 0x200 # note\n", "--spi|0x200|#|note");
	check("blank lines", "\n   \t \n\n--del\n\n", "--del");
	check("plain line is one word", "foo bar  baz\n", "foo bar  baz");
	check("leading blank makes a plain line", "  --del --clear\n", "  --del --clear");
	check("quotes stripped on a plain line", "\"quoted word\"\n", "quoted word");
	check("empty quotes give an empty word", "\"\"\n", "");
	check("lone quote kept", "\"\n", "\"");
	check("unterminated quote kept", "\"unterminated\n", "\"unterminated");
	check("quote only at the end kept", "word\"\n", "word\"");
	check("single quotes are text", "'single'\n", "'single'");
	check("no quoting on option lines", "--label \"a b\"\n", "--label|\"a|b\"");
	check("CR is part of the word", "--del\r\n", "--del\r");
	check("last line without newline", "--del\n--clear", "--del|--clear");
	check("empty text", "", "");
	check("only comments", "#a\n#b\n", "");
	check("dash alone", "-\n", "-");
	check("UTF-8 text", "--label caf\xc3\xa9\n", "--label|caf\xc3\xa9");
}

static void long_lines(void)
{
	char *text = malloc(3000), want[2048];

	memset(text, 'a', 1021);
	strcpy(text + 1021, "\n");
	memcpy(want, text, 1021);
	want[1021] = '\0';
	check("1021 characters and a newline", text, want);

	memset(text, 'a', 1022);
	strcpy(text + 1022, "\n");
	check("1022 characters and a newline", text, "ERR error in line read");

	memset(text, 'a', 1022);
	text[1022] = '\0';
	want[1021] = 'a';
	want[1022] = '\0';
	check("1022 characters at the end without a newline", text, want);

	memset(text, 'a', 1023);
	text[1023] = '\0';
	check("1023 characters at the end", text, "ERR error in line read");

	strcpy(text, "--del\n");
	memset(text + 6, '-', 2000);
	strcpy(text + 2006, "\n");
	check("long line after good ones", text, "ERR error in line read");
	free(text);
}

static void many_words(void)
{
	size_t cap = 200000, used = 0;
	char *text = malloc(cap), **words;
	int n, i, ok;

	for (i = 0; i < 20000; i++)
		used += (size_t)snprintf(text + used, cap - used, i % 10 ? "--w%d " : "--w%d\n", i);
	tap_ok(optionsfrom_split(text, &words, &n) == NULL && n == 20000,
	       "20000 words (%d)", n);
	for (i = 0, ok = 1; i < n; i++) {
		char w[16];

		snprintf(w, sizeof(w), "--w%d", i);
		ok &= strcmp(words[i], w) == 0;
	}
	tap_ok(ok && words[n] == NULL, "in order, NULL-terminated");
	optionsfrom_free(words);
	optionsfrom_free(NULL);
	free(text);
}

/* The same rules, one line at a time (what the file reader calls). */
static void line_by_line(void)
{
	struct optionsfrom_words w = { 0 };
	char line[1100];
	const char *err;

	tap_ok(optionsfrom_finish(&w) && w.v && w.n == 0 && !w.v[0], "no line: an empty array");
	optionsfrom_free(w.v);
	memset(&w, 0, sizeof(w));
	tap_ok(!optionsfrom_line(&w, "--del --clear", 13, true) &&
	       !optionsfrom_line(&w, "# note", 6, true) &&
	       !optionsfrom_line(&w, "plain word", 10, false) && optionsfrom_finish(&w) &&
	       w.n == 3 && !strcmp(w.v[2], "plain word") && !w.v[3], "lines add their words");
	tap_ok(!optionsfrom_line(&w, "--a\0--b c", 10, true) && w.n == 4 && !strcmp(w.v[3], "--a"),
	       "a NUL byte ends the line's text, as fgets and strlen did");
	memset(line, 'a', sizeof(line));
	tap_ok(!optionsfrom_line(&w, line, 1021, true), "1021 characters and a newline");
	err = optionsfrom_line(&w, line, 1022, true);
	tap_str(err ? err : "ok", "error in line read", "1022 characters and a newline");
	tap_ok(!optionsfrom_line(&w, line, 1022, false), "1022 characters at the end");
	err = optionsfrom_line(&w, line, 1023, false);
	tap_str(err ? err : "ok", "error in line read", "1023 characters at the end");
	tap_ok(w.n == 6 && strlen(w.v[5]) == 1022, "the 1022-character word is whole");
	optionsfrom_free(w.v);
}

/* The file's words take the place of --optionsfrom FILE in the scan. */
static void with_lgetopt(void)
{
	static const struct lopt opts[] = {
		{ "del", 0, 'd' }, { "spi", 1, 's' }, { "optionsfrom", 1, '+' }, { NULL, 0, 0 },
	};
	char *argv[] = { "prog", "before", "--optionsfrom", "file", "--del", "after", NULL };
	char **words, **owned = NULL, seq[256] = "";
	struct lgetopt g;
	int n, c, i;

	optionsfrom_split("--spi 0x200\nplain word\n", &words, &n);
	lgetopt_init(&g, 6, argv);
	while ((c = lgetopt_next(&g, opts)) != -1) {
		snprintf(seq + strlen(seq), sizeof(seq) - strlen(seq), "%c%s ", c,
			 g.optarg ? g.optarg : "");
		if (c == '+' && lgetopt_insert(&g, words, n, &owned) != 0)
			break;
	}
	for (i = g.optind; i < g.argc; i++)
		snprintf(seq + strlen(seq), sizeof(seq) - strlen(seq), "[%s]", g.argv[i]);
	tap_str(seq, "+file s0x200 d [before][plain word][after]",
		"--optionsfrom words are scanned in place");
	free(owned);
	optionsfrom_free(words);
}

int main(void)
{
	rules();
	long_lines();
	many_words();
	line_by_line();
	with_lgetopt();
	return tap_done();
}
