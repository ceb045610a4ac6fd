/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A plan is the ordered list of kernel operations one command performs.
 * It is executed as a unit: when an operation fails, the ones already done
 * are undone in reverse order, so a failing command leaves the kernel as it
 * found it. Plans are built by the planner (src/planner.h) and printed by
 * the explainer (src/explain.h).
 */
#ifndef SRC_PLAN_H
#define SRC_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "src/kernel.h"
#include "src/vec.h"

enum op_kind {
	OP_SA_ADD,		/* sa, keys, restore */
	OP_SA_DEL,		/* id; the SA is read back first so it can be undone */
	OP_SA_FLUSH,		/* proto; cannot be undone, so plans put it last */
	OP_RECORD_ADD,		/* rec */
	OP_RECORD_DEL,		/* rec */
	OP_SA_REMODE,		/* id -> mode, src: re-created (XFRM modes are immutable),
				 * keys, counters and replay state kept */
	OP_POLICY_ADD,		/* pol: a new traffic policy */
	OP_POLICY_UPD,		/* pol replaces (or makes) the policy of its key; the
				 * old one is read back first so it can be put back */
	OP_POLICY_DEL,		/* pol (its key): read back first; one already gone
				 * (deleted behind our back) is nothing to do */
	OP_EROUTE_ADD,		/* er: an eroute record */
	OP_EROUTE_UPD,		/* er replaces old_er (same kind and flow) */
	OP_EROUTE_DEL,		/* er */
	OP_RULE_ADD,		/* rule: a routing rule of %reject */
	OP_RULE_DEL,		/* rule; one already gone is nothing to do */
};

struct op {
	enum op_kind kind;
	struct sa_state sa;
	struct sa_keys *keys;	/* owned by the plan; wiped when freed */
	bool restore;
	struct said id;
	uint8_t mode;		/* OP_SA_REMODE: the new mode, */
	struct ip_addr src;	/* source */
	struct selector sel;	/* and selector */
	uint8_t proto;
	struct record rec;
	struct policy pol, old_pol;	/* OP_POLICY_*: old_pol read back when had_old */
	struct eroute er, old_er;
	struct fib_rule rule;
	bool had_old;		/* OP_POLICY_UPD/DEL, OP_RULE_DEL: there was one */
	bool done;
};

struct plan {
	struct vec ops;		/* of struct op, in order */
};

#define PLAN_INIT { .ops = VEC_INIT(struct op) }

/* The number of operations, and operation i. */
static inline size_t plan_len(const struct plan *p)
{
	return p->ops.n;
}

static inline struct op *plan_op(const struct plan *p, size_t i)
{
	return vec_at(&p->ops, i);
}

/* Append a zeroed operation; NULL when out of memory. */
struct op *plan_add(struct plan *p, enum op_kind kind);

/* Allocate keys for op (zeroed); NULL when out of memory. */
struct sa_keys *op_keys(struct op *op);

void plan_free(struct plan *p);

struct plan_failure {
	size_t op;		/* index of the operation that failed */
	int err;		/* its errno (positive) */
	char extack[256];	/* the kernel's explanation, or "" */
	int undo_err;		/* errno of the first failed undo step, 0 if all undone */
};

/*
 * Run every operation. Returns 0, or -errno with *f describing the failure
 * after undoing what was done. debug, if not NULL, gets one line per step.
 */
int plan_execute(struct plan *p, struct kernel *k, struct plan_failure *f,
		 FILE *debug, const char *prog);

#endif
