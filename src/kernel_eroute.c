// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel layer's eroute side (src/kernel.h, src/model.h): eroute
 * records, the traffic policies eroutes make live, and %reject's routing
 * rules.
 *
 * An eroute record is an XFRM policy with the eroute records' reserved
 * if_id (so no lookup of an ordinary route ever meets it), direction out
 * (an eroute), in (an --addin) or fwd (a marker), whose selector is the
 * eroute's flow, and one template that holds the rest. The kernel accepts
 * only AH, ESP and IPComp in a template (6.1 refuses 4 and 61, and 255 as
 * well), so the template's protocol is the SA's when it is one of those and
 * ESP otherwise; the SA's real protocol is in reqid. The algorithm masks are
 * kept verbatim (seen in `ip -s xfrm policy`): aalgos holds what the eroute
 * owns (ER_OWNS_*), ealgos the if_id of its live policies, calgos a magic
 * number that says the record is ours and of this layout.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "src/kernel_nl.h"

#define EROUTE_MAGIC 0x4b4c4531u	/* "KLE1" */
#define RULE_PROTO 75			/* rtm_protocol of our rules: 'K' */

static uint8_t eroute_dir(enum eroute_kind kind)
{
	return kind == ER_OUT ? XFRM_POLICY_OUT : kind == ER_IN ? XFRM_POLICY_IN : XFRM_POLICY_FWD;
}

static int selector_family(const struct selector *s)
{
	return s->dst.family ? s->dst.family : s->src.family;
}

/* selector_to_x, with the family even for 0/0 -> 0/0. */
static void flow_to_x(struct xfrm_selector *x, const struct selector *s)
{
	selector_to_x(x, s);
	x->family = (uint16_t)xfrm_family(selector_family(s));
}

static void flow_from_x(struct selector *s, const struct xfrm_selector *x)
{
	selector_from_x(s, x);
	if (!s->dst.family) {
		addr_any(x->family, &s->dst);
		addr_any(x->family, &s->src);
	}
}

/* --- eroute records ------------------------------------------------------------ */

static void record_tmpl(struct xfrm_user_tmpl *t, const struct eroute *e)
{
	uint8_t p = e->said.proto;
	int family = e->said.dst.family ? e->said.dst.family : selector_family(&e->sel);

	memset(t, 0, sizeof(*t));
	addr_to_x(&t->id.daddr, &e->said.dst);
	t->id.spi = htonl(e->said.spi);
	t->id.proto = (p == SA_AH || p == SA_ESP || p == SA_COMP) ? p : IPPROTO_ESP;
	t->family = (uint16_t)xfrm_family(family);
	t->reqid = p;
	/* The kernel lets only tunnel mode change the family (a %drop's SAID is
	 * IPv4, the flow may be IPv6); the mode means nothing in a record. */
	t->mode = family == selector_family(&e->sel) ? XFRM_MODE_TRANSPORT : XFRM_MODE_TUNNEL;
	t->aalgos = e->owns;
	t->ealgos = e->if_id;
	t->calgos = EROUTE_MAGIC;
}

int kernel_eroute_add(struct kernel *k, const struct eroute *e, bool update)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, update ? XFRM_MSG_UPDPOLICY : XFRM_MSG_NEWPOLICY,
					  NLM_F_ACK);
	struct xfrm_userpolicy_info *pi = mnl_nlmsg_put_extra_header(nlh, sizeof(*pi));
	struct xfrm_user_tmpl t;

	flow_to_x(&pi->sel, &e->sel);
	policy_no_limits(pi);
	pi->dir = eroute_dir(e->kind);
	pi->action = XFRM_POLICY_ALLOW;
	record_tmpl(&t, e);
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	mnl_attr_put_u32(nlh, XFRMA_IF_ID, k->eroute_ifid);
	return nl_talk(k, k->xfrm, nlh, NULL, NULL);
}

