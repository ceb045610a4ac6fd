// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The eroute plan builders (src/planner.h): an eroute becomes its record
 * and the live policies the record owns; a change of groups rebuilds the
 * live policies of the eroutes that send traffic into them, and the
 * catch-all inbound policies (src/planner_catchall.c).
 *
 * What an eroute makes live:
 * - outbound (--add): an OUT policy for the flow. Its templates are the
 *   group's bundle with the SPIs pinned (reqid 0), or one template for a
 *   lone SA; %pass allows without templates, %drop %reject %hold and
 *   unknown int SPIs block, %trap %trapsubnet have one template no state
 *   can match (the kernel asks IKE daemons with an ACQUIRE). An eroute to a
 *   tun SA that is in no group (yet) blocks. For a group with a folded tun,
 *   IN and FWD policies for the reversed flow accept what comes back
 *   through the peer's tunnel (every template optional: cleartext is
 *   accepted, as KLIPS did) unless an --addin names that flow.
 * - inbound (--addin): IN and FWD policies for the flow with the group's
 *   templates, SPIs pinned, optional.
 * - %reject: also a routing rule `prohibit` for the flow: the sender of a
 *   forwarded packet gets ICMP admin-prohibited, as from KLIPS.
 * - the first outbound eroute: allow policies for UDP from ports 500 and
 *   4500 (IKE, as KLIPS let it through every eroute) at the top of the
 *   band, with a marker record; the last one takes them away.
 *
 * Priorities follow KLIPS' radix tree: a flow inside another wins over it
 * whatever the order they were added in. They sit in one band whose base
 * is a setting ($KLIPS_EROUTE_PRIORITY, default 0x10000000): far above the
 * numbers strongSwan (PRIO_BASE 200000) and libreswan use, so their
 * policies win where they overlap ours.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "src/planner.h"
#include "src/planner_eroute_priv.h"
#include "src/setting.h"

#define PRIORITY_BASE_DEFAULT 0x10000000u
#define BAND_TOP 16u			/* priorities base .. base+15: the IKE bypass */
#define BAND_SIZE (1u << 18)		/* every specificity of an IPv6 selector */
#define RULE_PREF_DEFAULT 100u		/* after the local table (0), before main (32766) */
#define IKE_PORT 500
#define NATT_PORT 4500

enum { SPI_PASS = 256, SPI_DROP, SPI_REJECT, SPI_HOLD, SPI_TRAP, SPI_TRAPSUBNET };

static uint32_t band_base(void)
{
	return setting_u32("KLIPS_EROUTE_PRIORITY", PRIORITY_BASE_DEFAULT,
			   UINT32_MAX - BAND_TOP - BAND_SIZE);
}

uint32_t eroute_priority(const struct selector *sel)
{
	uint32_t spec = (uint32_t)sel->src_len * 129 + sel->dst_len;

	spec = spec * 2 + (sel->proto != 0);
	spec = spec * 2 + (sel->sport_mask != 0);
	spec = spec * 2 + (sel->dport_mask != 0);
	return band_base() + BAND_TOP + (BAND_SIZE - 1 - spec);
}

/* Below every eroute of the band (plan_catchall_follow, src/planner_catchall.c). */
uint32_t catchall_priority(void)
{
	return band_base() + BAND_TOP + BAND_SIZE;
}

uint32_t eroute_if_id(const struct snapshot *s, const struct eroute *e)
{
	return e->kind == ER_MARK ? 0 : snapshot_ifid(s, eroute_peer(e));
}

static int selector_family(const struct selector *s)
{
	return s->dst.family ? s->dst.family : s->src.family;
}

static struct selector reversed(const struct selector *s)
{
	struct selector r = *s;

	r.src = s->dst;
	r.dst = s->src;
	r.src_len = s->dst_len;
	r.dst_len = s->src_len;
	r.sport = s->dport;
	r.dport = s->sport;
	r.sport_mask = s->dport_mask;
	r.dport_mask = s->sport_mask;
	return r;
}

static bool has_tunnel(const struct bundle *b)
{
	for (int i = 0; i < b->n; i++)
		if (b->t[i].mode == SA_MODE_TUNNEL)
			return true;
	return false;
}

/*
 * The templates that send traffic to said: its group's, SPIs pinned, or
 * the lone SA's. False when there are none (a tun SA in no group).
 */
