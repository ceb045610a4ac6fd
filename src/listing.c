// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The listings (src/listing.h): the spi and spigrp listings streamed from
 * the dump (src/listing_stream.c), the eroute listing from the dumps
 * (src/listing_stream_eroute.c); tncfg (at most 64 lines) from a snapshot
 * of the links, rendered by src/render.c; for the commands and the FUSE
 * daemon.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "src/listing.h"
#include "src/listing_stream.h"
#include "src/listing_stream_eroute.h"
#include "src/render.h"
#include "src/snapshot.h"

/* One row per listing: a new listing is a row here and a renderer. */
static const struct {
	const char *name;	/* "No <name> - no IPsec support in kernel" */
	void (*render)(const struct snapshot *s, FILE *out);
	unsigned int parts;	/* the snapshot parts it shows */
	/* Streamed from the dumps instead, if not NULL (produce()'s arguments). */
	int (*stream)(struct kernel *k, FILE *out, struct listing_text **t);
} listings[] = {
	[LISTING_SPI] = { "spi", render_spi, SNAP_ALL, listing_stream_spi },
	[LISTING_SPIGRP] = { "spigrp", render_spigrp, SNAP_ALL, listing_stream_spigrp },
	[LISTING_EROUTE] = { "eroute table", render_eroute, SNAP_ALL, listing_stream_eroute },
	[LISTING_TNCFG] = { "tncfg", render_tncfg, SNAP_LINKS, NULL },
};

static size_t row(enum listing_kind kind)
{
	return (size_t)kind < sizeof(listings) / sizeof(listings[0]) ? (size_t)kind : LISTING_SPI;
}

const char *listing_name(enum listing_kind kind)
{
	return listings[row(kind)].name;
}

/*
 * The listing of kind from k: to out, or (out NULL) as a listing_text *t.
 */
static int produce(struct kernel *k, enum listing_kind kind, FILE *out,
		   struct listing_text **t)
{
	struct snapshot s;
	FILE *mem = NULL;
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (listings[row(kind)].stream)
		return listings[row(kind)].stream(k, out, t);
	ret = snapshot_take(k, listings[row(kind)].parts, &s, NULL);
	if (ret)
		return ret;
	if (!out) {
		out = mem = open_memstream(&text, &len);
		if (!mem) {
			snapshot_free(&s);
			return -ENOMEM;
		}
	}
	listings[row(kind)].render(&s, out);
	snapshot_free(&s);
	if (mem) {
		ret = ferror(mem);
		if (fclose(mem) || ret) {
			free(text);
			return -ENOMEM;
		}
		*t = listing_text_flat(text, len);
		if (!*t)
			return -ENOMEM;
	}
	return 0;
}

/*
 * The text of *t in one malloc'd NUL-terminated buffer (*text, *len; ""
 * when empty); *t is freed.
 */
static int flatten(struct listing_text *t, char **text, size_t *len)
{
	size_t n = listing_text_len(t);
	char *buf = malloc(n + 1);

	if (buf) {
		buf[listing_text_read(t, buf, n, 0)] = '\0';
		*text = buf;
		*len = n;
	}
	listing_text_free(t);
	return buf ? 0 : -ENOMEM;
}

/* produce() in the calling thread's network namespace. */
static int produce_here(enum listing_kind kind, FILE *out, struct listing_text **t)
{
	struct kernel *k = NULL;
	int ret = kernel_open(&k);

	if (ret)
		return ret;
	ret = produce(k, kind, out, t);
	kernel_close(k);
	return ret;
}

int listing_render(enum listing_kind kind, char **text, size_t *len)
{
	struct listing_text *t = NULL;
	int ret;

	*text = NULL;
	*len = 0;
	ret = produce_here(kind, NULL, &t);
	return ret ? ret : flatten(t, text, len);
}

int listing_probe(void)
{
	struct kernel *k = NULL;
	uint32_t n;
	int ret = kernel_open(&k);

	if (ret)
		return ret;
	ret = kernel_sa_count(k, &n);
	kernel_close(k);
	return ret;
}

int listing_print(enum listing_kind kind, FILE *out)
{
	return produce_here(kind, out, NULL);
}

int listing_open_kernel(struct kernel *k, enum listing_kind kind, struct listing_text **t)
{
	*t = NULL;
	return produce(k, kind, NULL, t);
}

const char *listing_version_text(void)
{
	return "klips-compat version: " KLIPS_COMPAT_VERSION " (Openswan 2.6.38 interface on Linux XFRM)\n";
}
