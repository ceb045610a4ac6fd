// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * XFRM SA messages into the model (src/kernel_sa_decode.h). A listing
 * decodes every SA of a dump here, so the attributes are walked once, in
 * a loop with a switch (no callback per attribute, no table to clear),
 * each length checked against the message before it is read.
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>

#include "src/kernel_sa_decode.h"

/* The first eight flags are bit i of the state's flags, in bit order. */
_Static_assert(XFRM_STATE_NOECN == 1 && XFRM_STATE_DECAP_DSCP == 2 && XFRM_STATE_NOPMTUDISC == 4 &&
	       XFRM_STATE_WILDRECV == 8 && XFRM_STATE_ICMP == 16 && XFRM_STATE_AF_UNSPEC == 32 &&
	       XFRM_STATE_ALIGN4 == 64 && XFRM_STATE_ESN == 128, "XFRM_STATE_* are bits 0 to 7");
_Static_assert(sizeof(bool) == 1 && offsetof(struct sa_flags, noecn) == 0 &&
	       offsetof(struct sa_flags, decap_dscp) == 1 && offsetof(struct sa_flags, nopmtudisc) == 2 &&
	       offsetof(struct sa_flags, wildrecv) == 3 && offsetof(struct sa_flags, icmp) == 4 &&
	       offsetof(struct sa_flags, af_unspec) == 5 && offsetof(struct sa_flags, align4) == 6 &&
	       offsetof(struct sa_flags, esn) == 7, "struct sa_flags starts with them, in bit order");

/* addr_from_x() with the two lengths written out: no call per address. */
static inline void addr_of_x(struct ip_addr *a, const xfrm_address_t *x, int family)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	if (family == AF_INET)
		memcpy(a->a, x, 4);
	else if (family == AF_INET6)
		memcpy(a->a, x, 16);
}

void selector_from_x(struct selector *s, const struct xfrm_selector *x)
{
	memset(s, 0, sizeof(*s));
	if (x->prefixlen_d || x->prefixlen_s) {
		addr_of_x(&s->dst, &x->daddr, x->family);
		addr_of_x(&s->src, &x->saddr, x->family);
	}
	s->dst_len = x->prefixlen_d;
	s->src_len = x->prefixlen_s;
	s->proto = x->proto;
	s->sport = ntohs(x->sport);
	s->dport = ntohs(x->dport);
	s->sport_mask = ntohs(x->sport_mask);
	s->dport_mask = ntohs(x->dport_mask);
}

static void lifetime_from_x(struct lifetime *l, const struct xfrm_lifetime_cfg *x)
{
	l->soft_bytes = x->soft_byte_limit;
	l->hard_bytes = x->hard_byte_limit;
	l->soft_packets = x->soft_packet_limit;
	l->hard_packets = x->hard_packet_limit;
	l->soft_add = x->soft_add_expires_seconds;
	l->hard_add = x->hard_add_expires_seconds;
	l->soft_use = x->soft_use_expires_seconds;
	l->hard_use = x->hard_use_expires_seconds;
}

static void flags_from_x(struct sa_flags *f, uint8_t flags, uint32_t extra)
{
	/*
	 * noecn to esn: byte i is bit i of flags. flags in every byte, bit i
	 * kept in byte i, each nonzero byte carried to its top bit (+ 0x7f
	 * never crosses into the next byte) and moved down to bit 0.
	 */
	uint64_t v = flags * 0x0101010101010101ull & 0x8040201008040201ull;

	v = htole64((v + 0x7f7f7f7f7f7f7f7full) >> 7 & 0x0101010101010101ull);
	memcpy(f, &v, sizeof(v));
	f->dont_encap_dscp = extra & XFRM_SA_XFLAG_DONT_ENCAP_DSCP;
	f->oseq_may_wrap = extra & XFRM_SA_XFLAG_OSEQ_MAY_WRAP;
}

/* The attributes read; of two of a type the later counts. */
struct sa_attrs {
	const struct nlattr *auth_trunc, *auth, *crypt, *comp;
	const struct nlattr *esn, *replay, *encap, *lastused, *if_id, *extra_flags;
};

