// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SA decoder of the kernel layer (src/kernel_sa_decode.c) against the
 * decoder it replaced (libmnl's attribute walk into a table, kept here as
 * the reference): the same SA and keys, byte for byte, for generated
 * XFRM_MSG_NEWSA messages with the attributes in any order, doubled,
 * unknown, too short for their type, with flag bits in the type, algorithm
 * names of 64 bytes without a NUL, key lengths past the attribute, ESN
 * bitmaps longer than the attribute, and a malformed attribute (the walk
 * ends there). And what a dumped SA's fields decode to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>

#include "src/kernel_sa_decode.h"
#include "tests/unit/tap.h"

/* --- the reference: the decoder as it was (src/kernel_sa.c at 8d5a45b) ----- */

static int ref_attr_table(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= XFRMA_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static const void *ref_attr_struct(const struct nlattr *attr, size_t min)
{
	if (!attr || mnl_attr_get_payload_len(attr) < min)
		return NULL;
	return mnl_attr_get_payload(attr);
}

static void ref_copy_key(struct key *dst, const char *bytes, unsigned int bits, size_t avail)
{
	size_t len = (bits + 7) / 8;

	if (!dst)
		return;
	if (len > avail || len > sizeof(dst->bytes))
		len = 0;
	dst->len = len;
	memcpy(dst->bytes, bytes, len);
}

static void ref_copy_name(char dst[ALG_NAME_MAX], const char name[64])
{
	size_t len = strnlen(name, 64);

	if (len >= ALG_NAME_MAX)
		len = ALG_NAME_MAX - 1;
	memcpy(dst, name, len);
	dst[len] = '\0';
}

static void ref_algs(const struct nlattr **tb, struct sa_state *sa, struct sa_keys *keys)
{
	const struct xfrm_algo_auth *auth;
	const struct xfrm_algo *algo;

	auth = ref_attr_struct(tb[XFRMA_ALG_AUTH_TRUNC], sizeof(*auth));
	if (auth) {
		ref_copy_name(sa->auth, auth->alg_name);
		sa->auth_bits = (uint16_t)auth->alg_key_len;
		sa->auth_trunc = (uint16_t)auth->alg_trunc_len;
		ref_copy_key(keys ? &keys->auth : NULL, auth->alg_key, auth->alg_key_len,
			     mnl_attr_get_payload_len(tb[XFRMA_ALG_AUTH_TRUNC]) - sizeof(*auth));
	} else if ((algo = ref_attr_struct(tb[XFRMA_ALG_AUTH], sizeof(*algo)))) {
		ref_copy_name(sa->auth, algo->alg_name);
		sa->auth_bits = (uint16_t)algo->alg_key_len;
		sa->auth_trunc = 96;
		ref_copy_key(keys ? &keys->auth : NULL, algo->alg_key, algo->alg_key_len,
			     mnl_attr_get_payload_len(tb[XFRMA_ALG_AUTH]) - sizeof(*algo));
	}
	algo = ref_attr_struct(tb[XFRMA_ALG_CRYPT], sizeof(*algo));
	if (algo) {
		ref_copy_name(sa->enc, algo->alg_name);
		sa->enc_bits = (uint16_t)algo->alg_key_len;
		ref_copy_key(keys ? &keys->enc : NULL, algo->alg_key, algo->alg_key_len,
			     mnl_attr_get_payload_len(tb[XFRMA_ALG_CRYPT]) - sizeof(*algo));
	}
	algo = ref_attr_struct(tb[XFRMA_ALG_COMP], sizeof(*algo));
	if (algo)
		ref_copy_name(sa->comp, algo->alg_name);
}

static void ref_replay(const struct nlattr **tb, struct sa_state *sa, uint8_t legacy_window)
{
	const struct xfrm_replay_state_esn *esn;
	const struct xfrm_replay_state *rs;

	sa->replay.window = legacy_window;
	esn = ref_attr_struct(tb[XFRMA_REPLAY_ESN_VAL], sizeof(*esn));
	if (esn && mnl_attr_get_payload_len(tb[XFRMA_REPLAY_ESN_VAL]) >=
		   sizeof(*esn) + esn->bmp_len * sizeof(uint32_t)) {
		sa->replay.esn_attr = true;
		sa->replay.window = esn->replay_window;
		sa->replay.seq = esn->seq;
		sa->replay.oseq = esn->oseq;
		for (uint32_t i = 0; i < esn->bmp_len && i < 2; i++)
			sa->replay.bitmap[i] = esn->bmp[i];
		return;
	}
	rs = ref_attr_struct(tb[XFRMA_REPLAY_VAL], sizeof(*rs));
	if (rs) {
		sa->replay.seq = rs->seq;
		sa->replay.oseq = rs->oseq;
		sa->replay.bitmap[0] = rs->bitmap;
	}
}

static int ref_decode(const struct nlmsghdr *nlh, struct sa_state *sa, struct sa_keys *keys)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { 0 };
	const struct xfrm_usersa_info *xs;
	const struct xfrm_encap_tmpl *et;
	uint8_t f;
	uint32_t extra;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*xs))
		return -EBADMSG;
	xs = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*xs), ref_attr_table, tb) < 0)
		return -EBADMSG;

	memset(sa, 0, sizeof(*sa));
	sa->id.proto = model_proto(xs->id.proto);
	sa->id.spi = ntohl(xs->id.spi);
	addr_from_x(&sa->id.dst, &xs->id.daddr, xs->family);
	addr_from_x(&sa->src, &xs->saddr, xs->family);
	sa->kernel_helper = sa->id.proto == SA_TUN;
	sa->mode = xs->mode;
	sa->reqid = xs->reqid;
	f = xs->flags;
	extra = tb[XFRMA_SA_EXTRA_FLAGS] &&
		mnl_attr_validate(tb[XFRMA_SA_EXTRA_FLAGS], MNL_TYPE_U32) == 0 ?
		mnl_attr_get_u32(tb[XFRMA_SA_EXTRA_FLAGS]) : 0;
	sa->flags.noecn = f & XFRM_STATE_NOECN;
	sa->flags.decap_dscp = f & XFRM_STATE_DECAP_DSCP;
	sa->flags.nopmtudisc = f & XFRM_STATE_NOPMTUDISC;
	sa->flags.wildrecv = f & XFRM_STATE_WILDRECV;
	sa->flags.icmp = f & XFRM_STATE_ICMP;
	sa->flags.af_unspec = f & XFRM_STATE_AF_UNSPEC;
	sa->flags.align4 = f & XFRM_STATE_ALIGN4;
	sa->flags.esn = f & XFRM_STATE_ESN;
	sa->flags.dont_encap_dscp = extra & XFRM_SA_XFLAG_DONT_ENCAP_DSCP;
	sa->flags.oseq_may_wrap = extra & XFRM_SA_XFLAG_OSEQ_MAY_WRAP;
	selector_from_x(&sa->sel, &xs->sel);
	sa->lft.soft_bytes = xs->lft.soft_byte_limit;
	sa->lft.hard_bytes = xs->lft.hard_byte_limit;
	sa->lft.soft_packets = xs->lft.soft_packet_limit;
	sa->lft.hard_packets = xs->lft.hard_packet_limit;
	sa->lft.soft_add = xs->lft.soft_add_expires_seconds;
	sa->lft.hard_add = xs->lft.hard_add_expires_seconds;
	sa->lft.soft_use = xs->lft.soft_use_expires_seconds;
	sa->lft.hard_use = xs->lft.hard_use_expires_seconds;
	sa->cur.bytes = xs->curlft.bytes;
	sa->cur.packets = xs->curlft.packets;
	sa->cur.add_time = xs->curlft.add_time;
	sa->cur.use_time = xs->curlft.use_time;
	sa->stats.replay_window = xs->stats.replay_window;
	sa->stats.replay = xs->stats.replay;
	sa->stats.integrity_failed = xs->stats.integrity_failed;
	ref_replay(tb, sa, xs->replay_window);
	ref_algs(tb, sa, keys);
	et = ref_attr_struct(tb[XFRMA_ENCAP], sizeof(*et));
	if (et) {
		sa->encap.type = et->encap_type;
		sa->encap.sport = ntohs(et->encap_sport);
		sa->encap.dport = ntohs(et->encap_dport);
	}
	if (tb[XFRMA_LASTUSED] && mnl_attr_validate(tb[XFRMA_LASTUSED], MNL_TYPE_U64) == 0)
		sa->lastused = mnl_attr_get_u64(tb[XFRMA_LASTUSED]);
	if (tb[XFRMA_IF_ID] && mnl_attr_validate(tb[XFRMA_IF_ID], MNL_TYPE_U32) == 0)
		sa->if_id = mnl_attr_get_u32(tb[XFRMA_IF_ID]);
	return 0;
}

