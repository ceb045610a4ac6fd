// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel layer's links (src/kernel.h, src/model.h) over rtnetlink: the
 * devices of the namespace, and the ipsecN devices tncfg makes: an XFRM
 * interface (kind "xfrm", IFLA_XFRM_LINK, IFLA_XFRM_IF_ID), or a dummy
 * where the kernel has none. The alias marks them as tncfg's and, for a
 * dummy, names the physical device it stands in front of.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "src/kernel_nl.h"

#define ALIAS_TAG "klips-compat tncfg"

/* --- dump --------------------------------------------------------------------- */

struct attrs {
	const struct nlattr **tb;
	uint16_t max;
};

static int attr_table(const struct nlattr *attr, void *data)
{
	const struct attrs *a = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= a->max)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static uint32_t attr_u32(const struct nlattr *attr)
{
	return attr && mnl_attr_get_payload_len(attr) >= sizeof(uint32_t) ? mnl_attr_get_u32(attr) : 0;
}

/* IFLA_LINKINFO: the kind, and for an XFRM interface its link and if_id. */
static void parse_linkinfo(const struct nlattr *info, struct link *l)
{
	const struct nlattr *tb[IFLA_INFO_MAX + 1] = { 0 };
	const struct nlattr *xtb[IFLA_XFRM_MAX + 1] = { 0 };
	const char *kind;

	if (mnl_attr_parse_nested(info, attr_table, &(struct attrs){ tb, IFLA_INFO_MAX }) < 0 ||
	    !tb[IFLA_INFO_KIND] || mnl_attr_validate(tb[IFLA_INFO_KIND], MNL_TYPE_NUL_STRING) < 0)
		return;
	kind = mnl_attr_get_str(tb[IFLA_INFO_KIND]);
	if (strcmp(kind, "dummy") == 0) {
		l->kind = LINK_DUMMY;
		return;
	}
	if (strcmp(kind, "xfrm") != 0)
		return;
	l->kind = LINK_XFRM;
	if (tb[IFLA_INFO_DATA] &&
	    mnl_attr_parse_nested(tb[IFLA_INFO_DATA], attr_table,
				  &(struct attrs){ xtb, IFLA_XFRM_MAX }) >= 0) {
		l->link = attr_u32(xtb[IFLA_XFRM_LINK]);
		l->if_id = attr_u32(xtb[IFLA_XFRM_IF_ID]);
	}
}

/* "klips-compat tncfg" [" link N"]: ours; a dummy's physical device is N. */
static void parse_alias(const struct nlattr *alias, struct link *l)
{
	char text[128];
	unsigned int phys;
	size_t len;

	if (!alias)
		return;
	len = mnl_attr_get_payload_len(alias);
	if (len >= sizeof(text))
		return;
	memcpy(text, mnl_attr_get_payload(alias), len);
	text[len] = '\0';
	if (strncmp(text, ALIAS_TAG, strlen(ALIAS_TAG)) != 0)
		return;
	l->tagged = true;
	if (l->kind == LINK_DUMMY && sscanf(text + strlen(ALIAS_TAG), " link %u", &phys) == 1)
		l->link = phys;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link *l;

	if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi) ||
	    mnl_attr_parse(nlh, sizeof(*ifi), attr_table, &(struct attrs){ tb, IFLA_MAX }) < 0 ||
	    !tb[IFLA_IFNAME] || mnl_attr_validate(tb[IFLA_IFNAME], MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_OK;
	l = vec_push(data);
	if (!l) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(tb[IFLA_IFNAME]));
	l->ifindex = (uint32_t)ifi->ifi_index;
	l->mtu = attr_u32(tb[IFLA_MTU]);
	l->up = ifi->ifi_flags & IFF_UP;
	if (tb[IFLA_LINKINFO])
		parse_linkinfo(tb[IFLA_LINKINFO], l);
	parse_alias(tb[IFLA_IFALIAS], l);
	return MNL_CB_OK;
}

static int link_sort(const void *x, const void *y)
{
	const struct link *a = x, *b = y;

	return (a->ifindex > b->ifindex) - (a->ifindex < b->ifindex);
}

int kernel_link_list(struct kernel *k, struct link **links, size_t *n)
{
	struct vec v = VEC_INIT(struct link);

	return nl_route_list(k, RTM_GETLINK, sizeof(struct ifinfomsg), link_cb, &v, link_sort,
			     (void **)links, n);
}

/* --- addresses and routes ---------------------------------------------------- */

static int addr_dev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa;
	struct addr_dev *out;
	struct ip_addr a;

	if (!(ifa = nl_ifaddr(nlh, &a)))
		return MNL_CB_OK;
	out = vec_push(data);
	if (!out) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	out->addr = a;
	out->ifindex = ifa->ifa_index;
	return MNL_CB_OK;
}

static int addr_dev_sort(const void *x, const void *y)
{
	const struct addr_dev *a = x, *b = y;
	int c = addr_cmp(&a->addr, &b->addr);

	return c ? c : (a->ifindex > b->ifindex) - (a->ifindex < b->ifindex);
}

