// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The streamed eroute listing (src/listing_stream_eroute.c) against the
 * snapshot renderer render_eroute(): byte for byte the same text for
 * generated tables of the fake kernel, with flows that tie (the same
 * selector twice), both families, protocols and ports, inbound and marker
 * eroutes (not listed), %pass, %drop and the other specials, SAs, groups
 * (two of one id, none of their first member, no member at all) and tun
 * records as targets, SAs that one eroute or several send into (the count
 * rule), kernel helpers, and dumps started again; plus a fixed table
 * against its text, and the errors.
 */
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "compat/subnet.h"
#include "src/listing.h"
#include "src/render.h"
#include "src/snapshot.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/snapshot_text.h"
#include "tests/unit/tap.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	return tap_rand(&rng, n);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const nets4[] = {
	"10.0.0.0/8", "10.1.0.0/16", "10.1.0.0/24", "10.1.0.7/32", "192.0.2.0/24",
	"192.0.2.255/32", "0.0.0.0/0", "255.255.255.255/32",
};
static const char *const nets6[] = {
	"3049:9::/64", "3049:9::9000:3100/128", "::/0", "fe80::/10", "3049:9::/48",
	"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
};
static const char *const peers[] = { "192.0.2.1", "192.0.2.2", "10.1.0.3", "3049:9::1", "3049:9::2" };
static const char *const specials[] = { "%pass", "%drop", "%reject", "%hold", "%trap", "%trapsubnet",
					"%passthrough", "%passthrough6" };

static struct said said_of(const char *text)
{
	struct said id;

	if (said_parse(text, NULL, &id))
		abort();
	return id;
}

static struct said pick_said(void)
{
	static const uint8_t protos[] = { SA_ESP, SA_AH, SA_COMP, SA_ESP };
	static const uint32_t spis[] = { 0x100, 0x101, 0x10000, 0xffffffffu, 0x200 };
	struct said id = { .proto = protos[rnd(4)], .spi = spis[rnd(5)] };

	if (addr_parse(peers[rnd(COUNT(peers))], 0, NULL, &id.dst))
		abort();
	return id;
}

static bool have_sa(const struct said *id)
{
	for (int i = 0; i < fake.nsas; i++)
		if (!fake.sas[i].kernel_helper && said_cmp(&fake.sas[i].id, id) == 0)
			return true;
	return false;
}

static void pick_flow(struct selector *sel)
{
	bool v6 = !rnd(3);
	const char *const *nets = v6 ? nets6 : nets4;
	uint32_t n = v6 ? COUNT(nets6) : COUNT(nets4);
	static const uint8_t protos[] = { 0, 0, 0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, 132 };
	static const uint16_t ports[] = { 0, 0, 22, 500, 4500, 65535 };
	struct ip_subnet s, d;

	if (subnet_parse(nets[rnd(n)], 0, NULL, &s) || subnet_parse(nets[rnd(n)], 0, NULL, &d))
		abort();
	memset(sel, 0, sizeof(*sel));
	sel->src = s.addr;
	sel->src_len = (uint8_t)s.bits;
	sel->dst = d.addr;
	sel->dst_len = (uint8_t)d.bits;
	sel->proto = protos[rnd(COUNT(protos))];
	if (sel->proto == IPPROTO_TCP || sel->proto == IPPROTO_UDP || sel->proto == 132) {
		sel->sport = ports[rnd(COUNT(ports))];
		sel->dport = ports[rnd(COUNT(ports))];
		sel->sport_mask = sel->sport ? 0xffff : 0;
		sel->dport_mask = sel->dport ? 0xffff : 0;
	}
}

/* What an eroute sends into: an SA, a group, a tun record, a special, or nothing there. */
static struct said pick_target(void)
{
	switch (rnd(8)) {
	case 0:
	case 1:
		return said_of(specials[rnd(COUNT(specials))]);
	case 2:
	case 3:
		if (fake.nsas) {
			const struct sa_state *sa = &fake.sas[rnd((uint32_t)fake.nsas)];

			if (!sa->kernel_helper)
				return sa->id;
		}
		return pick_said();
	case 4:
	case 5:
		if (fake.nrecs)
			return fake.recs[rnd((uint32_t)fake.nrecs)].head;
		return pick_said();
	default:
		return pick_said();
	}
}

