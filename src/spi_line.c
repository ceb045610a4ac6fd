// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The spi listing's line, fast (render_spi_line_fast, src/render.h): the
 * bytes render_spi_line() writes, which stays the reference, for the line
 * of an ESP, AH or IPComp SA. The line is written through one pointer with
 * no length check per field (the longest such line is bounded: FAST_ROOM),
 * decimal digits two at a time, hex digits a byte at a time, IPv4 octets
 * with their dot from a table, constant text in fixed-size copies, and the
 * transform ("ESP_3DES_HMAC_MD5") and the authentication algorithm kept
 * from the SA before when its algorithms are the same. Tun records and
 * other protocols go to render_spi_line().
 */
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/alg.h"
#include "src/render.h"

/*
 * What a fast line can take at most: the SA id 60 (comp0x, 8 hex digits,
 * @, a 45-byte address), the transform 1 + SPI_XFORM_MAX, the direction
 * and source 14 + 45, the replay fields 77, the key lengths and errors 56,
 * the lifetimes 13 + 4 * 71, idle 26, the encapsulation 47: 687 bytes; and
 * what the fixed-size copies write past the end (under 32 bytes).
 */
#define FAST_ROOM 768
_Static_assert(FAST_ROOM <= LINE_MAX_LEN, "a fast line fits in a line");
_Static_assert(SPI_XFORM_MAX <= 64, "the transform is in the room above");

static const char dec_pairs[] =
	"0001020304050607080910111213141516171819202122232425262728293031"
	"3233343536373839404142434445464748495051525354555657585960616263"
	"6465666768697071727374757677787980818283848586878889909192939495"
	"96979899";

static const char hex_pairs[] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/* An IPv4 octet and its dot: 2 to 4 bytes. */
static const char octets[256][4] = {
	"0.", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9.", "10.", "11.",
	"12.", "13.", "14.", "15.", "16.", "17.", "18.", "19.", "20.", "21.", "22.", "23.",
	"24.", "25.", "26.", "27.", "28.", "29.", "30.", "31.", "32.", "33.", "34.", "35.",
	"36.", "37.", "38.", "39.", "40.", "41.", "42.", "43.", "44.", "45.", "46.", "47.",
	"48.", "49.", "50.", "51.", "52.", "53.", "54.", "55.", "56.", "57.", "58.", "59.",
	"60.", "61.", "62.", "63.", "64.", "65.", "66.", "67.", "68.", "69.", "70.", "71.",
	"72.", "73.", "74.", "75.", "76.", "77.", "78.", "79.", "80.", "81.", "82.", "83.",
	"84.", "85.", "86.", "87.", "88.", "89.", "90.", "91.", "92.", "93.", "94.", "95.",
	"96.", "97.", "98.", "99.", "100.", "101.", "102.", "103.", "104.", "105.", "106.", "107.",
	"108.", "109.", "110.", "111.", "112.", "113.", "114.", "115.", "116.", "117.", "118.", "119.",
	"120.", "121.", "122.", "123.", "124.", "125.", "126.", "127.", "128.", "129.", "130.", "131.",
	"132.", "133.", "134.", "135.", "136.", "137.", "138.", "139.", "140.", "141.", "142.", "143.",
	"144.", "145.", "146.", "147.", "148.", "149.", "150.", "151.", "152.", "153.", "154.", "155.",
	"156.", "157.", "158.", "159.", "160.", "161.", "162.", "163.", "164.", "165.", "166.", "167.",
	"168.", "169.", "170.", "171.", "172.", "173.", "174.", "175.", "176.", "177.", "178.", "179.",
	"180.", "181.", "182.", "183.", "184.", "185.", "186.", "187.", "188.", "189.", "190.", "191.",
	"192.", "193.", "194.", "195.", "196.", "197.", "198.", "199.", "200.", "201.", "202.", "203.",
	"204.", "205.", "206.", "207.", "208.", "209.", "210.", "211.", "212.", "213.", "214.", "215.",
	"216.", "217.", "218.", "219.", "220.", "221.", "222.", "223.", "224.", "225.", "226.", "227.",
	"228.", "229.", "230.", "231.", "232.", "233.", "234.", "235.", "236.", "237.", "238.", "239.",
	"240.", "241.", "242.", "243.", "244.", "245.", "246.", "247.", "248.", "249.", "250.", "251.",
	"252.", "253.", "254.", "255.",
};

