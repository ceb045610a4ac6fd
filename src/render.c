// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The legacy /proc texts from a snapshot: /proc/net/ipsec_spi and
 * /proc/net/ipsec_spigrp in Openswan 2.6.38's layout, one line each built
 * with the line builder (src/line.h).
 */

#include <stdlib.h>
#include <sys/socket.h>

#include "compat/alg.h"
#include "compat/subnet.h"
#include "src/ipsecdev.h"
#include "src/line.h"
#include "src/render.h"

/* --- /proc/net/ipsec_spi -------------------------------------------------- */

/* a: the SA's authentication algorithm (auth_by_kernel), looked up once per line. */
void render_spi_xform(struct line *l, const struct sa_state *sa, const struct auth_alg *a)
{
	const struct cipher_alg *c;
	const struct comp_alg *z;

	switch (sa->id.proto) {
	case SA_AH:
		line_str(l, "AH");
		break;
	case SA_ESP:
		line_str(l, "ESP");
		break;
	case SA_COMP:
		line_str(l, "COMP");
		break;
	default:
		line_str(l, "UNKNOWN_proto");
	}
	if (sa->comp[0]) {
		z = comp_by_kernel(sa->comp);
		line_str(l, "_");
		line_str(l, z ? z->proc : "UNKNOWN_comp");
	}
	if (sa->enc[0]) {
		c = cipher_by_kernel(sa->enc);
		if (c && c->proc) {
			line_str(l, "_");
			line_str(l, c->proc);
		} else if (c) {
			line_str(l, "_ID");
			line_num(l, c->pfkey_id, 10);
		} else {
			line_str(l, "_UNKNOWN_encr");
		}
	}
	if (sa->auth[0]) {
		if (a && a->proc) {
			line_str(l, "_");
			line_str(l, a->proc);
		} else if (a) {
			line_str(l, "_ID");
			line_num(l, a->pfkey_id, 10);
		} else {
			line_str(l, "_UNKNOWN_auth");
		}
	}
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
	line_str(l, name);
	line_str(l, "(");
	line_num(l, shown, 10);
	line_str(l, ",");
	line_num(l, soft, 10);
	line_str(l, ",");
	line_num(l, hard, 10);
	line_str(l, ")");
}

static void put_sa_fields(struct line *l, const struct entry *e, const struct auth_alg *a,
			  uint64_t now)
{
	const struct sa_state *sa = e->sa;
	const struct lifetime *lt = &sa->lft;

	if (sa->enc[0] || sa->auth[0] || sa->comp[0]) {
		uint64_t bits = (uint64_t)sa->replay.bitmap[1] << 32 | sa->replay.bitmap[0];

		line_nonzero(l, "ooowin", sa->replay.window);
		line_nonzero(l, "ooo_errs", (uint64_t)sa->stats.replay_window + sa->stats.replay);
		line_nonzero(l, "seq", e->local ? sa->replay.seq : sa->replay.oseq);
		if (bits) {
			line_str(l, " bit=0x");
			line_num(l, bits, 16);
		}
	}
	if (sa->auth[0]) {
		line_nonzero(l, "alen", a ? a->key_bits : sa->auth_bits);
		line_nonzero(l, "aklen", sa->auth_bits);
	}
	line_nonzero(l, "auth_errs", sa->stats.integrity_failed);
	line_nonzero(l, "eklen", sa->enc_bits);
	line_str(l, " life(c,s,h)=");
	put_life(l, "bytes", sa->cur.bytes, sa->cur.bytes, limit(lt->soft_bytes), limit(lt->hard_bytes));
	put_life(l, "addtime", sa->cur.add_time, elapsed(now, sa->cur.add_time), lt->soft_add, lt->hard_add);
	put_life(l, "usetime", sa->cur.use_time,
		 sa->cur.use_time ? elapsed(now, sa->cur.use_time) : 0, lt->soft_use, lt->hard_use);
	put_life(l, "packets", sa->cur.packets, sa->cur.packets, limit(lt->soft_packets),
		 limit(lt->hard_packets));
	if (sa->lastused) {
		line_str(l, " idle=");
		line_num(l, elapsed(now, sa->lastused), 10);
	}
	line_str(l, " natencap=");
	line_str(l, sa->encap.type == 2 ? "nonesp" : sa->encap.type == 1 ? "nonike" :
		   sa->encap.type ? "unknown" : "none");
	line_str(l, " natsport=");
	line_num(l, sa->encap.sport, 10);
	line_str(l, " natdport=");
	line_num(l, sa->encap.dport, 10);
}

