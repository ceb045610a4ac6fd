/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the kernel layer only (src/kernel*.c): the handle, the netlink
 * plumbing they share, and the conversions between model and XFRM values.
 * Nothing outside the kernel layer includes this or <linux/xfrm.h>.
 */
#ifndef SRC_KERNEL_NL_H
#define SRC_KERNEL_NL_H

#include <string.h>
#include <netinet/in.h>
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
#define EROUTE_IFID_DEFAULT 0x4b4c5045u	/* "KLPE" */

struct kernel {
	struct mnl_socket *xfrm, *route;
	uint32_t seq;
	uint32_t record_ifid;		/* group and tun records (kernel_record.c) */
	uint32_t eroute_ifid;		/* eroute records (kernel_eroute.c) */
	char extack[256];
	uint8_t buf[RECV_BUF];
};

/*
 * Send one request and run cb on every answer until the ACK or NLMSG_DONE;
 * 0 or -errno (the extended ack text is kept for kernel_extack).
 * Received datagrams are wiped after parsing: dumps carry key bytes.
 */
int nl_talk(struct kernel *k, struct mnl_socket *nl, struct nlmsghdr *nlh,
	    mnl_cb_t cb, void *data);

/* A request header of type with NLM_F_REQUEST | flags, at the start of buf. */
struct nlmsghdr *nl_request(void *buf, uint16_t type, uint16_t flags);

/*
 * One dump (every dump goes through here): cb gets data and pushes what it
 * keeps onto v. A dump that a change interrupted (NLM_F_DUMP_INTR) is
 * started again, a few times at most, then -EAGAIN. hdr: the length of a
 * zeroed family header after the netlink header, or 0. On failure v is freed.
 */
int nl_dump(struct kernel *k, struct mnl_socket *nl, uint16_t type, size_t hdr,
	    mnl_cb_t cb, void *data, struct vec *v);

/* mnl_attr_parse callback filling tb[XFRMA_MAX + 1]. */
int nl_attr_table(const struct nlattr *attr, void *data);

/*
 * The fixed header (hdr bytes) of a message of this type, its attributes
 * parsed into tb[XFRMA_MAX + 1]; NULL for another type or a short or
 * malformed message.
 */
const void *nl_xfrm_msg(const struct nlmsghdr *nlh, uint16_t type, size_t hdr,
			const struct nlattr **tb);

/* The payload of attr if it holds at least min bytes, else NULL. */
const void *nl_attr_struct(const struct nlattr *attr, size_t min);

/* XFRM_MSG_DELPOLICY of the policy with this selector, direction and if_id (0: none). */
int nl_policy_del(struct kernel *k, const struct xfrm_selector *sel, uint8_t dir, uint32_t if_id);

/* The route socket, opened on first use. 0 or -errno. */
int nl_route(struct kernel *k);

/*
 * An RTM_NEWADDR message's address (IFA_LOCAL, else IFA_ADDRESS: the peer
 * on point-to-point links) into *a; its header, or NULL for another or a
 * malformed message.
 */
const struct ifaddrmsg *nl_ifaddr(const struct nlmsghdr *nlh, struct ip_addr *a);

/*
 * One dump of the route socket (type, a zeroed hdr-byte family header) into
 * v by cb, sorted by cmp; *items and *n get v's array (NULL, 0 on failure).
 */
int nl_route_list(struct kernel *k, uint16_t type, size_t hdr, mnl_cb_t cb, struct vec *v,
		  int (*cmp)(const void *, const void *), void **items, size_t *n);

/*
 * A dumped policy (its header, attributes parsed into tb) that is an
 * eroute record of ours becomes *e; false for anything else
 * (kernel_eroute.c; the record dump of kernel_record.c calls it).
 */
bool eroute_from_policy(const struct kernel *k, const struct xfrm_userpolicy_info *pi,
			const struct nlattr *const *tb, struct eroute *e);

/* --- conversions between the model and XFRM structures ------------------- */

/* No limits on a policy (records and eroutes' policies). */
static inline void policy_no_limits(struct xfrm_userpolicy_info *pi)
{
	pi->lft.soft_byte_limit = XFRM_INF;
	pi->lft.hard_byte_limit = XFRM_INF;
	pi->lft.soft_packet_limit = XFRM_INF;
	pi->lft.hard_packet_limit = XFRM_INF;
}

/* Selectors (kernel_sa.c); from_x leaves a wildcard selector without family. */
void selector_to_x(struct xfrm_selector *x, const struct selector *s);
void selector_from_x(struct selector *s, const struct xfrm_selector *x);

static inline int xfrm_family(int family)
{
	return family == AF_INET6 ? AF_INET6 : AF_INET;
}

static inline uint8_t full_prefix(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

static inline void addr_to_x(xfrm_address_t *x, const struct ip_addr *a)
{
	memset(x, 0, sizeof(*x));
	memcpy(x, a->a, addr_len(a->family));
}

static inline void addr_from_x(struct ip_addr *a, const xfrm_address_t *x, int family)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->a, x, addr_len(family));
}

static inline uint8_t xfrm_proto(uint8_t proto, int family)
{
	if (proto == SA_TUN)
		return family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
	return proto;
}

static inline uint8_t model_proto(uint8_t proto)
{
	return (proto == IPPROTO_IPIP || proto == IPPROTO_IPV6) ? SA_TUN : proto;
}

#endif