/* A table of about n SAs (no id twice: which of two the count shows is not said), records, eroutes. */
static void random_table(int n, int neroutes)
{
	fake_reset();
	while (fake.nsas < n) {
		struct said id = pick_said();
		struct ip_addr src;

		if (addr_parse(peers[rnd(COUNT(peers))], 0, NULL, &src))
			abort();
		if (!rnd(8)) {			/* the kernel's IPIP helper */
			id.proto = SA_TUN;
			fake_add_sa(&id, &src);
			fake.sas[fake.nsas - 1].kernel_helper = true;
			fake.sas[fake.nsas - 1].cur.packets = 1 + rnd(1000);
			continue;
		}
		if (have_sa(&id)) {
			n--;
			continue;
		}
		fake_add_sa(&id, &src);
		fake.sas[fake.nsas - 1].cur.packets = rnd(4) ? 1 + rnd(1000000) : 0;
	}
	for (int r = (int)rnd(12); r > 0; r--) {
		struct said id = pick_said();
		struct ip_addr src;
		struct record *g;

		if (addr_parse(peers[rnd(COUNT(peers))], 0, NULL, &src))
			abort();
		if (!rnd(3)) {
			id.proto = SA_TUN;
			fake_add_tun(&id, &src);
			continue;
		}
		/* A group: head a tun, an SA or another group's (two of one id). */
		g = &fake.recs[fake.nrecs++];
		memset(g, 0, sizeof(*g));
		g->kind = RECORD_GROUP;
		if (!rnd(2))
			id.proto = SA_TUN;
		else if (fake.nsas && !rnd(2))
			id = fake.sas[rnd((uint32_t)fake.nsas)].id;
		else if (fake.nrecs > 1 && !rnd(2))
			id = fake.recs[rnd((uint32_t)fake.nrecs - 1)].head;
		g->head = id;
		g->ntmpl = rnd(10) ? 1 + (int)rnd(3) : 0;
		for (int i = 0; i < g->ntmpl; i++) {
			struct tmpl *t = &g->tmpl[i];

			t->id = fake.nsas && rnd(4) ? fake.sas[rnd((uint32_t)fake.nsas)].id : pick_said();
			if (t->id.proto == SA_TUN)
				t->id.proto = SA_ESP;
			if (!rnd(3)) {
				t->mode = SA_MODE_TUNNEL;
				t->tun_spi = 0x200 + rnd(3);
				t->src = src;
			}
		}
	}
	while (fake.neroutes < neroutes) {
		struct eroute *e = &fake.eroutes[fake.neroutes];

		memset(e, 0, sizeof(*e));
		e->kind = rnd(10) ? ER_OUT : rnd(2) ? ER_IN : ER_MARK;
		if (fake.neroutes && !rnd(4))	/* the same flow again: a tie */
			e->sel = fake.eroutes[rnd((uint32_t)fake.neroutes)].sel;
		else
			pick_flow(&e->sel);
		e->said = pick_target();
		e->if_id = rnd(3);
		e->add_time = 1700000000 + rnd(1000);
		fake.neroutes++;
	}
}

static char *printed(int *ret)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		abort();
	*ret = listing_print(LISTING_EROUTE, f);
	fclose(f);
	return text;
}

/* What the tables gave to check: lines with a count, SAs whose count two eroutes hide, ... */
static struct {
	int lines, counted, shared, ties, ports6, specials, groups, restarts;
} seen;

