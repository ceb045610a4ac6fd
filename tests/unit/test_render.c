// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The /proc/net/ipsec_spi and ipsec_spigrp renderers, from snapshots of
 * the fake kernel: field order, which fields appear when, dir=, sorting,
 * tun records, hidden kernel helpers, group chains.
 */
#include <stdlib.h>
#include <string.h>

#include "src/listing.h"
#include "src/render.h"
#include "src/snapshot.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/tap.h"

static struct said said_of(const char *text)
{
	struct said s;

	if (said_parse(text, NULL, &s))
		abort();
	return s;
}

static struct ip_addr addr_of(const char *text)
{
	struct ip_addr a;

	if (addr_parse(text, 0, NULL, &a))
		abort();
	return a;
}

static struct sa_state *add_sa(const char *said, const char *src)
{
	struct said id = said_of(said);
	struct ip_addr s = addr_of(src);

	fake_add_sa(&id, &s);
	fake.sas[fake.nsas - 1].cur.add_time = 1000;
	return &fake.sas[fake.nsas - 1];
}

static char *render(enum listing_kind kind, uint64_t now)
{
	struct kernel *k;
	struct snapshot s;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (kernel_open(&k) || snapshot_take(k, SNAP_ALL, &s, NULL))
		abort();
	kernel_close(k);
	s.now = now;
	if (kind == LISTING_SPI)
		render_spi(&s, f);
	else
		render_spigrp(&s, f);
	snapshot_free(&s);
	fclose(f);
	return text;
}

static void check(enum listing_kind kind, const char *want, const char *name)
{
	char *got = render(kind, 1100);

	tap_str(got, want, "%s", name);
	free(got);
}

static void test_algorithms(void)
{
	struct sa_state *sa;

	fake_reset();
	sa = add_sa("esp.12345678@192.1.2.45", "192.1.2.23");
	strcpy(sa->auth, "hmac(md5)");
	sa->auth_bits = 128;
	sa->auth_trunc = 96;
	sa->enc_bits = 192;
	sa = add_sa("ah.91234567@192.1.2.45", "192.1.2.23");
	strcpy(sa->auth, "hmac(sha1)");
	sa->auth_bits = 160;
	sa = add_sa("comp.5678@192.1.2.45", "192.1.2.23");
	sa = add_sa("esp.1f@192.1.2.45", "192.1.2.23");
	strcpy(sa->enc, "cbc(aes)");
	sa->enc_bits = 256;
	strcpy(sa->auth, "hmac(sha256)");
	sa->auth_bits = 256;
	sa = add_sa("esp.20@192.1.2.45", "192.1.2.23");
	strcpy(sa->enc, "cbc(des)");
	sa->enc_bits = 64;
	check(LISTING_SPI,
	      "esp0x1f@192.1.2.45 ESP_AES_HMAC_SHA2_256: dir=out src=192.1.2.23 alen=256 aklen=256 eklen=256 life(c,s,h)=addtime(100,0,0) natencap=none natsport=0 natdport=0\n"
	      "esp0x20@192.1.2.45 ESP_ID2: dir=out src=192.1.2.23 eklen=64 life(c,s,h)=addtime(100,0,0) natencap=none natsport=0 natdport=0\n"
	      "esp0x12345678@192.1.2.45 ESP_3DES_HMAC_MD5: dir=out src=192.1.2.23 alen=128 aklen=128 eklen=192 life(c,s,h)=addtime(100,0,0) natencap=none natsport=0 natdport=0\n"
	      "ah0x91234567@192.1.2.45 AH_HMAC_SHA1: dir=out src=192.1.2.23 alen=160 aklen=160 life(c,s,h)=addtime(100,0,0) natencap=none natsport=0 natdport=0\n"
	      "comp0x5678@192.1.2.45 COMP_DEFLATE: dir=out src=192.1.2.23 life(c,s,h)=addtime(100,0,0) natencap=none natsport=0 natdport=0\n",
	      "transform names, key lengths; sorted by destination, protocol number, SPI");
}