static bool out_bundle(const struct view *v, const struct said *said, struct bundle *b)
{
	const struct record *g = view_group(v, said);

	memset(b, 0, sizeof(*b));
	if (g) {
		for (int i = 0; i < g->ntmpl; i++) {
			b->t[i].id = g->tmpl[i].id;
			b->t[i].src = g->tmpl[i].src;
			b->t[i].mode = g->tmpl[i].mode;
			if (b->t[i].mode != SA_MODE_TUNNEL)
				addr_any(b->t[i].id.dst.family, &b->t[i].src);
		}
		b->n = g->ntmpl;
		return true;
	}
	if (said->proto == SA_TUN)
		return false;
	/* A lone SA, or one that does not exist (yet): its packets are
	 * dropped until it does, as KLIPS did. */
	b->n = 1;
	b->t[0].id = *said;
	b->t[0].mode = view_mode(v, said, &b->t[0].src);
	if (b->t[0].mode != SA_MODE_TUNNEL)
		addr_any(said->dst.family, &b->t[0].src);
	return true;
}

/* The same templates seen from the other end: outer addresses swapped, any SPI, optional. */
static void mirrored(const struct bundle *out, struct bundle *in)
{
	*in = *out;
	for (int i = 0; i < in->n; i++) {
		struct bundle_tmpl *t = &in->t[i];

		t->id.spi = 0;
		t->optional = true;
		if (t->mode == SA_MODE_TUNNEL) {
			t->id.dst = out->t[i].src;
			t->src = out->t[i].id.dst;
		} else {
			addr_any(t->id.dst.family, &t->id.dst);
			addr_any(t->id.dst.family, &t->src);
		}
	}
}

/* --- what an eroute makes live ------------------------------------------------ */

/* An eroute's live policies and the rule of %reject. */
struct live {
	struct policy pol[3];
	int n;
	bool reject;
	uint32_t owns;
};

static void live_policy(struct live *l, const struct selector *sel, uint8_t dir, uint8_t action,
			uint32_t if_id, const struct bundle *b)
{
	struct policy *p = &l->pol[l->n++];

	memset(p, 0, sizeof(*p));
	p->sel = *sel;
	p->dir = dir;
	p->action = action;
	p->priority = eroute_priority(sel);
	p->if_id = if_id;
	if (b)
		p->tmpl = *b;
}

/* The %trap template: ESP in transport mode to nowhere, which no SA has. */
static void trap_bundle(const struct selector *sel, struct bundle *b)
{
	memset(b, 0, sizeof(*b));
	b->n = 1;
	b->t[0].id.proto = SA_ESP;
	addr_any(selector_family(sel), &b->t[0].id.dst);
	addr_any(selector_family(sel), &b->t[0].src);
	b->t[0].mode = SA_MODE_TRANSPORT;
}

static void live_out(const struct view *v, const struct eroute *e, struct live *l)
{
	uint32_t if_id = e->if_id;
	struct bundle b;

	if (e->said.proto == SA_INT) {
		switch (e->said.spi) {
		case SPI_PASS:
			live_policy(l, &e->sel, POLICY_OUT, POLICY_ALLOW, if_id, NULL);
			return;
		case SPI_TRAP:
		case SPI_TRAPSUBNET:
			trap_bundle(&e->sel, &b);
			live_policy(l, &e->sel, POLICY_OUT, POLICY_ALLOW, if_id, &b);
			return;
		case SPI_REJECT:
			l->reject = true;
			l->owns |= ER_OWNS_REJECT;
			break;
		}
		live_policy(l, &e->sel, POLICY_OUT, POLICY_BLOCK, if_id, NULL);
		return;
	}
	if (!out_bundle(v, &e->said, &b)) {
		live_policy(l, &e->sel, POLICY_OUT, POLICY_BLOCK, if_id, NULL);
		return;
	}
	live_policy(l, &e->sel, POLICY_OUT, POLICY_ALLOW, if_id, &b);
	if (has_tunnel(&b)) {
		struct selector back = reversed(&e->sel);
		struct bundle in;

		if (snapshot_eroute(v->s, ER_IN, &back))
			return;		/* an --addin said how */
		mirrored(&b, &in);
		live_policy(l, &back, POLICY_IN, POLICY_ALLOW, if_id, &in);
		live_policy(l, &back, POLICY_FWD, POLICY_ALLOW, if_id, &in);
		l->owns |= ER_OWNS_INBOUND;
	}
}

