// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * XFRM and route lookups over netlink with libmnl. This is the only file
 * that knows netlink message layouts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>
#include <libmnl/libmnl.h>

#include "src/kernel.h"
#include "src/vec.h"

/* One buffer size for every receive: the kernel sizes dump datagrams by the
 * largest buffer ever offered on a socket, so never mix sizes. */
#define RECV_BUF 32768
#define REQ_BUF 4096
#define DUMP_TRIES 4
#define RECORD_IFID_DEFAULT 0x4b4c5053u	/* "KLPS" */

struct kernel {
	struct mnl_socket *xfrm, *route;
	uint32_t seq;
	uint32_t record_ifid;
	char extack[256];
	uint8_t buf[RECV_BUF];
};

static struct mnl_socket *nl_open(int bus)
{
	struct mnl_socket *nl = mnl_socket_open(bus);
	int one = 1, err;

	if (!nl)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = errno;
		mnl_socket_close(nl);
		errno = err;
		return NULL;
	}
	/* Best effort: kernels without these still answer. */
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	return nl;
}

static uint32_t record_ifid_from_env(void)
{
	const char *s = getenv("KLIPS_RECORD_IFID");
	unsigned long v;
	char *end;

	if (!s || !*s)
		return RECORD_IFID_DEFAULT;
	v = strtoul(s, &end, 0);
	return (*end || v == 0 || v > UINT32_MAX) ? RECORD_IFID_DEFAULT : (uint32_t)v;
}

int kernel_open(struct kernel **kp)
{
	struct kernel *k = calloc(1, sizeof(*k));
	int err;

	if (!k)
		return -ENOMEM;
	k->xfrm = nl_open(NETLINK_XFRM);
	if (!k->xfrm) {
		err = errno;
		free(k);
		return -err;
	}
	k->seq = (uint32_t)time(NULL);
	k->record_ifid = record_ifid_from_env();
	*kp = k;
	return 0;
}

void kernel_close(struct kernel *k)
{
	if (!k)
		return;
	if (k->xfrm)
		mnl_socket_close(k->xfrm);
	if (k->route)
		mnl_socket_close(k->route);
	explicit_bzero(k->buf, sizeof(k->buf));
	free(k);
}

const char *kernel_extack(const struct kernel *k)
{
	return k->extack;
}

/* --- request/response plumbing ------------------------------------------- */

struct talk {
	struct kernel *k;
	mnl_cb_t cb;
	void *data;
};

static int extack_attr(const struct nlattr *attr, void *data)
{
	struct kernel *k = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(k->extack, sizeof(k->extack), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

static int talk_error(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct talk *t = arg;
	size_t off = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err->error == 0)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (mnl_nlmsg_size(off) < nlh->nlmsg_len)
			mnl_attr_parse(nlh, off, extack_attr, t->k);
	}
	errno = -err->error;
	return MNL_CB_ERROR;
}

static int talk_done(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return MNL_CB_STOP;
}

static int talk_overrun(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	errno = ENOSPC;
	return MNL_CB_ERROR;
}

static int talk_data(const struct nlmsghdr *nlh, void *arg)
{
	struct talk *t = arg;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

/* Read and drop the rest of an interrupted dump, up to its NLMSG_DONE. */
static void drain(struct kernel *k, struct mnl_socket *nl)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, k->buf, sizeof(k->buf));
		const struct nlmsghdr *nlh = (const void *)k->buf;
		int len = (int)n;

		if (n <= 0)
			return;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
				explicit_bzero(k->buf, (size_t)n);
				return;
			}
		}
		explicit_bzero(k->buf, (size_t)n);
	}
}

/*
 * Send one request and run cb on every answer until the ACK or NLMSG_DONE.
 * Received datagrams are wiped after parsing: dumps carry key bytes.
 */