static void test_counters(void)
{
	struct sa_state *sa;

	fake_reset();
	fake_add_local("192.1.2.23");
	/* Outbound: seq= is the last sent sequence number. */
	sa = add_sa("esp.1000583@192.1.2.45", "192.1.2.23");
	sa->enc_bits = 192;
	sa->replay.window = 64;
	sa->replay.oseq = 8;
	sa->replay.seq = 99;
	sa->cur.bytes = 992;
	sa->cur.packets = 8;
	sa->cur.use_time = 1099;
	sa->lastused = 1099;
	/* Inbound: seq= is the last received one, bit= the window bitmap. */
	sa = add_sa("esp.1000583@192.1.2.23", "192.1.2.45");
	sa->enc_bits = 192;
	sa->replay.window = 32;
	sa->replay.seq = 5;
	sa->replay.oseq = 77;
	sa->replay.bitmap[0] = 0x1f;
	sa->stats.replay = 2;
	sa->stats.replay_window = 1;
	sa->stats.integrity_failed = 3;
	check(LISTING_SPI,
	      "esp0x1000583@192.1.2.23 ESP_3DES: dir=in  src=192.1.2.45 ooowin=32 ooo_errs=3 seq=5 bit=0x1f auth_errs=3 eklen=192 life(c,s,h)=addtime(100,0,0) natencap=none natsport=0 natdport=0\n"
	      "esp0x1000583@192.1.2.45 ESP_3DES: dir=out src=192.1.2.23 ooowin=64 seq=8 eklen=192 life(c,s,h)=bytes(992,0,0)addtime(100,0,0)usetime(1,0,0)packets(8,0,0) idle=1 natencap=none natsport=0 natdport=0\n",
	      "dir=in / dir=out, replay fields, counters, idle");
}

static void test_limits_and_natt(void)
{
	struct sa_state *sa;

	fake_reset();
	sa = add_sa("esp.200@1.2.3.4", "0.0.0.0");
	sa->enc_bits = 192;
	sa->lft.soft_bytes = 1000;
	sa->lft.hard_bytes = 2000;
	sa->lft.hard_packets = 100;
	sa->lft.soft_add = 30;
	sa->lft.hard_add = 60;
	sa->lft.hard_use = 20;
	sa->cur.bytes = 1;	/* a count of 1 alone is not shown */
	sa->encap = (struct encap){ .type = 1, .sport = 4500, .dport = 9000 };
	sa = add_sa("esp.201@1.2.3.4", "0.0.0.0");
	sa->enc_bits = 192;
	sa->encap = (struct encap){ .type = 2, .sport = 4500, .dport = 4500 };
	check(LISTING_SPI,
	      "esp0x200@1.2.3.4 ESP_3DES: dir=out src=0.0.0.0 eklen=192 life(c,s,h)=bytes(1,1000,2000)addtime(100,30,60)usetime(0,0,20)packets(0,0,100) natencap=nonike natsport=4500 natdport=9000\n"
	      "esp0x201@1.2.3.4 ESP_3DES: dir=out src=0.0.0.0 eklen=192 life(c,s,h)=addtime(100,0,0) natencap=nonesp natsport=4500 natdport=4500\n",
	      "limits (XFRM_INF shown as 0), NAT-T encapsulation");
}

static void test_ipv6_tun_helpers(void)
{
	struct said id = said_of("tun.113@10.1.0.2"), helper = said_of("tun.a010001@10.1.0.2");
	struct ip_addr src = addr_of("10.1.0.1");
	struct sa_state *sa;

	fake_reset();
	fake_add_tun(&id, &src);
	fake.recs[0].add_time = 1090;
	sa = add_sa("esp:150@3049:9::9000:3100", "3049:9::9000:3101");
	sa->enc_bits = 192;
	/* The kernel's IPIP helper of a tunnel-mode IPComp SA is not an SA of ours. */
	fake_add_sa(&helper, &src);
	fake.sas[fake.nsas - 1].kernel_helper = true;
	check(LISTING_SPI,
	      "tun0x113@10.1.0.2 IPIP: dir=out src=10.1.0.1 life(c,s,h)=addtime(10,0,0) natencap=none natsport=0 natdport=0\n"
	      "esp0x150@3049:9::9000:3100 ESP_3DES: dir=out src=3049:9::9000:3101 eklen=192 life(c,s,h)=addtime(100,0,0) natencap=none natsport=0 natdport=0\n",
	      "IPv6 SAID, tun record, kernel helper hidden");
}