static void note_table(const char *want)
{
	for (int i = 0; i < fake.neroutes; i++) {
		const struct eroute *e = &fake.eroutes[i];

		if (e->kind != ER_OUT)
			continue;
		seen.specials += e->said.proto == SA_INT;
		seen.ports6 += e->sel.src.family == AF_INET6 && (e->sel.sport || e->sel.dport);
		for (int j = 0; j < fake.nrecs; j++)
			if (fake.recs[j].kind == RECORD_GROUP && said_cmp(&fake.recs[j].head, &e->said) == 0) {
				seen.groups++;
				break;
			}
		for (int j = i + 1; j < fake.neroutes; j++) {
			const struct eroute *f = &fake.eroutes[j];

			seen.ties += f->kind == ER_OUT && selector_equal(&e->sel, &f->sel);
			seen.shared += f->kind == ER_OUT && e->said.proto != SA_INT &&
				       said_cmp(&e->said, &f->said) == 0 && have_sa(&e->said);
		}
	}
	for (const char *p = want; p && *p; p = strchr(p, '\n') + 1) {
		seen.lines++;
		seen.counted += *p != '0';
	}
}

/* One table: streamed, both ways, == render_eroute() of a snapshot. */
static bool same(int round, bool verbose)
{
	char *want, *got = NULL, *out;
	size_t len = 0;
	int r1, r2;
	bool ok;

	want = snapshot_text(LISTING_EROUTE, 0);
	fake.restart = round % 3 == 1;
	seen.restarts += fake.restart;
	r1 = listing_render(LISTING_EROUTE, &got, &len);
	out = printed(&r2);
	fake.restart = false;
	ok = r1 == 0 && r2 == 0 && got && out && strlen(got) == len && strcmp(got, want) == 0 &&
	     strcmp(out, want) == 0;
	note_table(want);
	if (!ok || verbose)
		tap_str(got ? got : "(null)", want, "round %d: streamed == render_eroute", round);
	if (!ok)
		tap_str(out ? out : "(null)", want, "round %d: listing_print == render_eroute", round);
	free(want);
	free(got);
	free(out);
	return ok;
}

static void test_generated(void)
{
	int bad = 0, rounds = 400;

	for (int round = 0; round < rounds && bad < 3; round++) {
		int n = round % 9 == 0 ? 0 : 1 + (int)rnd(24);
		int ne = round % 11 == 0 ? 0 : 1 + (int)rnd(FAKE_MAX);

		random_table(n, ne);
		bad += !same(round, round == 2);
	}
	tap_ok(!bad, "%d generated tables (%d lines) streamed as render_eroute renders them",
	       rounds, seen.lines);
	tap_ok(seen.counted > 200 && seen.shared > 100,
	       "the count rule was met: %d lines with a count, %d pairs of eroutes into one SA",
	       seen.counted, seen.shared);
	tap_ok(seen.ties > 500, "the tables had flows that tie (%d pairs)", seen.ties);
	tap_ok(seen.ports6 > 100 && seen.specials > 500 && seen.groups > 200,
	       "IPv6 flows with ports (%d), specials (%d), eroutes into groups (%d)",
	       seen.ports6, seen.specials, seen.groups);
	tap_ok(seen.restarts > 100, "dumps started again (%d tables)", seen.restarts);
	tap_ok(fake.opened == 0, "every kernel handle closed");
}

static void add_eroute(const char *src, const char *dst, uint8_t proto, uint16_t sport, uint16_t dport,
		       const char *said, enum eroute_kind kind)
{
	struct eroute *e = &fake.eroutes[fake.neroutes++];
	struct ip_subnet s, d;

	if (subnet_parse(src, 0, NULL, &s) || subnet_parse(dst, 0, NULL, &d))
		abort();
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->sel.src = s.addr;
	e->sel.src_len = (uint8_t)s.bits;
	e->sel.dst = d.addr;
	e->sel.dst_len = (uint8_t)d.bits;
	e->sel.proto = proto;
	e->sel.sport = sport;
	e->sel.dport = dport;
	e->said = said_of(said);
}