static int talk(struct kernel *k, struct mnl_socket *nl, struct nlmsghdr *nlh,
		mnl_cb_t cb, void *data)
{
	/* With a control array, libmnl runs no defaults: name them all. */
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = talk_error,
		[NLMSG_DONE] = talk_done,
		[NLMSG_OVERRUN] = talk_overrun,
	};
	struct talk t = { .k = k, .cb = cb, .data = data };
	uint32_t portid = mnl_socket_get_portid(nl);
	bool dump = nlh->nlmsg_flags & NLM_F_DUMP;

	nlh->nlmsg_seq = ++k->seq;
	k->extack[0] = '\0';
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, k->buf, sizeof(k->buf));
		int ret, err;

		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(k->buf, (size_t)n, nlh->nlmsg_seq, portid,
				  talk_data, &t, ctl, NLMSG_MIN_TYPE);
		err = errno;
		explicit_bzero(k->buf, (size_t)n);
		if (ret == MNL_CB_ERROR) {
			if (dump && err == EINTR)
				drain(k, nl);
			return -err;
		}
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static struct nlmsghdr *request(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

/*
 * One dump (every dump goes through here): cb gets data and pushes what it
 * keeps onto v. A dump that a change interrupted (NLM_F_DUMP_INTR, seen as
 * EINTR) is started again from scratch, DUMP_TRIES times at most, then
 * -EAGAIN. hdr: the length of a zeroed family header after the netlink
 * header (RTM_GETADDR's struct ifaddrmsg), or 0. On failure v is freed.
 */
static int dump(struct kernel *k, struct mnl_socket *nl, uint16_t type, size_t hdr,
		mnl_cb_t cb, void *data, struct vec *v)
{
	int ret = -EAGAIN;

	for (int i = 0; i < DUMP_TRIES && ret == -EAGAIN; i++) {
		uint8_t req[REQ_BUF];
		struct nlmsghdr *nlh = request(req, type, NLM_F_DUMP);

		if (hdr)
			mnl_nlmsg_put_extra_header(nlh, hdr);
		v->n = 0;
		ret = talk(k, nl, nlh, cb, data);
		if (ret == -EINTR)
			ret = -EAGAIN;
	}
	if (ret < 0)
		vec_free(v);
	return ret;
}

/* --- conversions between the model and XFRM structures ------------------- */

static int xfrm_family(int family)
{
	return family == AF_INET6 ? AF_INET6 : AF_INET;
}

static uint8_t full_prefix(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

static void addr_to_x(xfrm_address_t *x, const struct ip_addr *a)
{
	memset(x, 0, sizeof(*x));
	memcpy(x, a->a, addr_len(a->family));
}

static void addr_from_x(struct ip_addr *a, const xfrm_address_t *x, int family)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->a, x, addr_len(family));
}

static uint8_t xfrm_proto(uint8_t proto, int family)
{
	if (proto == SA_TUN)
		return family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
	return proto;
}

static uint8_t model_proto(uint8_t proto)
{
	return (proto == IPPROTO_IPIP || proto == IPPROTO_IPV6) ? SA_TUN : proto;
}

static void selector_to_x(struct xfrm_selector *x, const struct selector *s)
{
	memset(x, 0, sizeof(*x));
	if (!s->dst.family && !s->src.family)
		return;
	x->family = (uint16_t)(s->dst.family ? s->dst.family : s->src.family);
	addr_to_x(&x->daddr, &s->dst);
	addr_to_x(&x->saddr, &s->src);
	x->prefixlen_d = s->dst_len;
	x->prefixlen_s = s->src_len;
	x->proto = s->proto;
	x->sport = htons(s->sport);
	x->dport = htons(s->dport);
	x->sport_mask = htons(s->sport_mask);
	x->dport_mask = htons(s->dport_mask);
}

static void selector_from_x(struct selector *s, const struct xfrm_selector *x)
{
	memset(s, 0, sizeof(*s));
	if (x->prefixlen_d || x->prefixlen_s) {
		addr_from_x(&s->dst, &x->daddr, x->family);
		addr_from_x(&s->src, &x->saddr, x->family);
	}
	s->dst_len = x->prefixlen_d;
	s->src_len = x->prefixlen_s;
	s->proto = x->proto;
	s->sport = ntohs(x->sport);
	s->dport = ntohs(x->dport);
	s->sport_mask = ntohs(x->sport_mask);
	s->dport_mask = ntohs(x->dport_mask);
}

