// SPDX-License-Identifier: GPL-2.0-or-later
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

static int mark_local(struct kernel *k, struct snapshot *s)
{
	struct ip_addr *local;
	size_t n;
	int ret = kernel_local_addrs(k, &local, &n);

	if (ret)
		return ret;
	for (size_t i = 0; i < s->nentries; i++)
		s->entries[i].local = addr_in(local, n, &s->entries[i].id->dst);
	free(local);
	return 0;
}

int snapshot_take(struct kernel *k, struct snapshot *s)
{
	int ret;

	memset(s, 0, sizeof(*s));
	s->now = (uint64_t)time(NULL);
	ret = kernel_sa_list(k, &s->sas, &s->nsas);
	if (!ret)
		ret = kernel_record_list(k, &s->recs, &s->nrecs);
	if (!ret)
		ret = add_entries(s);
	if (!ret)
		ret = mark_local(k, s);
	if (ret)
		snapshot_free(s);
	return ret;
}

void snapshot_free(struct snapshot *s)
{
	free(s->sas);
	free(s->recs);
	free(s->entries);
	memset(s, 0, sizeof(*s));
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
