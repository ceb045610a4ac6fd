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
 * check did (reads SNAP_LOCAL when sa->src is not "any"). It takes the
 * if_id of the ipsecN that reaches its destination (reads SNAP_ROUTES).
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
 * The chain a spigrp line makes. KLIPS linked each SA to the next one;
 * the first may already end a chain and the last may already start one
 * (`spigrp comp esp`, then `spigrp tun comp`: tun -> comp -> esp), so the
 * chain is the group that ends with ids[0], the SAs named, and the group
 * that starts with ids[n-1]: members inner to outer, tun SAs included.
 */
struct chain {
	struct said m[MEMBERS_MAX];
	int n;
	const struct record *before, *after;	/* the groups it joins, or NULL */
};

/*
 * 0; -EEXIST when ids[*bad] is in a live group another way (in the middle
 * of one, the first SA not last in its group, the last not first, or the
 * chain would loop, as KLIPS refused); -E2BIG when the chain would have
 * more than TMPL_MAX SAs that are not tun SAs. Reads SNAP_SAS, SNAP_RECORDS.
 */
int group_chain(const struct snapshot *s, const struct said *ids, int n, struct chain *c,
		int *bad);

/*
 * Group the n SAs ids, inner to outer, with the groups they extend
 * (group_chain): a tun SA is folded into the SA after it, which is
 * re-created in tunnel mode with the tun's source; every member loses its
 * inbound-check selector; the groups joined become one. Dangling group
 * records (members gone behind our back) are cleaned. The members must
 * exist and group_chain must accept them (the command checks that first).
 * Reads SNAP_SAS and SNAP_RECORDS.
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
 * The if_id of eroute e's live policies: that of the ipsecN (an XFRM
 * interface) attached to the device that reaches e's peer (eroute_peer),
 * else 0 (they apply to every route). Needs SNAP_ROUTES to see ipsecNs.
 * Eroutes keep the if_id they were given (struct eroute) until tncfg
 * changes the devices (plan_eroutes_retag).
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
 * re-creates a member of (an --addin whose group goes is deleted), and
 * the catch-all inbound policies (plan_catchall_follow). Reads
 * SNAP_RECORDS and SNAP_LOCAL (SNAP_SAS for lone SAs and if_ids).
 */
int plan_eroutes_follow(struct plan *p, const struct snapshot *s);

/*
 * tncfg changes the devices (view: s with the devices as they will be,
 * the SAs' re-creation already in p): every eroute whose if_id
 * (eroute_if_id in view) changes gets its live policies re-made with the
 * new one, and its record updated; then the catch-all policies follow.
 * Reads what plan_eroutes_follow reads, and SNAP_ROUTES.
 */
int plan_eroutes_retag(struct plan *p, const struct snapshot *s, const struct snapshot *view);

/*
 * The catch-all inbound policies (src/planner_catchall.c), after the
 * operations already in p. KLIPS accepted whatever an inbound tunnel
 * group decrypted, with or without an eroute (XFRM drops a tunnel-mode
 * packet no IN/FWD policy matches): for every if_id and family that
 * inbound groups with a folded tun (their destination is ours) have, an
 * IN and a FWD policy for any inner addresses, below every eroute of the
 * band, whose templates are those groups' (any SPI, outer addresses
 * pinned, all optional; with the outer addresses left open when they are
 * more than XFRM's six).
 */
int plan_catchall_follow(struct plan *p, const struct snapshot *s);

/* The priority of the catch-all policies: the lowest precedence of the band. */
uint32_t catchall_priority(void);

/*
 * KLIPS dropped packets to an SA of ours from another source than its
 * --src. XFRM can do that for a transport SA with a state selector, which
 * is matched against the innermost flow: so only ungrouped SAs have one.
 * Fills sel for an SA to a local destination with a source, else zeroes it.
 */
void inbound_selector(struct selector *sel, const struct ip_addr *src,
		      const struct ip_addr *dst, bool local);

/* --- tncfg's ipsecN devices (src/planner_link.c) ---------------------------- */

/*
 * Attach ipsecN (n) to the physical device phys: an XFRM interface with
 * the if_id of ipsecN on phys, or a dummy where the kernel has none
 * (!s->xfrmi). An unattached ipsecN of ours (--create) is made again with
 * the link (XFRM interfaces cannot change theirs). The command checks
 * first that ipsecN is free or ours and unattached. Reads SNAP_LINKS and
 * SNAP_XFRMI.
 */
int plan_attach(struct plan *p, const struct snapshot *s, int n, const struct link *phys);

/* Detach (delete) our ipsecN; nothing if there is none. Reads SNAP_LINKS. */
int plan_detach(struct plan *p, const struct snapshot *s, int n);

/* Detach every ipsecN of ours (tncfg --clear). Reads SNAP_LINKS. */
int plan_detach_all(struct plan *p, const struct snapshot *s);

/*
 * tncfg --create: an unattached ipsecN (XFRM interface without a link, or
 * a dummy), unless a device of that name exists. Reads SNAP_LINKS and
 * SNAP_XFRMI.
 */
int plan_create_dev(struct plan *p, const struct snapshot *s, int n);

/* tncfg --delete: delete our ipsecN, attached or not. Reads SNAP_LINKS. */
int plan_delete_dev(struct plan *p, const struct snapshot *s, int n);

#endif
