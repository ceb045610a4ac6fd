// SPDX-License-Identifier: GPL-2.0-or-later
/* addr_parse / addr_format edge cases beyond the corpus vectors. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/addr.h"
#include "tests/unit/tap.h"

struct fake_entry {
	const char *name;
	int family;
	const char *addr;
};

static const struct fake_entry fake_hosts[] = {
	{ "dual.example", AF_INET6, "2001:db8::1" },
	{ "dual.example", AF_INET, "192.0.2.1" },
	{ "v4only.example", AF_INET, "192.0.2.2" },
	{ "v6only.example", AF_INET6, "2001:db8::2" },
	{ "ex_am-ple.example", AF_INET, "192.0.2.3" },
	{ "caf\xc3\xa9.example", AF_INET, "192.0.2.4" },
	{ "1..2.3", AF_INET, "192.0.2.5" },
	{ "0x01020304", AF_INET, "192.0.2.6" },
	{ NULL, 0, NULL },
};

static int fake_lookup(void *ctx, const char *name, int family, struct ip_addr *out)
{
	const struct fake_entry *e;

	for (e = ctx; e->name; e++) {
		if (strcmp(e->name, name) == 0 && e->family == family) {
			addr_any(family, out);
			inet_pton(family, e->addr, out->a);
			return 0;
		}
	}
	return -1;
}

static int wrong_family_lookup(void *ctx, const char *name, int family, struct ip_addr *out)
{
	(void)ctx;
	(void)name;
	addr_any(family == AF_INET ? AF_INET6 : AF_INET, out);
	return 0;
}

static const struct resolver fake = { fake_lookup, (void *)fake_hosts };

static void check(const char *text, int family, const struct resolver *res, const char *want)
{
	char got[256], buf[ADDR_BUF];
	struct ip_addr a;
	const char *err = addr_parse(text, family, res, &a);

	if (err)
		snprintf(got, sizeof(got), "ERR %s", err);
	else
		snprintf(got, sizeof(got), "%s", addr_format(&a, buf));
	tap_str(got, want, "addr_parse(\"%.40s\", af=%d)", text, family);
}

static void ipv4_cases(void)
{
	check("1.2.3.4", AF_INET, NULL, "1.2.3.4");
	check("1.2.3.4", 0, NULL, "1.2.3.4");
	check("1", AF_INET, NULL, "1.0.0.0");
	check("1.2", AF_INET, NULL, "1.2.0.0");
	check("255.255.255.255", AF_INET, NULL, "255.255.255.255");
	check("000000001.0002.003.00004", AF_INET, NULL, "1.2.3.4");
	check("1.2.3.256", AF_INET, NULL, "ERR byte overflow in dotted-decimal address");
	check("2560", AF_INET, NULL, "ERR byte overflow in dotted-decimal address");
	check("99999999999999999999999999", AF_INET, NULL,
	      "ERR byte overflow in dotted-decimal address");
	check("1.2x", AF_INET, NULL, "ERR syntax error in dotted-decimal address");
	check("1x", AF_INET, NULL, "ERR does not look numeric and name lookup failed");
	check(".1.2.3", AF_INET, NULL, "ERR does not look numeric and name lookup failed");
	check("1.2..3", AF_INET, NULL, "ERR non-numeric component in dotted-decimal address");
	check("1.2.3.4 ", AF_INET, NULL, "ERR extra garbage on end of dotted-decimal address");
	check(" 1.2.3.4", AF_INET, NULL, "ERR illegal (non-DNS-name) character in name");
	check("1.2.3.-4", 0, NULL, "ERR non-numeric component in dotted-decimal address");
	/* a dotted quad with af inet6 is a host name */
	check("1.2.3.4", AF_INET6, &fake, "ERR does not look numeric and name lookup failed");
	/* "1..2.3" is not dotted decimal, so it is looked up as a name */
	check("1..2.3", AF_INET, &fake, "192.0.2.5");
}

static void hex_cases(void)
{
	check("0x01020304", AF_INET, NULL, "1.2.3.4");
	check("0X0a0B0c0D", AF_INET, NULL, "10.11.12.13");
	check("0xffffffff", AF_INET, NULL, "255.255.255.255");
	check("0x0102030g", AF_INET, NULL, "ERR non-hex digit in hex number");
	check("0x010203041", AF_INET, NULL, "ERR does not look numeric and name lookup failed");
	check("0x", AF_INET, NULL, "ERR does not look numeric and name lookup failed");
	{
		/* 0h is host order: on little-endian hosts the bytes come reversed */
		uint32_t probe = 1;
		bool le = *(uint8_t *)&probe == 1;

		check("0h04030201", AF_INET, NULL, le ? "1.2.3.4" : "4.3.2.1");
		check("0H04030201", AF_INET, NULL, le ? "1.2.3.4" : "4.3.2.1");
	}
	/* only with af inet: otherwise a name */
	check("0x01020304", 0, NULL, "ERR does not look numeric and name lookup failed");
	check("0x01020304", 0, &fake, "192.0.2.6");
	check("0x01020304", AF_INET6, NULL, "ERR does not look numeric and name lookup failed");
}

