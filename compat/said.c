// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/number.h"
#include "compat/said.h"

#define SAID_MINLEN 5		/* "ah0@0" */

enum {
	SPI_PASS = 256, SPI_DROP, SPI_REJECT, SPI_HOLD, SPI_TRAP, SPI_TRAPSUBNET,
};

static const struct {
	const char *prefix;
	uint8_t proto;
} prefixes[] = {
	{ "ah", SA_AH },
	{ "esp", SA_ESP },
	{ "tun", SA_TUN },
	{ "comp", SA_COMP },
	{ "int", SA_INT },
};

static const struct {
	const char *name;
	uint8_t proto;
	uint32_t spi;
	int family;
} keywords[] = {
	{ "%passthrough", SA_TUN, 0, AF_INET },
	{ "%passthrough4", SA_TUN, 0, AF_INET },
	{ "%passthrough6", SA_TUN, 0, AF_INET6 },
	{ "%pass", SA_INT, SPI_PASS, AF_INET },
	{ "%drop", SA_INT, SPI_DROP, AF_INET },
	{ "%reject", SA_INT, SPI_REJECT, AF_INET },
	{ "%hold", SA_INT, SPI_HOLD, AF_INET },
	{ "%trap", SA_INT, SPI_TRAP, AF_INET },
	{ "%trapsubnet", SA_INT, SPI_TRAPSUBNET, AF_INET },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))


static const char *parse_keyword(const char *text, struct said *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keywords); i++) {
		if (strcmp(text, keywords[i].name) == 0) {
			out->proto = keywords[i].proto;
			out->spi = keywords[i].spi;
			addr_any(keywords[i].family, &out->dst);
			return NULL;
		}
	}
	return "unknown % keyword";
}

/* The protocol prefix; returns where the SPI part starts, or NULL. */
static const char *parse_prefix(const char *text, size_t len, uint8_t *proto)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t plen = strlen(prefixes[i].prefix);

		if (plen < len && strncmp(text, prefixes[i].prefix, plen) == 0) {
			*proto = prefixes[i].proto;
			return text + plen;
		}
	}
	return NULL;
}

const char *said_parse(const char *text, const struct resolver *res, struct said *out)
{
	size_t len = strlen(text);
	const char *at, *spi, *err;
	unsigned int base = 0;
	uint64_t value;
	int family = 0;
	struct said sa = { 0 };

	if (len == 0)
		return "empty string";
	if (len < SAID_MINLEN)
		return "string too short to be SA identifier";
	if (text[0] == '%') {
		err = parse_keyword(text, &sa);
		if (!err)
			*out = sa;
		return err;
	}

	at = strchr(text, '@');
	if (!at)
		return "no @ in SA specifier";
	spi = parse_prefix(text, len, &sa.proto);
	if (!spi)
		return "SA specifier lacks valid protocol prefix";
	if (spi >= at)
		return "no SPI in SA specifier";

	if (*spi == '.' || *spi == ':') {
		family = *spi == '.' ? AF_INET : AF_INET6;
		base = 16;
		spi++;
	}
	if (spi >= at)
		return "no SPI found in SA specifier";
	err = legacy_ttoul(spi, (size_t)(at - spi), base, &value);
	if (err)
		return err;
	sa.spi = (uint32_t)value;

	if (family == 0)
		family = strchr(at + 1, ':') ? AF_INET6 : AF_INET;
	err = addr_parse(at + 1, family, res, &sa.dst);
	if (err)
		return err;
	*out = sa;
	return NULL;
}

const char *said_proto_name(uint8_t proto)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (prefixes[i].proto == proto)
			return prefixes[i].prefix;
	return NULL;
}

static const char *int_name(uint32_t spi)
{
	static const char *const names[] = {
		"%pass", "%drop", "%reject", "%hold", "%trap", "%trapsubnet",
	};

	if (spi >= SPI_PASS && spi <= SPI_TRAPSUBNET)
		return names[spi - SPI_PASS];
	return NULL;
}

/*
 * "<proto>0x<spi>@<addr>", what snprintf's "%s0x%x@%s" gives, by hand: the
 * /proc listings format one per SA. proto is < 16 bytes, addr < ADDR_BUF.
 */
static void format_x(char buf[SAID_BUF], const char *proto, uint32_t spi, const char *addr)
{
	char hex[8];
	size_t n = 0, len = strlen(proto), alen = strlen(addr);
	char *p = buf;

	do {
		hex[n++] = "0123456789abcdef"[spi & 0xf];
		spi >>= 4;
	} while (spi);
	memcpy(p, proto, len);
	p += len;
	*p++ = '0';
	*p++ = 'x';
	while (n)
		*p++ = hex[--n];
	*p++ = '@';
	memcpy(p, addr, alen + 1);
}

const char *said_format(const struct said *sa, char format, char buf[SAID_BUF])
{
	const char *proto = said_proto_name(sa->proto);
	char unknown[16], addr[ADDR_BUF];
	const char *sep = "";

	if (format == '0')
		format = 0;
	if (format != 0 && format != 'f' && format != 'x' && format != 'd')
		return NULL;

	if (sa->proto == SA_INT) {
		/* satot printed a signed %d into 10 bytes: "%unk-9999" at most */
		if (int_name(sa->spi))
			snprintf(buf, SAID_BUF, "%s", int_name(sa->spi));
		else
			snprintf(buf, 10, "%%unk-%d", (int32_t)sa->spi);
		return buf;
	}
	if (sa->proto == SA_TUN && sa->spi == 0 && addr_is_any(&sa->dst)) {
		snprintf(buf, SAID_BUF, "%%passthrough%c",
			 sa->dst.family == AF_INET ? '4' : '6');
		return buf;
	}

	if (!proto) {
		snprintf(unknown, sizeof(unknown), "unk%u", sa->proto);
		proto = unknown;
	}
	if (format == 0 || format == 'f')
		sep = sa->dst.family == AF_INET ? "." : ":";
	addr_format(&sa->dst, addr);

	switch (format) {
	case 'f':
		snprintf(buf, SAID_BUF, "%s%s%08x@%s", proto, sep, sa->spi, addr);
		break;
	case 'x':
		format_x(buf, proto, sa->spi, addr);
		break;
	case 'd':
		snprintf(buf, SAID_BUF, "%s%u@%s", proto, sa->spi, addr);
		break;
	default:
		snprintf(buf, SAID_BUF, "%s%s%x@%s", proto, sep, sa->spi, addr);
		break;
	}
	return buf;
}

int said_cmp(const struct said *x, const struct said *y)
{
	int c = addr_cmp(&x->dst, &y->dst);

	if (c)
		return c;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	if (x->spi != y->spi)
		return x->spi < y->spi ? -1 : 1;
	return 0;
}

uint8_t said_proto_parse(const char *name)
{
	static const struct { const char *name; uint8_t proto; } protos[] = {
		{ "ah", SA_AH }, { "esp", SA_ESP }, { "tun", SA_TUN }, { "comp", SA_COMP },
	};

	for (size_t i = 0; i < ARRAY_SIZE(protos); i++)
		if (strcmp(name, protos[i].name) == 0)
			return protos[i].proto;
	return 0;
}
