// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include "compat/number.h"
#include "tests/fuzz/fuzz.h"

_Static_assert(sizeof(unsigned long) == 8, "the reference is a 64-bit unsigned long");

/*
 * legacy_number() is glibc's strtoul(s, &end, 0): same value, same end,
 * overflow exactly when strtoul says ERANGE; legacy_num_fits() is "the
 * digits, unsigned, are below 2^bits"; legacy_num_u32() takes what fits
 * 32 bits either way, signed or not, as strtoul's low 32 bits.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size), *end;
	struct legacy_num n;
	unsigned long want;
	size_t used;
	int err;

	errno = 0;
	want = strtoul(text, &end, 0);
	err = errno;
	used = legacy_number(text, &n);
	FUZZ_CHECK(n.value == want && used == (size_t)(end - text));
	FUZZ_CHECK(n.overflow == (err == ERANGE));
	FUZZ_CHECK(n.overflow || n.value == (n.negative ? 0 - n.magnitude : n.magnitude));
	for (unsigned int bits = 1; bits <= 64; bits += 7) {
		bool fits = !n.overflow && (!n.negative || n.magnitude == 0) &&
			    (bits == 64 || n.magnitude >> bits == 0);

		FUZZ_CHECK(legacy_num_fits(&n, bits) == fits);
	}
	FUZZ_CHECK(legacy_strtoul_all(text, &(uint64_t){ 0 }) == (text[used] == '\0'));
	{
		uint32_t v32;
		bool wrapped, ok = legacy_num_u32(&n, &v32, &wrapped);

		FUZZ_CHECK(ok == (!n.overflow && n.magnitude <= UINT32_MAX));
		FUZZ_CHECK(!ok || (v32 == (uint32_t)want && wrapped == (n.negative && n.magnitude)));
	}
	free(text);
	return 0;
}
