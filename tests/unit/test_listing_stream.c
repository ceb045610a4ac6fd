// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The streamed listings (src/listing_stream.c) against the snapshot
 * renderers (render_spi, render_spigrp): byte for byte the same text for
 * generated tables of the fake kernel, with SA ids that tie (the same id
 * twice, tun records of the same id), kernel helpers, inbound and outbound
 * SAs of both families, every optional field, groups with missing members;
 * and the same text from listing_print() and listing_render().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <inttypes.h>

#include "src/line.h"
#include "src/listing.h"
#include "src/render.h"
#include "src/snapshot.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/snapshot_text.h"
#include "tests/unit/tap.h"

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
	return tap_rand(&rng, n);
}

static const char *const addrs[] = {
	"10.0.0.1", "10.1.0.2", "10.1.0.3", "192.0.2.255", "0.0.0.0",
	"3049:9::9000:3100", "3049:9::9000:3101", "::", "fe80::1",
};
#define NADDRS (sizeof(addrs) / sizeof(addrs[0]))

static const char *const encs[] = { "", "cbc(des3_ede)", "cbc(aes)", "rfc4106(gcm(aes))", "cbc(nonesuch)" };
static const char *const auths[] = { "", "hmac(md5)", "hmac(sha1)", "hmac(sha256)", "xcbc(aes)", "hmac(nonesuch)" };
static const char *const comps[] = { "", "deflate", "lzs", "nonesuch" };

static struct ip_addr pick_addr(void)
{
	struct ip_addr a;

	if (addr_parse(addrs[rnd(NADDRS)], 0, NULL, &a))
		abort();
	return a;
}

static struct said pick_said(void)
{
	static const uint8_t protos[] = { SA_ESP, SA_AH, SA_COMP, SA_ESP };
	static const uint32_t spis[] = { 0x100, 0x101, 0x10000, 0xffffffffu, 0x7fffffffu, 1 };
	struct said id = { .proto = protos[rnd(4)], .spi = spis[rnd(6)], .dst = pick_addr() };

	return id;
}

static uint64_t some(uint64_t big)
{
	switch (rnd(4)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return rnd(5000);
	default:
		return big;
	}
}

static void random_sa(struct sa_state *sa, uint64_t now)
{
	struct lifetime *lt = &sa->lft;

	strcpy(sa->enc, sa->id.proto == SA_ESP ? encs[rnd(5)] : "");
	strcpy(sa->auth, sa->id.proto != SA_COMP ? auths[rnd(6)] : "");
	strcpy(sa->comp, sa->id.proto == SA_COMP ? comps[rnd(4)] : "");
	sa->enc_bits = sa->enc[0] ? (uint16_t)(64 * rnd(5)) : 0;
	sa->auth_bits = sa->auth[0] ? (uint16_t)(32 * rnd(9)) : 0;
	sa->replay.window = (uint32_t)some(64);
	sa->replay.seq = (uint32_t)some(UINT32_MAX);
	sa->replay.oseq = (uint32_t)some(123456);
	sa->replay.bitmap[0] = (uint32_t)some(0xdeadbeef);
	sa->replay.bitmap[1] = (uint32_t)some(0x80000000u);
	sa->stats.replay_window = (uint32_t)some(7);
	sa->stats.replay = (uint32_t)some(9);
	sa->stats.integrity_failed = (uint32_t)some(UINT32_MAX);
	lt->soft_bytes = rnd(2) ? LIMIT_INF : some(1u << 30);
	lt->hard_bytes = rnd(2) ? LIMIT_INF : some(UINT64_MAX - 1);
	lt->soft_packets = rnd(2) ? LIMIT_INF : some(1000);
	lt->hard_packets = rnd(2) ? LIMIT_INF : some(2000);
	lt->soft_add = some(3600);
	lt->hard_add = some(7200);
	lt->soft_use = some(60);
	lt->hard_use = some(120);
	sa->cur.bytes = some(UINT64_MAX);
	sa->cur.packets = some(99999);
	sa->cur.add_time = rnd(2) ? now - rnd(1000) : some(now + 50);
	sa->cur.use_time = rnd(2) ? 0 : now - rnd(100);
	sa->lastused = rnd(2) ? 0 : now - rnd(10);
	sa->encap.type = (uint16_t)rnd(4);
	sa->encap.sport = (uint16_t)some(4500);
	sa->encap.dport = (uint16_t)some(65535);
}

