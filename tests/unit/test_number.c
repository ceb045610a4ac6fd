// SPDX-License-Identifier: GPL-2.0-or-later
/* legacy_strtoul() against the C library's strtoul(s, &end, 0). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/number.h"
#include "tests/unit/tap.h"

_Static_assert(sizeof(unsigned long) == 8, "the reference is a 64-bit unsigned long");

static bool same_as_libc(const char *s, char *why, size_t len)
{
	uint64_t v = 12345;
	char *end;
	unsigned long want = strtoul(s, &end, 0);
	size_t n = legacy_strtoul(s, &v);

	if (v == want && n == (size_t)(end - s))
		return true;
	snprintf(why, len, "got %llu/%zu, strtoul %lu/%td",
		 (unsigned long long)v, n, want, end - s);
	return false;
}

static const char *const cases[] = {
	"", "0", "1", "00", "0x", "0X", "0x1", "0X1F", "0xg", "0x 1", " 0x", "-0x", "+0x",
	"08", "0777", "0778", "09", "1234567890", "12abc", "abc", "-", "+", "-1", "+1",
	"--1", "+-1", " \t\n\v\f\r42", " 42 ", "42,", "\n-5", "0x100", "0x100000100",
	"0xffffffff", "0xffffffffffffffff", "0x10000000000000000", "0x1ffffffffffffffff",
	"18446744073709551615", "18446744073709551616", "99999999999999999999999",
	"-18446744073709551615", "-18446744073709551616", "-0", "0x0", "00x1",
	"01777777777777777777777", "02000000000000000000000", "-01", "0b101", "1e5",
	"\2401", "0x7fffffffffffffff", "-9223372036854775808", "4294967296", "0999",
	"0x00000000000000000000000001", "000000000000000000000000000000000000001",
};

/* A printable form for test names. */
static const char *shown(const char *s)
{
	static char out[256];
	size_t o = 0;

	for (; *s && o + 5 < sizeof(out); s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

static uint32_t rng = 2463534242u;

static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void random_string(char *buf, size_t cap)
{
	static const char alphabet[] = " \t\n+-0000123456789789abcdefxXABCDEFgz,";
	size_t len = next_random() % (cap - 1), i;

	for (i = 0; i < len; i++)
		buf[i] = alphabet[next_random() % (sizeof(alphabet) - 1)];
	buf[len] = '\0';
}

int main(void)
{
	char why[128], buf[32];
	uint64_t v;
	size_t i;
	int bad = 0, total = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok = same_as_libc(cases[i], why, sizeof(why));

		tap_ok(ok, "strtoul(\"%s\")%s%s", shown(cases[i]), ok ? "" : ": ", ok ? "" : why);
	}

	for (i = 0; i < 200000; i++) {
		random_string(buf, sizeof(buf));
		total++;
		if (!same_as_libc(buf, why, sizeof(why)) && bad++ < 5)
			tap_diag("\"%s\": %s", shown(buf), why);
	}
	tap_ok(bad == 0, "%d random strings agree with strtoul (%d differ)", total, bad);

	/* Long digit strings around the 64-bit limit, each base. */
	for (i = 0; i < 3; i++) {
		static const char *const prefix[] = { "", "0", "0x" };
		static const char digits[] = "9779";
		int k, bad_long = 0;

		for (k = 1; k < 28; k++) {
			char s[40];
			int j;

			snprintf(s, sizeof(s), "%s", prefix[i]);
			for (j = 0; j < k; j++)
				s[strlen(prefix[i]) + (size_t)j] = digits[(i + (size_t)j) % 4];
			s[strlen(prefix[i]) + (size_t)k] = '\0';
			if (i == 1)
				for (j = 1; s[j]; j++)
					s[j] = s[j] == '9' ? '7' : s[j];
			if (!same_as_libc(s, why, sizeof(why)) && bad_long++ < 3)
				tap_diag("\"%s\": %s", s, why);
		}
		tap_ok(bad_long == 0, "long %s numbers agree with strtoul",
		       i == 0 ? "decimal" : i == 1 ? "octal" : "hex");
	}

	tap_ok(legacy_strtoul_all("", &v) && v == 0, "empty string passes the whole-string test");
	tap_ok(legacy_strtoul_all("0x40", &v) && v == 64, "0x40 is 64");
	tap_ok(!legacy_strtoul_all("0999", &v), "0999 is not consumed whole (octal)");
	tap_ok(!legacy_strtoul_all("12abc", &v), "12abc is not consumed whole");
	tap_ok(legacy_strtoul_all("-1", &v) && v == UINT64_MAX, "-1 is 2^64-1");
	tap_ok(legacy_strtoul_all("0x100000100", &v) && (uint32_t)v == 0x100,
	       "0x100000100 keeps 0x100 in its low 32 bits");
	tap_ok(legacy_strtoul_all("99999999999999999999", &v) && v == UINT64_MAX,
	       "overflow saturates");
	tap_ok(!legacy_strtoul_all(" 5 ", &v), "trailing space is not consumed");

	/* legacy_number: what the number was before strtoul folded it */
	{
		struct legacy_num n;

		tap_ok(legacy_number("-1", &n) == 2 && n.negative && n.magnitude == 1 &&
		       n.value == UINT64_MAX && !n.overflow && !legacy_num_fits(&n, 64),
		       "-1: negative, magnitude 1, does not fit");
		tap_ok(legacy_number("-0", &n) == 2 && n.value == 0 && legacy_num_fits(&n, 1),
		       "-0 is 0 and fits");
		tap_ok(legacy_number("0xffffffff", &n) == 10 && legacy_num_fits(&n, 32) &&
		       !legacy_num_fits(&n, 31), "0xffffffff fits 32 bits, not 31");
		tap_ok(legacy_number("4294967296", &n) == 10 && !legacy_num_fits(&n, 32) &&
		       legacy_num_fits(&n, 33), "4294967296 needs 33 bits");
		tap_ok(legacy_number("18446744073709551615", &n) == 20 && legacy_num_fits(&n, 64) &&
		       !n.overflow, "2^64-1 fits 64 bits");
		tap_ok(legacy_number("18446744073709551616", &n) == 20 && n.overflow &&
		       n.value == UINT64_MAX && !legacy_num_fits(&n, 64), "2^64 overflows");
		tap_ok(legacy_number("-18446744073709551616", &n) == 21 && n.overflow && n.negative &&
		       n.value == UINT64_MAX, "-2^64 overflows (strtoul: ULONG_MAX)");
		tap_ok(legacy_number("x", &n) == 0 && n.value == 0 && !n.negative && legacy_num_fits(&n, 1),
		       "no digits: 0");
		tap_ok(legacy_number("-x", &n) == 0 && n.value == 0 && !n.negative, "a sign without digits: 0");
	}

	/* legacy_num_u32: what every build agreed on */
	{
		static const struct {
			const char *text;
			bool ok, wrapped;
			uint32_t value;
		} u32[] = {
			{ "0", true, false, 0 }, { "0xffffffff", true, false, 0xffffffff },
			{ "4294967296", false, false, 0 }, { "0x100000100", false, false, 0 },
			{ "-1", true, true, 0xffffffff }, { "-0", true, false, 0 },
			{ "-4294967295", true, true, 1 }, { "-4294967296", false, false, 0 },
			{ "99999999999999999999", false, false, 0 }, { "-99999999999999999999", false, false, 0 },
		};

		for (size_t k = 0; k < sizeof(u32) / sizeof(u32[0]); k++) {
			struct legacy_num n;
			uint32_t val = 12345;
			bool wrapped = !u32[k].wrapped, ok;

			legacy_number(u32[k].text, &n);
			ok = legacy_num_u32(&n, &val, &wrapped);
			tap_ok(ok == u32[k].ok && (!ok || (val == u32[k].value && wrapped == u32[k].wrapped)),
			       "legacy_num_u32(%s): %s 0x%x%s", u32[k].text, ok ? "ok" : "refused", val,
			       ok && wrapped ? " wrapped" : "");
		}
	}
	return tap_done();
}
