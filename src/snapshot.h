/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One consistent picture of what the kernel holds: the SAs, the records
 * (tun SAs and groups, src/model.h) and this namespace's addresses, taken
 * once per command (writers take it under the lock, src/lock.h), and the
 * lookups planners and renderers make in it. A command takes only the
 * parts it reads: an SA add that dumped every SA would cost O(SAs).
 */
#ifndef SRC_SNAPSHOT_H
#define SRC_SNAPSHOT_H

#include <stdbool.h>

#include "src/kernel.h"

/* The parts of a snapshot, dumped in this order. */
enum snap_part {
	SNAP_SAS = 1 << 0,		/* every SA */
	SNAP_RECORDS = 1 << 1,		/* every tun, group and eroute record */
	SNAP_GROUPED_SAS = 1 << 2,	/* the records, and every SA only when a
					 * group record exists (spi --del) */
	SNAP_LOCAL = 1 << 3,		/* this namespace's addresses (dir=in) */
};
#define SNAP_ALL (SNAP_SAS | SNAP_RECORDS | SNAP_LOCAL)	/* what listings show */
#define SNAP_MASK 0xffu					/* room for more parts */

/* One SA as KLIPS would have listed it: an XFRM state or a tun record. */
struct entry {
	const struct said *id;
	const struct sa_state *sa;	/* NULL for a tun record */
	const struct record *tun;	/* the tun record, or NULL */
	bool local;			/* destination is ours: dir=in (SNAP_LOCAL) */
};

struct snapshot {
	struct sa_state *sas;
	size_t nsas;
	struct record *recs;		/* tun and group records */
	size_t nrecs;
	struct eroute *eroutes;		/* eroute records (SNAP_RECORDS) */
	size_t neroutes;
	struct entry *entries;		/* sorted by said_cmp; no kernel helper states */
	size_t nentries;
	struct ip_addr *local;		/* sorted by addr_cmp */
	size_t nlocal;
	uint64_t now;			/* wall clock seconds when taken */
};

/*
 * Dump the parts (SNAP_*) asked for. 0, or -errno with *failed (if not
 * NULL) set to the part whose dump failed; s is then empty.
 */
int snapshot_take(struct kernel *k, unsigned int parts, struct snapshot *s,
		  unsigned int *failed);

/* A snapshot of nothing: what --explain plans from without a kernel. */
void snapshot_empty(struct snapshot *s);

void snapshot_free(struct snapshot *s);

/* The entry for an SA id, or NULL. */
const struct entry *snapshot_find(const struct snapshot *s, const struct said *id);

/* True when two selectors are the same key for the kernel (a policy's flow). */
bool selector_equal(const struct selector *x, const struct selector *y);

/* The eroute record of kind for exactly the flow sel, or NULL (SNAP_RECORDS). */
const struct eroute *snapshot_eroute(const struct snapshot *s, enum eroute_kind kind,
				     const struct selector *sel);

/* True when addr is one of this namespace's own (SNAP_LOCAL). */
bool snapshot_local(const struct snapshot *s, const struct ip_addr *addr);

/*
 * The KLIPS members of a group record, inner to outer (tun SAs that were
 * folded into the next member come back as their own member). Returns the
 * count (at most GROUP_MAX + TMPL_MAX).
 */
#define MEMBERS_MAX (GROUP_MAX + TMPL_MAX)
int record_members(const struct record *g, struct said out[MEMBERS_MAX]);

#endif