/* A table of n SAs and about n/4 records, with ties. */
static void random_table(int n, uint64_t now)
{
	fake_reset();
	for (int i = 0; i < 3; i++)
		if (rnd(2))
			fake_add_local(addrs[rnd(NADDRS)]);
	while (fake.nsas < n) {
		struct said id = pick_said();
		struct ip_addr src = pick_addr();

		if (fake.nsas && !rnd(4))	/* the same SA id again: a tie */
			id = fake.sas[rnd((uint32_t)fake.nsas)].id;
		if (!rnd(10)) {			/* the kernel's IPIP helper */
			id.proto = SA_TUN;
			fake_add_sa(&id, &src);
			fake.sas[fake.nsas - 1].kernel_helper = true;
			continue;
		}
		fake_add_sa(&id, &src);
		random_sa(&fake.sas[fake.nsas - 1], now);
	}
	for (int r = rnd((uint32_t)n / 4 + 1); r > 0 && fake.nrecs < FAKE_MAX; r--) {
		struct said id = pick_said();
		struct ip_addr src = pick_addr();
		struct record *g;

		id.proto = SA_TUN;
		if (fake.nrecs && !rnd(4))
			id = fake.recs[rnd((uint32_t)fake.nrecs)].head;
		if (rnd(2) || id.proto != SA_TUN) {
			fake_add_tun(&id, &src);	/* tun records, some of the same id */
			fake.recs[fake.nrecs - 1].add_time = now - rnd(500);
			continue;
		}
		/* A group: members from the table (or not), a folded tun first. */
		g = &fake.recs[fake.nrecs++];
		memset(g, 0, sizeof(*g));
		g->kind = RECORD_GROUP;
		g->head = n && rnd(3) ? fake.sas[rnd((uint32_t)n)].id : pick_said();
		g->ntmpl = 1 + (int)rnd(3);
		for (int i = 0; i < g->ntmpl; i++) {
			struct tmpl *t = &g->tmpl[i];

			t->id = n && rnd(4) ? fake.sas[rnd((uint32_t)n)].id : pick_said();
			if (t->id.proto == SA_TUN)
				t->id.proto = SA_ESP;
			if (!rnd(3)) {
				t->mode = SA_MODE_TUNNEL;
				t->tun_spi = 0x200 + rnd(3);
				t->src = src;
			}
		}
	}
}

static char *printed(enum listing_kind kind, int *ret)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	*ret = listing_print(kind, f);
	fclose(f);
	return text;
}

/*
 * The listing_text the daemon serves from: whole reads from 0 and reads
 * of odd sizes from odd offsets (crossing lines and pieces) give want's
 * bytes; past the end gives nothing.
 */
static bool reads_match(enum listing_kind kind, const char *want)
{
	struct kernel *k = NULL;
	struct listing_text *t = NULL;
	size_t wlen = strlen(want), n;
	char buf[5000];
	bool ok;

	if (kernel_open(&k))
		return false;
	ok = listing_open_kernel(k, kind, &t) == 0 && t && listing_text_len(t) == wlen;
	kernel_close(k);
	for (size_t off = 0; ok && off < wlen; off += n) {
		size_t want_n = wlen - off < sizeof(buf) ? wlen - off : sizeof(buf);

		n = listing_text_read(t, buf, sizeof(buf), off);
		ok = n == want_n && memcmp(buf, want + off, n) == 0;
	}
	for (int i = 0; ok && i < 40 && wlen; i++) {
		size_t off = rnd((uint32_t)wlen), size = 1 + rnd(i % 2 ? 7 : (uint32_t)sizeof(buf) - 1);

		n = listing_text_read(t, buf, size, off);
		ok = n == (wlen - off < size ? wlen - off : size) && memcmp(buf, want + off, n) == 0;
	}
	ok = ok && listing_text_read(t, buf, sizeof(buf), wlen) == 0 &&
	     listing_text_read(t, buf, sizeof(buf), wlen + 100) == 0;
	listing_text_free(t);
	return ok;
}

static int missing, chained;	/* spigrp lines with "(missing)", with 2+ SAs */

static void count_chains(const char *text)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') + 1) {
		const char *end = strchr(p, '\n'), *at = strchr(p, '@');

		missing += strstr(p, "(missing)") && strstr(p, "(missing)") < end;
		chained += at && strchr(at + 1, '@') && strchr(at + 1, '@') < end;
	}
}

