// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The groups and SAs as they will be after a plan (struct view,
 * src/planner_eroute_priv.h): a snapshot and the operations already
 * planned, read by the eroute builders and the catch-all.
 */
#include "src/group.h"
#include "src/planner.h"
#include "src/planner_eroute_priv.h"

/* The group record headed by head after the plan, or NULL. */
const struct record *view_group(const struct view *v, const struct said *head)
{
	for (size_t i = v->p ? plan_len(v->p) : 0; i-- > 0;) {
		const struct op *op = plan_op(v->p, i);

		if ((op->kind != OP_RECORD_ADD && op->kind != OP_RECORD_DEL) ||
		    op->rec.kind != RECORD_GROUP || said_cmp(&op->rec.head, head))
			continue;
		return op->kind == OP_RECORD_ADD ? &op->rec : NULL;
	}
	for (size_t i = 0; i < v->s->nrecs; i++)
		if (v->s->recs[i].kind == RECORD_GROUP && said_cmp(&v->s->recs[i].head, head) == 0)
			return &v->s->recs[i];
	return NULL;
}

/* True when op adds or deletes a group record that has id as a member. */
bool group_op_has(const struct op *op, const struct said *id)
{
	struct said m[MEMBERS_MAX];
	int n;

	if ((op->kind != OP_RECORD_ADD && op->kind != OP_RECORD_DEL) || op->rec.kind != RECORD_GROUP)
		return false;
	n = record_members(&op->rec, m);
	for (int j = 0; j < n; j++)
		if (said_cmp(&m[j], id) == 0)
			return true;
	return false;
}

/* The group record that has id as a member after the plan, or NULL. */
const struct record *view_group_of(const struct view *v, const struct said *id)
{
	const struct record *g = group_of(v->s->recs, v->s->nrecs, id);

	for (size_t i = v->p ? plan_len(v->p) : 0; i-- > 0;) {
		const struct op *op = plan_op(v->p, i);

		if (group_op_has(op, id))
			return op->kind == OP_RECORD_ADD ? &op->rec : NULL;
	}
	return g ? view_group(v, &g->head) : NULL;
}

/* The mode lone SA id will have after the plan. */
uint8_t view_mode(const struct view *v, const struct said *id, struct ip_addr *src)
{
	const struct entry *e = snapshot_find(v->s, id);
	uint8_t mode = e && e->sa ? e->sa->mode : SA_MODE_TRANSPORT;

	if (e && e->sa)
		*src = e->sa->src;
	for (size_t i = 0; v->p && i < plan_len(v->p); i++) {
		const struct op *op = plan_op(v->p, i);

		if (op->kind == OP_SA_REMODE && said_cmp(&op->id, id) == 0) {
			mode = op->mode;
			*src = op->src;
		}
	}
	return mode;
}

/* The if_id SA id will have after the plan (0 when it is not there). */
uint32_t view_ifid(const struct view *v, const struct said *id)
{
	const struct entry *e = snapshot_find(v->s, id);
	uint32_t if_id = e && e->sa ? e->sa->if_id : 0;

	for (size_t i = 0; v->p && i < plan_len(v->p); i++) {
		const struct op *op = plan_op(v->p, i);

		if (op->kind == OP_SA_REMODE && said_cmp(&op->id, id) == 0)
			if_id = op->if_id;
		else if (op->kind == OP_SA_ADD && said_cmp(&op->sa.id, id) == 0)
			if_id = op->sa.if_id;
	}
	return if_id;
}

/* Every group record in view v: the snapshot's and those p adds (heads, deduplicated). */
size_t view_groups(const struct view *v, const struct record **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < v->s->nrecs + (v->p ? plan_len(v->p) : 0); i++) {
		const struct record *r;
		const struct said *head;
		bool seen = false;

		if (i < v->s->nrecs) {
			if (v->s->recs[i].kind != RECORD_GROUP)
				continue;
			head = &v->s->recs[i].head;
		} else {
			const struct op *op = plan_op(v->p, i - v->s->nrecs);

			if (op->kind != OP_RECORD_ADD || op->rec.kind != RECORD_GROUP)
				continue;
			head = &op->rec.head;
		}
		if (!(r = view_group(v, head)))
			continue;
		for (size_t j = 0; j < n && !seen; j++)
			seen = out[j] == r;
		if (!seen && n < max)
			out[n++] = r;
	}
	return n;
}
