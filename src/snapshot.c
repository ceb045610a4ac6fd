// SPDX-License-Identifier: GPL-2.0-or-later
/* Taking a snapshot (src/snapshot.h), and finding things in it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static int dump(struct kernel *k, unsigned int parts, struct snapshot *s, unsigned int *failed)
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
	*failed = 0;
	return 0;
}

int snapshot_take(struct kernel *k, unsigned int parts, struct snapshot *s,
		  unsigned int *failed)
{
	unsigned int part;
	int ret;

	snapshot_empty(s);
	ret = dump(k, parts, s, &part);
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