/* One table, both listings: streamed (both ways) == the snapshot's. */
static bool same(enum listing_kind kind, int round, bool verbose)
{
	for (;;) {
		time_t t0 = time(NULL);
		char *want, *got = NULL, *out;
		size_t len = 0;
		int r1, r2;
		bool ok;

		r1 = listing_render(kind, &got, &len);
		out = printed(kind, &r2);
		want = snapshot_text(kind, (uint64_t)t0);
		if (time(NULL) != t0) {		/* a second went by: ages differ */
			free(want);
			free(got);
			free(out);
			continue;
		}
		ok = r1 == 0 && r2 == 0 && got && strlen(got) == len &&
		     strcmp(got, want) == 0 && strcmp(out, want) == 0;
		if (ok && !reads_match(kind, want)) {
			if (time(NULL) != t0) {
				free(want);
				free(got);
				free(out);
				continue;
			}
			tap_ok(false, "%s round %d: reads by offset give the text", listing_name(kind),
			       round);
			ok = false;
		}
		if (kind == LISTING_SPIGRP)
			count_chains(want);
		if (!ok || verbose)
			tap_str(got ? got : "(null)", want, "%s round %d: streamed == snapshot renderer",
				listing_name(kind), round);
		if (!ok)
			tap_str(out, want, "%s round %d: listing_print == snapshot renderer",
				listing_name(kind), round);
		free(want);
		free(got);
		free(out);
		return ok;
	}
}

static void test_generated(void)
{
	int bad[2] = { 0, 0 }, rounds = 300, ties = 0, lines = 0, restarts = 0;

	for (int round = 0; round < rounds; round++) {
		int n = round % 7 == 0 ? 0 : 1 + (int)rnd(FAKE_MAX);

		random_table(n, (uint64_t)time(NULL));
		/* Every third table: the record dump is interrupted once and begins again. */
		fake.restart = round % 3 == 1;
		restarts += fake.restart && fake.nrecs > 1;
		for (int i = 0; i < fake.nsas; i++)
			for (int j = i + 1; j < fake.nsas; j++)
				ties += said_cmp(&fake.sas[i].id, &fake.sas[j].id) == 0 &&
					!fake.sas[i].kernel_helper && !fake.sas[j].kernel_helper;
		lines += fake.nsas;
		bad[0] += !same(LISTING_SPI, round, round == 1);
		bad[1] += !same(LISTING_SPIGRP, round, round == 1);
		if (bad[0] + bad[1] > 3)
			break;
	}
	tap_ok(!bad[0], "spi: %d generated tables (%d SAs, %d tied pairs) streamed as the snapshot renders them",
	       rounds, lines, ties);
	tap_ok(!bad[1], "spigrp: %d generated tables streamed as the snapshot renders them", rounds);
	tap_ok(ties > 100, "the tables had ties to order (%d)", ties);
	tap_ok(restarts > 40, "the record dump began again in %d tables", restarts);
	tap_ok(chained > 50 && missing > 20, "the groups gave chains (%d lines) and missing members (%d)",
	       chained, missing);
	tap_ok(fake.opened == 0, "every kernel handle closed");
}

/*
 * The kernel's count of SAs only sizes the buffers: a failed count, one
 * too small (the 64 KiB pieces) or too large (huge pieces, slots reserved
 * and unused) give the same text.
 */
