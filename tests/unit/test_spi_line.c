// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fast spi line (render_spi_line_fast, src/spi_line.c) against the
 * reference renderer (render_spi_line): the same bytes for generated SAs
 * of every protocol, both families, every algorithm name the tables know
 * (kernel and compat names) and unknown ones, counters at every power of
 * ten and two, unlimited and set lifetimes, replay windows and bitmaps,
 * every encapsulation, with one memo across lines whose algorithms change,
 * names with bytes after their NUL, tun records, and lines that do not
 * start empty or have no room left (the reference's cut).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "src/line.h"
#include "src/render.h"
#include "src/snapshot.h"
#include "tests/unit/tap.h"

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t rnd(uint32_t n)
{
	return tap_rand(&rng, n);
}

static const char *const encs[] = {
	"", "cbc(des3_ede)", "des3_ede", "cbc(des)", "des", "cbc(aes)", "aes", "cbc(twofish)",
	"twofish", "cbc(serpent)", "serpent", "cbc(blowfish)", "blowfish", "cbc(cast5)", "cast5",
	"ecb(cipher_null)", "cipher_null", "rfc4106(gcm(aes))", "cbc(nonesuch)",
	"a-name-of-exactly-thirty-one-ch",
};
static const char *const auths[] = {
	"", "hmac(md5)", "md5", "hmac(sha1)", "sha1", "hmac(sha256)", "sha256", "hmac(sha384)",
	"hmac(sha512)", "hmac(rmd160)", "rmd160", "xcbc(aes)", "hmac(nonesuch)",
	"a-name-of-exactly-thirty-one-ch",
};
static const char *const comps[] = { "", "deflate", "lzs", "lzjh", "nonesuch" };
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Values at the edges of the digit counts, in both bases. */
static uint64_t edge(void)
{
	static uint64_t v[128];
	static int n;

	if (!n) {
		uint64_t p = 1;

		for (int i = 0; i < 20; i++, p *= 10) {
			v[n++] = p;
			v[n++] = p - 1;
			v[n++] = p + 1;
		}
		for (int i = 0; i < 64; i += 2)
			v[n++] = (1ull << i) - 1 + (uint64_t)(i & 2 ? 1 : 0);
		v[n++] = UINT64_MAX;
		v[n++] = UINT64_MAX - 1;
		v[n++] = 0x10;
		v[n++] = 0xff;
	}
	return v[rnd((uint32_t)n)];
}

static uint64_t some(void)
{
	switch (rnd(5)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return rnd(5000);
	case 3:
		return (uint64_t)rnd(UINT32_MAX) << rnd(33) | rnd(1000);
	default:
		return edge();
	}
}

static void pick_addr(struct ip_addr *a, int family)
{
	static const uint8_t octets[] = { 0, 1, 9, 10, 11, 99, 100, 101, 199, 200, 255 };

	memset(a, 0, sizeof(*a));
	a->family = family;
	if (family == AF_INET) {
		for (int i = 0; i < 4; i++)
			a->a[i] = rnd(2) ? octets[rnd(N(octets))] : (uint8_t)rnd(256);
	} else if (family == AF_INET6) {
		for (int i = 0; i < 16; i++)
			a->a[i] = rnd(3) ? 0 : (uint8_t)rnd(256);
	}
}

static int pick_family(void)
{
	static const int f[] = { AF_INET, AF_INET, AF_INET, AF_INET6, 0 };

	return f[rnd(N(f))];
}

static void put_name(char *dst, const char *name)
{
	memset(dst, 0, ALG_NAME_MAX);
	strcpy(dst, name);
	/* Bytes after the NUL: the memo misses, the text is the same. */
	if (!rnd(20))
		memset(dst + strlen(name) + 1, 'z', ALG_NAME_MAX - strlen(name) - 1);
}

static void random_sa(struct sa_state *sa, uint64_t now)
{
	static const uint8_t protos[] = { SA_ESP, SA_ESP, SA_ESP, SA_AH, SA_COMP, SA_TUN, SA_INT, 77 };
	struct lifetime *lt = &sa->lft;
	int family = pick_family();

	memset(sa, 0, sizeof(*sa));
	sa->id.proto = protos[rnd(N(protos))];
	sa->id.spi = rnd(3) ? rnd(UINT32_MAX) : (uint32_t)edge();
	pick_addr(&sa->id.dst, family);
	pick_addr(&sa->src, rnd(8) ? family : pick_family());
	put_name(sa->enc, rnd(3) ? encs[rnd(N(encs))] : "");
	put_name(sa->auth, rnd(4) ? auths[rnd(N(auths))] : "");
	put_name(sa->comp, rnd(4) ? "" : comps[rnd(N(comps))]);
	sa->enc_bits = (uint16_t)(rnd(2) ? 64 * rnd(5) : some());
	sa->auth_bits = (uint16_t)(rnd(2) ? 32 * rnd(9) : some());
	sa->replay.window = (uint32_t)some();
	sa->replay.seq = (uint32_t)some();
	sa->replay.oseq = (uint32_t)some();
	sa->replay.bitmap[0] = (uint32_t)some();
	sa->replay.bitmap[1] = (uint32_t)some();
	sa->stats.replay_window = (uint32_t)some();
	sa->stats.replay = (uint32_t)some();
	sa->stats.integrity_failed = (uint32_t)some();
	lt->soft_bytes = rnd(2) ? LIMIT_INF : some();
	lt->hard_bytes = rnd(2) ? LIMIT_INF : some();
	lt->soft_packets = rnd(2) ? LIMIT_INF : some();
	lt->hard_packets = rnd(2) ? LIMIT_INF : some();
	lt->soft_add = some();
	lt->hard_add = some();
	lt->soft_use = some();
	lt->hard_use = some();
	sa->cur.bytes = some();
	sa->cur.packets = some();
	sa->cur.add_time = rnd(2) ? now - rnd(1000) : some();
	sa->cur.use_time = rnd(2) ? 0 : rnd(2) ? now - rnd(100) : some();
	sa->lastused = rnd(2) ? 0 : rnd(2) ? now - rnd(10) : some();
	sa->encap.type = (uint16_t)(rnd(3) ? rnd(4) : some());
	sa->encap.sport = (uint16_t)some();
	sa->encap.dport = (uint16_t)some();
}

/* Both renderers from a line that holds start bytes; true when the same. */
static bool same(const struct entry *e, uint64_t now, struct spi_memo *memo, size_t start)
{
	struct line want, got;

	memset(want.buf, 'p', start);
	memcpy(got.buf, want.buf, start);
	want.len = got.len = start;
	render_spi_line(&want, e, now);
	render_spi_line_fast(&got, e, now, memo);
	if (got.len == want.len && memcmp(got.buf, want.buf, got.len) == 0)
		return true;
	tap_diag("want %.*s", (int)want.len, want.buf);
	tap_diag("got  %.*s", (int)got.len, got.buf);
	return false;
}

static void test_generated(void)
{
	struct spi_memo memo = { .valid = false };
	struct sa_state sa;
	int bad = 0, n = 100000;
	uint64_t now = 1700000000;

	for (int i = 0; i < n; i++) {
		struct entry e = { .id = &sa.id, .sa = &sa, .local = rnd(2) };

		random_sa(&sa, now);
		if (!same(&e, now, &memo, 0) && ++bad >= 5)
			break;
	}
	tap_ok(!bad, "%d generated SAs: the reference's line", n);
}

/* Every pair of cipher and authentication algorithm, and each with IPComp. */
static void test_algorithms(void)
{
	struct spi_memo memo = { .valid = false };
	struct sa_state sa;
	int bad = 0, n = 0;

	for (size_t c = 0; c < N(encs); c++) {
		for (size_t a = 0; a < N(auths); a++) {
			for (size_t z = 0; z < N(comps); z++) {
				static const uint8_t protos[] = { SA_ESP, SA_AH, SA_COMP };
				struct entry e = { .id = &sa.id, .sa = &sa };

				random_sa(&sa, 1000);
				sa.id.proto = protos[n % 3];
				put_name(sa.enc, encs[c]);
				put_name(sa.auth, auths[a]);
				put_name(sa.comp, comps[z]);
				bad += !same(&e, 1000, &memo, 0);
				n++;
			}
		}
	}
	tap_ok(!bad, "%d combinations of the algorithms' names: the reference's line", n);
}

/* One line as it must read: the usual ESP SA of the benchmarks. */
static void test_usual(void)
{
	struct spi_memo memo = { .valid = false };
	struct sa_state sa;
	struct entry e = { .id = &sa.id, .sa = &sa };
	struct line l;
	const char *want = "esp0x10000@10.1.0.0 ESP_3DES_HMAC_MD5: dir=out src=10.0.0.1 "
			   "alen=128 aklen=128 eklen=192 life(c,s,h)=addtime(12,0,0) "
			   "natencap=none natsport=0 natdport=0";

	memset(&sa, 0, sizeof(sa));
	sa.id.proto = SA_ESP;
	sa.id.spi = 0x10000;
	pick_addr(&sa.id.dst, AF_INET);
	memcpy(sa.id.dst.a, "\x0a\x01\x00\x00", 4);
	pick_addr(&sa.src, AF_INET);
	memcpy(sa.src.a, "\x0a\x00\x00\x01", 4);
	strcpy(sa.enc, "cbc(des3_ede)");
	strcpy(sa.auth, "hmac(md5)");
	sa.enc_bits = 192;
	sa.auth_bits = 128;
	sa.lft.soft_bytes = sa.lft.hard_bytes = LIMIT_INF;
	sa.lft.soft_packets = sa.lft.hard_packets = LIMIT_INF;
	sa.cur.add_time = 1000;
	for (int i = 0; i < 2; i++) {
		l.len = 0;
		render_spi_line_fast(&l, &e, 1012, &memo);
		l.buf[l.len] = '\0';
		tap_str(l.buf, want, "the benchmarks' ESP SA (%s memo)", i ? "a kept" : "an empty");
	}
	sa.id.spi = 0x10001;
	sa.id.dst = sa.src;
	memcpy(sa.src.a, "\x0a\x01\x00\x00", 4);
	e.local = true;
	l.len = 0;
	render_spi_line_fast(&l, &e, 1012, &memo);
	l.buf[l.len] = '\0';
	tap_str(l.buf, "esp0x10001@10.0.0.1 ESP_3DES_HMAC_MD5: dir=in  src=10.1.0.0 "
		"alen=128 aklen=128 eklen=192 life(c,s,h)=addtime(12,0,0) "
		"natencap=none natsport=0 natdport=0", "its inbound twin");
}

/* Tun records, a line that does not start empty, and one with no room left. */
static void test_others(void)
{
	struct spi_memo memo = { .valid = false };
	struct record tun;
	struct sa_state sa;
	int bad = 0;

	memset(&tun, 0, sizeof(tun));
	tun.kind = RECORD_TUN;
	tun.head.proto = SA_TUN;
	tun.head.spi = 0x1234;
	pick_addr(&tun.head.dst, AF_INET);
	pick_addr(&tun.tun_src, AF_INET);
	tun.add_time = 77;
	for (int local = 0; local < 2; local++) {
		struct entry e = { .id = &tun.head, .tun = &tun, .local = local };

		bad += !same(&e, 100, &memo, 0);
	}
	tap_ok(!bad, "tun records: the reference's line");

	bad = 0;
	for (int i = 0; i < 2000; i++) {
		static const size_t starts[] = { 1, 7, 200, LINE_MAX_LEN - 768, LINE_MAX_LEN - 767,
						 700, 900, LINE_MAX_LEN - 20, LINE_MAX_LEN };
		struct entry e = { .id = &sa.id, .sa = &sa, .local = rnd(2) };

		random_sa(&sa, 5000);
		bad += !same(&e, 5000, &memo, starts[rnd(N(starts))]);
	}
	tap_ok(!bad, "lines that do not start empty, up to full ones: the reference's text");
}

int main(void)
{
	test_usual();
	test_algorithms();
	test_generated();
	test_others();
	return tap_done();
}