static void lifetime_to_x(struct xfrm_lifetime_cfg *x, const struct lifetime *l)
{
	x->soft_byte_limit = l->soft_bytes;
	x->hard_byte_limit = l->hard_bytes;
	x->soft_packet_limit = l->soft_packets;
	x->hard_packet_limit = l->hard_packets;
	x->soft_add_expires_seconds = l->soft_add;
	x->hard_add_expires_seconds = l->hard_add;
	x->soft_use_expires_seconds = l->soft_use;
	x->hard_use_expires_seconds = l->hard_use;
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

static uint8_t flags_to_x(const struct sa_flags *f)
{
	return (uint8_t)((f->noecn ? XFRM_STATE_NOECN : 0) |
			 (f->decap_dscp ? XFRM_STATE_DECAP_DSCP : 0) |
			 (f->nopmtudisc ? XFRM_STATE_NOPMTUDISC : 0) |
			 (f->wildrecv ? XFRM_STATE_WILDRECV : 0) |
			 (f->icmp ? XFRM_STATE_ICMP : 0) |
			 (f->af_unspec ? XFRM_STATE_AF_UNSPEC : 0) |
			 (f->align4 ? XFRM_STATE_ALIGN4 : 0) |
			 (f->esn ? XFRM_STATE_ESN : 0));
}

static uint32_t extra_flags_to_x(const struct sa_flags *f)
{
	return (f->dont_encap_dscp ? XFRM_SA_XFLAG_DONT_ENCAP_DSCP : 0) |
	       (f->oseq_may_wrap ? XFRM_SA_XFLAG_OSEQ_MAY_WRAP : 0);
}

static void flags_from_x(struct sa_flags *f, uint8_t flags, uint32_t extra)
{
	f->noecn = flags & XFRM_STATE_NOECN;
	f->decap_dscp = flags & XFRM_STATE_DECAP_DSCP;
	f->nopmtudisc = flags & XFRM_STATE_NOPMTUDISC;
	f->wildrecv = flags & XFRM_STATE_WILDRECV;
	f->icmp = flags & XFRM_STATE_ICMP;
	f->af_unspec = flags & XFRM_STATE_AF_UNSPEC;
	f->align4 = flags & XFRM_STATE_ALIGN4;
	f->esn = flags & XFRM_STATE_ESN;
	f->dont_encap_dscp = extra & XFRM_SA_XFLAG_DONT_ENCAP_DSCP;
	f->oseq_may_wrap = extra & XFRM_SA_XFLAG_OSEQ_MAY_WRAP;
}

static void said_to_usersa_id(struct xfrm_usersa_id *id, const struct said *sa)
{
	memset(id, 0, sizeof(*id));
	addr_to_x(&id->daddr, &sa->dst);
	id->spi = htonl(sa->spi);
	id->family = (uint16_t)xfrm_family(sa->dst.family);
	id->proto = xfrm_proto(sa->proto, sa->dst.family);
}

/* --- SAs ------------------------------------------------------------------ */

static int put_algo(struct nlmsghdr *nlh, uint16_t type, const char *name,
		    const struct key *key)
{
	uint8_t buf[sizeof(struct xfrm_algo) + KEY_MAX_BYTES];
	struct xfrm_algo *a = (void *)buf;
	size_t len = key ? key->len : 0;

	memset(buf, 0, sizeof(struct xfrm_algo));
	snprintf(a->alg_name, sizeof(a->alg_name), "%s", name);
	a->alg_key_len = (unsigned int)(len * 8);
	if (len)
		memcpy(a->alg_key, key->bytes, len);
	if (!mnl_attr_put_check(nlh, REQ_BUF, type, sizeof(*a) + len, a)) {
		explicit_bzero(buf, sizeof(buf));
		return -EMSGSIZE;
	}
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static int put_auth(struct nlmsghdr *nlh, const struct sa_state *sa,
		    const struct key *key)
{
	uint8_t buf[sizeof(struct xfrm_algo_auth) + KEY_MAX_BYTES];
	struct xfrm_algo_auth *a = (void *)buf;
	size_t len = key->len;
	bool ok;

	memset(buf, 0, sizeof(struct xfrm_algo_auth));
	snprintf(a->alg_name, sizeof(a->alg_name), "%s", sa->auth);
	a->alg_key_len = (unsigned int)(len * 8);
	a->alg_trunc_len = sa->auth_trunc;
	memcpy(a->alg_key, key->bytes, len);
	ok = mnl_attr_put_check(nlh, REQ_BUF, XFRMA_ALG_AUTH_TRUNC, sizeof(*a) + len, a);
	explicit_bzero(buf, sizeof(buf));
	return ok ? 0 : -EMSGSIZE;
}

static void put_replay(struct nlmsghdr *nlh, const struct sa_state *sa, bool restore)
{
	if (sa->replay.esn_attr) {
		uint8_t buf[sizeof(struct xfrm_replay_state_esn) + 2 * sizeof(uint32_t)];
		struct xfrm_replay_state_esn *esn = (void *)buf;
		uint32_t words = (sa->replay.window + 31) / 32;

		memset(buf, 0, sizeof(buf));
		esn->bmp_len = words;
		esn->replay_window = sa->replay.window;
		if (restore) {
			esn->seq = sa->replay.seq;
			esn->oseq = sa->replay.oseq;
			memcpy(esn->bmp, sa->replay.bitmap, words * sizeof(uint32_t));
		}
		mnl_attr_put(nlh, XFRMA_REPLAY_ESN_VAL, sizeof(*esn) + words * sizeof(uint32_t), esn);
	} else if (restore) {
		struct xfrm_replay_state rs = {
			.oseq = sa->replay.oseq,
			.seq = sa->replay.seq,
			.bitmap = sa->replay.bitmap[0],
		};

		mnl_attr_put(nlh, XFRMA_REPLAY_VAL, sizeof(rs), &rs);
	}
}

int kernel_sa_add(struct kernel *k, const struct sa_state *sa,
		  const struct sa_keys *keys, bool restore)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = request(req, XFRM_MSG_NEWSA, NLM_F_ACK);
	struct xfrm_usersa_info *xs = mnl_nlmsg_put_extra_header(nlh, sizeof(*xs));
	int ret = 0;

	selector_to_x(&xs->sel, &sa->sel);
	addr_to_x(&xs->id.daddr, &sa->id.dst);
	xs->id.spi = htonl(sa->id.spi);
	xs->id.proto = xfrm_proto(sa->id.proto, sa->id.dst.family);
	addr_to_x(&xs->saddr, &sa->src);
	lifetime_to_x(&xs->lft, &sa->lft);
	xs->reqid = sa->reqid;
	xs->family = (uint16_t)xfrm_family(sa->id.dst.family);
	xs->mode = sa->mode;
	xs->replay_window = sa->replay.esn_attr ? 0 : (uint8_t)sa->replay.window;
	xs->flags = flags_to_x(&sa->flags);

	if (sa->auth[0])
		ret = put_auth(nlh, sa, keys ? &keys->auth : &(struct key){ 0 });
	if (!ret && sa->enc[0])
		ret = put_algo(nlh, XFRMA_ALG_CRYPT, sa->enc, keys ? &keys->enc : NULL);
	if (!ret && sa->comp[0])
		ret = put_algo(nlh, XFRMA_ALG_COMP, sa->comp, NULL);
	if (!ret && sa->encap.type) {
		struct xfrm_encap_tmpl et = {
			.encap_type = sa->encap.type,
			.encap_sport = htons(sa->encap.sport),
			.encap_dport = htons(sa->encap.dport),
		};

		mnl_attr_put(nlh, XFRMA_ENCAP, sizeof(et), &et);
	}
	if (!ret && extra_flags_to_x(&sa->flags))
		mnl_attr_put_u32(nlh, XFRMA_SA_EXTRA_FLAGS, extra_flags_to_x(&sa->flags));
	if (!ret) {
		put_replay(nlh, sa, restore);
		if (restore) {
			struct xfrm_lifetime_cur cur = {
				.bytes = sa->cur.bytes,
				.packets = sa->cur.packets,
				.add_time = sa->cur.add_time,
				.use_time = sa->cur.use_time,
			};

			mnl_attr_put(nlh, XFRMA_LTIME_VAL, sizeof(cur), &cur);
		}
		ret = talk(k, k->xfrm, nlh, NULL, NULL);
	}
	explicit_bzero(req, sizeof(req));
	return ret;
}

struct sa_parse {
	struct sa_state *sa;
	struct sa_keys *keys;
};

static int attr_table(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= XFRMA_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static const void *attr_struct(const struct nlattr *attr, size_t min)
{
	if (!attr || mnl_attr_get_payload_len(attr) < min)
		return NULL;
	return mnl_attr_get_payload(attr);
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

/* Kernel algorithm names are 64-byte fields; ours are shorter (truncation
 * only affects names no KLIPS algorithm has). */
static void copy_name(char dst[ALG_NAME_MAX], const char name[64])
{
	size_t len = strnlen(name, 64);

	if (len >= ALG_NAME_MAX)
		len = ALG_NAME_MAX - 1;
	memcpy(dst, name, len);
	dst[len] = '\0';
}

static void parse_algs(const struct nlattr **tb, struct sa_state *sa, struct sa_keys *keys)
{
	const struct xfrm_algo_auth *auth;
	const struct xfrm_algo *algo;

	auth = attr_struct(tb[XFRMA_ALG_AUTH_TRUNC], sizeof(*auth));
	if (auth) {
		copy_name(sa->auth, auth->alg_name);
		sa->auth_bits = (uint16_t)auth->alg_key_len;
		sa->auth_trunc = (uint16_t)auth->alg_trunc_len;
		copy_key(keys ? &keys->auth : NULL, auth->alg_key, auth->alg_key_len,
			 mnl_attr_get_payload_len(tb[XFRMA_ALG_AUTH_TRUNC]) - sizeof(*auth));
	} else if ((algo = attr_struct(tb[XFRMA_ALG_AUTH], sizeof(*algo)))) {
		copy_name(sa->auth, algo->alg_name);
		sa->auth_bits = (uint16_t)algo->alg_key_len;
		sa->auth_trunc = 96;
		copy_key(keys ? &keys->auth : NULL, algo->alg_key, algo->alg_key_len,
			 mnl_attr_get_payload_len(tb[XFRMA_ALG_AUTH]) - sizeof(*algo));
	}
	algo = attr_struct(tb[XFRMA_ALG_CRYPT], sizeof(*algo));
	if (algo) {
		copy_name(sa->enc, algo->alg_name);
		sa->enc_bits = (uint16_t)algo->alg_key_len;
		copy_key(keys ? &keys->enc : NULL, algo->alg_key, algo->alg_key_len,
			 mnl_attr_get_payload_len(tb[XFRMA_ALG_CRYPT]) - sizeof(*algo));
	}
	algo = attr_struct(tb[XFRMA_ALG_COMP], sizeof(*algo));
	if (algo)
		copy_name(sa->comp, algo->alg_name);
}

static void parse_replay(const struct nlattr **tb, struct sa_state *sa, uint8_t legacy_window)
{
	const struct xfrm_replay_state_esn *esn;
	const struct xfrm_replay_state *rs;

	sa->replay.window = legacy_window;
	esn = attr_struct(tb[XFRMA_REPLAY_ESN_VAL], sizeof(*esn));
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
	rs = attr_struct(tb[XFRMA_REPLAY_VAL], sizeof(*rs));
	if (rs) {
		sa->replay.seq = rs->seq;
		sa->replay.oseq = rs->oseq;
		sa->replay.bitmap[0] = rs->bitmap;
	}
}

static int parse_sa(const struct nlmsghdr *nlh, struct sa_state *sa, struct sa_keys *keys)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { 0 };
	const struct xfrm_usersa_info *xs;
	const struct xfrm_encap_tmpl *et;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*xs))
		return -EBADMSG;
	xs = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*xs), attr_table, tb) < 0)
		return -EBADMSG;

	memset(sa, 0, sizeof(*sa));
	sa->id.proto = model_proto(xs->id.proto);
	sa->id.spi = ntohl(xs->id.spi);
	addr_from_x(&sa->id.dst, &xs->id.daddr, xs->family);
	addr_from_x(&sa->src, &xs->saddr, xs->family);
	sa->kernel_helper = sa->id.proto == SA_TUN;
	sa->mode = xs->mode;
	sa->reqid = xs->reqid;
	flags_from_x(&sa->flags, xs->flags,
		     tb[XFRMA_SA_EXTRA_FLAGS] &&
		     mnl_attr_validate(tb[XFRMA_SA_EXTRA_FLAGS], MNL_TYPE_U32) == 0 ?
		     mnl_attr_get_u32(tb[XFRMA_SA_EXTRA_FLAGS]) : 0);
	selector_from_x(&sa->sel, &xs->sel);
	lifetime_from_x(&sa->lft, &xs->lft);
	sa->cur.bytes = xs->curlft.bytes;
	sa->cur.packets = xs->curlft.packets;
	sa->cur.add_time = xs->curlft.add_time;
	sa->cur.use_time = xs->curlft.use_time;
	sa->stats.replay_window = xs->stats.replay_window;
	sa->stats.replay = xs->stats.replay;
	sa->stats.integrity_failed = xs->stats.integrity_failed;
	parse_replay(tb, sa, xs->replay_window);
	parse_algs(tb, sa, keys);
	et = attr_struct(tb[XFRMA_ENCAP], sizeof(*et));
	if (et) {
		sa->encap.type = et->encap_type;
		sa->encap.sport = ntohs(et->encap_sport);
		sa->encap.dport = ntohs(et->encap_dport);
	}
	if (tb[XFRMA_LASTUSED] && mnl_attr_validate(tb[XFRMA_LASTUSED], MNL_TYPE_U64) == 0)
		sa->lastused = mnl_attr_get_u64(tb[XFRMA_LASTUSED]);
	return 0;
}

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sa_parse *p = data;

	if (parse_sa(nlh, p->sa, p->keys) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int kernel_sa_get(struct kernel *k, const struct said *id, struct sa_state *sa,
		  struct sa_keys *keys)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = request(req, XFRM_MSG_GETSA, NLM_F_ACK);
	struct xfrm_usersa_id *xid = mnl_nlmsg_put_extra_header(nlh, sizeof(*xid));
	struct sa_parse p = { .sa = sa, .keys = keys };

	said_to_usersa_id(xid, id);
	if (keys)
		memset(keys, 0, sizeof(*keys));
	return talk(k, k->xfrm, nlh, get_cb, &p);
}

