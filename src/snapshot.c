// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
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

/*
 * One line of the listing is built in a buffer and written with one fwrite:
 * a listing has one line per SA (100k and more), and stdio's per-call costs
 * (format parsing, byte-wise copies of short strings) were most of its CPU
 * time. The longest possible line is under 800 bytes; longer text would be cut.
 */
#define RENDER_LINE_MAX 1024

struct line {
	size_t len;
	char buf[RENDER_LINE_MAX + 1];	/* + the newline */
};

static void put_mem(struct line *l, const char *s, size_t n)
{
	if (n > RENDER_LINE_MAX - l->len)
		n = RENDER_LINE_MAX - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void put_str(struct line *l, const char *s)
{
	put_mem(l, s, strlen(s));
}

/* v in base 10 or 16 (lower case), as %PRIu64 / %PRIx64 print it. */
static void put_num(struct line *l, uint64_t v, unsigned int base)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	put_mem(l, tmp + i, sizeof(tmp) - i);
}

static void put_xform(struct line *l, const struct sa_state *sa)
{
	const struct cipher_alg *c;
	const struct auth_alg *a;
	const struct comp_alg *z;

	switch (sa->id.proto) {
	case SA_AH:
		put_str(l, "AH");
		break;
	case SA_ESP:
		put_str(l, "ESP");
		break;
	case SA_COMP:
		put_str(l, "COMP");
		break;
	default:
		put_str(l, "UNKNOWN_proto");
	}
	if (sa->comp[0]) {
		z = comp_by_kernel(sa->comp);
		put_str(l, "_");
		put_str(l, z ? z->proc : "UNKNOWN_comp");
	}
	if (sa->enc[0]) {
		c = cipher_by_kernel(sa->enc);
		if (c && c->proc) {
			put_str(l, "_");
			put_str(l, c->proc);
		} else if (c) {
			put_str(l, "_ID");
			put_num(l, c->pfkey_id, 10);
		} else {
			put_str(l, "_UNKNOWN_encr");
		}
	}
	if (sa->auth[0]) {
		a = auth_by_kernel(sa->auth);
		if (a && a->proc) {
			put_str(l, "_");
			put_str(l, a->proc);
		} else if (a) {
			put_str(l, "_ID");
			put_num(l, a->pfkey_id, 10);
		} else {
			put_str(l, "_UNKNOWN_auth");
		}
	}
}

/* " name=v" when v is not 0 */
static void put_nonzero(struct line *l, const char *name, uint64_t v)
{
	if (!v)
		return;
	put_str(l, " ");
	put_str(l, name);
	put_str(l, "=");
	put_num(l, v, 10);
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
static void put_life(struct line *l, const char *name, uint64_t raw, uint64_t shown,
		     uint64_t soft, uint64_t hard)
{
	if (!(raw > 1 || soft || hard))
		return;
	put_str(l, name);
	put_str(l, "(");
	put_num(l, shown, 10);
	put_str(l, ",");
	put_num(l, soft, 10);
	put_str(l, ",");
	put_num(l, hard, 10);
	put_str(l, ")");
}

static void put_sa_fields(struct line *l, const struct entry *e, uint64_t now)
{
	const struct sa_state *sa = e->sa;
	const struct lifetime *lt = &sa->lft;
	const struct auth_alg *a;

	if (sa->enc[0] || sa->auth[0] || sa->comp[0]) {
		uint64_t bits = (uint64_t)sa->replay.bitmap[1] << 32 | sa->replay.bitmap[0];

		put_nonzero(l, "ooowin", sa->replay.window);
		put_nonzero(l, "ooo_errs", (uint64_t)sa->stats.replay_window + sa->stats.replay);
		put_nonzero(l, "seq", e->local ? sa->replay.seq : sa->replay.oseq);
		if (bits) {
			put_str(l, " bit=0x");
			put_num(l, bits, 16);
		}
	}
	if (sa->auth[0]) {
		a = auth_by_kernel(sa->auth);
		put_nonzero(l, "alen", a ? a->key_bits : sa->auth_bits);
		put_nonzero(l, "aklen", sa->auth_bits);
	}
	put_nonzero(l, "auth_errs", sa->stats.integrity_failed);
	put_nonzero(l, "eklen", sa->enc_bits);
	put_str(l, " life(c,s,h)=");
	put_life(l, "bytes", sa->cur.bytes, sa->cur.bytes, limit(lt->soft_bytes), limit(lt->hard_bytes));
	put_life(l, "addtime", sa->cur.add_time, elapsed(now, sa->cur.add_time), lt->soft_add, lt->hard_add);
	put_life(l, "usetime", sa->cur.use_time,
		 sa->cur.use_time ? elapsed(now, sa->cur.use_time) : 0, lt->soft_use, lt->hard_use);
	put_life(l, "packets", sa->cur.packets, sa->cur.packets, limit(lt->soft_packets),
		 limit(lt->hard_packets));
	if (sa->lastused) {
		put_str(l, " idle=");
		put_num(l, elapsed(now, sa->lastused), 10);
	}
	put_str(l, " natencap=");
	put_str(l, sa->encap.type == 2 ? "nonesp" : sa->encap.type == 1 ? "nonike" :
		   sa->encap.type ? "unknown" : "none");
	put_str(l, " natsport=");
	put_num(l, sa->encap.sport, 10);
	put_str(l, " natdport=");
	put_num(l, sa->encap.dport, 10);
}

static void render_entry(const struct entry *e, uint64_t now, FILE *out)
{
	char said[SAID_BUF], addr[ADDR_BUF];
	struct line l;

	l.len = 0;
	put_str(&l, said_format(e->id, 'x', said));
	put_str(&l, " ");
	if (e->sa)
		put_xform(&l, e->sa);
	else
		put_str(&l, "IPIP");
	put_str(&l, e->local ? ": dir=in  src=" : ": dir=out src=");
	put_str(&l, addr_format(e->sa ? &e->sa->src : &e->tun->tun_src, addr));
	if (e->sa) {
		put_sa_fields(&l, e, now);
	} else {
		put_str(&l, " life(c,s,h)=");
		put_life(&l, "addtime", e->tun->add_time, elapsed(now, e->tun->add_time), 0, 0);
		put_str(&l, " natencap=none natsport=0 natdport=0");
	}
	l.buf[l.len++] = '\n';
	fwrite(l.buf, 1, l.len, out);
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