/* The templates that accept traffic from the group said is in: pinned, optional. */
static bool in_bundle(const struct view *v, const struct said *said, struct bundle *b)
{
	const struct record *g = view_group_of(v, said);

	memset(b, 0, sizeof(*b));
	if (!g)
		return false;
	for (int i = 0; i < g->ntmpl; i++) {
		b->t[i].id = g->tmpl[i].id;
		b->t[i].src = g->tmpl[i].src;
		b->t[i].mode = g->tmpl[i].mode;
		b->t[i].optional = true;
		if (b->t[i].mode != SA_MODE_TUNNEL)
			addr_any(b->t[i].id.dst.family, &b->t[i].src);
	}
	b->n = g->ntmpl;
	return has_tunnel(b);
}

/*
 * What e makes live in view v, with e's if_id; false for an --addin whose
 * group is gone.
 */
static bool live_of(const struct view *v, const struct eroute *e, struct live *l)
{
	uint32_t if_id = e->if_id;
	struct bundle b;

	memset(l, 0, sizeof(*l));
	if (e->kind == ER_OUT) {
		live_out(v, e, l);
		return true;
	}
	if (e->kind != ER_IN || !in_bundle(v, &e->said, &b))
		return false;
	live_policy(l, &e->sel, POLICY_IN, POLICY_ALLOW, if_id, &b);
	live_policy(l, &e->sel, POLICY_FWD, POLICY_ALLOW, if_id, &b);
	return true;
}

bool eroute_inbound_group(const struct snapshot *s, const struct said *said)
{
	const struct view v = { s, NULL };
	struct bundle b;

	return in_bundle(&v, said, &b);
}

/* What a record says it owns, for deleting it: the live set of its kind, keys only. */
static void live_owned(const struct eroute *e, struct live *l)
{
	memset(l, 0, sizeof(*l));
	if (e->kind == ER_OUT) {
		live_policy(l, &e->sel, POLICY_OUT, POLICY_BLOCK, e->if_id, NULL);
		if (e->owns & ER_OWNS_INBOUND) {
			struct selector back = reversed(&e->sel);

			live_policy(l, &back, POLICY_IN, POLICY_ALLOW, e->if_id, NULL);
			live_policy(l, &back, POLICY_FWD, POLICY_ALLOW, e->if_id, NULL);
		}
		l->reject = e->owns & ER_OWNS_REJECT;
	} else if (e->kind == ER_IN) {
		live_policy(l, &e->sel, POLICY_IN, POLICY_ALLOW, e->if_id, NULL);
		live_policy(l, &e->sel, POLICY_FWD, POLICY_ALLOW, e->if_id, NULL);
	}
}

/* --- operations ----------------------------------------------------------------- */

int add_policy_op(struct plan *p, enum op_kind kind, const struct policy *pol)
{
	struct op *op = plan_add(p, kind);

	if (!op)
		return -ENOMEM;
	op->pol = *pol;
	return 0;
}

static int add_eroute_op(struct plan *p, enum op_kind kind, const struct eroute *e,
			 const struct eroute *old)
{
	struct op *op = plan_add(p, kind);

	if (!op)
		return -ENOMEM;
	op->er = *e;
	if (old)
		op->old_er = *old;
	return 0;
}

static int add_rule_op(struct plan *p, enum op_kind kind, const struct selector *sel)
{
	struct op *op = plan_add(p, kind);

	if (!op)
		return -ENOMEM;
	op->rule.sel = *sel;
	op->rule.pref = setting_u32("KLIPS_REJECT_RULE_PREF", RULE_PREF_DEFAULT, 32765);
	return 0;
}

static bool same_key(const struct policy *x, const struct policy *y)
{
	return x->dir == y->dir && x->if_id == y->if_id && selector_equal(&x->sel, &y->sel);
}

static bool same_policy(const struct policy *x, const struct policy *y)
{
	return same_key(x, y) && x->action == y->action && x->priority == y->priority &&
	       memcmp(&x->tmpl, &y->tmpl, sizeof(x->tmpl)) == 0;
}

/*
 * From what was live (old, NULL: nothing) to what is to be (new): policies
 * of the same key are updated (only when they differ, with diff_only),
 * new ones added, gone ones deleted; the rule follows.
 */
