// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan builders (src/planner.h): SAs, tun SAs, deletes, clears, groups. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "src/group.h"
#include "src/planner.h"

void inbound_selector(struct selector *sel, const struct ip_addr *src,
		      const struct ip_addr *dst, bool local)
{
	memset(sel, 0, sizeof(*sel));
	if (!local || !src->family || addr_is_any(src))
		return;
	sel->src = *src;
	sel->dst = *dst;
	sel->src_len = sel->dst_len = src->family == AF_INET6 ? 128 : 32;
}

static int add_record_del(struct plan *p, const struct record *r)
{
	struct op *op = plan_add(p, OP_RECORD_DEL);

	if (!op)
		return -ENOMEM;
	op->rec = *r;
	return 0;
}

/* --- SAs and tun SAs ------------------------------------------------------- */

int plan_add_sa(struct plan *p, const struct snapshot *s, const struct sa_state *sa,
		const struct sa_keys *keys)
{
	struct op *op = plan_add(p, OP_SA_ADD);

	if (!op || !op_keys(op))
		return -ENOMEM;
	op->sa = *sa;
	if (keys)
		*op->keys = *keys;
	inbound_selector(&op->sa.sel, &sa->src, &sa->id.dst, snapshot_local(s, &sa->id.dst));
	return 0;
}

int plan_add_tun(struct plan *p, const struct said *id, const struct ip_addr *src)
{
	struct op *op = plan_add(p, OP_RECORD_ADD);

	if (!op)
		return -ENOMEM;
	op->rec.kind = RECORD_TUN;
	op->rec.head = *id;
	op->rec.tun_src = *src;
	return 0;
}

static const struct record *find_tun(const struct snapshot *s, const struct said *id)
{
	for (size_t i = 0; i < s->nrecs; i++)
		if (s->recs[i].kind == RECORD_TUN && said_cmp(&s->recs[i].head, id) == 0)
			return &s->recs[i];
	return NULL;
}

/* Delete one member (state or tun record); a missing tun is skipped unless must_exist. */
static int plan_del_member(struct plan *p, const struct snapshot *s, const struct said *id,
			   bool must_exist)
{
	struct op *op;

	if (id->proto == SA_TUN) {
		const struct record *tun = find_tun(s, id);

		if (!tun && !must_exist)
			return 0;
		op = plan_add(p, OP_RECORD_DEL);
		if (!op)
			return -ENOMEM;
		if (tun) {
			op->rec = *tun;
		} else {
			op->rec.kind = RECORD_TUN;
			op->rec.head = *id;
			addr_any(id->dst.family, &op->rec.tun_src);
		}
		return 0;
	}
	op = plan_add(p, OP_SA_DEL);
	if (!op)
		return -ENOMEM;
	op->id = *id;
	return 0;
}

int plan_del(struct plan *p, const struct snapshot *s, const struct said *id)
{
	const struct record *g = group_of(s->recs, s->nrecs, id);
	struct said m[MEMBERS_MAX];
	int cnt, ret = 0;

	if (!g)
		return plan_del_member(p, s, id, true);
	/* Members already gone (but tun members, which are records) are skipped. */
	cnt = record_members(g, m);
	for (int i = 0; !ret && i < cnt; i++) {
		bool self = said_cmp(&m[i], id) == 0;

		if (self || m[i].proto == SA_TUN || snapshot_find(s, &m[i]))
			ret = plan_del_member(p, s, &m[i], self);
	}
	if (!ret)
		ret = add_record_del(p, g);
	return ret ? ret : plan_eroutes_follow(p, s);
}

/* --- --clear ---------------------------------------------------------------- */

static bool proto_selected(uint8_t proto, uint8_t filter)
{
	return !filter || proto == filter;
}

/* Mark the members of the chains that lose an SA, and plan their records' deletion. */
static int doom_chains(struct plan *p, const struct snapshot *s, bool *doomed)
{
	for (size_t g = 0; g < s->nrecs; g++) {
		struct said m[MEMBERS_MAX];
		int cnt, hit = 0, missing = 0;

		if (s->recs[g].kind != RECORD_GROUP)
			continue;
		cnt = record_members(&s->recs[g], m);
		for (int j = 0; j < cnt; j++) {
			const struct entry *e = snapshot_find(s, &m[j]);

			if (!e)
				missing++;
			else if (doomed[e - s->entries])
				hit++;
		}
		if (!hit && !missing)
			continue;
		for (int j = 0; j < cnt; j++) {
			const struct entry *e = snapshot_find(s, &m[j]);

			if (e)
				doomed[e - s->entries] = true;
		}
		if (add_record_del(p, &s->recs[g]))
			return -ENOMEM;
	}
	return 0;
}

