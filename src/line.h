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

/* v in base 10 or 16 (lower case), as %PRIu64 / %PRIx64 print it. */
static inline void line_num(struct line *l, uint64_t v, unsigned int base)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	line_mem(l, tmp + i, sizeof(tmp) - i);
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

/* An SA id as the listings print it: "esp0x200@1.2.3.4". */
static inline void line_said(struct line *l, const struct said *id)
{
	char buf[SAID_BUF];

	line_str(l, said_format(id, 'x', buf));
}

static inline void line_addr(struct line *l, const struct ip_addr *a)
{
	char buf[ADDR_BUF];

	line_str(l, addr_format(a, buf));
}

/* End the line with a newline, write it, and start the next one. */
static inline void line_write(struct line *l, FILE *out)
{
	l->buf[l->len++] = '\n';
	fwrite(l->buf, 1, l->len, out);
	l->len = 0;
}

#endif