static void add_group(const char *const *members, int n, bool fold_first)
{
	struct record *g = &fake.recs[fake.nrecs++];

	memset(g, 0, sizeof(*g));
	g->kind = RECORD_GROUP;
	g->head = said_of(members[0]);
	for (int i = fold_first ? 1 : 0; i < n; i++) {
		struct tmpl *t = &g->tmpl[g->ntmpl++];

		t->id = said_of(members[i]);
		if (fold_first && i == 1) {
			t->mode = SA_MODE_TUNNEL;
			t->tun_spi = g->head.spi;
			t->src = addr_of("10.1.0.1");
		}
	}
}

static void test_spigrp(void)
{
	static const char *const out[] = { "tun.113@10.1.0.2", "esp.115@10.1.0.2", "ah.116@10.1.0.2" };
	static const char *const in[] = { "tun.213@10.1.0.1", "esp.215@10.1.0.1", "ah.216@10.1.0.1" };
	struct ip_addr a = addr_of("10.1.0.1"), b = addr_of("10.1.0.2");
	struct said t1 = said_of(out[0]), t2 = said_of(in[0]);

	fake_reset();
	fake_add_local("10.1.0.1");
	fake_add_tun(&t1, &a);
	fake_add_tun(&t2, &b);
	for (int i = 1; i < 3; i++) {
		add_sa(out[i], "10.1.0.1");
		add_sa(in[i], "10.1.0.2");
	}
	add_sa("comp.300@10.1.0.2", "10.1.0.1");
	add_group(out, 3, true);
	add_group(in, 3, true);
	check(LISTING_SPIGRP,
	      "tun0x213@10.1.0.1 \n"
	      "esp0x215@10.1.0.1 tun0x213@10.1.0.1 \n"
	      "ah0x216@10.1.0.1 esp0x215@10.1.0.1 tun0x213@10.1.0.1 \n"
	      "tun0x113@10.1.0.2 esp0x115@10.1.0.2 ah0x116@10.1.0.2 \n"
	      "esp0x115@10.1.0.2 ah0x116@10.1.0.2 \n"
	      "ah0x116@10.1.0.2 \n"
	      "comp0x300@10.1.0.2 \n",
	      "one line per SA with its chain; inbound chains outer to inner; trailing spaces");

	/* The states vanish behind our back: the records remain and are marked. */
	fake.nsas = 0;
	check(LISTING_SPIGRP,
	      "tun0x213@10.1.0.1 \n"
	      "tun0x113@10.1.0.2 esp0x115@10.1.0.2(missing) ah0x116@10.1.0.2(missing) \n",
	      "members that no longer exist are marked");
}

static void test_listing_errors(void)
{
	char *text = (char *)"x";
	size_t len = 1;

	fake_reset();
	fake.list_err = 1;	/* EPERM */
	tap_ok(listing_render(LISTING_SPI, &text, &len) == -1 && !text && !len,
	       "a failing dump gives an error, never an empty listing");
	fake_reset();
	fake.open_err = 93;	/* EPROTONOSUPPORT */
	tap_ok(listing_render(LISTING_SPIGRP, &text, &len) == -93 && !text,
	       "no XFRM netlink: the socket's errno");
	fake_reset();
	tap_ok(listing_render(LISTING_SPI, &text, &len) == 0 && text && len == 0,
	       "empty tables give an empty file");
	free(text);
	tap_ok(fake.opened == 0, "the kernel handle is closed");
}

int main(void)
{
	test_algorithms();
	test_counters();
	test_limits_and_natt();
	test_ipv6_tun_helpers();
	test_spigrp();
	test_listing_errors();
	return tap_done();
}
