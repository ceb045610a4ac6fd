// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel layer's records (src/kernel.h, src/model.h): inert XFRM
 * policies, direction out with the records' reserved if_id, whose selector
 * names the SA (the SPI split over the port fields, both masks 0xffff).
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "src/kernel_nl.h"

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
	struct nlmsghdr *nlh = nl_request(req, XFRM_MSG_NEWPOLICY, NLM_F_ACK);
	struct xfrm_userpolicy_info *pi = mnl_nlmsg_put_extra_header(nlh, sizeof(*pi));
	struct xfrm_user_tmpl t[TMPL_MAX];

	record_selector(&pi->sel, r);
	policy_no_limits(pi);
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
	return nl_talk(k, k->xfrm, nlh, NULL, NULL);
}

int kernel_record_del(struct kernel *k, const struct record *r)
{
	struct xfrm_selector sel;

	record_selector(&sel, r);
	return nl_policy_del(k, &sel, XFRM_POLICY_OUT, k->record_ifid);
}

static void record_from_policy(struct record *r, const struct xfrm_userpolicy_info *pi,
			       const struct nlattr *tmpl_attr)
{
	const struct xfrm_selector *sel = &pi->sel;

	memset(r, 0, sizeof(*r));
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

struct record_walk {
	const struct kernel *k;
	kernel_record_fn fn;
	void *data;
	bool begun;		/* a message came; seq: of its dump try */
	uint32_t seq;
};

/* fn's answer as the callback's: -errno ends the dump with errno. */
static int walk_result(int ret)
{
	if (!ret)
		return MNL_CB_OK;
	errno = -ret;
	return MNL_CB_ERROR;
}

static int walk_policy_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { 0 };
	const struct xfrm_userpolicy_info *pi;
	struct record_walk *w = data;
	uint32_t if_id;

	/* nl_dump asks again after an interrupted try: a new request's seq. */
	if (w->begun && w->seq != nlh->nlmsg_seq) {
		int ret = w->fn(w->data, NULL, NULL);

		if (ret)
			return walk_result(ret);
	}
	w->begun = true;
	w->seq = nlh->nlmsg_seq;
	pi = nl_xfrm_msg(nlh, XFRM_MSG_NEWPOLICY, sizeof(*pi), tb);
	if (!pi || !tb[XFRMA_IF_ID] || mnl_attr_validate(tb[XFRMA_IF_ID], MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	if_id = mnl_attr_get_u32(tb[XFRMA_IF_ID]);
	if (if_id == w->k->eroute_ifid) {
		struct eroute e;

		if (!eroute_from_policy(w->k, pi, tb, &e))
			return MNL_CB_OK;
		return walk_result(w->fn(w->data, NULL, &e));
	}
	if (pi->dir == XFRM_POLICY_OUT && if_id == w->k->record_ifid &&
	    pi->sel.sport_mask == 0xffff && pi->sel.dport_mask == 0xffff) {
		struct record r;

		record_from_policy(&r, pi, tb[XFRMA_TMPL]);
		return walk_result(w->fn(w->data, &r, NULL));
	}
	return MNL_CB_OK;
}

int kernel_record_walk(struct kernel *k, kernel_record_fn fn, void *data)
{
	struct record_walk w = { .k = k, .fn = fn, .data = data };
	struct vec none = VEC_INIT(char);	/* fn keeps what it keeps */
	int ret = nl_dump(k, k->xfrm, XFRM_MSG_GETPOLICY, 0, walk_policy_cb, &w, &none);

	/* The last try gave no message: what came was from an earlier one. */
	if (!ret && w.begun && w.seq != k->seq)
		ret = fn(data, NULL, NULL);
	return ret;
}

struct record_list {
	struct vec v;		/* of struct record */
	struct vec *ers;	/* of struct eroute, or NULL */
};

static int keep_record(void *data, const struct record *r, const struct eroute *e)
{
	struct record_list *l = data;
	void *slot;

	if (!r && !e) {
		l->v.n = 0;
		if (l->ers)
			l->ers->n = 0;
		return 0;
	}
	if (e && !l->ers)
		return 0;
	slot = vec_push(e ? l->ers : &l->v);
	if (!slot)
		return -ENOMEM;
	if (e)
		*(struct eroute *)slot = *e;
	else
		*(struct record *)slot = *r;
	return 0;
}

int kernel_record_list(struct kernel *k, struct record **recs, size_t *n,
		       struct eroute **ers, size_t *ner)
{
	struct vec ev = VEC_INIT(struct eroute);
	struct record_list l = { .v = VEC_INIT(struct record), .ers = ers ? &ev : NULL };
	int ret = kernel_record_walk(k, keep_record, &l);

	if (ret) {
		vec_free(&l.v);
		vec_free(&ev);
	}
	*recs = l.v.items;
	*n = l.v.n;
	if (ers) {
		*ers = ev.items;
		*ner = ev.n;
	}
	return ret;
}