static int plan_live_change(struct plan *p, const struct live *old, const struct live *new,
			    const struct selector *sel, bool diff_only)
{
	int ret = 0;

	for (int i = 0; !ret && i < new->n; i++) {
		const struct policy *was = NULL;

		for (int j = 0; old && j < old->n && !was; j++)
			if (same_key(&old->pol[j], &new->pol[i]))
				was = &old->pol[j];
		if (!was)
			ret = add_policy_op(p, OP_POLICY_ADD, &new->pol[i]);
		else if (!diff_only || !same_policy(was, &new->pol[i]))
			ret = add_policy_op(p, OP_POLICY_UPD, &new->pol[i]);
	}
	for (int j = 0; !ret && old && j < old->n; j++) {
		bool kept = false;

		for (int i = 0; i < new->n && !kept; i++)
			kept = same_key(&old->pol[j], &new->pol[i]);
		if (!kept)
			ret = add_policy_op(p, OP_POLICY_DEL, &old->pol[j]);
	}
	if (!ret && new->reject && !(old && old->reject))
		ret = add_rule_op(p, OP_RULE_ADD, sel);
	if (!ret && old && old->reject && !new->reject)
		ret = add_rule_op(p, OP_RULE_DEL, sel);
	return ret;
}

/* --- the IKE bypass ------------------------------------------------------------------ */

static struct eroute bypass_marker(void)
{
	struct eroute m = { .kind = ER_MARK };

	addr_any(AF_INET, &m.sel.src);
	addr_any(AF_INET, &m.sel.dst);
	m.sel.proto = 17;
	return m;
}

static const struct eroute *find_marker(const struct snapshot *s)
{
	struct eroute m = bypass_marker();

	return snapshot_eroute(s, ER_MARK, &m.sel);
}

/* UDP from port 500 and 4500, both families, allowed at the top of the band. */
static int plan_bypass(struct plan *p, enum op_kind kind)
{
	static const int families[] = { AF_INET, AF_INET6 };
	static const uint16_t ports[] = { IKE_PORT, NATT_PORT };
	struct eroute m = bypass_marker();
	int ret = 0;

	if (kind == OP_POLICY_ADD)
		ret = add_eroute_op(p, OP_EROUTE_ADD, &m, NULL);
	for (size_t f = 0; !ret && f < 2; f++) {
		for (size_t i = 0; !ret && i < 2; i++) {
			struct policy pol = { .dir = POLICY_OUT, .action = POLICY_ALLOW };

			addr_any(families[f], &pol.sel.src);
			addr_any(families[f], &pol.sel.dst);
			pol.sel.proto = 17;
			pol.sel.sport = ports[i];
			pol.sel.sport_mask = 0xffff;
			pol.priority = band_base();
			ret = add_policy_op(p, kind, &pol);
		}
	}
	if (!ret && kind == OP_POLICY_DEL)
		ret = add_eroute_op(p, OP_EROUTE_DEL, &m, NULL);
	return ret;
}

static size_t count_out(const struct snapshot *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->neroutes; i++)
		n += s->eroutes[i].kind == ER_OUT;
	return n;
}

/* --- the builders ------------------------------------------------------------------- */

static int plan_eroute_remove(struct plan *p, const struct eroute *rec)
{
	struct live owned;
	int ret;

	live_owned(rec, &owned);
	ret = plan_live_change(p, &owned, &(struct live){ .n = 0 }, &rec->sel, false);
	return ret ? ret : add_eroute_op(p, OP_EROUTE_DEL, rec, NULL);
}

/*
 * An --addin takes over the IN and FWD policies an eroute made for its
 * flow implicitly: the eroute's record stops owning them, and *was gets
 * their keys so that they are updated rather than added.
 */
static int take_over_inbound(struct plan *p, const struct snapshot *s, const struct eroute *in,
			     struct live *was)
{
	struct selector out = reversed(&in->sel);
	const struct eroute *e = snapshot_eroute(s, ER_OUT, &out);
	struct eroute changed;

	if (!e || !(e->owns & ER_OWNS_INBOUND))
		return 0;
	live_policy(was, &in->sel, POLICY_IN, POLICY_ALLOW, e->if_id, NULL);
	live_policy(was, &in->sel, POLICY_FWD, POLICY_ALLOW, e->if_id, NULL);
	changed = *e;
	changed.owns &= ~ER_OWNS_INBOUND;
	return add_eroute_op(p, OP_EROUTE_UPD, &changed, e);
}

/* KLIPS kept one inbound policy per IPIP SA: a new one replaces the SA's other. */
static int drop_other_inbound(struct plan *p, const struct snapshot *s, const struct eroute *in)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < s->neroutes; i++) {
		const struct eroute *o = &s->eroutes[i];

		if (o->kind == ER_IN && said_cmp(&o->said, &in->said) == 0 &&
		    !selector_equal(&o->sel, &in->sel))
			ret = plan_eroute_remove(p, o);
	}
	return ret;
}

