/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The snapshot renderers' text of the fake kernel's tables (the reference of the listing tests). */
#ifndef TESTS_SNAPSHOT_TEXT_H
#define TESTS_SNAPSHOT_TEXT_H

#include <stdint.h>

#include "src/listing.h"

/*
 * A snapshot of the fake kernel taken at now, rendered by render_spi,
 * render_spigrp or render_eroute (malloc'd).
 */
char *snapshot_text(enum listing_kind kind, uint64_t now);

#endif
