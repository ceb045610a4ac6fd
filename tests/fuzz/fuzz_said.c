// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/said.h"
#include "tests/fuzz/fuzz.h"

/* Every format of a parsed SA id fits and (int SAs aside) parses back. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char formats[] = { 0, 'f', 'x', 'd' };
	char *text = fuzz_cstring(data, size), buf[SAID_BUF];
	struct said sa, back;
	size_t i;

	if (said_parse(text, &fuzz_resolver, &sa) == NULL) {
		FUZZ_CHECK(sa.dst.family == AF_INET || sa.dst.family == AF_INET6);
		for (i = 0; i < sizeof(formats); i++) {
			FUZZ_CHECK(said_format(&sa, formats[i], buf) == buf);
			FUZZ_CHECK(strlen(buf) < SAID_BUF - 1);
			if (sa.proto == SA_INT)
				continue;
			FUZZ_CHECK(said_parse(buf, NULL, &back) == NULL);
			FUZZ_CHECK(said_cmp(&sa, &back) == 0);
		}
	}
	free(text);
	return 0;
}
