// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "src/listing.h"
#include "src/snapshot.h"

int listing_render(enum listing_kind kind, char **text, size_t *len)
{
	struct kernel *k = NULL;
	struct snapshot s;
	FILE *out;
	int ret;

	*text = NULL;
	*len = 0;
	ret = kernel_open(&k);
	if (ret)
		return ret;
	ret = snapshot_take(k, &s);
	kernel_close(k);
	if (ret)
		return ret;
	out = open_memstream(text, len);
	if (!out) {
		snapshot_free(&s);
		return -ENOMEM;
	}
	if (kind == LISTING_SPIGRP)
		render_spigrp(&s, out);
	else
		render_spi(&s, out);
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

const char *listing_version_text(void)
{
	return "klips-compat version: " KLIPS_COMPAT_VERSION " (Openswan 2.6.38 interface on Linux XFRM)\n";
}
