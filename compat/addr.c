// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/addr.h"
#include "compat/number.h"

#define IPV6_TEXT "IPv6 numeric address"

/* Returned by parse_dotted() for text that does not look like dotted decimal. */
static const char not_numeric[] = "not numeric";


size_t addr_len(int family)
{
	switch (family) {
	case AF_INET:
		return 4;
	case AF_INET6:
		return 16;
	default:
		return 0;
	}
}

void addr_any(int family, struct ip_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = family;
}

bool addr_is_any(const struct ip_addr *addr)
{
	static const uint8_t zero[16];

	return memcmp(addr->a, zero, sizeof(zero)) == 0;
}

bool addr_equal(const struct ip_addr *x, const struct ip_addr *y)
{
	return addr_cmp(x, y) == 0;
}

int addr_cmp(const struct ip_addr *x, const struct ip_addr *y)
{
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->a, y->a, sizeof(x->a));
}

static void set_addr(int family, const uint8_t *bytes, struct ip_addr *out)
{
	addr_any(family, out);
	memcpy(out->a, bytes, addr_len(family));
}

/* "0x" + 8 hex digits in network order, "0h" + 8 hex digits in host order. */
static const char *parse_hex4(const char *digits, char flavor, struct ip_addr *out)
{
	uint32_t v = 0;
	uint8_t bytes[4];
	int i;

	for (i = 0; i < 8; i++) {
		int d = legacy_digit(digits[i], 16);

		if (d < 0)
			return "non-hex digit in hex number";
		v = v << 4 | (uint32_t)d;
	}
	if (flavor == 'h') {
		memcpy(bytes, &v, sizeof(bytes));
	} else {
		bytes[0] = (uint8_t)(v >> 24);
		bytes[1] = (uint8_t)(v >> 16);
		bytes[2] = (uint8_t)(v >> 8);
		bytes[3] = (uint8_t)v;
	}
	set_addr(AF_INET, bytes, out);
	return NULL;
}

/*
 * 1 to 4 decimal parts, missing ones zero. Returns not_numeric when the text
 * does not look like an attempt at dotted decimal, so that it is tried as a
 * name instead (the first two parts decide that, as in ttoaddr).
 */
static const char *parse_dotted(const char *p, struct ip_addr *out)
{
	uint8_t bytes[4] = { 0 };
	int i;

	for (i = 0; i < 4 && *p; i++) {
		unsigned int v = 0;
		const char *start = p;

		while (v <= 255 && *p >= '0' && *p <= '9')
			v = v * 10 + (unsigned int)(*p++ - '0');
		if (p == start)
			return i > 1 ? "non-numeric component in dotted-decimal address" : not_numeric;
		if (v > 255)
			return "byte overflow in dotted-decimal address";
		bytes[i] = (uint8_t)v;
		if (i < 3 && *p && *p++ != '.')
			return i == 0 ? not_numeric : "syntax error in dotted-decimal address";
	}
	if (*p)
		return "extra garbage on end of dotted-decimal address";
	set_addr(AF_INET, bytes, out);
	return NULL;
}

static void expand_gap(uint16_t piece[8], int n, int gap)
{
	int after = n - (gap + 1);
	int i;

	for (i = 0; i < after; i++)
		piece[7 - i] = piece[n - 1 - i];
	for (i = gap; i < 8 - after; i++)
		piece[i] = 0;
}

static const char *parse_ipv6(const char *text, struct ip_addr *out)
{
	size_t len = strlen(text);
	const char *p = text, *end = text + len;
	uint16_t piece[8] = { 0 };
	uint8_t bytes[16];
	int n, gap = -1;

	if (*p == ':') {
		if (len == 1 || p[1] != ':')
			return "illegal leading `:' in " IPV6_TEXT;
		if (len == 2) {
			addr_any(AF_INET6, out);
			return NULL;
		}
		p++;
	}
	if (end[-1] == ':' && end[-2] != ':')
		return "illegal trailing `:' in " IPV6_TEXT;

	for (n = 0; n < 8 && p < end; n++) {
		if (*p == ':') {
			if (gap >= 0)
				return "more than one :: in " IPV6_TEXT;
			gap = n;
		} else {
			unsigned int v = 0;
			int d = 0;

			while (p < end && d < 4 && legacy_digit(*p, 16) >= 0) {
				v = v << 4 | (unsigned int)legacy_digit(*p++, 16);
				d++;
			}
			if (d == 0)
				return "non-hex field in " IPV6_TEXT;
			if (d == 4 && p < end && legacy_digit(*p, 16) >= 0)
				return "field in " IPV6_TEXT " longer than 4 hex digits";
			piece[n] = (uint16_t)v;
		}
		if (n < 7) {
			if (p == end && gap < 0)
				return IPV6_TEXT " ends prematurely";
			if (p != end && *p++ != ':')
				return "syntax error in " IPV6_TEXT;
		}
	}
	if (p != end)
		return "extra garbage on end of " IPV6_TEXT;
	if (gap < 0 && n < 8)
		return "incomplete " IPV6_TEXT " (internal error)";
	if (gap >= 0 && n == 8)
		return "non-abbreviating empty field in " IPV6_TEXT;
	if (gap >= 0)
		expand_gap(piece, n, gap);

	for (n = 0; n < 8; n++) {
		bytes[2 * n] = (uint8_t)(piece[n] >> 8);
		bytes[2 * n + 1] = (uint8_t)piece[n];
	}
	set_addr(AF_INET6, bytes, out);
	return NULL;
}

