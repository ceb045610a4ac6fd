// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel layer's SAs (src/kernel.h): XFRM states added, read, deleted, dumped. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "src/kernel_sa_decode.h"

void selector_to_x(struct xfrm_selector *x, const struct selector *s)
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
	struct nlmsghdr *nlh = nl_request(req, XFRM_MSG_NEWSA, NLM_F_ACK);
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
	if (!ret && sa->if_id)
		mnl_attr_put_u32(nlh, XFRMA_IF_ID, sa->if_id);
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
		ret = nl_talk(k, k->xfrm, nlh, NULL, NULL);
	}
	explicit_bzero(req, sizeof(req));
	return ret;
}

struct sa_parse {
	struct sa_state *sa;
	struct sa_keys *keys;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sa_parse *p = data;

	if (sa_decode(nlh, p->sa, p->keys) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int kernel_sa_get(struct kernel *k, const struct said *id, struct sa_state *sa,
		  struct sa_keys *keys)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, XFRM_MSG_GETSA, NLM_F_ACK);
	struct xfrm_usersa_id *xid = mnl_nlmsg_put_extra_header(nlh, sizeof(*xid));
	struct sa_parse p = { .sa = sa, .keys = keys };

	said_to_usersa_id(xid, id);
	if (keys)
		memset(keys, 0, sizeof(*keys));
	return nl_talk(k, k->xfrm, nlh, get_cb, &p);
}

int kernel_sa_del(struct kernel *k, const struct said *id)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, XFRM_MSG_DELSA, NLM_F_ACK);
	struct xfrm_usersa_id *xid = mnl_nlmsg_put_extra_header(nlh, sizeof(*xid));

	said_to_usersa_id(xid, id);
	return nl_talk(k, k->xfrm, nlh, NULL, NULL);
}

int kernel_sa_flush(struct kernel *k, uint8_t proto)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, XFRM_MSG_FLUSHSA, NLM_F_ACK);
	struct xfrm_usersa_flush *f = mnl_nlmsg_put_extra_header(nlh, sizeof(*f));

	f->proto = proto;
	return nl_talk(k, k->xfrm, nlh, NULL, NULL);
}

struct sa_walk {
	kernel_sa_fn fn;
	void *data;
};

static int walk_sa_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct sa_walk *w = data;
	struct sa_state sa;
	int ret;

	if (sa_decode(nlh, &sa, NULL) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/* A larval state (SPI 0) is an ACQUIRE in progress (%trap), not an SA. */
	if (sa.id.spi == 0)
		return MNL_CB_OK;
	ret = w->fn(w->data, &sa);
	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int kernel_sa_walk(struct kernel *k, kernel_sa_fn fn, void *data, struct vec *kept)
{
	struct sa_walk w = { fn, data };

	return nl_dump(k, k->xfrm, XFRM_MSG_GETSA, 0, walk_sa_cb, &w, kept);
}

static int keep_sa(void *data, const struct sa_state *sa)
{
	struct sa_state *copy = vec_push(data);

	if (!copy)
		return -ENOMEM;
	*copy = *sa;
	return 0;
}

int kernel_sa_list(struct kernel *k, struct sa_state **sas, size_t *n)
{
	struct vec v = VEC_INIT(struct sa_state);
	int ret = kernel_sa_walk(k, keep_sa, &v, &v);

	*sas = v.items;
	*n = v.n;
	return ret;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { 0 };
	const uint32_t *cnt;

	if (!nl_xfrm_msg(nlh, XFRM_MSG_NEWSADINFO, sizeof(uint32_t), tb) ||
	    !(cnt = nl_attr_struct(tb[XFRMA_SAD_CNT], sizeof(*cnt)))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	*(uint32_t *)data = *cnt;
	return MNL_CB_OK;
}

int kernel_sa_count(struct kernel *k, uint32_t *n)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, XFRM_MSG_GETSADINFO, NLM_F_ACK);
	uint32_t *flags = mnl_nlmsg_put_extra_header(nlh, sizeof(*flags));

	*flags = 0;
	*n = 0;
	return nl_talk(k, k->xfrm, nlh, count_cb, n);
}
