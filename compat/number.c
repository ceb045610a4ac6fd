// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/number.h"

static bool is_c_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int legacy_digit(char c, unsigned int base)
{
	int d = -1;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'z')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		d = c - 'A' + 10;
	return d >= 0 && (unsigned int)d < base ? d : -1;
}

size_t legacy_strtoul(const char *text, uint64_t *value)
{
	const char *p = text, *digits;
	bool negative = false, overflow = false;
	unsigned int base = 10;
	uint64_t v = 0;

	while (is_c_space(*p))
		p++;
	if (*p == '+' || *p == '-')
		negative = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}

	for (digits = p; legacy_digit(*p, base) >= 0; p++) {
		unsigned int d = (unsigned int)legacy_digit(*p, base);

		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		else
			v = v * base + d;
	}

	if (p == digits) {
		*value = 0;
		/* "0x" without hex digits: strtoul takes the "0" and stops at the x */
		return base == 16 ? (size_t)(digits - 1 - text) : 0;
	}
	if (overflow)
		*value = UINT64_MAX;
	else
		*value = negative ? 0 - v : v;
	return (size_t)(p - text);
}

bool legacy_strtoul_all(const char *text, uint64_t *value)
{
	return text[legacy_strtoul(text, value)] == '\0';
}

const char *legacy_ttoul(const char *text, size_t len, unsigned int base, uint64_t *value)
{
	uint64_t v = 0;

	if (len == 0)
		return "empty string";
	if (base == 0) {
		if (len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
			return legacy_ttoul(text + 2, len - 2, 16, value);
		if (len > 1 && text[0] == '0')
			return legacy_ttoul(text + 1, len - 1, 8, value);
		return legacy_ttoul(text, len, 10, value);
	}
	for (size_t i = 0; i < len; i++) {
		int d = legacy_digit(text[i], base);

		if (d < 0)
			return base == 16 ? "non-hex digit in hex number" : "non-digit in number";
		if (base != 16 && v > (UINT64_MAX - (unsigned int)d) / base)
			return "unsigned-long overflow";
		v = v * base + (unsigned int)d;
	}
	if (base == 16 && len > 2 * sizeof(uint64_t))
		return "hex number too long";
	*value = v;
	return NULL;
}
