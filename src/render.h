/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The renderers: legacy /proc texts from one snapshot (src/snapshot.h).
 * src/listing.h serves them to the commands and the FUSE daemon.
 */
#ifndef SRC_RENDER_H
#define SRC_RENDER_H

#include <stdio.h>

#include "src/line.h"
#include "src/snapshot.h"

/*
 * One line of each listing, without its newline, into l (which the caller
 * empties): what the snapshot renderers below write for each entry, and
 * what the streamed listings (src/listing_stream.c) build as the SAs come.
 */
void render_spi_line(struct line *l, const struct entry *e, uint64_t now);

/* How a spigrp line finds an SA's group and the SAs of the chain. */
struct spigrp_view {
	/* The first group record (in record order) that has id as a member, or NULL. */
	const struct record *(*group_of)(const void *ctx, const struct said *id);
	/* Whether an entry (SA or tun record) for id exists; *local: it is inbound. */
	bool (*find)(const void *ctx, const struct said *id, bool *local);
	const void *ctx;
};
void render_spigrp_line(struct line *l, const struct spigrp_view *v, const struct said *id);

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
 * /proc/net/ipsec_tncfg: a line per ipsecN of tncfg's, in number order,
 * "ipsecN -> <physical> mtu=<mtu>(<physical mtu>) -> <physical mtu>", or
 * "ipsecN -> NULL mtu=0(0) -> 0" when not attached (needs SNAP_LINKS).
 */
void render_tncfg(const struct snapshot *s, FILE *out);

#endif