static size_t attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

/* The payload of a if it holds at least min bytes, else NULL. */
static const void *attr_min(const struct nlattr *a, size_t min)
{
	return a && attr_len(a) >= min ? attr_data(a) : NULL;
}

/* A u32 or u64 attribute of exactly its size (libmnl's validation), or 0. */
static uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	if (a && attr_len(a) == sizeof(v))
		memcpy(&v, attr_data(a), sizeof(v));
	return v;
}

static uint64_t attr_u64(const struct nlattr *a)
{
	uint64_t v = 0;

	if (a && attr_len(a) == sizeof(v))
		memcpy(&v, attr_data(a), sizeof(v));
	return v;
}

/* One pass over the attributes after the header (hdr bytes of payload). */
static void find_attrs(const struct nlmsghdr *nlh, size_t hdr, struct sa_attrs *at)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hdr), end = nlh->nlmsg_len;

	while (off + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const void *)((const char *)nlh + off);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > end - off)
			break;
		switch (a->nla_type & NLA_TYPE_MASK) {
		case XFRMA_ALG_AUTH_TRUNC:
			at->auth_trunc = a;
			break;
		case XFRMA_ALG_AUTH:
			at->auth = a;
			break;
		case XFRMA_ALG_CRYPT:
			at->crypt = a;
			break;
		case XFRMA_ALG_COMP:
			at->comp = a;
			break;
		case XFRMA_REPLAY_ESN_VAL:
			at->esn = a;
			break;
		case XFRMA_REPLAY_VAL:
			at->replay = a;
			break;
		case XFRMA_ENCAP:
			at->encap = a;
			break;
		case XFRMA_LASTUSED:
			at->lastused = a;
			break;
		case XFRMA_IF_ID:
			at->if_id = a;
			break;
		case XFRMA_SA_EXTRA_FLAGS:
			at->extra_flags = a;
			break;
		}
		off += NLA_ALIGN(a->nla_len);
	}
}

static void copy_key(struct key *dst, const char *bytes, unsigned int bits, size_t avail)
{
	size_t len = (bits + 7) / 8;

	if (!dst)
		return;
	if (len > avail || len > sizeof(dst->bytes))
		len = 0;
	dst->len = len;
	memcpy(dst->bytes, bytes, len);
}

/*
 * Kernel algorithm names are 64-byte fields (the attribute holds them
 * whole); ours are shorter (truncation only affects names no KLIPS
 * algorithm has). dst is zeroed already. A word at a time: its bytes up
 * to the first NUL.
 */
static void copy_name(char dst[ALG_NAME_MAX], const char name[64])
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;

	_Static_assert(ALG_NAME_MAX % 8 == 0 && ALG_NAME_MAX <= 64, "names are whole words");
	for (size_t i = 0; i < ALG_NAME_MAX; i += 8) {
		uint64_t w, v, zero;

		/* Byte j of the word is the name's byte i + j (bits 8j to 8j + 7). */
		memcpy(&w, name + i, sizeof(w));
		v = le64toh(w);
		/* The lowest flagged byte is the first zero (borrows only go up). */
		zero = (v - ones) & ~v & highs;
		if (zero) {
			v &= ((uint64_t)1 << (__builtin_ctzll(zero) & ~7u)) - 1;
			w = htole64(v);
			memcpy(dst + i, &w, sizeof(w));
			return;
		}
		memcpy(dst + i, &w, sizeof(w));
	}
	dst[ALG_NAME_MAX - 1] = '\0';
}

