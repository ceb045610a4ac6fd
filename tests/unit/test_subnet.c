// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * subnet_parse (ttosubnet) and the --transport-proto/--src-port/--dst-port
 * conversions: the cases of the eroute probes, then the corners of the
 * grammar (masks, the ":port" suffix, lengths that meant "to the end").
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/subnet.h"
#include "compat/transport.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

/* want: "ERR text", or "addr/bits" with " port N" when there is one */
static void check(const char *text, int family, const char *want)
{
	char got[256], buf[SUBNET_BUF];
	struct ip_subnet s;
	const char *err = subnet_parse(text, family, &reference_resolver, &s);

	if (err)
		snprintf(got, sizeof(got), "ERR %s", err);
	else if (s.port)
		snprintf(got, sizeof(got), "%s port %u", subnet_format(&s, buf), s.port);
	else
		snprintf(got, sizeof(got), "%s", subnet_format(&s, buf));
	tap_str(got, want, "subnet_parse(\"%.60s\", %s)", text,
		family == AF_INET ? "inet" : family == AF_INET6 ? "inet6" : "0");
}

/* The --src/--dst arguments of the eroute probes (2.6.38 results). */
static void probe_cases(void)
{
	check("192.0.1.0/24", AF_INET, "192.0.1.0/24");
	check("192.0.1.0/24", 0, "192.0.1.0/24");
	check("192.0.1.0/255.255.255.0", AF_INET, "192.0.1.0/24");
	check("192.0.2.0/255.255.255.128", AF_INET, "192.0.2.0/25");
	check("192.1.2.45/32", AF_INET, "192.1.2.45/32");
	check("192.0.1.1", AF_INET, "ERR no / in subnet specification");
	check("192.0.1.1/24", AF_INET, "192.0.1.0/24");
	check("192.0.1.0/33", AF_INET, "ERR subnet mask bit count too large");
	check("192.0.1.0/255.0.255.0", AF_INET, "ERR non-contiguous or otherwise erroneous mask");
	check("192.0.1.256/24", AF_INET, "ERR byte overflow in dotted-decimal address");
	check("192.0.1.0/24:80", AF_INET, "192.0.1.0/24 port 80");
	check("192.0.1.0/24:80", 0, "192.0.1.0/24 port 80");
	check("%default", AF_INET, "0.0.0.0/0");
	check("%default", AF_INET6, "::/0");
	check("%default", 0, "ERR unknown address family with 0/0 subnet not allowed.");
	check("0.0.0.0/0", 0, "0.0.0.0/0");
	check("3049:1::/ffff:ffff::", AF_INET6, "ERR non-digit in number");
	check("192.0.1.0/2x", AF_INET, "ERR does not look numeric and name lookup failed");
	check("10/8", AF_INET, "10.0.0.0/8");
	check("3049:1::/64", AF_INET6, "3049:1::/64");
	check("3049:1::/64", 0, "3049:1::/64");
	check("::/0", AF_INET6, "::/0");
	check("3049:1::/64", AF_INET, "ERR non-ipv6 address may not contain `:'");
	check("192.0.1.0/24", AF_INET6, "ERR does not look numeric and name lookup failed");
	check("garbage", AF_INET, "ERR no / in subnet specification");
}

static void corners(void)
{
	check("", AF_INET, "ERR empty string");
	check("1.2.3.0/", AF_INET, "ERR empty string");
	check("1.2.3.0/24:", AF_INET, "ERR empty string");
	check("1.2.3.0/24:0x10", AF_INET, "1.2.3.0/24 port 16");
	check("1.2.3.0/24:010", AF_INET, "1.2.3.0/24 port 8");
	check("1.2.3.0/24:-1", AF_INET, "ERR non-digit in number");
	check("1.2.3.0/24:none", AF_INET, "ERR non-digit in number");
	check("1.2.3.0/24:70000", AF_INET, "1.2.3.0/24 port 4464");
	/* An empty part meant "to the end of the text" to ttoaddr/ttoul. */
	check("1.2.3.0/:80", AF_INET, "ERR non-ipv6 address may not contain `:'");
	check("/24", AF_INET, "ERR illegal (non-DNS-name) character in name");
	check("1.2.3.1/0", AF_INET, "0.0.0.0/0");
	check("1.2.3.1/32", AF_INET, "1.2.3.1/32");
	check("1.2.3.1/255.255.255.240", AF_INET, "1.2.3.0/28");
	check("1.2.3.4/255.255.255.255", AF_INET, "1.2.3.4/32");
	check("1.2.3.4/0.0.0.0", AF_INET, "0.0.0.0/0");
	check("1.2.3.1/255.255.127.0", AF_INET, "ERR non-contiguous or otherwise erroneous mask");
	check("128.9.0.32/0xffFF0000", AF_INET, "128.9.0.0/16");
	check("128.9.0.32/0xff0000FF", AF_INET, "ERR non-contiguous or otherwise erroneous mask");
	check("0x80090020/32", AF_INET, "128.9.0.32/32");
	check("10.0.1/24", AF_INET, "10.0.1.0/24");
	check("1.2.3.1/24._", AF_INET, "ERR does not look numeric and name lookup failed");
	check("1.2.3.0/99999999999999999999", AF_INET, "ERR byte overflow in dotted-decimal address");
	check("localhost/32", AF_INET, "127.0.0.1/32");
	check("localhost/8", 0, "127.0.0.0/8");
	check("3049:1::8007:2040/0", AF_INET6, "::/0");
	check("3049:1::8007:2040/128", AF_INET6, "3049:1::8007:2040/128");
	check("3049:1::8007:2040/64", AF_INET6, "3049:1::/64");
	check("3049:1::8007:2040/64:53", AF_INET6, "3049:1::/64 port 53");
	check("3049:12::9000:3200/28", AF_INET6, "3049:10::/28");
	check("3049:1::8007:2040/ffff:0", AF_INET6, "ERR masks are not permitted for IPv6 addresses");
	check("3049:1::/129", AF_INET6, "ERR subnet mask bit count too large");
	check("3049:1::/2x", AF_INET6, "ERR masks are not permitted for IPv6 addresses");
	check("3049:1::8007::2040/128", AF_INET6, "ERR more than one :: in IPv6 numeric address");
}

