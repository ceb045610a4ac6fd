// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/life.h"
#include "tests/fuzz/fuzz.h"

/* Each line is one --life option; all accumulate in one struct life. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size), *opt, *save = NULL, msg[300];
	struct life life = { 0 };
	int s, t;

	for (opt = strtok_r(text, "\n", &save); opt; opt = strtok_r(NULL, "\n", &save)) {
		enum life_status st = life_parse(opt, &life, msg, sizeof(msg));

		FUZZ_CHECK(strlen(msg) < sizeof(msg));
		if (st != LIFE_OK) {
			FUZZ_CHECK(st == LIFE_USAGE || st == LIFE_INVALID);
			FUZZ_CHECK(msg[0] != '\0');
			break;
		}
	}
	for (s = 0; s < LIFE_SEVERITIES; s++)
		for (t = 0; t < LIFE_TYPES; t++)
			FUZZ_CHECK(!life.given[s][t] ||
				   (life.given[s][t] >= text && life.given[s][t] < text + size));
	free(text);
	return 0;
}