int kernel_eroute_del(struct kernel *k, const struct eroute *e)
{
	struct xfrm_selector sel;

	flow_to_x(&sel, &e->sel);
	return nl_policy_del(k, &sel, eroute_dir(e->kind), k->eroute_ifid);
}

bool eroute_from_policy(const struct kernel *k, const struct xfrm_userpolicy_info *pi,
			const struct nlattr *const *tb, struct eroute *e)
{
	const struct nlattr *a = tb[XFRMA_TMPL];
	const struct xfrm_user_tmpl *t;

	(void)k;
	if (!a || mnl_attr_get_payload_len(a) != sizeof(*t))
		return false;
	t = mnl_attr_get_payload(a);
	if (t->calgos != EROUTE_MAGIC || pi->dir > XFRM_POLICY_FWD)
		return false;
	memset(e, 0, sizeof(*e));
	e->kind = pi->dir == XFRM_POLICY_OUT ? ER_OUT : pi->dir == XFRM_POLICY_IN ? ER_IN : ER_MARK;
	flow_from_x(&e->sel, &pi->sel);
	e->said.proto = (uint8_t)t->reqid;
	e->said.spi = ntohl(t->id.spi);
	addr_from_x(&e->said.dst, &t->id.daddr, t->family);
	e->owns = t->aalgos;
	e->if_id = t->ealgos;
	e->add_time = pi->curlft.add_time;
	return true;
}

/* --- traffic policies -------------------------------------------------------------- */

static void put_policy_tmpls(struct nlmsghdr *nlh, const struct policy *p)
{
	struct xfrm_user_tmpl t[TMPL_MAX];
	int n = p->tmpl.n < TMPL_MAX ? p->tmpl.n : TMPL_MAX;

	if (n <= 0)
		return;
	memset(t, 0, sizeof(t));
	for (int i = 0; i < n; i++) {
		const struct bundle_tmpl *b = &p->tmpl.t[i];
		int family = b->id.dst.family ? b->id.dst.family : selector_family(&p->sel);

		addr_to_x(&t[i].id.daddr, &b->id.dst);
		t[i].id.spi = htonl(b->id.spi);
		t[i].id.proto = b->id.proto;
		t[i].family = (uint16_t)xfrm_family(family);
		addr_to_x(&t[i].saddr, &b->src);
		t[i].mode = b->mode;
		t[i].optional = b->optional;
		t[i].aalgos = t[i].ealgos = t[i].calgos = ~0u;
	}
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t[0]) * (size_t)n, t);
}

int kernel_policy_add(struct kernel *k, const struct policy *p, bool update)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, update ? XFRM_MSG_UPDPOLICY : XFRM_MSG_NEWPOLICY,
					  NLM_F_ACK);
	struct xfrm_userpolicy_info *pi = mnl_nlmsg_put_extra_header(nlh, sizeof(*pi));

	flow_to_x(&pi->sel, &p->sel);
	policy_no_limits(pi);
	pi->dir = p->dir;
	pi->action = p->action == POLICY_BLOCK ? XFRM_POLICY_BLOCK : XFRM_POLICY_ALLOW;
	pi->priority = p->priority;
	put_policy_tmpls(nlh, p);
	if (p->if_id)
		mnl_attr_put_u32(nlh, XFRMA_IF_ID, p->if_id);
	return nl_talk(k, k->xfrm, nlh, NULL, NULL);
}

static struct nlmsghdr *policy_id_request(void *req, uint16_t type, const struct policy *p)
{
	struct nlmsghdr *nlh = nl_request(req, type, NLM_F_ACK);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	flow_to_x(&id->sel, &p->sel);
	id->dir = p->dir;
	if (p->if_id)
		mnl_attr_put_u32(nlh, XFRMA_IF_ID, p->if_id);
	return nlh;
}

int kernel_policy_del(struct kernel *k, const struct policy *p)
{
	struct xfrm_selector sel;

	flow_to_x(&sel, &p->sel);
	return nl_policy_del(k, &sel, p->dir, p->if_id);
}

