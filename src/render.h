/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The renderers: legacy /proc texts from one snapshot (src/snapshot.h).
 * src/listing.h serves them to the commands and the FUSE daemon.
 */
#ifndef SRC_RENDER_H
#define SRC_RENDER_H

#include <stdio.h>

#include "src/snapshot.h"

/* /proc/net/ipsec_spi and /proc/net/ipsec_spigrp, Openswan 2.6.38 layout. */
void render_spi(const struct snapshot *s, FILE *out);
void render_spigrp(const struct snapshot *s, FILE *out);

#endif
