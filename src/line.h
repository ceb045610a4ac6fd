/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The line builder of the /proc renderers: one line of a listing is put
 * together in a buffer and written with one fwrite. A listing has a line
 * per SA (100k and more), and stdio's per-call costs (format parsing,
 * byte-wise copies of short strings) were most of its CPU time. Text past
 * LINE_MAX_LEN is cut; the longest line of ours is under 800 bytes.
 * Static inline: these run millions of times per listing.
 */
#ifndef SRC_LINE_H
#define SRC_LINE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/said.h"

#define LINE_MAX_LEN 1024

struct line {
	size_t len;
	char buf[LINE_MAX_LEN + 1];	/* + the newline */
};

static inline void line_mem(struct line *l, const char *s, size_t n)
{
	if (n > LINE_MAX_LEN - l->len)
		n = LINE_MAX_LEN - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static inline void line_str(struct line *l, const char *s)
{
	line_mem(l, s, strlen(s));
}

/*
 * v in base 10 or 16 (lower case), as %PRIu64 / %PRIx64 print it. The
 * digits are built at the end of tmp and copied with one fixed-size copy
 * (a copy of a variable length is a call): the bytes past them are
 * overwritten by what follows, or are past l->len.
 */
static inline void line_num(struct line *l, uint64_t v, unsigned int base)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	char tmp[48];
	size_t i = 24, n;

	if (base == 10) {
		for (; v >= 100; v /= 100) {
			i -= 2;
			memcpy(tmp + i, pairs + 2 * (v % 100), 2);
		}
		if (v >= 10) {
			i -= 2;
			memcpy(tmp + i, pairs + 2 * v, 2);
		} else {
			tmp[--i] = (char)('0' + v);
		}
	} else {
		do {
			tmp[--i] = "0123456789abcdef"[v % base];
			v /= base;
		} while (v);
	}
	n = 24 - i;
	if (l->len + 24 > LINE_MAX_LEN) {
		line_mem(l, tmp + i, n);
		return;
	}
	memcpy(l->buf + l->len, tmp + i, 24);
	l->len += n;
}

/* " name=v" (decimal), only when v is not 0: the KLIPS listings' habit. */
static inline void line_nonzero(struct line *l, const char *name, uint64_t v)
{
	if (!v)
		return;
	line_str(l, " ");
	line_str(l, name);
	line_str(l, "=");
	line_num(l, v, 10);
}

/* An address as addr_format() gives it; IPv4 straight into the line. */
static inline void line_addr(struct line *l, const struct ip_addr *a)
{
	char buf[ADDR_BUF];

	if (a->family != AF_INET) {
		line_str(l, addr_format(a, buf));
		return;
	}
	line_num(l, a->a[0], 10);
	for (int i = 1; i < 4; i++) {
		line_mem(l, ".", 1);
		line_num(l, a->a[i], 10);
	}
}

/*
 * An SA id as the listings print it: "esp0x200@1.2.3.4", said_format()'s
 * 'x' form; built in place but for said_format()'s own cases (internal
 * SAs, %passthrough, protocols without a name).
 */
static inline void line_said(struct line *l, const struct said *id)
{
	const char *proto = said_proto_name(id->proto);
	char buf[SAID_BUF];

	if (!proto || id->proto == SA_INT ||
	    (id->proto == SA_TUN && id->spi == 0 && addr_is_any(&id->dst))) {
		line_str(l, said_format(id, 'x', buf));
		return;
	}
	line_str(l, proto);
	line_mem(l, "0x", 2);
	line_num(l, id->spi, 16);
	line_mem(l, "@", 1);
	line_addr(l, &id->dst);
}

/* End the line with a newline, write it, and start the next one. */
static inline void line_write(struct line *l, FILE *out)
{
	l->buf[l->len++] = '\n';
	fwrite(l->buf, 1, l->len, out);
	l->len = 0;
}

#endif
