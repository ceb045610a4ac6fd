// SPDX-License-Identifier: GPL-2.0-or-later
/* data_parse / key_parse edge cases beyond the corpus vectors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/key.h"
#include "tests/unit/tap.h"

/* want: "ERR text" or the bytes in hex */
static void check_cap(const char *text, size_t cap, const char *want)
{
	static uint8_t buf[KEY_MAX_BYTES * 2];
	char got[2 * sizeof(buf) + 64];
	size_t n = 0, i, used = 0;
	const char *err = data_parse(text, buf, cap, &n);

	if (err) {
		snprintf(got, sizeof(got), "ERR %s", err);
	} else {
		for (i = 0; i < n; i++)
			used += (size_t)snprintf(got + used, sizeof(got) - used, "%02x", buf[i]);
		got[used] = '\0';
	}
	tap_str(got, want, "data_parse(\"%.40s\", cap %zu)", text, cap);
}

static void check(const char *text, const char *want)
{
	check_cap(text, KEY_MAX_BYTES, want);
}

static void hex_cases(void)
{
	check("0x00", "00");
	check("0xAbCd", "abcd");
	check("0X12_34_56", "123456");
	check("0x12345678_9abcdef0", "123456789abcdef0");
	check("0x1", "ERR input ends in mid-byte, perhaps truncated");
	check("0x123", "ERR input ends in mid-byte, perhaps truncated");
	check("0x_", "ERR input ends in mid-byte, perhaps truncated");
	check("0x12_", "ERR input ends in mid-byte, perhaps truncated");
	check("0x12__", "ERR input ends in mid-byte, perhaps truncated");
	check("0x12__34", "ERR unknown character in input");
	check("0x1_2", "ERR unknown character in input");
	check("0x12 34", "ERR unknown character in input");
	check("0x12\xff\xfe", "ERR unknown character in input");
	check("0xg0", "ERR unknown character in input");
	check("0x 0", "ERR unknown character in input");
}

static void base64_cases(void)
{
	check("0sQQ==", "41");
	check("0sQUI=", "4142");
	check("0sQUJD", "414243");
	check("0s+/+/", "fbffbf");
	check("0sQR==", "ERR bad (non-zero) padding at end of base64 input");
	check("0sQUJ=", "ERR bad (non-zero) padding at end of base64 input");
	/* ttodata accepts padding in the middle of the input */
	check("0sQQ==QUJD", "41414243");
	check("0sQ===", "ERR unknown character in input");
	check("0s====", "ERR unknown character in input");
	check("0sQQ=A", "ERR unknown character in input");
	check("0sQQ=", "ERR input ends in mid-byte, perhaps truncated");
	check("0sQUJDRA", "ERR input ends in mid-byte, perhaps truncated");
	check("0sQU JD", "ERR unknown character in input");
	check("0sQU_D", "ERR unknown character in input");
	check("0s", "ERR no data bytes specified by input");
}

static void text_cases(void)
{
	check("0tabc_def", "6162635f646566");
	check("0t ", "20");
	check("0T\xc3\xa9", "c3a9");
	check("0t", "ERR no data bytes specified by input");
}

static void prefix_cases(void)
{
	check("", "ERR input too short to be valid");
	check("0", "ERR input too short to be valid");
	check("x", "ERR input too short to be valid");
	check("00", "ERR unknown format prefix");
	check("0y12", "ERR unknown format prefix");
	check("1x12", "ERR input does not begin with format prefix");
	check(" 0x12", "ERR input does not begin with format prefix");
}

static char *hex_key(size_t bytes)
{
	char *s = malloc(2 * bytes + 3);
	size_t i;

	strcpy(s, "0x");
	for (i = 0; i < bytes; i++)
		sprintf(s + 2 + 2 * i, "%02x", (unsigned int)(i * 7 + 1) & 0xff);
	return s;
}

static void length_cases(void)
{
	char *max = hex_key(KEY_MAX_BYTES), *over = hex_key(KEY_MAX_BYTES + 1);
	struct key k;
	const char *why;
	enum key_status st;

	st = key_parse(max, &k, &why);
	tap_ok(st == KEY_OK && k.len == KEY_MAX_BYTES && k.bytes[KEY_MAX_BYTES - 1] ==
	       (uint8_t)((KEY_MAX_BYTES - 1) * 7 + 1), "a key of KEY_MAX_BYTES is accepted");
	st = key_parse(over, &k, &why);
	tap_ok(st == KEY_BAD_SYNTAX && k.len == 0, "a key of KEY_MAX_BYTES + 1 is refused");
	tap_str(why, "data too long", "... with \"data too long\"");

	/* syntax errors later in the text still win over the length */
	over[2 * KEY_MAX_BYTES + 3] = 'g';
	check(over, "ERR unknown character in input");
	check_cap("0x0102", 1, "ERR data too long");
	check_cap("0x0102", 2, "0102");
	check_cap("0sQUJD", 2, "ERR data too long");
	free(max);
	free(over);
}

static void check_key(const char *text, enum key_status want, const char *want_why)
{
	struct key k;
	const char *why = "unset";
	enum key_status st = key_parse(text, &k, &why);

	tap_ok(st == want, "key_parse(\"%.40s\") status %d (got %d)", text, want, st);
	tap_str(why, want_why, "key_parse(\"%.40s\") detail", text);
}