static void test_count_hint(void)
{
	const struct {
		int err, add;
		const char *what;
	} cases[] = {
		{ 0, 0, "a right count" },
		{ 95, 0, "a failed count" },
		{ 0, -FAKE_MAX + 1, "a count too small" },
		{ 0, 100000, "a count far too large" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok;

		random_table(FAKE_MAX, (uint64_t)time(NULL));
		fake.count_err = cases[i].err;
		fake.count_add = cases[i].add;
		ok = same(LISTING_SPI, (int)i, false);
		tap_ok(ok, "spi with %s: the same text", cases[i].what);
		fake.count_err = fake.count_add = 0;
	}
}

/* The daemon's probe at start: one question, the error a listing would give. */
static void test_probe(void)
{
	fake_reset();
	tap_ok(listing_probe() == 0 && fake.opened == 0, "probe: a namespace that can be listed");
	fake.open_err = EPROTONOSUPPORT;
	tap_ok(listing_probe() == -EPROTONOSUPPORT, "probe: no XFRM");
	fake_reset();
	fake.count_err = EPERM;
	tap_ok(listing_probe() == -EPERM && fake.opened == 0, "probe: no CAP_NET_ADMIN");
	fake_reset();
}

/* Ties in a fixed table: SAs of one id in dump order, then tun records in record order. */
static void test_ties(void)
{
	struct said id, tun;
	struct ip_addr a, b;
	char *got = NULL;
	size_t len;

	fake_reset();
	if (said_parse("esp.200@10.1.0.2", NULL, &id) || said_parse("tun.200@10.1.0.2", NULL, &tun) ||
	    addr_parse("10.9.0.2", 0, NULL, &a) || addr_parse("10.9.0.1", 0, NULL, &b))
		abort();
	fake_add_tun(&tun, &a);
	fake_add_sa(&id, &a);
	fake_add_sa(&id, &b);
	fake_add_tun(&tun, &b);
	tap_ok(listing_render(LISTING_SPI, &got, &len) == 0, "a table of tied ids is listed");
	tap_str(got,
		"tun0x200@10.1.0.2 IPIP: dir=out src=10.9.0.2 life(c,s,h)= natencap=none natsport=0 natdport=0\n"
		"tun0x200@10.1.0.2 IPIP: dir=out src=10.9.0.1 life(c,s,h)= natencap=none natsport=0 natdport=0\n"
		"esp0x200@10.1.0.2 ESP_3DES: dir=out src=10.9.0.2 life(c,s,h)= natencap=none natsport=0 natdport=0\n"
		"esp0x200@10.1.0.2 ESP_3DES: dir=out src=10.9.0.1 life(c,s,h)= natencap=none natsport=0 natdport=0\n",
		"ties keep the order they came in (dump order, record order)");
	free(got);
}

static void test_errors(void)
{
	char *text = (char *)"x";
	size_t len = 1;
	int ret;

	fake_reset();
	fake.list_err = 1;
	tap_ok(listing_render(LISTING_SPIGRP, &text, &len) == -1 && !text && !len,
	       "spigrp: a failing dump gives an error, never an empty listing");
	text = printed(LISTING_SPI, &ret);
	tap_ok(ret == -1 && (!text || !*text), "spi: a failing dump prints nothing");
	free(text);
	fake_reset();
	tap_ok(listing_render(LISTING_SPIGRP, &text, &len) == 0 && text && !*text && len == 0,
	       "spigrp: empty tables give an empty file");
	free(text);
	tap_ok(fake.opened == 0, "the kernel handle is closed");
}

/* The line builder's numbers, addresses and SA ids against printf, addr_format and said_format. */
static void test_line_builder(void)
{
	static const uint64_t edges[] = { 0, 1, 9, 10, 99, 100, 101, 255, 999, 1000, 65535, 4294967295u,
					  10000000000000000000u, UINT64_MAX };
	int bad = 0, n = 0;

	for (int i = 0; i < 20000; i++) {
		uint64_t v = i < 14 ? edges[i] : (uint64_t)rnd(UINT32_MAX) << rnd(33) | rnd(1000);
		struct line l = { .len = 0 };
		char want[64];

		line_num(&l, v, 10);
		line_str(&l, " ");
		line_num(&l, v, 16);
		snprintf(want, sizeof(want), "%" PRIu64 " %" PRIx64, v, v);
		bad += l.len != strlen(want) || memcmp(l.buf, want, l.len) != 0;
		n++;
	}
	tap_ok(!bad, "line_num: %d numbers as printf prints them", n);

	bad = 0;
	for (int i = 0; i < 5000; i++) {
		static const uint8_t protos[] = { SA_ESP, SA_AH, SA_COMP, SA_TUN, SA_INT, 77 };
		struct said id = pick_said();
		struct line l = { .len = 0 };
		char want[SAID_BUF + ADDR_BUF + 1], a[ADDR_BUF], b[SAID_BUF];

		id.proto = protos[rnd(6)];
		if (!rnd(3))
			memset(id.dst.a, 0, sizeof(id.dst.a));
		for (int j = 0; j < 4 && id.dst.family == AF_INET; j++)
			if (rnd(2))
				id.dst.a[j] = (uint8_t)rnd(256);
		id.spi = rnd(4) ? rnd(UINT32_MAX) : rnd(3);
		line_said(&l, &id);
		line_str(&l, " ");
		line_addr(&l, &id.dst);
		snprintf(want, sizeof(want), "%s %s", said_format(&id, 'x', b), addr_format(&id.dst, a));
		bad += l.len != strlen(want) || memcmp(l.buf, want, l.len) != 0;
		if (bad == 1 && (l.len != strlen(want) || memcmp(l.buf, want, l.len) != 0))
			tap_diag("got %.*s, want %s", (int)l.len, l.buf, want);
	}
	tap_ok(!bad, "line_said, line_addr: 5000 ids as said_format and addr_format give them");

	{
		struct line l = { .len = LINE_MAX_LEN - 3 };

		line_num(&l, 123456, 10);
		tap_ok(l.len == LINE_MAX_LEN && memcmp(l.buf + LINE_MAX_LEN - 3, "123", 3) == 0,
		       "a number past the line's end is cut, as the text before it");
	}
}

int main(void)
{
	test_line_builder();
	test_count_hint();
	test_probe();
	test_ties();
	test_generated();
	test_errors();
	return tap_done();
}
