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

/*
 * The transform of an SA's line ("ESP_3DES_HMAC_MD5"); a: its
 * authentication algorithm, auth_by_kernel(sa->auth) (NULL when none).
 */
struct auth_alg;
void render_spi_xform(struct line *l, const struct sa_state *sa, const struct auth_alg *a);

/*
 * What render_spi_line_fast() keeps between the lines of a listing: the
 * transform and authentication algorithm of the last algorithm names it
 * met (the SAs of a table mostly share them). Zeroed before the first line.
 */
#define SPI_XFORM_MAX 64
struct spi_memo {
	bool valid, algs;		/* algs: an algorithm at all */
	uint8_t proto, len;		/* len: of xform; UINT8_MAX: too long to keep */
	char enc[ALG_NAME_MAX], auth[ALG_NAME_MAX], comp[ALG_NAME_MAX];
	const struct auth_alg *a;
	char xform[SPI_XFORM_MAX];
};

/*
 * The bytes render_spi_line() writes, in a fraction of the instructions
 * (src/spi_line.c): for the streamed listing, a line per SA.
 */
void render_spi_line_fast(struct line *l, const struct entry *e, uint64_t now,
			  struct spi_memo *memo);

/* How a spigrp line finds an SA's group and the SAs of the chain. */
struct spigrp_view {
	/*
	 * The members of the first group record (in record order) that has id
	 * as a member, into m (record_members()' order); 0 when none has.
	 */
	int (*members_of)(const void *ctx, const struct said *id, struct said m[MEMBERS_MAX]);
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
