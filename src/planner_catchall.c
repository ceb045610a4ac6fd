// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The catch-all inbound policies (plan_catchall_follow, src/planner.h):
 * what XFRM needs to accept, as KLIPS did, whatever an inbound tunnel
 * group decrypted, with or without an eroute. The eroute plan builders
 * (src/planner_eroute.c) call it after every change of groups.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "src/planner.h"
#include "src/planner_eroute_priv.h"

/* One (if_id, family) of the catch-all and its templates. */
struct catchall {
	uint32_t if_id;
	int family;
	bool present;
	struct bundle b;
};

/*
 * The tunnel template of g when g is an inbound group with a folded tun
 * (its outer destination is ours), else NULL.
 */
static const struct tmpl *inbound_tunnel(const struct view *v, const struct record *g)
{
	for (int i = 0; i < g->ntmpl; i++)
		if (g->tmpl[i].mode == SA_MODE_TUNNEL)
			return snapshot_local(v->s, &g->tmpl[i].id.dst) ? &g->tmpl[i] : NULL;
	return NULL;
}

/* Template t unless b has it already; false when b is full. */
static bool bundle_add(struct bundle *b, const struct bundle_tmpl *t)
{
	for (int i = 0; i < b->n; i++)
		if (memcmp(&b->t[i], t, sizeof(*t)) == 0)
			return true;
	if (b->n == TMPL_MAX)
		return false;
	b->t[b->n++] = *t;
	return true;
}

/* g's templates as the catch-all has them; open: outer addresses left open. */
static bool add_group_tmpls(struct bundle *b, const struct record *g, bool open)
{
	for (int i = 0; i < g->ntmpl; i++) {
		struct bundle_tmpl t;
		int family = g->tmpl[i].id.dst.family;

		memset(&t, 0, sizeof(t));
		t.id.proto = g->tmpl[i].id.proto;
		t.id.dst = g->tmpl[i].id.dst;
		t.src = g->tmpl[i].src;
		t.mode = g->tmpl[i].mode;
		t.optional = true;
		if (t.mode != SA_MODE_TUNNEL && open)
			continue;	/* the kernel skips optional transport templates */
		if (t.mode != SA_MODE_TUNNEL || open) {
			addr_any(family, &t.id.dst);
			addr_any(family, &t.src);
		}
		if (!bundle_add(b, &t))
			return false;
	}
	return true;
}

/* The catch-all of c->if_id and c->family in view v (c->present: there is one). */
static void catchall_of(const struct view *v, const struct record *const *gs, size_t ng,
			struct catchall *c)
{
	bool fits = true;

	memset(&c->b, 0, sizeof(c->b));
	c->present = false;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ng; i++) {
			const struct tmpl *t = inbound_tunnel(v, gs[i]);

			if (!t || t->id.dst.family != c->family || view_ifid(v, &t->id) != c->if_id)
				continue;
			c->present = true;
			fits = fits && add_group_tmpls(&c->b, gs[i], pass == 1);
		}
		if (fits)
			return;
		/* More than XFRM takes: the outer addresses left open. */
		memset(&c->b, 0, sizeof(c->b));
		fits = true;
	}
}

static void catchall_policy(const struct catchall *c, uint8_t dir, struct policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	addr_any(c->family, &pol->sel.src);
	addr_any(c->family, &pol->sel.dst);
	pol->dir = dir;
	pol->action = POLICY_ALLOW;
	pol->priority = catchall_priority();
	pol->if_id = c->if_id;
	pol->tmpl = c->b;
}

/* The (if_id, family) keys the inbound groups of v have, added to keys (n so far). */
static size_t catchall_keys(const struct view *v, const struct record *const *gs, size_t ng,
			    struct catchall *keys, size_t n)
{
	for (size_t i = 0; i < ng; i++) {
		const struct tmpl *t = inbound_tunnel(v, gs[i]);
		uint32_t if_id;
		bool seen = false;

		if (!t)
			continue;
		if_id = view_ifid(v, &t->id);
		for (size_t j = 0; j < n && !seen; j++)
			seen = keys[j].if_id == if_id && keys[j].family == t->id.dst.family;
		if (!seen) {
			keys[n].if_id = if_id;
			keys[n++].family = t->id.dst.family;
		}
	}
	return n;
}

int plan_catchall_follow(struct plan *p, const struct snapshot *s)
{
	const struct view before = { s, NULL }, after = { s, p };
	size_t max = s->nrecs + plan_len(p) + 1, nb, na, nk;
	const struct record **gb = calloc(max, sizeof(*gb)), **ga = calloc(max, sizeof(*ga));
	struct catchall *keys = calloc(2 * max, sizeof(*keys));
	int ret = 0;

	if (!gb || !ga || !keys) {
		ret = -ENOMEM;
		goto out;
	}
	nb = view_groups(&before, gb, max);
	na = view_groups(&after, ga, max);
	nk = catchall_keys(&before, gb, nb, keys, 0);
	nk = catchall_keys(&after, ga, na, keys, nk);
	for (size_t i = 0; !ret && i < nk; i++) {
		struct catchall was = keys[i], now = keys[i];
		static const uint8_t dirs[] = { POLICY_IN, POLICY_FWD };

		catchall_of(&before, gb, nb, &was);
		catchall_of(&after, ga, na, &now);
		if (was.present == now.present &&
		    (!now.present || memcmp(&was.b, &now.b, sizeof(now.b)) == 0))
			continue;
		for (size_t d = 0; !ret && d < 2; d++) {
			struct policy pol;

			catchall_policy(now.present ? &now : &was, dirs[d], &pol);
			ret = add_policy_op(p, now.present ? OP_POLICY_UPD : OP_POLICY_DEL, &pol);
		}
	}
out:
	free(gb);
	free(ga);
	free(keys);
	return ret;
}