int kernel_sa_del(struct kernel *k, const struct said *id)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = request(req, XFRM_MSG_DELSA, NLM_F_ACK);
	struct xfrm_usersa_id *xid = mnl_nlmsg_put_extra_header(nlh, sizeof(*xid));

	said_to_usersa_id(xid, id);
	return talk(k, k->xfrm, nlh, NULL, NULL);
}

int kernel_sa_flush(struct kernel *k, uint8_t proto)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = request(req, XFRM_MSG_FLUSHSA, NLM_F_ACK);
	struct xfrm_usersa_flush *f = mnl_nlmsg_put_extra_header(nlh, sizeof(*f));

	f->proto = proto;
	return talk(k, k->xfrm, nlh, NULL, NULL);
}

static int list_sa_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sa_state *sa = vec_push(data);

	if (!sa) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	if (parse_sa(nlh, sa, NULL) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int kernel_sa_list(struct kernel *k, struct sa_state **sas, size_t *n)
{
	struct vec v = VEC_INIT(struct sa_state);
	int ret = dump(k, k->xfrm, XFRM_MSG_GETSA, 0, list_sa_cb, &v, &v);

	*sas = v.items;
	*n = v.n;
	return ret;
}

/* --- records ---------------------------------------------------------------- */

static void record_selector(struct xfrm_selector *sel, const struct record *r)
{
	int family = r->head.dst.family;

	memset(sel, 0, sizeof(*sel));
	sel->family = (uint16_t)xfrm_family(family);
	addr_to_x(&sel->daddr, &r->head.dst);
	sel->prefixlen_d = full_prefix(family);
	sel->proto = xfrm_proto(r->head.proto, family);
	/* Both masks always: a zero half must still be part of the key. */
	sel->sport = htons((uint16_t)(r->head.spi >> 16));
	sel->dport = htons((uint16_t)(r->head.spi & 0xffff));
	sel->sport_mask = 0xffff;
	sel->dport_mask = 0xffff;
	if (r->kind == RECORD_TUN) {
		addr_to_x(&sel->saddr, &r->tun_src);
		sel->prefixlen_s = full_prefix(family);
	}
}

int kernel_record_add(struct kernel *k, const struct record *r)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = request(req, XFRM_MSG_NEWPOLICY, NLM_F_ACK);
	struct xfrm_userpolicy_info *pi = mnl_nlmsg_put_extra_header(nlh, sizeof(*pi));
	struct xfrm_user_tmpl t[TMPL_MAX];

	record_selector(&pi->sel, r);
	pi->lft.soft_byte_limit = XFRM_INF;
	pi->lft.hard_byte_limit = XFRM_INF;
	pi->lft.soft_packet_limit = XFRM_INF;
	pi->lft.hard_packet_limit = XFRM_INF;
	pi->dir = XFRM_POLICY_OUT;
	pi->action = XFRM_POLICY_ALLOW;
	if (r->kind == RECORD_GROUP) {
		if (r->ntmpl < 1 || r->ntmpl > TMPL_MAX)
			return -EINVAL;
		memset(t, 0, sizeof(t));
		for (int i = 0; i < r->ntmpl; i++) {
			const struct tmpl *m = &r->tmpl[i];

			addr_to_x(&t[i].id.daddr, &m->id.dst);
			t[i].id.spi = htonl(m->id.spi);
			t[i].id.proto = m->id.proto;
			t[i].family = (uint16_t)xfrm_family(m->id.dst.family);
			addr_to_x(&t[i].saddr, &m->src);
			t[i].reqid = m->tun_spi;
			t[i].mode = m->mode;
			t[i].aalgos = t[i].ealgos = t[i].calgos = ~0u;
		}
		mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t[0]) * (size_t)r->ntmpl, t);
	}
	mnl_attr_put_u32(nlh, XFRMA_IF_ID, k->record_ifid);
	return talk(k, k->xfrm, nlh, NULL, NULL);
}