static void policy_from_x(struct policy *p, const struct xfrm_userpolicy_info *pi,
			  const struct nlattr *const *tb)
{
	const struct nlattr *a = tb[XFRMA_TMPL];

	memset(p, 0, sizeof(*p));
	flow_from_x(&p->sel, &pi->sel);
	p->dir = pi->dir;
	p->action = pi->action == XFRM_POLICY_BLOCK ? POLICY_BLOCK : POLICY_ALLOW;
	p->priority = pi->priority;
	if (tb[XFRMA_IF_ID] && mnl_attr_validate(tb[XFRMA_IF_ID], MNL_TYPE_U32) == 0)
		p->if_id = mnl_attr_get_u32(tb[XFRMA_IF_ID]);
	if (!a)
		return;
	const struct xfrm_user_tmpl *t = mnl_attr_get_payload(a);
	size_t n = mnl_attr_get_payload_len(a) / sizeof(*t);

	for (size_t i = 0; i < n && i < TMPL_MAX; i++) {
		struct bundle_tmpl *b = &p->tmpl.t[p->tmpl.n++];

		b->id.proto = t[i].id.proto;
		b->id.spi = ntohl(t[i].id.spi);
		addr_from_x(&b->id.dst, &t[i].id.daddr, t[i].family);
		addr_from_x(&b->src, &t[i].saddr, t[i].family);
		b->mode = t[i].mode;
		b->optional = t[i].optional;
	}
}

static int get_policy_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { 0 };
	const struct xfrm_userpolicy_info *pi;

	pi = nl_xfrm_msg(nlh, XFRM_MSG_NEWPOLICY, sizeof(*pi), tb);
	if (pi)
		policy_from_x(data, pi, tb);
	return MNL_CB_OK;
}

int kernel_policy_get(struct kernel *k, const struct policy *key, struct policy *out)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = policy_id_request(req, XFRM_MSG_GETPOLICY, key);

	memset(out, 0, sizeof(*out));
	return nl_talk(k, k->xfrm, nlh, get_policy_cb, out);
}

/* --- %reject's routing rules ---------------------------------------------------------- */

static int rule_request(struct kernel *k, uint16_t type, uint16_t flags, const struct fib_rule *r)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, type, NLM_F_ACK | flags);
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	const struct selector *s = &r->sel;
	int family = selector_family(s), ret = nl_route(k);

	if (ret)
		return ret;
	frh->family = (uint8_t)xfrm_family(family);
	frh->action = FR_ACT_PROHIBIT;
	frh->src_len = s->src_len;
	frh->dst_len = s->dst_len;
	if (s->src_len)
		mnl_attr_put(nlh, FRA_SRC, addr_len(family), s->src.a);
	if (s->dst_len)
		mnl_attr_put(nlh, FRA_DST, addr_len(family), s->dst.a);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, r->pref);
	mnl_attr_put_u8(nlh, FRA_PROTOCOL, RULE_PROTO);
	if (s->proto)
		mnl_attr_put_u8(nlh, FRA_IP_PROTO, s->proto);
	if (s->sport_mask) {
		struct fib_rule_port_range pr = { s->sport, s->sport };

		mnl_attr_put(nlh, FRA_SPORT_RANGE, sizeof(pr), &pr);
	}
	if (s->dport_mask) {
		struct fib_rule_port_range pr = { s->dport, s->dport };

		mnl_attr_put(nlh, FRA_DPORT_RANGE, sizeof(pr), &pr);
	}
	return nl_talk(k, k->route, nlh, NULL, NULL);
}

int kernel_rule_add(struct kernel *k, const struct fib_rule *r)
{
	return rule_request(k, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, r);
}

int kernel_rule_del(struct kernel *k, const struct fib_rule *r)
{
	return rule_request(k, RTM_DELRULE, 0, r);
}