/* --- generated messages ------------------------------------------------------ */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	return tap_rand(&rng, n);
}

static uint64_t rnd64(void)
{
	rnd(1);
	return rng;
}

static uint64_t some(void)
{
	static const uint64_t v[] = { 0, 1, 99, 4096, UINT32_MAX, XFRM_INF, UINT64_MAX - 1 };

	return rnd(2) ? v[rnd(7)] : rnd64();
}

/* The message; 8-aligned, as the receive buffer is. */
static union {
	uint64_t align;
	uint8_t b[16384];
} msg;

static struct nlmsghdr *start(void)
{
	struct nlmsghdr *nlh = (void *)msg.b;
	struct xfrm_usersa_info *xs = (void *)(msg.b + NLMSG_HDRLEN);
	static const uint8_t protos[] = { IPPROTO_ESP, IPPROTO_AH, IPPROTO_COMP, IPPROTO_IPIP,
					  IPPROTO_IPV6, 0, 255 };
	static const uint16_t families[] = { AF_INET, AF_INET6, AF_INET, 0, 99 };
	uint8_t *raw = (void *)xs;

	memset(msg.b, 0, sizeof(msg.b));
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(*xs);
	/* Every byte of the header something, then the fields that matter. */
	for (size_t i = 0; i < sizeof(*xs); i++)
		raw[i] = (uint8_t)rnd(256);
	xs->family = families[rnd(5)];
	xs->id.proto = protos[rnd(7)];
	xs->sel.prefixlen_d = rnd(3) ? 0 : (uint8_t)rnd(129);
	xs->sel.prefixlen_s = rnd(3) ? 0 : (uint8_t)rnd(129);
	xs->sel.family = families[rnd(5)];
	xs->lft.soft_byte_limit = some();
	xs->lft.hard_packet_limit = some();
	xs->curlft.bytes = some();
	xs->curlft.use_time = some();
	return nlh;
}