int kernel_addr_devs(struct kernel *k, struct addr_dev **v, size_t *n)
{
	struct vec out = VEC_INIT(struct addr_dev);

	return nl_route_list(k, RTM_GETADDR, sizeof(struct ifaddrmsg), addr_dev_cb, &out,
			     addr_dev_sort, (void **)v, n);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RTA_MAX + 1] = { 0 };
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	uint32_t *ifindex = data;

	if (nlh->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    mnl_attr_parse(nlh, sizeof(*rtm), attr_table, &(struct attrs){ tb, RTA_MAX }) < 0)
		return MNL_CB_OK;
	*ifindex = rtm->rtm_type == RTN_UNICAST ? attr_u32(tb[RTA_OIF]) : 0;
	return MNL_CB_OK;
}

int kernel_route_dev(struct kernel *k, const struct ip_addr *dst, uint32_t *ifindex)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int ret;

	*ifindex = 0;
	if ((ret = nl_route(k)))
		return ret;
	nlh = nl_request(req, RTM_GETROUTE, NLM_F_ACK);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)dst->family;
	rtm->rtm_dst_len = (uint8_t)(addr_len(dst->family) * 8);
	mnl_attr_put(nlh, RTA_DST, addr_len(dst->family), dst->a);
	ret = nl_talk(k, k->route, nlh, route_cb, ifindex);
	/* No route is an answer too. */
	if (ret == -ENETUNREACH || ret == -EHOSTUNREACH || ret == -EINVAL)
		ret = 0;
	return ret;
}

/* --- changes ------------------------------------------------------------------ */

/* An RTM_NEWLINK/RTM_DELLINK request for the device called name ("" for none). */
static struct nlmsghdr *link_request(void *buf, uint16_t type, uint16_t flags, const char *name)
{
	struct nlmsghdr *nlh = nl_request(buf, type, NLM_F_ACK | flags);

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	if (name[0])
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

static void put_kind(struct nlmsghdr *nlh, const char *kind, uint32_t link, uint32_t if_id)
{
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO), *data;

	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (strcmp(kind, "xfrm") == 0) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (link)
			mnl_attr_put_u32(nlh, IFLA_XFRM_LINK, link);
		mnl_attr_put_u32(nlh, IFLA_XFRM_IF_ID, if_id);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, info);
}

int kernel_link_add(struct kernel *k, const struct link *l)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh;
	char alias[64];
	int ret;

	if ((ret = nl_route(k)))
		return ret;
	if (!l->name[0] || (l->kind != LINK_XFRM && l->kind != LINK_DUMMY))
		return -EINVAL;
	nlh = link_request(req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, l->name);
	put_kind(nlh, l->kind == LINK_XFRM ? "xfrm" : "dummy", l->link, l->if_id);
	ret = nl_talk(k, k->route, nlh, NULL, NULL);
	if (ret)
		return ret;
	/* The alias cannot come with the creation (rtnetlink ignores it there). */
	if (l->kind == LINK_DUMMY && l->link)
		snprintf(alias, sizeof(alias), ALIAS_TAG " link %u", l->link);
	else
		snprintf(alias, sizeof(alias), ALIAS_TAG);
	nlh = link_request(req, RTM_NEWLINK, 0, l->name);
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, alias);
	ret = nl_talk(k, k->route, nlh, NULL, NULL);
	if (ret) {
		char extack[sizeof(k->extack)];

		memcpy(extack, k->extack, sizeof(extack));
		kernel_link_del(k, l);
		memcpy(k->extack, extack, sizeof(extack));
	}
	return ret;
}

int kernel_link_del(struct kernel *k, const struct link *l)
{
	uint8_t req[REQ_BUF];
	int ret;

	if ((ret = nl_route(k)))
		return ret;
	if (!l->name[0])
		return -EINVAL;
	return nl_talk(k, k->route, link_request(req, RTM_DELLINK, 0, l->name), NULL, NULL);
}

/*
 * An XFRM interface with an MTU below any device's minimum and if_id 0,
 * with no name: a kernel with XFRM interfaces refuses it (EINVAL) before it
 * exists, one without says "Unknown device type" (EOPNOTSUPP). A kernel
 * older than both checks (before 5.5) makes it: it is found and deleted.
 * Any other answer (EPERM for a user without CAP_NET_ADMIN) cannot tell:
 * yes, and making the real one will say what is wrong.
 */
int kernel_xfrmi_supported(struct kernel *k)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh;
	struct link *links;
	size_t n;
	int ret;

	if ((ret = nl_route(k)))
		return ret;
	nlh = link_request(req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, "");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1);
	put_kind(nlh, "xfrm", 0, 0);
	ret = nl_talk(k, k->route, nlh, NULL, NULL);
	if (ret == -EOPNOTSUPP)
		return 0;
	if (ret)
		return 1;
	if (kernel_link_list(k, &links, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			if (links[i].kind == LINK_XFRM && !links[i].if_id && links[i].mtu == 1)
				kernel_link_del(k, &links[i]);
		free(links);
	}
	return 1;
}
