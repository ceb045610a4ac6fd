// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compat/alg.h"
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

/* --- /proc/net/ipsec_spi -------------------------------------------------- */

static void put_xform(const struct sa_state *sa, FILE *out)
{
	const struct cipher_alg *c;
	const struct auth_alg *a;
	const struct comp_alg *z;

	switch (sa->id.proto) {
	case SA_AH:
		fputs("AH", out);
		break;
	case SA_ESP:
		fputs("ESP", out);
		break;
	case SA_COMP:
		fputs("COMP", out);
		break;
	default:
		fprintf(out, "UNKNOWN_proto");
	}
	if (sa->comp[0]) {
		z = comp_by_kernel(sa->comp);
		fprintf(out, "_%s", z ? z->proc : "UNKNOWN_comp");
	}
	if (sa->enc[0]) {
		c = cipher_by_kernel(sa->enc);
		if (c && c->proc)
			fprintf(out, "_%s", c->proc);
		else if (c)
			fprintf(out, "_ID%d", c->pfkey_id);
		else
			fputs("_UNKNOWN_encr", out);
	}
	if (sa->auth[0]) {
		a = auth_by_kernel(sa->auth);
		if (a && a->proc)
			fprintf(out, "_%s", a->proc);
		else if (a)
			fprintf(out, "_ID%d", a->pfkey_id);
		else
			fputs("_UNKNOWN_auth", out);
	}
}

static void put_nonzero(FILE *out, const char *name, uint64_t v)
{
	if (v)
		fprintf(out, " %s=%" PRIu64, name, v);
}

static uint64_t limit(uint64_t v)
{
	return v == LIMIT_INF ? 0 : v;
}

static uint64_t elapsed(uint64_t now, uint64_t then)
{
	return now > then ? now - then : 0;
}

/* KLIPS printed an item when its raw count was > 1 or a limit was set. */
static void put_life(FILE *out, const char *name, uint64_t raw, uint64_t shown,
		     uint64_t soft, uint64_t hard)
{
	if (raw > 1 || soft || hard)
		fprintf(out, "%s(%" PRIu64 ",%" PRIu64 ",%" PRIu64 ")", name, shown, soft, hard);
}

static void put_sa_fields(const struct entry *e, uint64_t now, FILE *out)
{
	const struct sa_state *sa = e->sa;
	const struct lifetime *l = &sa->lft;
	const struct auth_alg *a;

	if (sa->enc[0] || sa->auth[0] || sa->comp[0]) {
		uint64_t bits = (uint64_t)sa->replay.bitmap[1] << 32 | sa->replay.bitmap[0];

		put_nonzero(out, "ooowin", sa->replay.window);
		put_nonzero(out, "ooo_errs", (uint64_t)sa->stats.replay_window + sa->stats.replay);
		put_nonzero(out, "seq", e->local ? sa->replay.seq : sa->replay.oseq);
		if (bits)
			fprintf(out, " bit=0x%" PRIx64, bits);
	}
	if (sa->auth[0]) {
		a = auth_by_kernel(sa->auth);
		put_nonzero(out, "alen", a ? a->key_bits : sa->auth_bits);
		put_nonzero(out, "aklen", sa->auth_bits);
	}
	put_nonzero(out, "auth_errs", sa->stats.integrity_failed);
	put_nonzero(out, "eklen", sa->enc_bits);
	fputs(" life(c,s,h)=", out);
	put_life(out, "bytes", sa->cur.bytes, sa->cur.bytes, limit(l->soft_bytes), limit(l->hard_bytes));
	put_life(out, "addtime", sa->cur.add_time, elapsed(now, sa->cur.add_time), l->soft_add, l->hard_add);
	put_life(out, "usetime", sa->cur.use_time,
		 sa->cur.use_time ? elapsed(now, sa->cur.use_time) : 0, l->soft_use, l->hard_use);
	put_life(out, "packets", sa->cur.packets, sa->cur.packets, limit(l->soft_packets), limit(l->hard_packets));
	if (sa->lastused)
		fprintf(out, " idle=%" PRIu64, elapsed(now, sa->lastused));
	fprintf(out, " natencap=%s natsport=%u natdport=%u",
		sa->encap.type == 2 ? "nonesp" : sa->encap.type == 1 ? "nonike" :
		sa->encap.type ? "unknown" : "none",
		sa->encap.sport, sa->encap.dport);
}

static void render_entry(const struct entry *e, uint64_t now, FILE *out)
{
	char said[SAID_BUF], addr[ADDR_BUF];

	fprintf(out, "%s ", said_format(e->id, 'x', said));
	if (e->sa)
		put_xform(e->sa, out);
	else
		fputs("IPIP", out);
	fprintf(out, ": dir=%s src=%s", e->local ? "in " : "out",
		addr_format(e->sa ? &e->sa->src : &e->tun->tun_src, addr));
	if (e->sa) {
		put_sa_fields(e, now, out);
	} else {
		fputs(" life(c,s,h)=", out);
		put_life(out, "addtime", e->tun->add_time, elapsed(now, e->tun->add_time), 0, 0);
		fputs(" natencap=none natsport=0 natdport=0", out);
	}
	fputc('\n', out);
}

void render_spi(const struct snapshot *s, FILE *out)
{
	for (size_t i = 0; i < s->nentries; i++)
		render_entry(&s->entries[i], s->now, out);
}

/* --- /proc/net/ipsec_spigrp ------------------------------------------------- */

/*
 * Openswan 2.6.14+ prints one line per SA: the SA and the SAs after it in
 * its chain. Chains of inbound groups were stored outer to inner.
 */
static int chain_of(const struct snapshot *s, const struct said *id,
		    struct said chain[MEMBERS_MAX])
{
	for (size_t r = 0; r < s->nrecs; r++) {
		const struct record *g = &s->recs[r];
		struct said m[MEMBERS_MAX];
		bool inbound = false;
		int n, pos = -1, len = 0;

		if (g->kind != RECORD_GROUP)
			continue;
		n = record_members(g, m);
		for (int i = 0; i < n && pos < 0; i++)
			if (said_cmp(&m[i], id) == 0)
				pos = i;
		if (pos < 0)
			continue;
		for (int i = 0; i < n; i++) {
			const struct entry *e = snapshot_find(s, &m[i]);

			inbound |= e && e->local;
		}
		if (inbound) {
			for (int i = pos; i >= 0; i--)
				chain[len++] = m[i];
		} else {
			for (int i = pos; i < n; i++)
				chain[len++] = m[i];
		}
		return len;
	}
	chain[0] = *id;
	return 1;
}

void render_spigrp(const struct snapshot *s, FILE *out)
{
	for (size_t i = 0; i < s->nentries; i++) {
		struct said chain[MEMBERS_MAX];
		int n = chain_of(s, s->entries[i].id, chain);

		for (int j = 0; j < n; j++) {
			char said[SAID_BUF];

			fprintf(out, "%s", said_format(&chain[j], 'x', said));
			if (j && !snapshot_find(s, &chain[j]))
				fputs("(missing)", out);
			fputc(' ', out);
		}
		fputc('\n', out);
	}
}