static void key_cases(void)
{
	struct key k;

	check_key("0x4043434545464649494a4a4c4c4f4f515152525454575758", KEY_OK, NULL);
	check_key("0sQENDRQ==", KEY_OK, NULL);
	check_key("0tsecret", KEY_OK, NULL);
	check_key("0X4043", KEY_BAD_PREFIX, NULL);
	check_key("0S4043", KEY_BAD_PREFIX, NULL);
	check_key("0T4043", KEY_BAD_PREFIX, NULL);
	check_key("0", KEY_BAD_PREFIX, NULL);
	check_key("0y4043", KEY_BAD_PREFIX, NULL);
	check_key("00", KEY_BAD_PREFIX, NULL);
	check_key("4043", KEY_BAD_SYNTAX, "input does not begin with format prefix");
	check_key("", KEY_BAD_SYNTAX, "input too short to be valid");
	check_key("x", KEY_BAD_SYNTAX, "input too short to be valid");
	check_key("0x", KEY_BAD_SYNTAX, "no data bytes specified by input");
	check_key("0x404", KEY_BAD_SYNTAX, "input ends in mid-byte, perhaps truncated");
	check_key("0sQR==", KEY_BAD_SYNTAX, "bad (non-zero) padding at end of base64 input");
	tap_ok(key_parse("0x4043", &k, NULL) == KEY_OK && k.len == 2, "why may be NULL");

	key_wipe(&k);
	tap_ok(k.len == 0 && k.bytes[0] == 0 && k.bytes[1] == 0, "key_wipe clears");
}

/* key_describe: the kind and place of the error, never a character of the key. */
static void check_describe(const char *text, const char *want)
{
	char got[200];

	key_describe(text, got, sizeof(got));
	tap_str(got, want, "key_describe(\"%.40s\")", text);
}

static void describe_cases(void)
{
	check_describe("", "[key not shown: 0 characters] input too short to be valid");
	check_describe("0", "[key not shown: 1 character, '0' and no lower-case x, t or s after it]");
	check_describe("0X4043", "[key not shown: 6 characters, '0' and no lower-case x, t or s after it]");
	check_describe("4043", "[key not shown: 4 characters] input does not begin with format prefix");
	check_describe("0x", "[key not shown: 2 characters] no data bytes specified by input");
	check_describe("0x40434", "[key not shown: 7 characters] input ends in mid-byte, perhaps truncated (5 hex digits, an odd number)");
	check_describe("0x40_434", "[key not shown: 8 characters] input ends in mid-byte, perhaps truncated (5 hex digits, an odd number)");
	check_describe("0x4043_", "[key not shown: 7 characters] input ends in mid-byte, perhaps truncated (a '_' ends it)");
	check_describe("0x40g3", "[key not shown: 6 characters] unknown character in input at character 5");
	check_describe("0x404g", "[key not shown: 6 characters] unknown character in input at character 6");
	check_describe("0x4_04", "[key not shown: 6 characters] unknown character in input at character 4");
	check_describe("0x40__43", "[key not shown: 8 characters] unknown character in input at character 6");
	check_describe("0sQUJD", "[key not shown: 6 characters]");
	check_describe("0sQUJ", "[key not shown: 5 characters] input ends in mid-byte, perhaps truncated (3 base64 characters, not a multiple of 4)");
	check_describe("0sQU!D", "[key not shown: 6 characters] unknown character in input at character 5");
	check_describe("0sQQ=x", "[key not shown: 6 characters] unknown character in input at character 5");
	check_describe("0sQR==", "[key not shown: 6 characters] bad (non-zero) padding at end of base64 input");
	check_describe("0tsecret", "[key not shown: 8 characters]");

	/* a long key: only its length */
	{
		char big[1200] = "0x";

		memset(big + 2, 'a', 1100);
		big[1102] = '\0';
		check_describe(big, "[key not shown: 1102 characters] data too long (more than 512 bytes)");
	}
	/* random malformed hex keys: no 4 characters of the key reach the text */
	{
		unsigned int r = 12345;
		int leaks = 0;

		for (int i = 0; i < 2000; i++) {
			char key[80] = "0x", desc[200];
			size_t n = 2 + (i % 70);

			for (size_t j = 2; j < n; j++) {
				r = r * 1103515245u + 12345u;
				key[j] = "0123456789abcdefABCDEF_g "[(r >> 16) % 25];
			}
			key[n] = '\0';
			key_describe(key, desc, sizeof(desc));
			for (size_t j = 2; j + 4 <= n; j++) {
				char piece[5];

				memcpy(piece, key + j, 4);
				piece[4] = '\0';
				if (strspn(piece, "0123456789abcdefABCDEF") == 4 && strstr(desc, piece)) {
					if (leaks++ < 3)
						tap_diag("\"%s\" -> \"%s\"", key, desc);
					break;
				}
			}
		}
		tap_ok(leaks == 0, "2000 random keys: no 4 hex digits of a key in its description (%d)", leaks);
	}
}

int main(void)
{
	hex_cases();
	base64_cases();
	text_cases();
	prefix_cases();
	length_cases();
	key_cases();
	describe_cases();
	return tap_done();
}