static void decode_algs(const struct sa_attrs *at, struct sa_state *sa, struct sa_keys *keys)
{
	const struct xfrm_algo_auth *auth;
	const struct xfrm_algo *algo;

	if ((auth = attr_min(at->auth_trunc, sizeof(*auth)))) {
		copy_name(sa->auth, auth->alg_name);
		sa->auth_bits = (uint16_t)auth->alg_key_len;
		sa->auth_trunc = (uint16_t)auth->alg_trunc_len;
		if (keys)
			copy_key(&keys->auth, auth->alg_key, auth->alg_key_len,
				 attr_len(at->auth_trunc) - sizeof(*auth));
	} else if ((algo = attr_min(at->auth, sizeof(*algo)))) {
		copy_name(sa->auth, algo->alg_name);
		sa->auth_bits = (uint16_t)algo->alg_key_len;
		sa->auth_trunc = 96;
		if (keys)
			copy_key(&keys->auth, algo->alg_key, algo->alg_key_len,
				 attr_len(at->auth) - sizeof(*algo));
	}
	if ((algo = attr_min(at->crypt, sizeof(*algo)))) {
		copy_name(sa->enc, algo->alg_name);
		sa->enc_bits = (uint16_t)algo->alg_key_len;
		if (keys)
			copy_key(&keys->enc, algo->alg_key, algo->alg_key_len,
				 attr_len(at->crypt) - sizeof(*algo));
	}
	if ((algo = attr_min(at->comp, sizeof(*algo))))
		copy_name(sa->comp, algo->alg_name);
}

static void decode_replay(const struct sa_attrs *at, struct sa_state *sa, uint8_t legacy_window)
{
	const struct xfrm_replay_state_esn *esn = attr_min(at->esn, sizeof(*esn));
	const struct xfrm_replay_state *rs;

	sa->replay.window = legacy_window;
	if (esn && attr_len(at->esn) >= sizeof(*esn) + (uint64_t)esn->bmp_len * sizeof(uint32_t)) {
		sa->replay.esn_attr = true;
		sa->replay.window = esn->replay_window;
		sa->replay.seq = esn->seq;
		sa->replay.oseq = esn->oseq;
		for (uint32_t i = 0; i < esn->bmp_len && i < 2; i++)
			sa->replay.bitmap[i] = esn->bmp[i];
		return;
	}
	if ((rs = attr_min(at->replay, sizeof(*rs)))) {
		sa->replay.seq = rs->seq;
		sa->replay.oseq = rs->oseq;
		sa->replay.bitmap[0] = rs->bitmap;
	}
}

int sa_decode(const struct nlmsghdr *nlh, struct sa_state *sa, struct sa_keys *keys)
{
	const struct xfrm_usersa_info *xs = (const void *)((const char *)nlh + NLMSG_HDRLEN);
	const struct xfrm_encap_tmpl *et;
	struct sa_attrs at = { 0 };

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA || nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*xs))
		return -EBADMSG;
	find_attrs(nlh, sizeof(*xs), &at);

	memset(sa, 0, sizeof(*sa));
	sa->id.proto = model_proto(xs->id.proto);
	sa->id.spi = ntohl(xs->id.spi);
	addr_of_x(&sa->id.dst, &xs->id.daddr, xs->family);
	addr_of_x(&sa->src, &xs->saddr, xs->family);
	sa->kernel_helper = sa->id.proto == SA_TUN;
	sa->mode = xs->mode;
	sa->reqid = xs->reqid;
	flags_from_x(&sa->flags, xs->flags, attr_u32(at.extra_flags));
	selector_from_x(&sa->sel, &xs->sel);
	lifetime_from_x(&sa->lft, &xs->lft);
	sa->cur.bytes = xs->curlft.bytes;
	sa->cur.packets = xs->curlft.packets;
	sa->cur.add_time = xs->curlft.add_time;
	sa->cur.use_time = xs->curlft.use_time;
	sa->stats.replay_window = xs->stats.replay_window;
	sa->stats.replay = xs->stats.replay;
	sa->stats.integrity_failed = xs->stats.integrity_failed;
	decode_replay(&at, sa, xs->replay_window);
	decode_algs(&at, sa, keys);
	if ((et = attr_min(at.encap, sizeof(*et)))) {
		sa->encap.type = et->encap_type;
		sa->encap.sport = ntohs(et->encap_sport);
		sa->encap.dport = ntohs(et->encap_dport);
	}
	sa->lastused = attr_u64(at.lastused);
	sa->if_id = attr_u32(at.if_id);
	return 0;
}