int plan_clear(struct plan *p, const struct snapshot *s, uint8_t proto)
{
	bool *doomed = calloc(s->nentries + 1, sizeof(*doomed));
	struct op *op;
	int ret;

	if (!doomed)
		return -ENOMEM;
	for (size_t i = 0; i < s->nentries; i++)
		doomed[i] = proto_selected(s->entries[i].id->proto, proto);
	/* Whole chains go, and dangling group records too. */
	ret = doom_chains(p, s, doomed);
	for (size_t i = 0; !ret && i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];

		if (!doomed[i])
			continue;
		if (e->tun) {
			ret = add_record_del(p, e->tun);
		} else if (!proto_selected(e->id->proto, proto)) {
			/* The flush below takes the selected protocol's SAs. */
			if (!(op = plan_add(p, OP_SA_DEL)))
				ret = -ENOMEM;
			else
				op->id = *e->id;
		}
	}
	/* Eroutes stay (as KLIPS kept them); those into a doomed group drop. */
	if (!ret)
		ret = plan_eroutes_follow(p, s);
	if (!ret && proto != SA_TUN) {
		if (!(op = plan_add(p, OP_SA_FLUSH)))
			ret = -ENOMEM;
		else
			op->proto = proto;
	}
	free(doomed);
	return ret;
}

/* --- groups ------------------------------------------------------------------- */

/* Delete the group records (but keep) that lost a member behind our back. */
static int gc_dangling(struct plan *p, const struct snapshot *s, const struct record *keep)
{
	for (size_t i = 0; i < s->nrecs; i++) {
		if (s->recs[i].kind != RECORD_GROUP || &s->recs[i] == keep ||
		    !group_dangling(s, &s->recs[i]))
			continue;
		if (add_record_del(p, &s->recs[i]))
			return -ENOMEM;
	}
	return 0;
}

static bool same_selector(const struct selector *x, const struct selector *y)
{
	return x->src_len == y->src_len && x->dst_len == y->dst_len &&
	       addr_equal(&x->src, &y->src) && addr_equal(&x->dst, &y->dst);
}

/* Re-create member e in mode/src/sel unless it already is like that. */
static int remode_if_needed(struct plan *p, const struct entry *e, uint8_t mode,
			    const struct ip_addr *src, const struct selector *sel)
{
	struct op *op;

	if (e->sa->mode == mode && addr_equal(&e->sa->src, src) && same_selector(&e->sa->sel, sel))
		return 0;
	op = plan_add(p, OP_SA_REMODE);
	if (!op)
		return -ENOMEM;
	op->id = *e->id;
	op->mode = mode;
	op->src = *src;
	op->sel = *sel;
	return 0;
}

int plan_group(struct plan *p, const struct snapshot *s, const struct said *ids, int n)
{
	struct record g = { .kind = RECORD_GROUP, .head = ids[0] };
	const struct selector none = { 0 };
	struct op *rec;

	for (int i = 0; i < n; i++) {
		const struct entry *e = snapshot_find(s, &ids[i]);
		const struct entry *tun = i > 0 && ids[i - 1].proto == SA_TUN ?
					  snapshot_find(s, &ids[i - 1]) : NULL;
		struct tmpl *t;

		if (ids[i].proto == SA_TUN)
			continue;
		if (!e || !e->sa || (i > 0 && ids[i - 1].proto == SA_TUN && (!tun || !tun->tun)) ||
		    g.ntmpl == TMPL_MAX)
			return -ENOENT;
		t = &g.tmpl[g.ntmpl++];
		t->id = ids[i];
		t->mode = tun ? SA_MODE_TUNNEL : e->sa->mode;
		t->src = tun ? tun->tun->tun_src : e->sa->src;
		t->tun_spi = tun ? tun->id->spi : 0;
		if (remode_if_needed(p, e, t->mode, &t->src, &none))
			return -ENOMEM;
		if (t->mode != SA_MODE_TUNNEL)
			memset(&t->src, 0, sizeof(t->src));
	}
	if (!(rec = plan_add(p, OP_RECORD_ADD)))
		return -ENOMEM;
	rec->rec = g;
	if (gc_dangling(p, s, NULL))
		return -ENOMEM;
	return plan_eroutes_follow(p, s);
}

int plan_ungroup(struct plan *p, const struct snapshot *s, const struct said *id)
{
	const struct record *g = group_of(s->recs, s->nrecs, id);

	if (!g)
		return gc_dangling(p, s, NULL) ? -ENOMEM : plan_eroutes_follow(p, s);
	for (int i = 0; i < g->ntmpl; i++) {
		const struct tmpl *t = &g->tmpl[i];
		const struct entry *e = snapshot_find(s, &t->id);
		uint8_t mode;
		struct selector sel;

		if (!e || !e->sa)
			continue;
		mode = t->tun_spi ? SA_MODE_TRANSPORT : e->sa->mode;
		memset(&sel, 0, sizeof(sel));
		if (mode == SA_MODE_TRANSPORT)
			inbound_selector(&sel, &e->sa->src, &t->id.dst, e->local);
		if (remode_if_needed(p, e, mode, &e->sa->src, &sel))
			return -ENOMEM;
	}
	if (add_record_del(p, g) || gc_dangling(p, s, g))
		return -ENOMEM;
	return plan_eroutes_follow(p, s);
}
