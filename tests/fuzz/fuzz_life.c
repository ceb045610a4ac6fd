// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include "compat/life.h"
#include "tests/fuzz/fuzz.h"

/*
 * Each line is one --life option; all accumulate in one struct life. A
 * value is kept as strtoull reads it (64 bits, never cut), or for "-N"
 * below 2^32 as 2^32 - N, marked wrapped; anything else was refused.
 */
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
		for (t = 0; t < LIFE_TYPES; t++) {
			const char *g = life.given[s][t], *v;
			unsigned long long want;

			FUZZ_CHECK(!g || (g >= text && g < text + size));
			FUZZ_CHECK(g || (!life.value[s][t] && !life.wrapped[s][t]));
			if (!g)
				continue;
			/* the value as written: 64 bits; "-N" as 2^32 - N, marked */
			v = strchr(g, '=') + 1;
			errno = 0;
			want = strtoull(v, NULL, 0);
			FUZZ_CHECK(errno == 0);
			if (life.wrapped[s][t])
				FUZZ_CHECK(strchr(v, '-') && life.value[s][t] == (uint32_t)want &&
					   0 - want <= UINT32_MAX);
			else
				FUZZ_CHECK(life.value[s][t] == want);
		}
	free(text);
	return 0;
}