/* Their lengths. */
static const uint8_t octet_len[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* Constant text: a fixed-size copy (the compiler makes it a few stores). */
#define PUT(p, text) (memcpy((p), (text), sizeof(text) - 1), (p) + sizeof(text) - 1)

static const uint64_t pow10[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
	10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
};

/* v in decimal (%PRIu64): under 1000 at once, else its length first, then pairs from the end. */
static inline char *put_dec(char *p, uint64_t v)
{
	unsigned int t;
	char *end, *q;

	if (v < 10) {
		*p = (char)('0' + v);
		return p + 1;
	}
	if (v < 100) {
		memcpy(p, dec_pairs + 2 * v, 2);
		return p + 2;
	}
	if (v < 1000) {
		*p = (char)('0' + v / 100);
		memcpy(p + 1, dec_pairs + 2 * (v % 100), 2);
		return p + 3;
	}
	/* bits * log10(2), then one comparison: the number of digits. */
	t = (unsigned int)(64 - __builtin_clzll(v)) * 1233 >> 12;
	end = p + t + (v >= pow10[t]);
	for (q = end; v >= 100; v /= 100) {
		q -= 2;
		memcpy(q, dec_pairs + 2 * (v % 100), 2);
	}
	if (v >= 10)
		memcpy(q - 2, dec_pairs + 2 * v, 2);
	else
		q[-1] = (char)('0' + v);
	return end;
}

/* v in lower-case hex (%PRIx64), a byte at a time from the end. */
static inline char *put_hex(char *p, uint64_t v)
{
	unsigned int digits = (67 - (unsigned int)__builtin_clzll(v | 1)) / 4;
	char *end = p + digits, *q = end;

	for (; v >= 0x10; v >>= 8) {
		q -= 2;
		memcpy(q, hex_pairs + 2 * (v & 0xff), 2);
	}
	if (q > p)
		*p = hex_pairs[2 * v + 1];
	return end;
}

/* An address as addr_format() writes it; IPv4 from the octet table. */
static inline char *put_addr(char *p, const struct ip_addr *a)
{
	char buf[ADDR_BUF];
	size_t n;

	if (a->family == AF_INET) {
		for (int i = 0; i < 4; i++) {
			uint8_t b = a->a[i];

			memcpy(p, octets[b], 4);
			p += octet_len[b];
		}
		return p - 1;	/* the last dot */
	}
	addr_format(a, buf);
	n = strlen(buf);
	memcpy(p, buf, n);
	return p + n;
}

/* " name=v" when v is not 0 (line_nonzero); name as a literal " name=". */
#define PUT_NONZERO(p, text, v)					\
	do {							\
		uint64_t v_ = (v);				\
								\
		if (v_)						\
			(p) = put_dec(PUT((p), text), v_);	\
	} while (0)

static inline uint64_t limit(uint64_t v)
{
	return v == LIMIT_INF ? 0 : v;
}

static inline uint64_t elapsed(uint64_t now, uint64_t then)
{
	return now > then ? now - then : 0;
}

/* render.c's put_life: "name(shown,soft,hard)"; the caller tests when. */
static char *put_life(char *p, const char *name, size_t n, uint64_t shown, uint64_t soft,
		      uint64_t hard)
{
	memcpy(p, name, n);
	p = put_dec(p + n, shown);
	*p++ = ',';
	p = put_dec(p, soft);
	*p++ = ',';
	p = put_dec(p, hard);
	*p++ = ')';
	return p;
}

/* KLIPS printed an item when its raw count was > 1 or a limit was set. */
#define PUT_LIFE(p, text, raw, shown, soft, hard)					\
	do {										\
		uint64_t soft_ = (soft), hard_ = (hard);				\
											\
		if ((raw) > 1 || soft_ || hard_)					\
			(p) = put_life((p), text, sizeof(text) - 1, (shown), soft_, hard_); \
	} while (0)

/*
 * The three algorithm names (enc, auth, comp: one block in both structs)
 * the same, all their bytes: the decoder pads names with NULs; other
 * bytes after a NUL only make the memo miss.
 */
#define NAMES (3 * ALG_NAME_MAX)
_Static_assert(offsetof(struct sa_state, comp) == offsetof(struct sa_state, enc) + 2 * ALG_NAME_MAX &&
	       offsetof(struct sa_state, auth) == offsetof(struct sa_state, enc) + ALG_NAME_MAX,
	       "the SA's names are one block");
_Static_assert(offsetof(struct spi_memo, comp) == offsetof(struct spi_memo, enc) + 2 * ALG_NAME_MAX &&
	       offsetof(struct spi_memo, auth) == offsetof(struct spi_memo, enc) + ALG_NAME_MAX,
	       "the memo's names are one block");

typedef uint64_t words2 __attribute__((vector_size(16)));

static inline bool same_names(const struct spi_memo *m, const struct sa_state *sa)
{
	const char *x = (const char *)m + offsetof(struct spi_memo, enc);
	const char *y = (const char *)sa + offsetof(struct sa_state, enc);
	words2 d = { 0, 0 };

	for (size_t i = 0; i < NAMES; i += sizeof(d)) {
		words2 a, b;

		memcpy(&a, x + i, sizeof(a));
		memcpy(&b, y + i, sizeof(b));
		d |= a ^ b;
	}
	return (d[0] | d[1]) == 0;
}

/* The memo filled for sa (out of line: once per change of algorithms). */
static __attribute__((noinline)) void memo_fill(struct spi_memo *m, const struct sa_state *sa)
{
	struct line l;

	m->valid = true;
	m->proto = sa->id.proto;
	memcpy(m->enc, sa->enc, sizeof(m->enc));
	memcpy(m->auth, sa->auth, sizeof(m->auth));
	memcpy(m->comp, sa->comp, sizeof(m->comp));
	m->algs = sa->enc[0] || sa->auth[0] || sa->comp[0];
	m->a = sa->auth[0] ? auth_by_kernel(sa->auth) : NULL;
	l.len = 0;
	render_spi_xform(&l, sa, m->a);
	m->len = l.len <= SPI_XFORM_MAX ? (uint8_t)l.len : UINT8_MAX;
	memcpy(m->xform, l.buf, m->len <= SPI_XFORM_MAX ? m->len : 0);
}

/* The memo for sa: kept when its protocol and algorithm names are the last. */
static inline const struct spi_memo *memo_for(struct spi_memo *m, const struct sa_state *sa)
{
	if (!m->valid || m->proto != sa->id.proto || !same_names(m, sa))
		memo_fill(m, sa);
	return m;
}

static inline bool fast_proto(uint8_t proto)
{
	return proto == SA_ESP || proto == SA_AH || proto == SA_COMP;
}

void render_spi_line_fast(struct line *l, const struct entry *e, uint64_t now, struct spi_memo *memo)
{
	const struct sa_state *sa = e->sa;
	const struct lifetime *lt;
	const struct spi_memo *m;
	char *p;

	if (!sa || !fast_proto(e->id->proto) || !fast_proto(sa->id.proto) ||
	    l->len > LINE_MAX_LEN - FAST_ROOM)
		goto slow;
	m = memo_for(memo, sa);
	if (m->len > SPI_XFORM_MAX)
		goto slow;
	lt = &sa->lft;
	p = l->buf + l->len;

	/* "esp0x200@1.2.3.4 ESP_3DES_HMAC_MD5: dir=out src=1.2.3.5" */
	switch (e->id->proto) {
	case SA_ESP:
		p = PUT(p, "esp0x");
		break;
	case SA_AH:
		p = PUT(p, "ah0x");
		break;
	default:
		p = PUT(p, "comp0x");
	}
	p = put_hex(p, e->id->spi);
	*p++ = '@';
	p = put_addr(p, &e->id->dst);
	*p++ = ' ';
	memcpy(p, m->xform, SPI_XFORM_MAX);
	p += m->len;
	p = e->local ? PUT(p, ": dir=in  src=") : PUT(p, ": dir=out src=");
	p = put_addr(p, &sa->src);

	/* render.c's put_sa_fields */
	if (m->algs) {
		uint64_t bits = (uint64_t)sa->replay.bitmap[1] << 32 | sa->replay.bitmap[0];

		PUT_NONZERO(p, " ooowin=", sa->replay.window);
		PUT_NONZERO(p, " ooo_errs=", (uint64_t)sa->stats.replay_window + sa->stats.replay);
		PUT_NONZERO(p, " seq=", e->local ? sa->replay.seq : sa->replay.oseq);
		if (bits)
			p = put_hex(PUT(p, " bit=0x"), bits);
	}
	if (sa->auth[0]) {
		PUT_NONZERO(p, " alen=", m->a ? m->a->key_bits : sa->auth_bits);
		PUT_NONZERO(p, " aklen=", sa->auth_bits);
	}
	PUT_NONZERO(p, " auth_errs=", sa->stats.integrity_failed);
	PUT_NONZERO(p, " eklen=", sa->enc_bits);
	p = PUT(p, " life(c,s,h)=");
	PUT_LIFE(p, "bytes(", sa->cur.bytes, sa->cur.bytes, limit(lt->soft_bytes),
		 limit(lt->hard_bytes));
	PUT_LIFE(p, "addtime(", sa->cur.add_time, elapsed(now, sa->cur.add_time), lt->soft_add,
		 lt->hard_add);
	PUT_LIFE(p, "usetime(", sa->cur.use_time,
		 sa->cur.use_time ? elapsed(now, sa->cur.use_time) : 0, lt->soft_use, lt->hard_use);
	PUT_LIFE(p, "packets(", sa->cur.packets, sa->cur.packets, limit(lt->soft_packets),
		 limit(lt->hard_packets));
	if (sa->lastused)
		p = put_dec(PUT(p, " idle="), elapsed(now, sa->lastused));
	switch (sa->encap.type) {
	case 0:
		p = PUT(p, " natencap=none natsport=");
		break;
	case 1:
		p = PUT(p, " natencap=nonike natsport=");
		break;
	case 2:
		p = PUT(p, " natencap=nonesp natsport=");
		break;
	default:
		p = PUT(p, " natencap=unknown natsport=");
	}
	p = put_dec(p, sa->encap.sport);
	p = put_dec(PUT(p, " natdport="), sa->encap.dport);
	l->len = (size_t)(p - l->buf);
	return;
slow:
	render_spi_line(l, e, now);
}