int kernel_record_del(struct kernel *k, const struct record *r)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = request(req, XFRM_MSG_DELPOLICY, NLM_F_ACK);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	record_selector(&id->sel, r);
	id->dir = XFRM_POLICY_OUT;
	mnl_attr_put_u32(nlh, XFRMA_IF_ID, k->record_ifid);
	return talk(k, k->xfrm, nlh, NULL, NULL);
}

struct record_list {
	struct vec v;
	uint32_t ifid;
};

static void record_from_policy(struct record *r, const struct xfrm_userpolicy_info *pi,
			       const struct nlattr *tmpl_attr)
{
	const struct xfrm_selector *sel = &pi->sel;

	r->head.proto = model_proto(sel->proto);
	r->head.spi = (uint32_t)ntohs(sel->sport) << 16 | ntohs(sel->dport);
	addr_from_x(&r->head.dst, &sel->daddr, sel->family);
	r->add_time = pi->curlft.add_time;
	r->index = pi->index;
	if (!tmpl_attr) {
		r->kind = RECORD_TUN;
		addr_from_x(&r->tun_src, &sel->saddr, sel->family);
		return;
	}
	r->kind = RECORD_GROUP;
	const struct xfrm_user_tmpl *t = mnl_attr_get_payload(tmpl_attr);
	size_t n = mnl_attr_get_payload_len(tmpl_attr) / sizeof(*t);

	for (size_t i = 0; i < n && i < TMPL_MAX; i++) {
		struct tmpl *m = &r->tmpl[r->ntmpl++];

		m->id.proto = t[i].id.proto;
		m->id.spi = ntohl(t[i].id.spi);
		addr_from_x(&m->id.dst, &t[i].id.daddr, t[i].family);
		addr_from_x(&m->src, &t[i].saddr, t[i].family);
		m->mode = t[i].mode;
		m->tun_spi = t[i].mode == XFRM_MODE_TUNNEL ? t[i].reqid : 0;
	}
}

