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

/*
 * /proc/net/ipsec_eroute, Openswan 2.6.38's line format, sorted as KLIPS'
 * radix tree walked (source, destination, protocol, ports). The count is
 * the packets of the eroute's first SA when no other eroute sends into it
 * (XFRM counts per SA, not per policy), else 0.
 */
void render_eroute(const struct snapshot *s, FILE *out);

/*
 * /proc/net/ipsec_tncfg: a line per ipsecN device. There is none until
 * tncfg makes them, so nothing yet: this is where `ipsec look` takes them.
 */
void render_tncfg(const struct snapshot *s, FILE *out);

#endif