static void ipv6_cases(void)
{
	check("::", AF_INET6, NULL, "::");
	check("::", 0, NULL, "::");
	check("::1", 0, NULL, "::1");
	check("1::", AF_INET6, NULL, "1::");
	check("FE80::ABCD", AF_INET6, NULL, "fe80::abcd");
	check("0000:0000::0001", AF_INET6, NULL, "::1");
	check("1:2:3:4:5:6:7:8", 0, NULL, "1:2:3:4:5:6:7:8");
	check("1:0:0:0:0:0:0:8", 0, NULL, "1::8");
	check("1:2:3:4:5:6:7::", AF_INET6, NULL, "ERR extra garbage on end of IPv6 numeric address");
	check("::1:2:3:4:5:6:7", AF_INET6, NULL,
	      "ERR non-abbreviating empty field in IPv6 numeric address");
	check("1::2:3:4:5:6:7:8", AF_INET6, NULL,
	      "ERR extra garbage on end of IPv6 numeric address");
	check("1:2", AF_INET6, NULL, "ERR IPv6 numeric address ends prematurely");
	check(":", AF_INET6, NULL, "ERR illegal leading `:' in IPv6 numeric address");
	check(":1", AF_INET6, NULL, "ERR illegal leading `:' in IPv6 numeric address");
	check("1:", AF_INET6, NULL, "ERR illegal trailing `:' in IPv6 numeric address");
	check("::1:", AF_INET6, NULL, "ERR illegal trailing `:' in IPv6 numeric address");
	check(":::", AF_INET6, NULL, "ERR more than one :: in IPv6 numeric address");
	check("1:::2", AF_INET6, NULL, "ERR more than one :: in IPv6 numeric address");
	check("g::1", AF_INET6, NULL, "ERR non-hex field in IPv6 numeric address");
	check("1::g", AF_INET6, NULL, "ERR non-hex field in IPv6 numeric address");
	check("12345::", AF_INET6, NULL,
	      "ERR field in IPv6 numeric address longer than 4 hex digits");
	check("fe80::1%eth0", AF_INET6, NULL, "ERR syntax error in IPv6 numeric address");
	check("fe80::1%eth0", 0, NULL, "ERR syntax error in IPv6 numeric address");
	check("fe80::1%eth0", AF_INET, NULL, "ERR non-ipv6 address may not contain `:'");
	check("::ffff:1.2.3.4", 0, NULL, "ERR syntax error in IPv6 numeric address");
	check("::1.2.3.4", AF_INET6, NULL, "ERR syntax error in IPv6 numeric address");
	check("[::1]", AF_INET6, NULL, "ERR non-hex field in IPv6 numeric address");
	check("1:2:3:4:5:6:7:8:9", 0, NULL, "ERR extra garbage on end of IPv6 numeric address");
	check("1 ::", AF_INET6, NULL, "ERR syntax error in IPv6 numeric address");
}

static void name_cases(void)
{
	static const struct resolver wrong = { wrong_family_lookup, NULL };
	char big[5000];

	check("", 0, &fake, "ERR empty string");
	check("", AF_INET, &fake, "ERR empty string");
	check("", AF_INET6, &fake, "ERR empty string");
	check("", 99, &fake, "ERR empty string");
	check("1.2.3.4", 99, &fake, "ERR invalid address family");
	check("gw!2", 0, &fake, "ERR illegal (non-DNS-name) character in name");
	check("two words", AF_INET, &fake, "ERR illegal (non-DNS-name) character in name");
	check("a@b", AF_INET6, &fake, "ERR illegal (non-DNS-name) character in name");
	check("ex_am-ple.example", AF_INET, &fake, "192.0.2.3");
	check("caf\xc3\xa9.example", AF_INET, &fake, "192.0.2.4");
	check("dual.example", 0, &fake, "2001:db8::1");
	check("dual.example", AF_INET, &fake, "192.0.2.1");
	check("dual.example", AF_INET6, &fake, "2001:db8::1");
	check("v4only.example", 0, &fake, "192.0.2.2");
	check("v4only.example", AF_INET6, &fake,
	      "ERR does not look numeric and name lookup failed");
	check("v6only.example", 0, &fake, "2001:db8::2");
	check("v6only.example", AF_INET, &fake,
	      "ERR does not look numeric and name lookup failed");
	check("dual.example", AF_INET, NULL, "ERR does not look numeric and name lookup failed");
	check("dual.example", AF_INET, &wrong, "ERR address-type mismatch from gethostbyname2!!!");

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	check(big, 0, &fake, "ERR does not look numeric and name lookup failed");
	memset(big, '1', sizeof(big) - 1);
	check(big, AF_INET, &fake, "ERR byte overflow in dotted-decimal address");
	memset(big, ':', sizeof(big) - 1);
	check(big, AF_INET6, &fake, "ERR more than one :: in IPv6 numeric address");
}

