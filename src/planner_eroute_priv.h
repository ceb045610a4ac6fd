/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the eroute plan builders (src/planner_eroute.c) and the catch-all
 * (src/planner_catchall.c) share: the view of the groups and SAs after a
 * plan (src/planner_view.c), and adding a policy operation. Private to
 * the planner.
 */
#ifndef SRC_PLANNER_EROUTE_PRIV_H
#define SRC_PLANNER_EROUTE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/planner.h"

/* A snapshot and the changes of groups and SAs a plan makes to it (p may be NULL). */
struct view {
	const struct snapshot *s;
	const struct plan *p;
};

/* The group record headed by head after the plan, or NULL. */
const struct record *view_group(const struct view *v, const struct said *head);

/* True when op adds or deletes a group record that has id as a member. */
bool group_op_has(const struct op *op, const struct said *id);

/* The group record that has id as a member after the plan, or NULL. */
const struct record *view_group_of(const struct view *v, const struct said *id);

/* The mode lone SA id will have after the plan (and its source in *src). */
uint8_t view_mode(const struct view *v, const struct said *id, struct ip_addr *src);

/* The if_id SA id will have after the plan (0 when it is not there). */
uint32_t view_ifid(const struct view *v, const struct said *id);

/* Every group record in view v: the snapshot's and those p adds (heads, deduplicated). */
size_t view_groups(const struct view *v, const struct record **out, size_t max);

/* Append an operation of kind on pol to p: 0 or -ENOMEM. */
int add_policy_op(struct plan *p, enum op_kind kind, const struct policy *pol);

#endif