/* A fixed table and its text: the order, the padding, the count rule. */
static void test_fixed(void)
{
	struct said esp = said_of("esp.100@192.0.2.1"), shared = said_of("esp.101@192.0.2.1");
	struct said first = said_of("esp.102@192.0.2.2");
	struct ip_addr src;
	struct record *g;
	char *got = NULL, *want;
	size_t len;

	fake_reset();
	if (addr_parse("10.0.0.1", 0, NULL, &src))
		abort();
	fake_add_sa(&esp, &src);
	fake.sas[0].cur.packets = 7;
	fake_add_sa(&shared, &src);
	fake.sas[1].cur.packets = 8;
	fake_add_sa(&first, &src);
	fake.sas[2].cur.packets = 1234567890123ull;
	g = &fake.recs[fake.nrecs++];
	memset(g, 0, sizeof(*g));
	g->kind = RECORD_GROUP;
	g->head = said_of("tun.200@192.0.2.2");
	g->ntmpl = 1;
	g->tmpl[0].id = first;
	add_eroute("192.0.1.0/24", "192.0.2.0/24", 0, 0, 0, "esp.100@192.0.2.1", ER_OUT);
	add_eroute("10.2.0.0/16", "0.0.0.0/0", 0, 0, 0, "esp.101@192.0.2.1", ER_OUT);
	add_eroute("10.1.0.0/16", "0.0.0.0/0", 6, 0, 22, "esp.101@192.0.2.1", ER_OUT);
	add_eroute("10.3.0.0/16", "10.4.0.0/16", 17, 500, 0, "tun.200@192.0.2.2", ER_OUT);
	add_eroute("3049:1::/64", "3049:2::/64", 6, 22, 0, "%drop", ER_OUT);
	add_eroute("3049:1::/64", "3049:2::/64", 0, 0, 0, "%pass", ER_OUT);
	add_eroute("10.1.0.0/16", "0.0.0.0/0", 0, 0, 0, "%trap", ER_IN);
	add_eroute("10.1.0.0/16", "0.0.0.0/0", 0, 0, 0, "esp.100@192.0.2.1", ER_OUT);
	want = "0          10.1.0.0/16        -> 0.0.0.0/0          => esp0x100@192.0.2.1\n"
	       "0          10.1.0.0/16        -> 0.0.0.0/0:22       => esp0x101@192.0.2.1:6\n"
	       "0          10.2.0.0/16        -> 0.0.0.0/0          => esp0x101@192.0.2.1\n"
	       "1234567890123 10.3.0.0/16:500    -> 10.4.0.0/16        => tun0x200@192.0.2.2:17\n"
	       "0          192.0.1.0/24       -> 192.0.2.0/24       => esp0x100@192.0.2.1\n"
	       "0          3049:1::/64        -> 3049:2::/64        => %pass\n"
	       "0          [3049:1::/64]:22   -> 3049:2::/64        => %drop:6\n";
	tap_ok(listing_render(LISTING_EROUTE, &got, &len) == 0 && len == strlen(want),
	       "a fixed table is listed");
	tap_str(got, want, "sorted by flow, padded as printf's %%-10s and %%-18s, counts only for an SA one eroute uses");
	free(got);
	got = snapshot_text(LISTING_EROUTE, 0);
	tap_str(got, want, "render_eroute gives the same text");
	free(got);

	/* One eroute alone into esp.100: its count shows. */
	fake.neroutes = 1;
	tap_ok(listing_render(LISTING_EROUTE, &got, &len) == 0, "one eroute is listed");
	tap_str(got, "7          192.0.1.0/24       -> 192.0.2.0/24       => esp0x100@192.0.2.1\n",
		"the packets of the only eroute's SA");
	free(got);
}

static void test_errors(void)
{
	char *text = (char *)"x";
	size_t len = 1;
	int ret;

	fake_reset();
	add_eroute("10.1.0.0/16", "0.0.0.0/0", 0, 0, 0, "%pass", ER_OUT);
	fake.list_err = 1;
	tap_ok(listing_render(LISTING_EROUTE, &text, &len) == -1 && !text && !len,
	       "a failing dump gives an error, never an empty listing");
	text = printed(&ret);
	tap_ok(ret == -1 && (!text || !*text), "a failing dump prints nothing");
	free(text);
	fake_reset();
	add_eroute("10.1.0.0/16", "0.0.0.0/0", 0, 0, 0, "%trap", ER_IN);
	tap_ok(listing_render(LISTING_EROUTE, &text, &len) == 0 && text && !*text && len == 0,
	       "no outbound eroute: an empty file");
	free(text);
	tap_ok(fake.opened == 0, "the kernel handle is closed");
}

int main(void)
{
	test_fixed();
	test_generated();
	test_errors();
	return tap_done();
}
