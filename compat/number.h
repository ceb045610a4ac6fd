/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Numbers the way the originals read them: C strtoul(s, &end, 0) on 64-bit glibc. */
#ifndef COMPAT_NUMBER_H
#define COMPAT_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Same result as glibc strtoul(text, &end, 0) with 64-bit unsigned long:
 * leading white space, an optional sign ("-1" is 2^64-1), 0x/0X hex,
 * leading-0 octal, else decimal; saturates at 2^64-1 on overflow.
 * Returns the number of characters consumed (0 when no digits: then
 * *value is 0, like strtoul with end == text).
 */
size_t legacy_strtoul(const char *text, uint64_t *value);

/*
 * FreeS/WAN's ttoul() on text[0..len): base 0 picks 16 for "0x"/"0X" and
 * 8 for a leading 0, else 10; no sign, no blanks, 64-bit unsigned long.
 * Returns NULL or the legacy error text ("empty string", "non-digit in
 * number", "non-hex digit in hex number", "unsigned-long overflow", "hex
 * number too long"). Unlike ttoul, len 0 is the empty string, not strlen.
 */
const char *legacy_ttoul(const char *text, size_t len, unsigned int base, uint64_t *value);

/* The value of digit c in base (up to 36, either case), or -1. */
int legacy_digit(char c, unsigned int base);

/* What legacy_strtoul() read, before it became one unsigned long. */
struct legacy_num {
	uint64_t value;		/* what strtoul returned (wrapped or saturated) */
	uint64_t magnitude;	/* the digits' value; UINT64_MAX on overflow */
	bool negative;		/* a '-' sign: value is 0 - magnitude */
	bool overflow;		/* the digits need more than 64 bits */
};

/* legacy_strtoul(), with what the number was before strtoul folded it. */
size_t legacy_number(const char *text, struct legacy_num *n);

/*
 * True when the number is a value of at most bits bits as written: not
 * negative ("-0" is 0), no overflow, magnitude below 2^bits. Then
 * n->value is that value.
 */
bool legacy_num_fits(const struct legacy_num *n, unsigned int bits);

/*
 * A 32-bit number as every build of the originals read it, 32- and 64-bit
 * alike: the number itself below 2^32, or "-N" with N below 2^32 as
 * 2^32 - N (then *wrapped is true). False for anything else: it needs more
 * than 32 bits, and the builds disagreed (64-bit ones kept the low 32 bits,
 * 32-bit ones saturated).
 */
bool legacy_num_u32(const struct legacy_num *n, uint32_t *value, bool *wrapped);

/* True when legacy_strtoul() consumes the whole string (the original tools'
 * "endptr == optarg + strlen(optarg)" test; the empty string passes). */
bool legacy_strtoul_all(const char *text, uint64_t *value);

#endif
