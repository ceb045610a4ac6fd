// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan builders of tncfg's ipsecN devices (src/planner.h). */
#include <errno.h>
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
	return add_link_op(p, OP_LINK_ADD, &l, s);
}

int plan_detach(struct plan *p, const struct snapshot *s, int n)
{
	const struct link *l = snapshot_ipsecdev(s, n);

	return l && snapshot_attached(s, l) ? add_link_op(p, OP_LINK_DEL, l, s) : 0;
}

int plan_detach_all(struct plan *p, const struct snapshot *s)
{
	for (int n = 0; n < IPSECDEV_MAX; n++)
		if (plan_detach(p, s, n))
			return -ENOMEM;
	return 0;
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

	return l ? add_link_op(p, OP_LINK_DEL, l, s) : 0;
}