/* Append an attribute of type with len payload bytes (random), its payload. */
static void *put(struct nlmsghdr *nlh, uint16_t type, size_t len)
{
	struct nlattr *a = (void *)(msg.b + NLMSG_ALIGN(nlh->nlmsg_len));
	uint8_t *p = (uint8_t *)a + NLA_HDRLEN;

	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)rnd(256);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_HDRLEN + (uint32_t)len;
	return p;
}

static void put_name(char name[64])
{
	static const char *const names[] = { "", "hmac(md5)", "cbc(des3_ede)", "deflate",
		"rfc4106(gcm(aes))", "a-name-of-exactly-thirty-one-ch", "a-name-of-exactly-thirty-two-chs" };
	int pick = (int)rnd(8);

	if (pick < 7) {
		memset(name, 0, 64);
		strcpy(name, names[pick]);
	}			/* else 64 random bytes, maybe no NUL */
}

/* An algorithm attribute: its struct, a key of some length, maybe cut short. */
static void put_algo(struct nlmsghdr *nlh, uint16_t type)
{
	size_t base = type == XFRMA_ALG_AUTH_TRUNC ? sizeof(struct xfrm_algo_auth) :
		      sizeof(struct xfrm_algo);
	size_t keylen = rnd(3) ? rnd(40) : rnd(600);
	size_t len = rnd(6) ? base + keylen : rnd((uint32_t)base + 8);
	uint8_t *p = put(nlh, type, len);

	if (len < base)
		return;
	put_name((char *)p);
	/* alg_key_len: the key's bits, or more than the attribute holds. */
	unsigned int bits = (unsigned int)(rnd(4) ? keylen * 8 : rnd(8000));

	if (type == XFRMA_ALG_AUTH_TRUNC)
		((struct xfrm_algo_auth *)p)->alg_key_len = bits;
	else
		((struct xfrm_algo *)p)->alg_key_len = bits;
}

