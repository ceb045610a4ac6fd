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

/* True when legacy_strtoul() consumes the whole string (the original tools'
 * "endptr == optarg + strlen(optarg)" test; the empty string passes). */
bool legacy_strtoul_all(const char *text, uint64_t *value);

#endif
