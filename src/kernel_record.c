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

struct record_list {
	const struct kernel *k;
	struct vec v;		/* of struct record */
	struct vec *ers;	/* of struct eroute, or NULL */
	uint32_t seq;		/* of the dump try ers holds */
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

	pi = nl_xfrm_msg(nlh, XFRM_MSG_NEWPOLICY, sizeof(*pi), tb);
	if (!pi)
		return MNL_CB_OK;
	if (!tb[XFRMA_IF_ID] || mnl_attr_validate(tb[XFRMA_IF_ID], MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	if (l->ers && mnl_attr_get_u32(tb[XFRMA_IF_ID]) == l->k->eroute_ifid) {
		struct eroute e;

		/* nl_dump empties v for a new try; ers follows the request's seq. */
		if (l->seq != nlh->nlmsg_seq) {
			l->seq = nlh->nlmsg_seq;
			l->ers->n = 0;
		}
		if (!eroute_from_policy(l->k, pi, tb, &e))
			return MNL_CB_OK;
		if (!vec_push(l->ers)) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		*(struct eroute *)vec_at(l->ers, l->ers->n - 1) = e;
		return MNL_CB_OK;
	}
	if (pi->dir != XFRM_POLICY_OUT || mnl_attr_get_u32(tb[XFRMA_IF_ID]) != l->k->record_ifid ||
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

int kernel_record_list(struct kernel *k, struct record **recs, size_t *n,
		       struct eroute **ers, size_t *ner)
{
	struct vec ev = VEC_INIT(struct eroute);
	struct record_list l = { .k = k, .v = VEC_INIT(struct record), .ers = ers ? &ev : NULL };
	int ret = nl_dump(k, k->xfrm, XFRM_MSG_GETPOLICY, 0, list_record_cb, &l, &l.v);

	if (ret)
		vec_free(&ev);
	*recs = l.v.items;
	*n = l.v.n;
	if (ers) {
		*ers = ev.items;
		*ner = ev.n;
	}
	return ret;
}