static void put_any(struct nlmsghdr *nlh)
{
	static const uint16_t flags[] = { 0, 0, 0, NLA_F_NESTED, NLA_F_NET_BYTEORDER };
	uint16_t type;
	size_t len;

	switch (rnd(14)) {
	case 0:
		put_algo(nlh, XFRMA_ALG_AUTH_TRUNC);
		return;
	case 1:
		put_algo(nlh, XFRMA_ALG_AUTH);
		return;
	case 2:
		put_algo(nlh, XFRMA_ALG_CRYPT);
		return;
	case 3:
		put_algo(nlh, XFRMA_ALG_COMP);
		return;
	case 4: {
		size_t words = rnd(5);
		struct xfrm_replay_state_esn *e = put(nlh, XFRMA_REPLAY_ESN_VAL,
						      rnd(8) ? sizeof(*e) + 4 * words : rnd(30));

		if (nlh->nlmsg_len >= (size_t)((uint8_t *)e - msg.b) + sizeof(*e))
			e->bmp_len = rnd(3) ? (uint32_t)words : rnd(2) ? (uint32_t)words + 1 : UINT32_MAX;
		return;
	}
	case 5:
		put(nlh, XFRMA_REPLAY_VAL, rnd(6) ? sizeof(struct xfrm_replay_state) : rnd(16));
		return;
	case 6:
		put(nlh, XFRMA_ENCAP, rnd(6) ? sizeof(struct xfrm_encap_tmpl) : rnd(30));
		return;
	case 7:
		put(nlh, XFRMA_LASTUSED | flags[rnd(5)], rnd(4) ? 8 : rnd(12));
		return;
	case 8:
		put(nlh, XFRMA_IF_ID, rnd(4) ? 4 : rnd(9));
		return;
	case 9:
		put(nlh, XFRMA_SA_EXTRA_FLAGS, rnd(4) ? 4 : rnd(9));
		return;
	default:
		type = (uint16_t)(rnd(2) ? rnd(XFRMA_MAX + 1) : rnd(1u << 16));
		len = rnd(60);
		put(nlh, type, len);
	}
}

/*
 * A malformed attribute at the end: too short a length, or past the
 * message; true when the message now ends within 4 bytes of it.
 */
static bool put_bad(struct nlmsghdr *nlh)
{
	struct nlattr *a = (void *)(msg.b + NLMSG_ALIGN(nlh->nlmsg_len));
	uint32_t room;

	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len);
	switch (rnd(3)) {
	case 0:		/* shorter than an attribute header */
		nlh->nlmsg_len += 1 + rnd(3);
		memset(a, 0xff, 3);
		return true;
	case 1:		/* a length under the header's */
		a->nla_len = (uint16_t)rnd(NLA_HDRLEN);
		a->nla_type = XFRMA_ALG_CRYPT;
		nlh->nlmsg_len += NLA_HDRLEN + 80;
		break;
	default:	/* past the message */
		room = 80;
		a->nla_len = (uint16_t)(NLA_HDRLEN + room + 1 + rnd(100));
		a->nla_type = XFRMA_ALG_CRYPT;
		memset((char *)a + NLA_HDRLEN, 'x', room);
		nlh->nlmsg_len += NLA_HDRLEN + room;
	}
	return false;
}

static bool same(const struct nlmsghdr *nlh, bool keys)
{
	struct sa_state got, want;
	struct sa_keys gk, wk;
	int g, w;

	memset(&got, 0x5a, sizeof(got));
	memset(&want, 0xa5, sizeof(want));
	memset(&gk, 0, sizeof(gk));
	memset(&wk, 0, sizeof(wk));
	g = sa_decode(nlh, &got, keys ? &gk : NULL);
	w = ref_decode(nlh, &want, keys ? &wk : NULL);
	if (g != w)
		return false;
	if (g)
		return true;
	return memcmp(&got, &want, sizeof(got)) == 0 && memcmp(&gk, &wk, sizeof(gk)) == 0;
}

