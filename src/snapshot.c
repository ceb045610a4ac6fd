// SPDX-License-Identifier: GPL-2.0-or-later
/* Taking a snapshot (src/snapshot.h), and finding things in it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/ipsecdev.h"
#include "src/snapshot.h"

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return said_cmp(x->id, y->id);
}

static int add_entries(struct snapshot *s)
{
	size_t n = 0;

	s->entries = calloc(s->nsas + s->nrecs + 1, sizeof(*s->entries));
	if (!s->entries)
		return -ENOMEM;
	for (size_t i = 0; i < s->nsas; i++) {
		if (s->sas[i].kernel_helper)
			continue;
		s->entries[n].id = &s->sas[i].id;
		s->entries[n++].sa = &s->sas[i];
	}
	for (size_t i = 0; i < s->nrecs; i++) {
		if (s->recs[i].kind != RECORD_TUN)
			continue;
		s->entries[n].id = &s->recs[i].head;
		s->entries[n++].tun = &s->recs[i];
	}
	s->nentries = n;
	qsort(s->entries, n, sizeof(*s->entries), entry_cmp);
	return 0;
}

static bool has_group(const struct snapshot *s)
{
	for (size_t i = 0; i < s->nrecs; i++)
		if (s->recs[i].kind == RECORD_GROUP)
			return true;
	return false;
}

/* An ipsecN of ours that is an XFRM interface attached to a device. */
static bool any_attached(const struct snapshot *s)
{
	for (int n = 0; n < IPSECDEV_MAX; n++) {
		const struct link *l = snapshot_ipsecdev(s, n);

		if (l && l->kind == LINK_XFRM && snapshot_attached(s, l))
			return true;
	}
	return false;
}

static int addr_dev_cmp(const void *x, const void *y)
{
	return addr_cmp(&((const struct addr_dev *)x)->addr, &((const struct addr_dev *)y)->addr);
}

static const struct addr_dev *find_addr(const struct addr_dev *v, size_t n, const struct ip_addr *a)
{
	struct addr_dev key = { .addr = *a };
	const struct addr_dev *hit = n ? bsearch(&key, v, n, sizeof(key), addr_dev_cmp) : NULL;

	/* The first of equal addresses (one per device that holds it). */
	while (hit && hit > v && addr_equal(&hit[-1].addr, a))
		hit--;
	return hit;
}

/* One route lookup per destination (an SA's, an eroute's peer, or extra) that is not ours. */
static int lookup_routes(struct kernel *k, unsigned int parts, const struct ip_addr *extra,
			 struct snapshot *s)
{
	size_t n = 0;
	int ret;

	if (!(parts & SNAP_XFRMI) && !any_attached(s))
		return 0;
	if ((ret = kernel_addr_devs(k, &s->addrs, &s->naddrs)))
		return ret;
	s->routes = calloc(s->nsas + s->neroutes + 1, sizeof(*s->routes));
	if (!s->routes)
		return -ENOMEM;
	if (extra && extra->family)
		s->routes[n++].addr = *extra;
	for (size_t i = 0; i < s->nsas; i++)
		s->routes[n++].addr = s->sas[i].id.dst;
	for (size_t i = 0; i < s->neroutes; i++)
		if (s->eroutes[i].kind != ER_MARK)
			s->routes[n++].addr = *eroute_peer(&s->eroutes[i]);
	qsort(s->routes, n, sizeof(*s->routes), addr_dev_cmp);
	for (size_t i = 0; i < n; i++) {
		struct addr_dev *r = &s->routes[s->nroutes];

		if ((s->nroutes && addr_equal(&r[-1].addr, &s->routes[i].addr)) ||
		    find_addr(s->addrs, s->naddrs, &s->routes[i].addr))
			continue;
		*r = s->routes[i];
		if ((ret = kernel_route_dev(k, &r->addr, &r->ifindex)))
			return ret;
		s->nroutes++;
	}
	return 0;
}

static int dump(struct kernel *k, unsigned int parts, const struct ip_addr *extra,
		struct snapshot *s, unsigned int *failed)
{
	int ret;

	*failed = SNAP_SAS;
	if (parts & SNAP_SAS && (ret = kernel_sa_list(k, &s->sas, &s->nsas)))
		return ret;
	*failed = SNAP_RECORDS;
	if (parts & (SNAP_RECORDS | SNAP_GROUPED_SAS) &&
	    (ret = kernel_record_list(k, &s->recs, &s->nrecs, &s->eroutes, &s->neroutes)))
		return ret;
	*failed = SNAP_GROUPED_SAS;
	if (parts & SNAP_GROUPED_SAS && !(parts & SNAP_SAS) && has_group(s) &&
	    (ret = kernel_sa_list(k, &s->sas, &s->nsas)))
		return ret;
	*failed = SNAP_LOCAL;
	if (parts & SNAP_LOCAL && (ret = kernel_local_addrs(k, &s->local, &s->nlocal)))
		return ret;
	*failed = SNAP_LINKS;
	if (parts & (SNAP_LINKS | SNAP_ROUTES) && (ret = kernel_link_list(k, &s->links, &s->nlinks)))
		return ret;
	*failed = SNAP_XFRMI;
	if (parts & SNAP_XFRMI) {
		ret = kernel_xfrmi_supported(k);
		if (ret < 0)
			return ret;
		s->xfrmi = ret;
	}
	*failed = SNAP_ROUTES;
	if (parts & SNAP_ROUTES && (ret = lookup_routes(k, parts, extra, s)))
		return ret;
	*failed = 0;
	return 0;
}