static int list_record_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { 0 };
	const struct xfrm_userpolicy_info *pi;
	struct record_list *l = data;
	struct record *r;

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*pi))
		return MNL_CB_OK;
	pi = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*pi), attr_table, tb) < 0)
		return MNL_CB_OK;
	if (pi->dir != XFRM_POLICY_OUT || !tb[XFRMA_IF_ID] ||
	    mnl_attr_validate(tb[XFRMA_IF_ID], MNL_TYPE_U32) < 0 ||
	    mnl_attr_get_u32(tb[XFRMA_IF_ID]) != l->ifid ||
	    pi->sel.sport_mask != 0xffff || pi->sel.dport_mask != 0xffff)
		return MNL_CB_OK;
	r = vec_push(&l->v);
	if (!r) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	record_from_policy(r, pi, tb[XFRMA_TMPL]);
	return MNL_CB_OK;
}

int kernel_record_list(struct kernel *k, struct record **recs, size_t *n)
{
	struct record_list l = { .v = VEC_INIT(struct record), .ifid = k->record_ifid };
	int ret = dump(k, k->xfrm, XFRM_MSG_GETPOLICY, 0, list_record_cb, &l, &l.v);

	*recs = l.v.items;
	*n = l.v.n;
	return ret;
}

/* --- local addresses ---------------------------------------------------------- */

