/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the eroute plan builders (src/planner_eroute.c) and the catch-all
 * (src/planner_catchall.c) share; private to the two.
 */
#ifndef SRC_PLANNER_EROUTE_PRIV_H
#define SRC_PLANNER_EROUTE_PRIV_H

#include "src/planner.h"

/* A snapshot and the changes of groups and SAs a plan makes to it (p may be NULL). */
struct view {
	const struct snapshot *s;
	const struct plan *p;
};

/* The group record headed by head after the plan, or NULL. */
const struct record *view_group(const struct view *v, const struct said *head);

/* Append an operation of kind on pol to p: 0 or -ENOMEM. */
int add_policy_op(struct plan *p, enum op_kind kind, const struct policy *pol);

#endif
