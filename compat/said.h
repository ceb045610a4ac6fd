/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SA identifiers: esp.125@1.2.3.4, tun:500@3049:9::1000:1, esp0x125@..., %pass. */
#ifndef COMPAT_SAID_H
#define COMPAT_SAID_H

#include <stdint.h>
#include "compat/addr.h"

/* Protocol numbers as KLIPS kept them in an SA id (IP protocol numbers). */
enum {
	SA_TUN = 4,		/* IP-in-IP, both families */
	SA_ESP = 50,
	SA_AH = 51,
	SA_INT = 61,		/* KLIPS-internal pseudo SAs (%pass, %drop, ...) */
	SA_COMP = 108,
};

struct said {
	uint8_t proto;		/* SA_* */
	uint32_t spi;		/* host order */
	struct ip_addr dst;
};

/*
 * ttosa: parse an SA id. Returns NULL or the legacy error text
 * ("no @ in SA specifier", "SA specifier lacks valid protocol prefix", ...).
 * Address errors are the addr_parse() texts. res may be NULL.
 */
const char *said_parse(const char *text, const struct resolver *res,
		       struct said *out);

/*
 * said_parse(), but an SPI that needs more than 32 bits is refused ("SPI
 * does not fit in 32 bits") instead of cut to its low 32 bits as ttosa did
 * on 64-bit builds (32-bit builds refused it too, "hex number too long").
 */
const char *said_parse_strict(const char *text, const struct resolver *res,
			      struct said *out);

/*
 * satot: format 0 or '0' (esp.12345678@1.2.3.4 / esp:...@v6), 'f' (zero-padded
 * to 8 digits), 'x' (esp0x12345678@..., the /proc form), 'd' (decimal).
 * Pseudo SAs print as their %names (%pass, %passthrough4, %unk-610, ...).
 * Returns buf, or NULL for any other format character.
 */
#define SAID_BUF 96
const char *said_format(const struct said *sa, char format, char buf[SAID_BUF]);

/* "ah", "esp", "comp", "tun", "int", or NULL for anything else. */
const char *said_proto_name(uint8_t proto);

/* "ah", "esp", "comp", "tun" (exact), as spi --proto and spigrp take them; else 0. */
uint8_t said_proto_parse(const char *name);

int said_cmp(const struct said *x, const struct said *y);	/* dst, proto, spi */

#endif
