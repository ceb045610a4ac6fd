// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdio.h>

#include "compat/key.h"
#include "tests/fuzz/fuzz.h"

/* What key_describe() may say after "[key not shown: N character(s)" once its digits are gone. */
static const char *const shapes[] = {
	"]",
	", '' and no lower-case x, t or s after it]",
	"] input too short to be valid",
	"] input does not begin with format prefix",
	"] unknown format prefix",
	"] input ends in mid-byte, perhaps truncated ( hex digits, an odd number)",
	"] input ends in mid-byte, perhaps truncated ( base characters, not a multiple of )",
	"] input ends in mid-byte, perhaps truncated (a '_' ends it)",
	"] unknown character in input at character ",
	"] bad (non-zero) padding at end of base input",
	"] no data bytes specified by input",
	"] data too long (more than  bytes)",
};

/*
 * The description of a key names its length and no character of it: the
 * text is one of the shapes above, with numbers only (and the length right).
 */
static void check_description(const char *text)
{
	char desc[256], rest[256], *w = rest;
	size_t n = strlen(text), len;
	const char *p;
	bool ok = false;
	int used = 0;

	key_describe(text, desc, sizeof(desc));
	FUZZ_CHECK(sscanf(desc, "[key not shown: %zu character%n", &len, &used) == 1 && used > 0);
	FUZZ_CHECK(len == n);
	p = desc + used;
	if (*p == 's')
		p++;
	FUZZ_CHECK((*p != 's') && (len == 1) == (p[-1] == 'r'));
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			*w++ = *p;
	*w = '\0';
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		ok |= strcmp(rest, shapes[i]) == 0;
	FUZZ_CHECK(ok);
}

/* data_parse with a small buffer from the first byte, key_parse, key_describe. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t small[256];
	struct key k;
	size_t cap, len = 0;
	char *text;
	const char *why;
	enum key_status st;

	if (size == 0)
		return 0;
	cap = data[0];
	text = fuzz_cstring(data + 1, size - 1);
	if (data_parse(text, small, cap, &len) == NULL)
		FUZZ_CHECK(len > 0 && len <= cap);

	st = key_parse(text, &k, &why);
	if (st == KEY_OK)
		FUZZ_CHECK(k.len > 0 && k.len <= KEY_MAX_BYTES && !why);
	else
		FUZZ_CHECK(k.len == 0 && (st == KEY_BAD_PREFIX || why));
	key_wipe(&k);
	FUZZ_CHECK(k.len == 0);
	check_description(text);
	free(text);
	return 0;
}
