/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One consistent picture of the SAD and SPD records, and the legacy renderers. */
#ifndef SRC_SNAPSHOT_H
#define SRC_SNAPSHOT_H

#include <stdbool.h>
#include <stdio.h>

#include "src/kernel.h"

/* One SA as KLIPS would have listed it: an XFRM state or a tun record. */
struct entry {
	const struct said *id;
	const struct sa_state *sa;	/* NULL for a tun record */
	const struct record *tun;	/* the tun record, or NULL */
	bool local;			/* destination is ours: dir=in */
};

struct snapshot {
	struct sa_state *sas;
	size_t nsas;
	struct record *recs;		/* tun and group records */
	size_t nrecs;
	struct entry *entries;		/* sorted by said_cmp; no kernel helper states */
	size_t nentries;
	uint64_t now;			/* wall clock seconds when taken */
};

/* Dump SAs and records and decide dir= for every SA. 0 or -errno. */
int snapshot_take(struct kernel *k, struct snapshot *s);
void snapshot_free(struct snapshot *s);

/* The entry for an SA id, or NULL. */
const struct entry *snapshot_find(const struct snapshot *s, const struct said *id);

/*
 * The KLIPS members of a group record, inner to outer (tun SAs that were
 * folded into the next member come back as their own member). Returns the
 * count (at most GROUP_MAX + TMPL_MAX).
 */
#define MEMBERS_MAX (GROUP_MAX + TMPL_MAX)
int record_members(const struct record *g, struct said out[MEMBERS_MAX]);

#endif
