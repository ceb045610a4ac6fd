// SPDX-License-Identifier: GPL-2.0-or-later
/* SA groups in a snapshot (src/group.h): membership, dangling groups, bundles. */
#include <errno.h>
#include <string.h>

#include "src/group.h"

const struct record *group_of(const struct record *recs, size_t n, const struct said *id)
{
	for (size_t i = 0; i < n; i++) {
		struct said m[MEMBERS_MAX];
		int cnt;

		if (recs[i].kind != RECORD_GROUP)
			continue;
		cnt = record_members(&recs[i], m);
		for (int j = 0; j < cnt; j++)
			if (said_cmp(&m[j], id) == 0)
				return &recs[i];
	}
	return NULL;
}

bool group_dangling(const struct snapshot *s, const struct record *g)
{
	struct said m[MEMBERS_MAX];
	int n = record_members(g, m);

	for (int i = 0; i < n; i++)
		if (!snapshot_find(s, &m[i]))
			return true;
	return false;
}

int group_bundle(const struct snapshot *s, const struct said *id, bool inbound,
		 struct bundle *b)
{
	const struct entry *e = snapshot_find(s, id);
	const struct record *g = NULL;

	memset(b, 0, sizeof(*b));
	for (size_t i = 0; i < s->nrecs && !g; i++)
		if (s->recs[i].kind == RECORD_GROUP && said_cmp(&s->recs[i].head, id) == 0)
			g = &s->recs[i];
	if (g) {
		for (int i = 0; i < g->ntmpl; i++) {
			b->t[i].id = g->tmpl[i].id;
			b->t[i].src = g->tmpl[i].src;
			b->t[i].mode = g->tmpl[i].mode;
			b->t[i].optional = inbound && g->tmpl[i].id.proto == SA_COMP;
		}
		b->n = g->ntmpl;
		return 0;
	}
	if (!e)
		return -ENOENT;
	if (!e->sa)
		return -EINVAL;
	b->n = 1;
	b->t[0].id = *id;
	b->t[0].mode = e->sa->mode;
	b->t[0].src = e->sa->src;
	b->t[0].optional = inbound && id->proto == SA_COMP;
	return 0;
}

void bundle_print_words(const struct bundle *b, FILE *out)
{
	for (int i = 0; i < b->n; i++) {
		const struct bundle_tmpl *t = &b->t[i];
		char s[ADDR_BUF], d[ADDR_BUF];
		bool tunnel = t->mode == SA_MODE_TUNNEL;

		fprintf(out, "%stmpl", i ? " " : "");
		if (tunnel)
			fprintf(out, " src %s dst %s", addr_format(&t->src, s), addr_format(&t->id.dst, d));
		fprintf(out, " proto %s spi 0x%08x reqid 0 mode %s%s",
			said_proto_name(t->id.proto), t->id.spi, tunnel ? "tunnel" : "transport",
			t->optional ? " level use" : "");
	}
}

void bundle_print(const struct bundle *b, FILE *out)
{
	bundle_print_words(b, out);
	fputc('\n', out);
}
