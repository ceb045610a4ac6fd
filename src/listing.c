// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "src/listing.h"
#include "src/snapshot.h"

/* One snapshot of the calling thread's network namespace. */
static int take(struct snapshot *s)
{
	struct kernel *k = NULL;
	int ret = kernel_open(&k);

	if (ret)
		return ret;
	ret = snapshot_take(k, s);
	kernel_close(k);
	return ret;
}

static void render(enum listing_kind kind, const struct snapshot *s, FILE *out)
{
	if (kind == LISTING_SPIGRP)
		render_spigrp(s, out);
	else
		render_spi(s, out);
}

int listing_render(enum listing_kind kind, char **text, size_t *len)
{
	struct snapshot s;
	FILE *out;
	int ret;

	*text = NULL;
	*len = 0;
	ret = take(&s);
	if (ret)
		return ret;
	out = open_memstream(text, len);
	if (!out) {
		snapshot_free(&s);
		return -ENOMEM;
	}
	render(kind, &s, out);
	snapshot_free(&s);
	if (ferror(out)) {
		fclose(out);
		free(*text);
		*text = NULL;
		*len = 0;
		return -ENOMEM;
	}
	if (fclose(out)) {
		free(*text);
		*text = NULL;
		*len = 0;
		return -ENOMEM;
	}
	return 0;
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
	ret = snapshot_take(k, &s);
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
