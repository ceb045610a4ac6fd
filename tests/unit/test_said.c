// SPDX-License-Identifier: GPL-2.0-or-later
/* said_parse / said_format edge cases beyond the corpus vectors. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/said.h"
#include "tests/unit/tap.h"

static int fake_lookup(void *ctx, const char *name, int family, struct ip_addr *out)
{
	(void)ctx;
	if (strcmp(name, "gw.example") != 0)
		return -1;
	addr_any(family, out);
	out->a[0] = 10;
	out->a[addr_len(family) - 1] = 7;
	return 0;
}

static const struct resolver fake = { fake_lookup, NULL };

/* want: "ERR text", or the four formats 0 f x d separated by spaces */
static void check(const char *text, const char *want)
{
	char got[512], b0[SAID_BUF], bf[SAID_BUF], bx[SAID_BUF], bd[SAID_BUF];
	struct said sa;
	const char *err = said_parse(text, &fake, &sa);

	if (err)
		snprintf(got, sizeof(got), "ERR %s", err);
	else
		snprintf(got, sizeof(got), "%s %s %s %s", said_format(&sa, 0, b0),
			 said_format(&sa, 'f', bf), said_format(&sa, 'x', bx),
			 said_format(&sa, 'd', bd));
	tap_str(got, want, "said_parse(\"%.40s\")", text);
}

static void check_spi(const char *text, uint32_t spi)
{
	struct said sa = { 0 };
	const char *err = said_parse(text, NULL, &sa);

	tap_ok(!err && sa.spi == spi, "said_parse(\"%s\") spi 0x%x (%s, 0x%x)", text, spi,
	       err ? err : "ok", sa.spi);
}

static void spi_lengths(void)
{
	check_spi("esp.12345678@1.2.3.4", 0x12345678);
	check_spi("esp.123456789@1.2.3.4", 0x23456789);
	check_spi("esp.fedcba9812345678@1.2.3.4", 0x12345678);
	check_spi("esp:FEDCBA9812345678@::1", 0x12345678);
	check("esp.fedcba98123456789@1.2.3.4", "ERR hex number too long");
	check("esp.fedcba9812345678g@1.2.3.4", "ERR non-hex digit in hex number");
	check_spi("esp0x123456789@1.2.3.4", 0x23456789);
	check("esp0x12345678123456789@1.2.3.4", "ERR hex number too long");
	check_spi("esp18446744073709551615@1.2.3.4", 0xffffffff);
	check("esp18446744073709551616@1.2.3.4", "ERR unsigned-long overflow");
	check_spi("esp01777777777777777777777@1.2.3.4", 0xffffffff);
	check("esp02000000000000000000000@1.2.3.4", "ERR unsigned-long overflow");
	check_spi("esp4294967296@1.2.3.4", 0);
	check_spi("esp0@1.2.3.4", 0);
	check_spi("esp00@1.2.3.4", 0);
	check("esp0x@1.2.3.4", "ERR non-digit in number");
	check("esp08@1.2.3.4", "ERR non-digit in number");
	check("esp.0x100@1.2.3.4", "ERR non-hex digit in hex number");
	check("esp-1@1.2.3.4", "ERR non-digit in number");
	check("esp 1@1.2.3.4", "ERR non-digit in number");
}

/* said_parse_strict: the same, but an SPI over 32 bits is refused, not cut. */
static void check_strict(const char *text, const char *want)
{
	struct said sa = { 0 };
	const char *err = said_parse_strict(text, NULL, &sa);
	char got[128];

	if (err)
		snprintf(got, sizeof(got), "ERR %s", err);
	else
		snprintf(got, sizeof(got), "spi 0x%x", sa.spi);
	tap_str(got, want, "said_parse_strict(\"%s\")", text);
}

static void strict_spis(void)
{
	check_strict("esp.ffffffff@1.2.3.4", "spi 0xffffffff");
	check_strict("esp.00000000ffffffff@1.2.3.4", "spi 0xffffffff");
	check_strict("esp.100000000@1.2.3.4", "ERR SPI does not fit in 32 bits");
	check_strict("esp.123456789@1.2.3.4", "ERR SPI does not fit in 32 bits");
	check_strict("esp:fedcba9812345678@::1", "ERR SPI does not fit in 32 bits");
	check_strict("esp0x100000000@1.2.3.4", "ERR SPI does not fit in 32 bits");
	check_strict("esp4294967295@1.2.3.4", "spi 0xffffffff");
	check_strict("esp4294967296@1.2.3.4", "ERR SPI does not fit in 32 bits");
	check_strict("esp040000000000@1.2.3.4", "ERR SPI does not fit in 32 bits");
	check_strict("esp18446744073709551616@1.2.3.4", "ERR unsigned-long overflow");
	check_strict("esp.fedcba98123456789@1.2.3.4", "ERR hex number too long");
	check_strict("esp.0@1.2.3.4", "spi 0x0");
	check_strict("%passthrough", "spi 0x0");
	/* the SPI is refused before the address is looked at, like the number errors */
	check_strict("esp.100000000@no.such.host.invalid", "ERR SPI does not fit in 32 bits");
}