static void masks(void)
{
	char buf[ADDR_BUF];
	struct ip_addr m;

	for (int bits = 0; bits <= 128; bits++) {
		subnet_mask(AF_INET6, bits, &m);
		if (!tap_ok(subnet_mask_bits(&m) == bits, "inet6 /%d mask counts back", bits))
			tap_diag("%s", addr_format(&m, buf));
	}
	subnet_mask(AF_INET, 24, &m);
	tap_str(addr_format(&m, buf), "255.255.255.0", "subnet_mask(inet, 24)");
	subnet_mask(AF_INET, 0, &m);
	tap_str(addr_format(&m, buf), "0.0.0.0", "subnet_mask(inet, 0)");
	subnet_mask(AF_INET6, 65, &m);
	tap_str(addr_format(&m, buf), "ffff:ffff:ffff:ffff:8000::", "subnet_mask(inet6, 65)");
	m.a[15] = 1;
	tap_ok(subnet_mask_bits(&m) == -1, "a mask with a stray bit has no count");
}

/* --- --transport-proto, --src-port, --dst-port ----------------------------------- */

static int db_proto(void *ctx, const char *name)
{
	(void)ctx;
	return !strcmp(name, "tcp") ? 6 : !strcmp(name, "udp") ? 17 : !strcmp(name, "icmp") ? 1 : -1;
}

static int db_service(void *ctx, const char *name)
{
	(void)ctx;
	return !strcmp(name, "domain") ? 53 : !strcmp(name, "isakmp") ? 500 : -1;
}

static const struct netdb db = { db_proto, db_service, NULL };

/* "BAD", "RANGE[ N]", or "N[ given]" for a conversion's result r. */
static void result_text(char *got, size_t len, enum transport_result r, unsigned int v,
			const char *ok_suffix, bool range_value)
{
	if (r == TRANSPORT_BAD_CHAR)
		snprintf(got, len, "BAD");
	else if (r == TRANSPORT_RANGE && !range_value)
		snprintf(got, len, "RANGE");
	else
		snprintf(got, len, "%s%u%s", r == TRANSPORT_RANGE ? "RANGE " : "", v,
			 r == TRANSPORT_OK ? ok_suffix : "");
}

/* want: "BAD", "RANGE", or "N" / "N given" */
static void check_proto(const char *text, const char *want)
{
	char got[64];
	uint8_t proto = 0;
	bool given = false;
	enum transport_result r = transport_proto_parse(text, &db, &proto, &given);

	result_text(got, sizeof(got), r, proto, given ? " given" : "", false);
	tap_str(got, want, "transport_proto_parse(\"%s\")", text);
}

/* want: "BAD", "N", or "RANGE N" (the port that is still used) */
static void check_port(const char *text, const char *want)
{
	char got[64];
	uint16_t port = 0;
	enum transport_result r = transport_port_parse(text, &db, &port);

	result_text(got, sizeof(got), r, port, "", true);
	tap_str(got, want, "transport_port_parse(\"%s\")", text);
}

static void transport(void)
{
	check_proto("tcp", "6 given");
	check_proto("udp", "17 given");
	check_proto("icmp", "1 given");
	check_proto("17", "17 given");
	check_proto("0x11", "17 given");
	check_proto("021", "17 given");
	check_proto("0", "0");
	check_proto("-1", "255 given");
	check_proto("", "BAD");
	check_proto("foo", "BAD");
	check_proto("6x", "BAD");
	check_proto("0x", "BAD");
	check_proto("256", "RANGE");
	check_proto("2147483647", "RANGE");
	/* Through a C int: 2^32 + 6 is 6, 2^31 is negative (its low byte 0). */
	check_proto("4294967302", "6 given");
	check_proto("2147483648", "0 given");
	check_port("25", "25");
	check_port("domain", "53");
	check_port("0", "0");
	check_port("0x1f4", "500");
	check_port("65535", "65535");
	check_port("70000", "RANGE 4464");
	check_port("65536", "RANGE 0");
	check_port("-1", "65535");
	check_port("25x", "BAD");
	check_port("", "BAD");
	check_port("http", "BAD");
}

/* The system database: netbase is a dependency of the package. */
static void system_db(void)
{
	const struct netdb *sys = netdb_system();
	uint8_t proto = 0;
	uint16_t port = 0;
	bool given;

	tap_ok(transport_proto_parse("tcp", sys, &proto, &given) == TRANSPORT_OK && proto == 6,
	       "/etc/protocols: tcp is 6");
	tap_ok(transport_port_parse("domain", sys, &port) == TRANSPORT_OK && port == 53,
	       "/etc/services: domain is 53");
}

int main(void)
{
	probe_cases();
	corners();
	masks();
	transport();
	system_db();
	return tap_done();
}