int snapshot_take(struct kernel *k, unsigned int parts, struct snapshot *s,
		  unsigned int *failed)
{
	return snapshot_take_to(k, parts, NULL, s, failed);
}

int snapshot_take_to(struct kernel *k, unsigned int parts, const struct ip_addr *extra,
		     struct snapshot *s, unsigned int *failed)
{
	unsigned int part;
	int ret;

	snapshot_empty(s);
	ret = dump(k, parts, extra, s, &part);
	if (!ret)
		ret = add_entries(s);
	if (ret) {
		snapshot_free(s);
		if (failed)
			*failed = part;
		return ret;
	}
	for (size_t i = 0; i < s->nentries; i++)
		s->entries[i].local = snapshot_local(s, &s->entries[i].id->dst);
	return 0;
}

void snapshot_empty(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->now = (uint64_t)time(NULL);
}

void snapshot_free(struct snapshot *s)
{
	free(s->sas);
	free(s->recs);
	free(s->eroutes);
	free(s->entries);
	free(s->local);
	free(s->links);
	free(s->addrs);
	free(s->routes);
	memset(s, 0, sizeof(*s));
}

bool selector_equal(const struct selector *x, const struct selector *y)
{
	return addr_equal(&x->src, &y->src) && addr_equal(&x->dst, &y->dst) &&
	       x->src_len == y->src_len && x->dst_len == y->dst_len && x->proto == y->proto &&
	       x->sport == y->sport && x->dport == y->dport &&
	       x->sport_mask == y->sport_mask && x->dport_mask == y->dport_mask;
}

const struct eroute *snapshot_eroute(const struct snapshot *s, enum eroute_kind kind,
				     const struct selector *sel)
{
	for (size_t i = 0; i < s->neroutes; i++)
		if (s->eroutes[i].kind == kind && selector_equal(&s->eroutes[i].sel, sel))
			return &s->eroutes[i];
	return NULL;
}

bool snapshot_local(const struct snapshot *s, const struct ip_addr *addr)
{
	return addr_in(s->local, s->nlocal, addr);
}

const struct link *snapshot_link(const struct snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->nlinks; i++)
		if (strcmp(s->links[i].name, name) == 0)
			return &s->links[i];
	return NULL;
}

static int link_index_cmp(const void *key, const void *item)
{
	uint32_t a = *(const uint32_t *)key, b = ((const struct link *)item)->ifindex;

	return (a > b) - (a < b);
}

const struct link *snapshot_link_index(const struct snapshot *s, uint32_t ifindex)
{
	return s->nlinks ? bsearch(&ifindex, s->links, s->nlinks, sizeof(*s->links), link_index_cmp) : NULL;
}

const struct link *snapshot_ipsecdev(const struct snapshot *s, int n)
{
	char name[LINK_NAME_MAX];
	const struct link *l = snapshot_link(s, ipsecdev_name(n, name));

	return l && ipsecdev_ours(l) == n ? l : NULL;
}

const struct link *snapshot_attached(const struct snapshot *s, const struct link *dev)
{
	return dev->link ? snapshot_link_index(s, dev->link) : NULL;
}

/* tncfg's ipsecN as an XFRM interface: its if_id, else 0. */
static uint32_t xfrm_ifid(const struct link *l)
{
	return l && l->kind == LINK_XFRM && ipsecdev_ours(l) >= 0 ? l->if_id : 0;
}

/* The if_id of device ifindex: itself an ipsecN of ours, or the one attached to it. */
static uint32_t device_ifid(const struct snapshot *s, uint32_t ifindex)
{
	uint32_t id = xfrm_ifid(snapshot_link_index(s, ifindex));

	for (int n = 0; !id && ifindex && n < IPSECDEV_MAX; n++) {
		const struct link *l = snapshot_ipsecdev(s, n);

		if (l && l->link == ifindex)
			id = xfrm_ifid(l);
	}
	return id;
}

const struct ip_addr *eroute_peer(const struct eroute *e)
{
	return e->said.proto == SA_INT ? &e->sel.dst : &e->said.dst;
}

uint32_t snapshot_ifid(const struct snapshot *s, const struct ip_addr *dst)
{
	const struct addr_dev *a = find_addr(s->addrs, s->naddrs, dst);
	uint32_t id = 0;

	if (!a) {
		a = find_addr(s->routes, s->nroutes, dst);
		return a ? device_ifid(s, a->ifindex) : 0;
	}
	/* An address of ours: an ipsecN holding it too (ifconfig ipsec0 <eth1's address>) wins. */
	for (const struct addr_dev *e = a; e < s->addrs + s->naddrs && addr_equal(&e->addr, dst); e++)
		if ((id = xfrm_ifid(snapshot_link_index(s, e->ifindex))))
			return id;
	for (const struct addr_dev *e = a; !id && e < s->addrs + s->naddrs && addr_equal(&e->addr, dst); e++)
		id = device_ifid(s, e->ifindex);
	return id;
}

const struct entry *snapshot_find(const struct snapshot *s, const struct said *id)
{
	struct entry key = { .id = id };

	return bsearch(&key, s->entries, s->nentries, sizeof(key), entry_cmp);
}

int record_members(const struct record *g, struct said out[MEMBERS_MAX])
{
	int n = 0;

	for (int i = 0; i < g->ntmpl; i++) {
		const struct tmpl *t = &g->tmpl[i];

		if (t->mode == SA_MODE_TUNNEL && t->tun_spi) {
			out[n] = t->id;
			out[n].proto = SA_TUN;
			out[n++].spi = t->tun_spi;
		}
		out[n++] = t->id;
	}
	return n;
}
