// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The listings (src/listing.h): a snapshot of the calling thread's
 * namespace rendered by src/render.c, for the commands and the FUSE daemon.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "src/listing.h"
#include "src/render.h"
#include "src/snapshot.h"

/* One snapshot of the calling thread's network namespace. */
static int take(struct snapshot *s)
{
	struct kernel *k = NULL;
	int ret = kernel_open(&k);

	if (ret)
		return ret;
	ret = snapshot_take(k, SNAP_ALL, s, NULL);
	kernel_close(k);
	return ret;
}

/* One row per listing: a new listing is a row here and a renderer. */
static const struct {
	const char *name;	/* "No <name> - no IPsec support in kernel" */
	void (*render)(const struct snapshot *s, FILE *out);
} listings[] = {
	[LISTING_SPI] = { "spi", render_spi },
	[LISTING_SPIGRP] = { "spigrp", render_spigrp },
	[LISTING_EROUTE] = { "eroute table", render_eroute },
};

static size_t row(enum listing_kind kind)
{
	return (size_t)kind < sizeof(listings) / sizeof(listings[0]) ? (size_t)kind : LISTING_SPI;
}

static void render(enum listing_kind kind, const struct snapshot *s, FILE *out)
{
	listings[row(kind)].render(s, out);
}

const char *listing_name(enum listing_kind kind)
{
	return listings[row(kind)].name;
}

int listing_render(enum listing_kind kind, char **text, size_t *len)
{
	struct kernel *k = NULL;
	int ret = kernel_open(&k);

	*text = NULL;
	*len = 0;
	if (ret)
		return ret;
	ret = listing_render_kernel(k, kind, text, len);
	kernel_close(k);
	return ret;
}

int listing_print(enum listing_kind kind, FILE *out)
{
	struct snapshot s;
	int ret = take(&s);

	if (ret)
		return ret;
	render(kind, &s, out);
	snapshot_free(&s);
	return 0;
}

int listing_render_kernel(struct kernel *k, enum listing_kind kind, char **text, size_t *len)
{
	struct snapshot s;
	FILE *out;
	int ret;

	*text = NULL;
	*len = 0;
	ret = snapshot_take(k, SNAP_ALL, &s, NULL);
	if (ret)
		return ret;
	out = open_memstream(text, len);
	if (!out) {
		snapshot_free(&s);
		return -ENOMEM;
	}
	render(kind, &s, out);
	snapshot_free(&s);
	ret = ferror(out);
	if (fclose(out) || ret) {
		free(*text);
		*text = NULL;
		*len = 0;
		return -ENOMEM;
	}
	return 0;
}

const char *listing_version_text(void)
{
	return "klips-compat version: " KLIPS_COMPAT_VERSION " (Openswan 2.6.38 interface on Linux XFRM)\n";
}
