// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/optionsfrom.h"
#include "tests/fuzz/fuzz.h"

/*
 * The whole-text splitter and the line-by-line one (what the file reader
 * calls) give the same words; every word fits a line: at most 1022
 * characters (1022 and a newline is one too many, 1022 at the end of the
 * file is fine). A check of "< 1022" once failed on the 1022-character
 * word the splitter rightly accepts: tests/fuzz/regress/optionsfrom/.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size), **words;
	struct optionsfrom_words w = { 0 };
	const char *err, *p = text, *err2 = NULL;
	int n, i;

	err = optionsfrom_split(text, &words, &n);
	while (*p && !err2) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		err2 = optionsfrom_line(&w, p, len, nl != NULL);
		p += len + (nl ? 1 : 0);
	}
	if (!err2)
		FUZZ_CHECK(optionsfrom_finish(&w));
	FUZZ_CHECK(!err == !err2);
	if (!err) {
		FUZZ_CHECK(n >= 0 && words && words[n] == NULL && w.n == n);
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(!strchr(words[i], '\n') && strlen(words[i]) <= OPTIONSFROM_LINE_LIMIT - 1);
			FUZZ_CHECK(strcmp(words[i], w.v[i]) == 0);
		}
		optionsfrom_free(words);
	}
	optionsfrom_free(w.v);
	free(text);
	return 0;
}