static bool name_chars_ok(const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++) {
		if (*p & 0x80)
			continue;	/* non-ASCII is not checked (UTF-8 names) */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
			continue;
		return false;
	}
	return true;
}

static const char *lookup_name(const char *name, int family,
			       const struct resolver *res, struct ip_addr *out)
{
	struct ip_addr found;

	if (!name_chars_ok(name))
		return "illegal (non-DNS-name) character in name";
	if (!res || !res->lookup || res->lookup(res->ctx, name, family, &found) != 0)
		return "does not look numeric and name lookup failed";
	if (found.family != family)
		return "address-type mismatch from gethostbyname2!!!";
	set_addr(family, found.a, out);
	return NULL;
}

const char *addr_parse(const char *text, int family, const struct resolver *res,
		       struct ip_addr *out)
{
	const char *err;

	if (text[0] == '\0')
		return "empty string";
	if (family != 0 && family != AF_INET && family != AF_INET6)
		return "invalid address family";

	if (family == AF_INET && strlen(text) == 10 && text[0] == '0') {
		if (text[1] == 'x' || text[1] == 'X')
			return parse_hex4(text + 2, 'x', out);
		if (text[1] == 'h' || text[1] == 'H')
			return parse_hex4(text + 2, 'h', out);
	}

	if (strchr(text, ':')) {
		if (family == AF_INET)
			return "non-ipv6 address may not contain `:'";
		return parse_ipv6(text, out);
	}

	if (family != AF_INET6) {
		err = parse_dotted(text, out);
		if (err != not_numeric)
			return err;
	}

	if (family != 0)
		return lookup_name(text, family, res, out);
	if (lookup_name(text, AF_INET6, res, out) == NULL)
		return NULL;
	return lookup_name(text, AF_INET, res, out);
}

/* The FreeS/WAN form: the first run of two or more zero pieces becomes "::". */
static void format_ipv6(const uint8_t *a, char *buf)
{
	unsigned int piece[8];
	int i, run = -1, run_end = -1;
	char *p = buf;

	for (i = 0; i < 8; i++)
		piece[i] = (unsigned int)a[2 * i] << 8 | a[2 * i + 1];
	for (i = 0; i < 7 && run < 0; i++) {
		if (piece[i] == 0 && piece[i + 1] == 0)
			run = i;
	}
	if (run >= 0)
		for (run_end = run; run_end < 8 && piece[run_end] == 0; run_end++)
			;

	for (i = 0; i < 8; i++) {
		if (i == run) {
			p += sprintf(p, "::");
			i = run_end - 1;
			continue;
		}
		p += sprintf(p, "%s%x", p == buf || p[-1] == ':' ? "" : ":", piece[i]);
	}
}

/* Dotted quad by hand: listings format two addresses per SA. */
static void format_ipv4(const uint8_t *a, char *buf)
{
	char *p = buf;

	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		if (a[i] >= 100)
			*p++ = (char)('0' + a[i] / 100);
		if (a[i] >= 10)
			*p++ = (char)('0' + a[i] / 10 % 10);
		*p++ = (char)('0' + a[i] % 10);
	}
	*p = '\0';
}

const char *addr_format(const struct ip_addr *addr, char buf[ADDR_BUF])
{
	switch (addr->family) {
	case AF_INET:
		format_ipv4(addr->a, buf);
		break;
	case AF_INET6:
		format_ipv6(addr->a, buf);
		break;
	default:
		snprintf(buf, ADDR_BUF, "<invalid>");
		break;
	}
	return buf;
}

static int addr_cmp_void(const void *x, const void *y)
{
	return addr_cmp(x, y);
}

bool addr_in(const struct ip_addr *set, size_t n, const struct ip_addr *a)
{
	return n && bsearch(a, set, n, sizeof(*set), addr_cmp_void) != NULL;
}
