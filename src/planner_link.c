// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The plan builders of tncfg's ipsecN devices (src/planner.h). Attaching
 * or detaching an XFRM interface changes which SAs serve it: every SA
 * whose if_id (snapshot_ifid) differs with the devices as they will be is
 * re-created with the new one, keys, counters and replay state kept, and
 * the live policies of the eroutes and the catch-all inbound policies
 * follow (plan_eroutes_retag). The
 * device is made first and removed last: a removed device cannot be given
 * back with its addresses and routes, so nothing may fail after it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "src/ipsecdev.h"
#include "src/planner.h"

static int add_link_op(struct plan *p, enum op_kind kind, const struct link *l,
		       const struct snapshot *s)
{
	struct op *op = plan_add(p, kind);
	const struct link *phys;

	if (!op)
		return -ENOMEM;
	op->link = *l;
	phys = snapshot_attached(s, l);
	if (phys)
		memcpy(op->phys, phys->name, sizeof(op->phys));
	return 0;
}

/* Every SA whose if_id is not the one it takes in view: re-created with it. */
static int retag(struct plan *p, const struct snapshot *s, const struct snapshot *view)
{
	for (size_t i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		uint32_t want;
		struct op *op;

		if (!e->sa)
			continue;
		want = snapshot_ifid(view, &e->id->dst);
		if (want == e->sa->if_id)
			continue;
		if (!(op = plan_add(p, OP_SA_REMODE)))
			return -ENOMEM;
		op->id = *e->id;
		op->mode = e->sa->mode;
		op->src = e->sa->src;
		op->sel = e->sa->sel;
		op->if_id = want;
	}
	return 0;
}

/*
 * Re-create the SAs for the devices as they will be: without the n
 * devices gone (pointers into s->links), with add (if not NULL; given an
 * ifindex no device has).
 */
static int retag_after(struct plan *p, const struct snapshot *s, const struct link *const *gone,
		       int n, const struct link *add)
{
	struct snapshot view = *s;
	struct link *l = calloc(s->nlinks + 1, sizeof(*l));
	int ret;

	if (!l)
		return -ENOMEM;
	view.links = l;
	view.nlinks = 0;
	for (size_t i = 0; i < s->nlinks; i++) {
		bool keep = true;

		for (int j = 0; j < n; j++)
			keep &= gone[j] != &s->links[i];
		if (keep)
			l[view.nlinks++] = s->links[i];
	}
	if (add) {
		l[view.nlinks] = *add;
		l[view.nlinks++].ifindex = UINT32_MAX;	/* after every other: still sorted */
	}
	ret = retag(p, s, &view);
	if (!ret)
		ret = plan_eroutes_retag(p, s, &view);
	free(l);
	return ret;
}

/* ipsecN as it is made: down, tagged, on phys (or none). */
static void new_dev(struct link *l, const struct snapshot *s, int n, const struct link *phys)
{
	memset(l, 0, sizeof(*l));
	ipsecdev_name(n, l->name);
	l->kind = s->xfrmi ? LINK_XFRM : LINK_DUMMY;
	l->if_id = s->xfrmi ? ipsecdev_ifid(n) : 0;
	l->link = phys ? phys->ifindex : 0;
	l->tagged = true;
}

int plan_attach(struct plan *p, const struct snapshot *s, int n, const struct link *phys)
{
	const struct link *old = snapshot_ipsecdev(s, n);
	struct link l;

	if (old && add_link_op(p, OP_LINK_DEL, old, s))
		return -ENOMEM;
	new_dev(&l, s, n, phys);
	if (add_link_op(p, OP_LINK_ADD, &l, s))
		return -ENOMEM;
	return retag_after(p, s, &old, old ? 1 : 0, &l);
}

/* Delete the devices devs (n of them), after re-creating the SAs they served. */
static int remove_devs(struct plan *p, const struct snapshot *s, const struct link **devs, int n)
{
	int ret = retag_after(p, s, devs, n, NULL);

	for (int j = 0; !ret && j < n; j++)
		ret = add_link_op(p, OP_LINK_DEL, devs[j], s);
	return ret;
}

int plan_detach(struct plan *p, const struct snapshot *s, int n)
{
	const struct link *l = snapshot_ipsecdev(s, n);

	return l && snapshot_attached(s, l) ? remove_devs(p, s, &l, 1) : 0;
}

int plan_detach_all(struct plan *p, const struct snapshot *s)
{
	const struct link *devs[IPSECDEV_MAX];
	int n = 0;

	for (int i = 0; i < IPSECDEV_MAX; i++) {
		const struct link *l = snapshot_ipsecdev(s, i);

		if (l && snapshot_attached(s, l))
			devs[n++] = l;
	}
	return remove_devs(p, s, devs, n);
}

int plan_create_dev(struct plan *p, const struct snapshot *s, int n)
{
	char name[LINK_NAME_MAX];
	struct link l;

	if (snapshot_link(s, ipsecdev_name(n, name)))
		return 0;
	new_dev(&l, s, n, NULL);
	return add_link_op(p, OP_LINK_ADD, &l, s);
}

int plan_delete_dev(struct plan *p, const struct snapshot *s, int n)
{
	const struct link *l = snapshot_ipsecdev(s, n);

	return l ? remove_devs(p, s, &l, 1) : 0;
}