void render_spi_line(struct line *l, const struct entry *e, uint64_t now)
{
	const struct auth_alg *a = e->sa && e->sa->auth[0] ? auth_by_kernel(e->sa->auth) : NULL;

	line_said(l, e->id);
	line_str(l, " ");
	if (e->sa)
		render_spi_xform(l, e->sa, a);
	else
		line_str(l, "IPIP");
	line_str(l, e->local ? ": dir=in  src=" : ": dir=out src=");
	line_addr(l, e->sa ? &e->sa->src : &e->tun->tun_src);
	if (e->sa) {
		put_sa_fields(l, e, a, now);
	} else {
		line_str(l, " life(c,s,h)=");
		put_life(l, "addtime", e->tun->add_time, elapsed(now, e->tun->add_time), 0, 0);
		line_str(l, " natencap=none natsport=0 natdport=0");
	}
}

void render_spi(const struct snapshot *s, FILE *out)
{
	struct line l = { .len = 0 };

	for (size_t i = 0; i < s->nentries; i++) {
		render_spi_line(&l, &s->entries[i], s->now);
		line_write(&l, out);
	}
}

/* --- /proc/net/ipsec_spigrp ------------------------------------------------- */

/*
 * Openswan 2.6.14+ prints one line per SA: the SA and the SAs after it in
 * its chain. Chains of inbound groups were stored outer to inner.
 */
void render_spigrp_line(struct line *l, const struct spigrp_view *v, const struct said *id)
{
	struct said m[MEMBERS_MAX], chain[MEMBERS_MAX];
	bool found[MEMBERS_MAX], present[MEMBERS_MAX], inbound = false;
	int n = v->members_of(v->ctx, id, m), pos = -1, len = 0;

	for (int i = 0; i < n && pos < 0; i++)
		if (said_cmp(&m[i], id) == 0)
			pos = i;
	if (pos < 0) {
		chain[len++] = *id;
	} else {
		for (int i = 0; i < n; i++) {
			bool local = false;

			found[i] = v->find(v->ctx, &m[i], &local);
			inbound |= found[i] && local;
		}
		for (int i = pos; inbound ? i >= 0 : i < n; i += inbound ? -1 : 1) {
			chain[len] = m[i];
			present[len++] = found[i];
		}
	}
	for (int j = 0; j < len; j++) {
		line_said(l, &chain[j]);
		if (j && !present[j])
			line_str(l, "(missing)");
		line_str(l, " ");
	}
}

/* The view of a snapshot: the first group in record order, its entries. */
static int snapshot_members_of(const void *ctx, const struct said *id, struct said m[MEMBERS_MAX])
{
	const struct snapshot *s = ctx;

	for (size_t r = 0; r < s->nrecs; r++) {
		const struct record *g = &s->recs[r];
		int n;

		if (g->kind != RECORD_GROUP)
			continue;
		n = record_members(g, m);
		for (int i = 0; i < n; i++)
			if (said_cmp(&m[i], id) == 0)
				return n;
	}
	return 0;
}

static bool snapshot_has(const void *ctx, const struct said *id, bool *local)
{
	const struct entry *e = snapshot_find(ctx, id);

	*local = e && e->local;
	return e;
}

void render_spigrp(const struct snapshot *s, FILE *out)
{
	const struct spigrp_view v = { snapshot_members_of, snapshot_has, s };
	struct line l = { .len = 0 };

	for (size_t i = 0; i < s->nentries; i++) {
		render_spigrp_line(&l, &v, s->entries[i].id);
		line_write(&l, out);
	}
}

/* --- /proc/net/ipsec_eroute ---------------------------------------------------- */

/* KLIPS' key order: source, destination, protocol, ports, then the masks. */
static int eroute_order(const void *a, const void *b)
{
	const struct selector *x = &(*(const struct eroute *const *)a)->sel;
	const struct selector *y = &(*(const struct eroute *const *)b)->sel;
	int c = addr_cmp(&x->src, &y->src);

	if (!c)
		c = addr_cmp(&x->dst, &y->dst);
	if (!c)
		c = (int)x->proto - (int)y->proto;
	if (!c)
		c = (int)x->sport - (int)y->sport;
	if (!c)
		c = (int)x->dport - (int)y->dport;
	if (!c)
		c = (int)x->src_len - (int)y->src_len;
	if (!c)
		c = (int)x->dst_len - (int)y->dst_len;
	return c;
}

/* The state an eroute's packets meet first: its group's first, or its SA. */
static const struct said *first_state(const struct snapshot *s, const struct eroute *e)
{
	if (e->said.proto == SA_INT)
		return NULL;
	for (size_t i = 0; i < s->nrecs; i++)
		if (s->recs[i].kind == RECORD_GROUP && said_cmp(&s->recs[i].head, &e->said) == 0)
			return s->recs[i].ntmpl ? &s->recs[i].tmpl[0].id : NULL;
	return e->said.proto == SA_TUN ? NULL : &e->said;
}