int plan_eroute_add(struct plan *p, const struct snapshot *s, const struct eroute *e,
		    bool replace)
{
	const struct view v = { s, NULL };
	const struct eroute *old = replace || e->kind == ER_IN ?
				   snapshot_eroute(s, e->kind, &e->sel) : NULL;
	struct live was = { .n = 0 }, now;
	struct eroute rec = *e;
	int ret = 0;

	rec.if_id = eroute_if_id(s, e);
	if (!live_of(&v, &rec, &now))
		return -ENOENT;
	rec.owns = now.owns;
	if (old)
		live_owned(old, &was);
	if (e->kind == ER_IN) {
		ret = drop_other_inbound(p, s, e);
		if (!ret && !old)
			ret = take_over_inbound(p, s, e, &was);
	}
	if (!ret)
		ret = old ? add_eroute_op(p, OP_EROUTE_UPD, &rec, old) :
			    add_eroute_op(p, OP_EROUTE_ADD, &rec, NULL);
	if (!ret && e->kind == ER_OUT && !find_marker(s))
		ret = plan_bypass(p, OP_POLICY_ADD);
	if (!ret)
		ret = plan_live_change(p, &was, &now, &e->sel, false);
	return ret;
}

int plan_eroute_del(struct plan *p, const struct snapshot *s, const struct eroute *e)
{
	const struct eroute *rec = snapshot_eroute(s, e->kind, &e->sel);
	int ret;

	if (!rec)
		return -ENOENT;
	ret = plan_eroute_remove(p, rec);
	if (!ret && rec->kind == ER_OUT && count_out(s) == 1 && find_marker(s))
		ret = plan_bypass(p, OP_POLICY_DEL);
	return ret;
}

int plan_eroute_clear(struct plan *p, const struct snapshot *s)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < s->neroutes; i++)
		if (s->eroutes[i].kind == ER_OUT)
			ret = plan_eroute_remove(p, &s->eroutes[i]);
	if (!ret && find_marker(s))
		ret = plan_bypass(p, OP_POLICY_DEL);
	return ret;
}

/* --- following group changes ------------------------------------------------------- */

/* True when the plan adds or deletes the group of id, or re-creates id. */
static bool touched(const struct plan *p, const struct said *id)
{
	for (size_t i = 0; i < plan_len(p); i++) {
		const struct op *op = plan_op(p, i);

		if ((op->kind == OP_SA_REMODE && said_cmp(&op->id, id) == 0) || group_op_has(op, id))
			return true;
	}
	return false;
}

int plan_eroutes_follow(struct plan *p, const struct snapshot *s)
{
	const struct view before = { s, NULL }, after = { s, p };
	int ret = 0;

	for (size_t i = 0; !ret && i < s->neroutes; i++) {
		const struct eroute *e = &s->eroutes[i];
		struct live was, now;
		struct eroute rec = *e;

		if (e->kind == ER_MARK || e->said.proto == SA_INT)
			continue;
		if (!touched(p, &e->said))
			continue;
		if (!live_of(&before, e, &was))
			live_owned(e, &was);
		if (!live_of(&after, e, &now)) {
			/* An --addin's group is gone, and its inbound policy with it. */
			ret = plan_eroute_remove(p, e);
			continue;
		}
		ret = plan_live_change(p, &was, &now, &e->sel, true);
		rec.owns = now.owns;
		if (!ret && rec.owns != e->owns)
			ret = add_eroute_op(p, OP_EROUTE_UPD, &rec, e);
	}
	return ret ? ret : plan_catchall_follow(p, s);
}

int plan_eroutes_retag(struct plan *p, const struct snapshot *s, const struct snapshot *view)
{
	const struct view after = { view, p };
	int ret = 0;

	for (size_t i = 0; !ret && i < s->neroutes; i++) {
		const struct eroute *e = &s->eroutes[i];
		struct eroute rec = *e;
		struct live was, now;

		if (e->kind == ER_MARK)
			continue;
		rec.if_id = eroute_if_id(view, e);
		if (rec.if_id == e->if_id)
			continue;
		live_owned(e, &was);
		if (!live_of(&after, &rec, &now))
			continue;	/* an --addin whose group is gone: spigrp's business */
		ret = plan_live_change(p, &was, &now, &e->sel, false);
		rec.owns = now.owns;
		if (!ret)
			ret = add_eroute_op(p, OP_EROUTE_UPD, &rec, e);
	}
	return ret ? ret : plan_catchall_follow(p, s);
}
