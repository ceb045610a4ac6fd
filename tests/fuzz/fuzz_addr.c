// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/addr.h"
#include "tests/fuzz/fuzz.h"

/* The first byte picks the family; a parsed address formats and parses back. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int families[] = { 0, AF_INET, AF_INET6, 99 };
	static const uint8_t zero[16];
	char *text, buf[ADDR_BUF];
	struct ip_addr a, back;
	int family;

	if (size == 0)
		return 0;
	family = families[data[0] % 4];
	text = fuzz_cstring(data + 1, size - 1);
	if (addr_parse(text, family, &fuzz_resolver, &a) == NULL) {
		FUZZ_CHECK(a.family == AF_INET || a.family == AF_INET6);
		FUZZ_CHECK(family == 0 || a.family == family);
		FUZZ_CHECK(memcmp(a.a + addr_len(a.family), zero, 16 - addr_len(a.family)) == 0);
		addr_format(&a, buf);
		FUZZ_CHECK(strlen(buf) < ADDR_BUF);
		FUZZ_CHECK(addr_parse(buf, a.family, NULL, &back) == NULL);
		FUZZ_CHECK(addr_equal(&a, &back));
	}
	free(text);
	return 0;
}