struct counted {
	const struct said *first;
	size_t users;		/* eroutes sending into it */
};

static int first_order(const void *a, const void *b)
{
	return said_cmp(*(const struct said *const *)a, *(const struct said *const *)b);
}

/* How many eroutes send into each first state: sorted firsts, then counted. */
static uint64_t count_of(const struct snapshot *s, const struct said *first,
			 const struct said **sorted, size_t n)
{
	const struct said **hit;
	const struct entry *ent;
	size_t users = 0;

	if (!first)
		return 0;
	hit = bsearch(&first, sorted, n, sizeof(*sorted), first_order);
	if (!hit)
		return 0;
	while (hit > sorted && said_cmp(hit[-1], first) == 0)
		hit--;
	for (; hit < sorted + n && said_cmp(*hit, first) == 0; hit++)
		users++;
	ent = snapshot_find(s, first);
	return users == 1 && ent && ent->sa ? ent->sa->cur.packets : 0;
}

/* "192.0.1.0/24", with ":port" (IPv6: "[3049:1::/64]:port") when there is one. */
static void line_flow(struct line *l, const struct ip_addr *a, uint8_t len, uint16_t port)
{
	struct ip_subnet net = { .addr = *a, .bits = len };
	char buf[SUBNET_BUF];
	bool v6 = a->family == AF_INET6;

	if (port && v6)
		line_str(l, "[");
	line_str(l, subnet_format(&net, buf));
	if (port) {
		line_str(l, v6 ? "]:" : ":");
		line_num(l, port, 10);
	}
}

/* printf's "%-18s" for what the line holds after start. */
static void line_pad(struct line *l, size_t start, size_t width)
{
	while (l->len - start < width && l->len < LINE_MAX_LEN)
		l->buf[l->len++] = ' ';
}

void render_eroute(const struct snapshot *s, FILE *out)
{
	const struct eroute **ers = calloc(s->neroutes + 1, sizeof(*ers));
	const struct said **firsts = calloc(s->neroutes + 1, sizeof(*firsts));
	struct line l = { .len = 0 };
	size_t n = 0, nf = 0;

	if (!ers || !firsts) {
		free(ers);
		free(firsts);
		return;
	}
	for (size_t i = 0; i < s->neroutes; i++) {
		const struct said *f;

		if (s->eroutes[i].kind != ER_OUT)
			continue;
		ers[n++] = &s->eroutes[i];
		if ((f = first_state(s, &s->eroutes[i])))
			firsts[nf++] = f;
	}
	qsort(ers, n, sizeof(*ers), eroute_order);
	qsort(firsts, nf, sizeof(*firsts), first_order);
	for (size_t i = 0; i < n; i++) {
		const struct eroute *e = ers[i];
		size_t start;

		line_num(&l, count_of(s, first_state(s, e), firsts, nf), 10);
		line_pad(&l, 0, 10);
		start = l.len + 1;
		line_str(&l, " ");
		line_flow(&l, &e->sel.src, e->sel.src_len, e->sel.sport);
		line_pad(&l, start, 18);
		line_str(&l, " -> ");
		start = l.len;
		line_flow(&l, &e->sel.dst, e->sel.dst_len, e->sel.dport);
		line_pad(&l, start, 18);
		line_str(&l, " => ");
		line_said(&l, &e->said);
		if (e->sel.proto) {
			line_str(&l, ":");
			line_num(&l, e->sel.proto, 10);
		}
		line_write(&l, out);
	}
	free(ers);
	free(firsts);
}

/* --- /proc/net/ipsec_tncfg ---------------------------------------------------- */

void render_tncfg(const struct snapshot *s, FILE *out)
{
	struct line l = { 0 };

	for (int n = 0; n < IPSECDEV_MAX; n++) {
		const struct link *dev = snapshot_ipsecdev(s, n), *phys;

		if (!dev)
			continue;
		phys = snapshot_attached(s, dev);
		line_str(&l, dev->name);
		line_str(&l, " -> ");
		line_str(&l, phys ? phys->name : "NULL");
		line_str(&l, " mtu=");
		line_num(&l, phys ? dev->mtu : 0, 10);
		line_str(&l, "(");
		line_num(&l, phys ? phys->mtu : 0, 10);
		line_str(&l, ") -> ");
		line_num(&l, phys ? phys->mtu : 0, 10);
		line_write(&l, out);
	}
}