static void structure(void)
{
	char big[3000];

	check("", "ERR empty string");
	check("ah@1", "ERR string too short to be SA identifier");
	check("%x", "ERR string too short to be SA identifier");
	check("esp@", "ERR string too short to be SA identifier");
	check("ahx@1", "ERR non-digit in number");
	check("ah.1@", "ERR empty string");
	check("%PASS", "ERR unknown % keyword");
	check("%pass ", "ERR unknown % keyword");
	check("%passthrough6", "%passthrough6 %passthrough6 %passthrough6 %passthrough6");
	check("esp.100@a@b", "ERR illegal (non-DNS-name) character in name");
	check("esp.100@gw.example", "esp.100@10.0.0.7 esp.00000100@10.0.0.7 esp0x100@10.0.0.7 esp256@10.0.0.7");
	check("esp:100@gw.example", "esp:100@a00::7 esp:00000100@a00::7 esp0x100@a00::7 esp256@a00::7");
	check("esp256@gw.example", "esp.100@10.0.0.7 esp.00000100@10.0.0.7 esp0x100@10.0.0.7 esp256@10.0.0.7");
	check("esp:100@fe80::1%eth0", "ERR syntax error in IPv6 numeric address");
	check("esp.100@fe80::1%eth0", "ERR non-ipv6 address may not contain `:'");
	check("esp256@fe80::1%eth0", "ERR syntax error in IPv6 numeric address");
	check("comp:5678@1:2::3", "comp:5678@1:2::3 comp:00005678@1:2::3 comp0x5678@1:2::3 comp22136@1:2::3");
	check("tun.0@1.2.3.4", "tun.0@1.2.3.4 tun.00000000@1.2.3.4 tun0x0@1.2.3.4 tun0@1.2.3.4");
	check("tun:0@::", "%passthrough6 %passthrough6 %passthrough6 %passthrough6");
	check("tun0@::", "%passthrough6 %passthrough6 %passthrough6 %passthrough6");
	/* satot's 10-byte buffer and signed %d */
	check("int.ffffffff@0.0.0.0", "%unk--1 %unk--1 %unk--1 %unk--1");
	check("int.270f@0.0.0.0", "%unk-9999 %unk-9999 %unk-9999 %unk-9999");
	check("int.186a0@0.0.0.0", "%unk-1000 %unk-1000 %unk-1000 %unk-1000");
	check("int.80000000@0.0.0.0", "%unk--214 %unk--214 %unk--214 %unk--214");
	check("int.0@0.0.0.0", "%unk-0 %unk-0 %unk-0 %unk-0");
	check("int.103@9.9.9.9", "%hold %hold %hold %hold");
	check("int:104@::", "%trap %trap %trap %trap");
	check("intx@1.2.3.4", "ERR non-digit in number");

	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "esp.", 4);
	big[100] = '@';
	check(big, "ERR hex number too long");
	memcpy(big, "esp.1@", 6);
	check(big, "ERR byte overflow in dotted-decimal address");
}

static void formatting(void)
{
	struct said sa = { .proto = 77, .spi = 9 };
	char buf[SAID_BUF];

	addr_parse("1.2.3.4", AF_INET, NULL, &sa.dst);
	tap_str(said_format(&sa, 0, buf), "unk77.9@1.2.3.4", "unknown protocol, format 0");
	tap_str(said_format(&sa, 'x', buf), "unk77" "0x9@1.2.3.4", "unknown protocol, format x");
	tap_ok(said_format(&sa, 'q', buf) == NULL, "unknown format gives NULL");
	sa.proto = SA_ESP;
	addr_any(0, &sa.dst);
	tap_str(said_format(&sa, 0, buf), "esp:9@<invalid>", "no address at all");
	sa.spi = 0xffffffff;
	addr_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AF_INET6, NULL, &sa.dst);
	tap_str(said_format(&sa, 'd', buf),
		"esp4294967295@ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "longest text fits");

	tap_str(said_proto_name(SA_AH), "ah", "proto name ah");
	tap_str(said_proto_name(SA_ESP), "esp", "proto name esp");
	tap_str(said_proto_name(SA_COMP), "comp", "proto name comp");
	tap_str(said_proto_name(SA_TUN), "tun", "proto name tun");
	tap_str(said_proto_name(SA_INT), "int", "proto name int");
	tap_ok(said_proto_name(77) == NULL, "proto name of 77 is NULL");
}

static void ordering(void)
{
	struct said a, b;

	said_parse("esp.200@1.2.3.4", NULL, &a);
	said_parse("ah.300@1.2.3.4", NULL, &b);
	tap_ok(said_cmp(&a, &b) < 0 && said_cmp(&b, &a) > 0, "same dst: ordered by proto (esp 50 < ah 51)");
	said_parse("esp.100@1.2.3.4", NULL, &b);
	tap_ok(said_cmp(&a, &b) > 0, "same dst and proto: ordered by spi");
	said_parse("ah.900@1.2.3.3", NULL, &b);
	tap_ok(said_cmp(&a, &b) > 0, "dst first");
	said_parse("esp.200@1.2.3.4", NULL, &b);
	tap_ok(said_cmp(&a, &b) == 0, "equal");
}

int main(void)
{
	spi_lengths();
	strict_spis();
	structure();
	formatting();
	ordering();
	return tap_done();
}
