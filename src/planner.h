/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The planner: every plan builder. A builder appends the kernel operations
 * of one change to a plan (src/plan.h), working from one snapshot (taken
 * under the writers' lock) and model values: SA ids, SA states, keys,
 * member lists. It never talks to the kernel and never prints. Each says
 * which snapshot parts (SNAP_*) it reads; the empty snapshot of --explain
 * without a kernel plans as if nothing were there. All return 0, or
 * -ENOMEM, or -ENOENT for a member the caller should have checked.
 */
#ifndef SRC_PLANNER_H
#define SRC_PLANNER_H

#include "src/plan.h"
#include "src/snapshot.h"

/*
 * Add SA sa with keys (NULL for IPComp). An SA to one of our addresses
 * with a source drops packets from other sources, as KLIPS' inbound
 * check did (reads SNAP_LOCAL when sa->src is not "any").
 */
int plan_add_sa(struct plan *p, const struct snapshot *s, const struct sa_state *sa,
		const struct sa_keys *keys);

/* Add the tun SA id (a record) whose outer source is src. */
int plan_add_tun(struct plan *p, const struct said *id, const struct ip_addr *src);

/*
 * Delete SA id (state or tun record); a grouped SA takes its whole chain
 * and the group record along, as KLIPS did (reads SNAP_GROUPED_SAS).
 */
int plan_del(struct plan *p, const struct snapshot *s, const struct said *id);

/*
 * Delete every SA, or every SA of proto (SA_AH, SA_ESP, SA_COMP, SA_TUN;
 * 0: all), with the chains they are in; tun and group records go too,
 * dangling ones included. Policies are never flushed (reads SNAP_SAS and
 * SNAP_RECORDS).
 */
int plan_clear(struct plan *p, const struct snapshot *s, uint8_t proto);

/*
 * Group the n SAs ids, inner to outer: a tun SA is folded into the SA
 * after it, which is re-created in tunnel mode with the tun's source; every
 * member loses its inbound-check selector. Dangling group records (members
 * gone behind our back) are cleaned. The members must exist, in no live
 * group (the command checks that first). Reads SNAP_SAS and SNAP_RECORDS.
 */
int plan_group(struct plan *p, const struct snapshot *s, const struct said *ids, int n);

/*
 * Take apart the group that SA id is in (nothing if it is in none): its
 * members go back to what spi made (transport mode, inbound check), and
 * dangling group records are cleaned. Reads SNAP_ALL.
 */
int plan_ungroup(struct plan *p, const struct snapshot *s, const struct said *id);

/* --- eroutes (src/planner_eroute.c) --- */

/*
 * The priority of a live policy for the flow sel: KLIPS' most specific
 * match (a flow inside another comes first), in the band whose base is
 * $KLIPS_EROUTE_PRIORITY.
 */
uint32_t eroute_priority(const struct selector *sel);

/*
 * The if_id of eroute e's live policies: 0 (they apply to every route).
 * The one place an interface mode (tncfg's ipsecN) will choose.
 */
uint32_t eroute_if_id(const struct snapshot *s, const struct eroute *e);

/* True when said is in a group with a tunnel (what an --addin needs; SNAP_RECORDS). */
bool eroute_inbound_group(const struct snapshot *s, const struct said *said);

/*
 * Add eroute e (ER_OUT or ER_IN) with its live policies, or with replace
 * change the one of the same flow (the command checked that it exists; an
 * ER_IN replaces the one of its flow anyway). The first outbound eroute
 * brings the IKE bypass. -ENOENT for an ER_IN without a tunnel group.
 * Reads SNAP_SAS and SNAP_RECORDS.
 */
int plan_eroute_add(struct plan *p, const struct snapshot *s, const struct eroute *e,
		    bool replace);

/*
 * Delete the eroute of e's kind for exactly e's flow, and what its record
 * owns; the last outbound one takes the IKE bypass along. -ENOENT when
 * there is none (SNAP_RECORDS).
 */
int plan_eroute_del(struct plan *p, const struct snapshot *s, const struct eroute *e);

/* Delete every outbound eroute and what it owns, and the IKE bypass (SNAP_RECORDS). */
int plan_eroute_clear(struct plan *p, const struct snapshot *s);

/*
 * After the group and SA operations already in p: rebuild the live
 * policies of the eroutes that send into a group p adds, deletes or
 * re-creates a member of (an --addin whose group goes is deleted).
 * Reads SNAP_RECORDS (SNAP_SAS for lone SAs).
 */
int plan_eroutes_follow(struct plan *p, const struct snapshot *s);

/*
 * KLIPS dropped packets to an SA of ours from another source than its
 * --src. XFRM can do that for a transport SA with a state selector, which
 * is matched against the innermost flow: so only ungrouped SAs have one.
 * Fills sel for an SA to a local destination with a source, else zeroes it.
 */
void inbound_selector(struct selector *sel, const struct ip_addr *src,
		      const struct ip_addr *dst, bool local);

#endif