static void test_generated(void)
{
	int bad = 0, n = 20000, malformed = 0;

	for (int i = 0; i < n; i++) {
		struct nlmsghdr *nlh = start();
		int attrs = (int)rnd(12);
		bool cut = false;

		for (int j = 0; j < attrs; j++)
			put_any(nlh);
		if (rnd(8) == 0) {
			cut = put_bad(nlh);
			malformed++;
			/* Attributes after it: never read. */
			if (!cut && rnd(2))
				put_any(nlh);
		}
		/* The kernel pads the last attribute too (see test_padding). */
		if (!cut)
			nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len);
		if (!same(nlh, rnd(2)) && bad++ < 5)
			tap_diag("message %d (%u bytes) decodes differently", i, nlh->nlmsg_len);
	}
	tap_ok(bad == 0, "%d generated messages (%d with a malformed attribute) decode as before: %d differ",
	       n, malformed, bad);
}

/* --- what the fields decode to ----------------------------------------------- */

static struct nlmsghdr *esp_sa(void)
{
	struct nlmsghdr *nlh = (void *)msg.b;
	struct xfrm_usersa_info *xs = (void *)(msg.b + NLMSG_HDRLEN);
	struct xfrm_algo_auth *auth;
	struct xfrm_algo *enc;
	struct xfrm_encap_tmpl *et;
	uint64_t lastused = 1700000123;

	memset(msg.b, 0, sizeof(msg.b));
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(*xs);
	xs->family = AF_INET;
	xs->id.proto = IPPROTO_ESP;
	xs->id.spi = htonl(0x12345678);
	memcpy(&xs->id.daddr, "\xc0\x00\x02\x01", 4);
	memcpy(&xs->saddr, "\xc0\x00\x02\x02", 4);
	xs->replay_window = 32;
	xs->lft.soft_byte_limit = XFRM_INF;
	xs->lft.hard_add_expires_seconds = 3600;
	xs->curlft.bytes = 123456789012ull;
	xs->curlft.add_time = 1700000000;
	xs->stats.integrity_failed = 7;
	auth = put(nlh, XFRMA_ALG_AUTH_TRUNC, sizeof(*auth) + 16);
	memset(auth->alg_name, 0, sizeof(auth->alg_name));
	strcpy(auth->alg_name, "hmac(md5)");
	auth->alg_key_len = 128;
	auth->alg_trunc_len = 96;
	memset(auth->alg_key, 0x87, 16);
	enc = put(nlh, XFRMA_ALG_CRYPT, sizeof(*enc) + 24);
	memset(enc->alg_name, 0, sizeof(enc->alg_name));
	strcpy(enc->alg_name, "cbc(des3_ede)");
	enc->alg_key_len = 192;
	memset(enc->alg_key, 0x43, 24);
	et = put(nlh, XFRMA_ENCAP, sizeof(*et));
	memset(et, 0, sizeof(*et));
	et->encap_type = 2;
	et->encap_sport = htons(4500);
	et->encap_dport = htons(4501);
	memcpy(put(nlh, XFRMA_LASTUSED, 8), &lastused, 8);
	return nlh;
}