/* The FreeS/WAN text form, which differs from inet_ntop() in a few cases. */
static void format_cases(void)
{
	static const struct {
		const char *in, *legacy;
	} v[] = {
		{ "1:0:0:2:0:0:0:3", "1::2:0:0:0:3" },		/* inet_ntop: 1:0:0:2::3 */
		{ "0:0:1:0:0:0:0:0", "::1:0:0:0:0:0" },		/* inet_ntop: 0:0:1:: */
		{ "::ffff:102:304", "::ffff:102:304" },		/* inet_ntop: ::ffff:1.2.3.4 */
		{ "::102:304", "::102:304" },			/* inet_ntop: ::1.2.3.4 */
		{ "1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7" },
		{ "3049:9::1", "3049:9::1" },
		{ "1:2:0:0:3:4:0:0", "1:2::3:4:0:0" },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	};
	char buf[ADDR_BUF];
	struct ip_addr a;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		addr_any(AF_INET6, &a);
		inet_pton(AF_INET6, v[i].in, a.a);
		tap_str(addr_format(&a, buf), v[i].legacy, "addr_format(%s)", v[i].in);
	}
	addr_any(0, &a);
	tap_str(addr_format(&a, buf), "<invalid>", "addr_format(family 0)");
	addr_any(AF_INET, &a);
	tap_str(addr_format(&a, buf), "0.0.0.0", "addr_format(0.0.0.0)");
}

static uint32_t rng = 88172645u;

static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Formatting then parsing gives the address back (zero-heavy random IPv6). */
static void round_trip(void)
{
	int i, bad = 0;

	for (i = 0; i < 20000; i++) {
		struct ip_addr a, b;
		char buf[ADDR_BUF];
		int j, family = i % 3 ? AF_INET6 : AF_INET;

		addr_any(family, &a);
		for (j = 0; j < (int)addr_len(family); j += 2) {
			uint32_t r = next_random();

			if (r % 3 == 0) {
				a.a[j] = (uint8_t)(r >> 8);
				a.a[j + 1] = (uint8_t)(r >> 16);
			}
		}
		if (addr_parse(addr_format(&a, buf), family, NULL, &b) || !addr_equal(&a, &b)) {
			if (bad++ < 3)
				tap_diag("round trip failed for %s", buf);
		}
	}
	tap_ok(bad == 0, "20000 random addresses survive format + parse");
}

static void helpers(void)
{
	struct ip_addr a, b;

	tap_ok(addr_len(AF_INET) == 4 && addr_len(AF_INET6) == 16 && addr_len(0) == 0,
	       "addr_len");
	addr_any(AF_INET6, &a);
	tap_ok(a.family == AF_INET6 && addr_is_any(&a), "addr_any(AF_INET6) is ::");
	addr_parse("1.2.3.4", AF_INET, NULL, &a);
	addr_parse("1.2.3.5", AF_INET, NULL, &b);
	tap_ok(!addr_is_any(&a), "1.2.3.4 is not any");
	tap_ok(addr_cmp(&a, &b) < 0 && addr_cmp(&b, &a) > 0 && !addr_equal(&a, &b),
	       "addr_cmp orders by bytes");
	addr_parse("::", AF_INET6, NULL, &b);
	tap_ok(addr_cmp(&a, &b) < 0, "addr_cmp orders IPv4 before IPv6");
	addr_parse("1.2.3.4", 0, NULL, &b);
	tap_ok(addr_equal(&a, &b), "addr_equal");
}

static void system_resolver(void)
{
	const struct resolver *sys = resolver_system();

	check("localhost", AF_INET, sys, "127.0.0.1");
	/* glibc does not return IPv4 literals for AF_INET6 lookups */
	check("1.2.3.4", AF_INET6, sys, "ERR does not look numeric and name lookup failed");
	tap_ok(sys->lookup(sys->ctx, "localhost", 12345, &(struct ip_addr){ 0 }) == -1,
	       "system resolver refuses unknown families");
}

int main(void)
{
	ipv4_cases();
	hex_cases();
	ipv6_cases();
	name_cases();
	format_cases();
	round_trip();
	helpers();
	system_resolver();
	return tap_done();
}