static int addr_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= IFA_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	struct ip_addr *out;
	size_t len;

	if (nlh->nlmsg_type != RTM_NEWADDR || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    mnl_attr_parse(nlh, sizeof(*ifa), addr_attr, tb) < 0)
		return MNL_CB_OK;
	/* IFA_LOCAL is the address itself; IFA_ADDRESS the peer on ptp links. */
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	len = addr_len(ifa->ifa_family);
	if (!a || !len || mnl_attr_get_payload_len(a) != len)
		return MNL_CB_OK;
	out = vec_push(data);
	if (!out) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	out->family = ifa->ifa_family;
	memcpy(out->a, mnl_attr_get_payload(a), len);
	return MNL_CB_OK;
}

static int addr_sort(const void *x, const void *y)
{
	return addr_cmp(x, y);
}

int kernel_local_addrs(struct kernel *k, struct ip_addr **addrs, size_t *n)
{
	struct vec v = VEC_INIT(struct ip_addr);
	int ret;

	*addrs = NULL;
	*n = 0;
	if (!k->route) {
		k->route = nl_open(NETLINK_ROUTE);
		if (!k->route)
			return -errno;
	}
	/* The ifaddrmsg header is zeroed: ifa_family AF_UNSPEC, every family. */
	ret = dump(k, k->route, RTM_GETADDR, sizeof(struct ifaddrmsg), addr_cb, &v, &v);
	if (ret)
		return ret;
	qsort(v.items, v.n, sizeof(struct ip_addr), addr_sort);
	*addrs = v.items;
	*n = v.n;
	return 0;
}