static void test_fields(void)
{
	struct nlmsghdr *nlh = esp_sa();
	struct sa_state sa;
	struct sa_keys keys;
	uint8_t k87[16], k43[24];

	memset(k87, 0x87, sizeof(k87));
	memset(k43, 0x43, sizeof(k43));
	memset(&keys, 0, sizeof(keys));
	tap_ok(sa_decode(nlh, &sa, &keys) == 0, "an ESP SA decodes");
	tap_ok(sa.id.proto == SA_ESP && sa.id.spi == 0x12345678 && sa.id.dst.family == AF_INET &&
	       memcmp(sa.id.dst.a, "\xc0\x00\x02\x01", 4) == 0 && !sa.kernel_helper,
	       "its id: esp0x12345678@192.0.2.1");
	tap_ok(sa.src.family == AF_INET && memcmp(sa.src.a, "\xc0\x00\x02\x02", 4) == 0,
	       "its source");
	tap_str(sa.auth, "hmac(md5)", "its authentication algorithm");
	tap_str(sa.enc, "cbc(des3_ede)", "its cipher");
	tap_str(sa.comp, "", "no compression");
	tap_ok(sa.auth_bits == 128 && sa.auth_trunc == 96 && sa.enc_bits == 192,
	       "the key lengths and the truncation");
	tap_ok(keys.auth.len == 16 && memcmp(keys.auth.bytes, k87, 16) == 0 &&
	       keys.enc.len == 24 && memcmp(keys.enc.bytes, k43, 24) == 0,
	       "the keys, when asked for");
	tap_ok(sa.replay.window == 32 && !sa.replay.esn_attr, "the legacy replay window");
	tap_ok(sa.lft.soft_bytes == XFRM_INF && sa.lft.hard_add == 3600 &&
	       sa.cur.bytes == 123456789012ull && sa.cur.add_time == 1700000000,
	       "the lifetimes and a counter past 32 bits");
	tap_ok(sa.stats.integrity_failed == 7, "the statistics");
	tap_ok(sa.encap.type == 2 && sa.encap.sport == 4500 && sa.encap.dport == 4501,
	       "the encapsulation, in host order");
	tap_ok(sa.lastused == 1700000123, "the last use");

	memset(&sa, 0, sizeof(sa));
	tap_ok(sa_decode(nlh, &sa, NULL) == 0 && sa.auth_bits == 128 && sa.enc_bits == 192,
	       "without keys: the same SA");

	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	tap_ok(sa_decode(nlh, &sa, NULL) == -EBADMSG, "another message type: -EBADMSG");
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(struct xfrm_usersa_info) - 1;
	tap_ok(sa_decode(nlh, &sa, NULL) == -EBADMSG, "a message shorter than its header: -EBADMSG");
}

/* An ESN replay state: its window and both bitmap words. */
static void test_esn(void)
{
	struct nlmsghdr *nlh = esp_sa();
	struct xfrm_replay_state_esn *e = put(nlh, XFRMA_REPLAY_ESN_VAL, sizeof(*e) + 8);
	struct sa_state sa;

	memset(e, 0, sizeof(*e) + 8);
	e->bmp_len = 2;
	e->replay_window = 64;
	e->seq = 5;
	e->oseq = 6;
	e->bmp[0] = 0xdeadbeef;
	e->bmp[1] = 0x80000000u;
	tap_ok(sa_decode(nlh, &sa, NULL) == 0 && sa.replay.esn_attr && sa.replay.window == 64 &&
	       sa.replay.seq == 5 && sa.replay.oseq == 6 && sa.replay.bitmap[0] == 0xdeadbeef &&
	       sa.replay.bitmap[1] == 0x80000000u, "an ESN replay state of 64 packets");
	e->bmp_len = 3;
	tap_ok(sa_decode(nlh, &sa, NULL) == 0 && !sa.replay.esn_attr && sa.replay.window == 32,
	       "an ESN bitmap longer than its attribute is not read");
}

/*
 * Where the decoder is stricter than libmnl's walk, which read to the
 * message's length rounded up to 4: an attribute that ends in that padding
 * (never sent by a kernel, which pads every attribute) is not read.
 */
static void test_padding(void)
{
	struct nlmsghdr *nlh = esp_sa();
	struct xfrm_algo *comp = put(nlh, XFRMA_ALG_COMP, sizeof(*comp) + 3);
	struct sa_state sa;

	memset(comp, 0, sizeof(*comp));
	strcpy(comp->alg_name, "deflate");
	nlh->nlmsg_len -= 2;
	tap_ok(sa_decode(nlh, &sa, NULL) == 0 && sa.comp[0] == '\0' &&
	       strcmp(sa.enc, "cbc(des3_ede)") == 0,
	       "an attribute that ends past the message's length is not read");
	nlh->nlmsg_len += 2;
	tap_ok(sa_decode(nlh, &sa, NULL) == 0 && strcmp(sa.comp, "deflate") == 0,
	       "it is read when the message holds it");
}

int main(void)
{
	test_fields();
	test_esn();
	test_padding();
	test_generated();
	return tap_done();
}
