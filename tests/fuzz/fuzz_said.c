// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/said.h"
#include "tests/fuzz/fuzz.h"

/*
 * Every format of a parsed SA id fits and (int SAs aside) parses back, so
 * never names an SPI over 32 bits; said_parse_strict agrees except there.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char formats[] = { 0, 'f', 'x', 'd' };
	char *text = fuzz_cstring(data, size), buf[SAID_BUF];
	struct said sa, back;
	size_t i;

	const char *err = said_parse(text, &fuzz_resolver, &sa);
	const char *strict = said_parse_strict(text, &fuzz_resolver, &back);

	/* strict: the same, but an SPI cut from more than 32 bits is refused */
	FUZZ_CHECK(!strict || err || !strcmp(strict, "SPI does not fit in 32 bits"));
	FUZZ_CHECK(!err || strict);
	if (err && strcmp(strict, "SPI does not fit in 32 bits"))
		FUZZ_CHECK(!strcmp(err, strict));
	if (!err && !strict)
		FUZZ_CHECK(said_cmp(&sa, &back) == 0);
	if (!err) {
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
