// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/optionsfrom.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size), **words;
	int n, i;

	if (optionsfrom_split(text, &words, &n) == NULL) {
		FUZZ_CHECK(n >= 0 && words && words[n] == NULL);
		for (i = 0; i < n; i++)
			FUZZ_CHECK(!strchr(words[i], '\n') && strlen(words[i]) < 1022);
		optionsfrom_free(words);
	}
	free(text);
	return 0;
}
