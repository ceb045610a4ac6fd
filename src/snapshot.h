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
	SNAP_LINKS = 1 << 4,		/* every network device (tncfg) */
	SNAP_XFRMI = 1 << 5,		/* whether the kernel has XFRM interfaces */
	SNAP_ROUTES = 1 << 6,		/* where the SAs' destinations and (with
					 * SNAP_RECORDS) the eroutes' peers are reached (and
					 * snapshot_take_to's extra one): with SNAP_LINKS,
					 * looked up only when an ipsecN of ours is
					 * attached or (SNAP_XFRMI) may be */
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
	struct link *links;		/* sorted by ifindex */
	size_t nlinks;
	bool xfrmi;			/* XFRM interfaces can be made (SNAP_XFRMI) */
	struct addr_dev *addrs;		/* SNAP_ROUTES: local addresses and their devices, */
	size_t naddrs;
	struct addr_dev *routes;	/* and the output device towards each destination, */
	size_t nroutes;			/* both sorted by address */
	uint64_t now;			/* wall clock seconds when taken */
};

/*
 * Dump the parts (SNAP_*) asked for. 0, or -errno with *failed (if not
 * NULL) set to the part whose dump failed; s is then empty.
 */
int snapshot_take(struct kernel *k, unsigned int parts, struct snapshot *s,
		  unsigned int *failed);

/* The same, SNAP_ROUTES also looking up where extra (if not NULL) is reached. */
int snapshot_take_to(struct kernel *k, unsigned int parts, const struct ip_addr *extra,
		     struct snapshot *s, unsigned int *failed);

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

/* The device called name, or with ifindex; NULL if none (SNAP_LINKS). */
const struct link *snapshot_link(const struct snapshot *s, const char *name);
const struct link *snapshot_link_index(const struct snapshot *s, uint32_t ifindex);

/* tncfg's ipsecN (n from 0 to 63; src/ipsecdev.h), or NULL (SNAP_LINKS). */
const struct link *snapshot_ipsecdev(const struct snapshot *s, int n);

/*
 * The physical device ipsecN dev is attached to, or NULL when it is not
 * (made by --create, or its device is gone) (SNAP_LINKS).
 */
const struct link *snapshot_attached(const struct snapshot *s, const struct link *dev);

/*
 * The XFRM if_id of an SA to dst (SNAP_ROUTES; links as in s): that of
 * the ipsecN of ours, an XFRM interface, attached to the device that holds
 * dst (an SA to us) or that packets to dst leave by, or of that ipsecN
 * itself when it is that device; 0 when there is none (a dummy ipsecN
 * included: its SAs and policies serve every route).
 */
uint32_t snapshot_ifid(const struct snapshot *s, const struct ip_addr *dst);

/*
 * Where eroute e's packets go, for snapshot_ifid: its SA's destination, or
 * for %pass, %drop ... the flow's destination (SNAP_ROUTES looks them up).
 */
const struct ip_addr *eroute_peer(const struct eroute *e);

/*
 * The KLIPS members of a group record, inner to outer (tun SAs that were
 * folded into the next member come back as their own member). Returns the
 * count (at most GROUP_MAX + TMPL_MAX).
 */
#define MEMBERS_MAX (GROUP_MAX + TMPL_MAX)
int record_members(const struct record *g, struct said out[MEMBERS_MAX]);

#endif
