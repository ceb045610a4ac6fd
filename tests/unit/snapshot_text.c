// SPDX-License-Identifier: GPL-2.0-or-later
/* The snapshot renderers' text (tests/unit/snapshot_text.h). */
#include <stdio.h>
#include <stdlib.h>

#include "src/render.h"
#include "src/snapshot.h"
#include "tests/unit/snapshot_text.h"

char *snapshot_text(enum listing_kind kind, uint64_t now)
{
	struct kernel *k;
	struct snapshot s;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f || kernel_open(&k) || snapshot_take(k, SNAP_ALL, &s, NULL))
		abort();
	kernel_close(k);
	s.now = now;
	if (kind == LISTING_SPI)
		render_spi(&s, f);
	else if (kind == LISTING_EROUTE)
		render_eroute(&s, f);
	else
		render_spigrp(&s, f);
	snapshot_free(&s);
	fclose(f);
	return text;
}
