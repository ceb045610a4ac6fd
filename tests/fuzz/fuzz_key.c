// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/key.h"
#include "tests/fuzz/fuzz.h"

/* data_parse with a small buffer from the first byte, and key_parse. */
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
	free(text);
	return 0;
}
