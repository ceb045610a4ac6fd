// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel layer (src/kernel.h) over netlink with libmnl: the sockets,
 * one request/answer loop, one dump loop, and this namespace's addresses.
 * The SAs are in kernel_sa.c, the records in kernel_record.c, eroutes'
 * records, policies and rules in kernel_eroute.c; these files (with
 * kernel_nl.h) are the only ones that know netlink.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>

#include "src/kernel_nl.h"
#include "src/setting.h"

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
	k->record_ifid = setting_u32("KLIPS_RECORD_IFID", RECORD_IFID_DEFAULT, UINT32_MAX);
	k->eroute_ifid = setting_u32("KLIPS_EROUTE_IFID", EROUTE_IFID_DEFAULT, UINT32_MAX);
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

/*
 * Wipe a received datagram (dumps carry key bytes). 1 KiB at a time: the
 * same bytes, but with vector stores rather than one rep stosb, which
 * glibc's memset picks from 2 KiB and valgrind counts once per byte (the
 * benchmarks count instructions with it: bench/RESULTS.md).
 */
static void wipe(uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i += 1024)
		explicit_bzero(buf + i, n - i < 1024 ? n - i : 1024);
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
				wipe(k->buf, (size_t)n);
				return;
			}
		}
		wipe(k->buf, (size_t)n);
	}
}

/* The one request/answer loop (src/kernel_nl.h). */
int nl_talk(struct kernel *k, struct mnl_socket *nl, struct nlmsghdr *nlh,
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
		wipe(k->buf, (size_t)n);
		if (ret == MNL_CB_ERROR) {
			if (dump && err == EINTR)
				drain(k, nl);
			return -err;
		}
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

struct nlmsghdr *nl_request(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

/* The one dump loop (src/kernel_nl.h). */
int nl_dump(struct kernel *k, struct mnl_socket *nl, uint16_t type, size_t hdr,
	    mnl_cb_t cb, void *data, struct vec *v)
{
	int ret = -EAGAIN;

	for (int i = 0; i < DUMP_TRIES && ret == -EAGAIN; i++) {
		uint8_t req[REQ_BUF];
		struct nlmsghdr *nlh = nl_request(req, type, NLM_F_DUMP);

		if (hdr)
			mnl_nlmsg_put_extra_header(nlh, hdr);
		v->n = 0;
		ret = nl_talk(k, nl, nlh, cb, data);
		if (ret == -EINTR)
			ret = -EAGAIN;
	}
	if (ret < 0)
		vec_free(v);
	return ret;
}

int nl_attr_table(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= XFRMA_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

const void *nl_xfrm_msg(const struct nlmsghdr *nlh, uint16_t type, size_t hdr,
			const struct nlattr **tb)
{
	if (nlh->nlmsg_type != type || mnl_nlmsg_get_payload_len(nlh) < hdr)
		return NULL;
	if (mnl_attr_parse(nlh, hdr, nl_attr_table, tb) < 0)
		return NULL;
	return mnl_nlmsg_get_payload(nlh);
}

const void *nl_attr_struct(const struct nlattr *attr, size_t min)
{
	if (!attr || mnl_attr_get_payload_len(attr) < min)
		return NULL;
	return mnl_attr_get_payload(attr);
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

const struct ifaddrmsg *nl_ifaddr(const struct nlmsghdr *nlh, struct ip_addr *a)
{
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t len;

	if (nlh->nlmsg_type != RTM_NEWADDR || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    mnl_attr_parse(nlh, sizeof(*ifa), addr_attr, tb) < 0)
		return NULL;
	/* IFA_LOCAL is the address itself; IFA_ADDRESS the peer on ptp links. */
	attr = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	len = addr_len(ifa->ifa_family);
	if (!attr || !len || mnl_attr_get_payload_len(attr) != len)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	memcpy(a->a, mnl_attr_get_payload(attr), len);
	return ifa;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ip_addr a, *out;

	if (!nl_ifaddr(nlh, &a))
		return MNL_CB_OK;
	out = vec_push(data);
	if (!out) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	*out = a;
	return MNL_CB_OK;
}

static int addr_sort(const void *x, const void *y)
{
	return addr_cmp(x, y);
}

int nl_policy_del(struct kernel *k, const struct xfrm_selector *sel, uint8_t dir, uint32_t if_id)
{
	uint8_t req[REQ_BUF];
	struct nlmsghdr *nlh = nl_request(req, XFRM_MSG_DELPOLICY, NLM_F_ACK);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	id->sel = *sel;
	id->dir = dir;
	if (if_id)
		mnl_attr_put_u32(nlh, XFRMA_IF_ID, if_id);
	return nl_talk(k, k->xfrm, nlh, NULL, NULL);
}

int nl_route(struct kernel *k)
{
	if (!k->route) {
		k->route = nl_open(NETLINK_ROUTE);
		if (!k->route)
			return -errno;
	}
	return 0;
}

int nl_route_list(struct kernel *k, uint16_t type, size_t hdr, mnl_cb_t cb, struct vec *v,
		  int (*cmp)(const void *, const void *), void **items, size_t *n)
{
	int ret;

	*items = NULL;
	*n = 0;
	if ((ret = nl_route(k)))
		return ret;
	ret = nl_dump(k, k->route, type, hdr, cb, v, v);
	if (ret)
		return ret;
	qsort(v->items, v->n, v->size, cmp);
	*items = v->items;
	*n = v->n;
	return 0;
}

int kernel_local_addrs(struct kernel *k, struct ip_addr **addrs, size_t *n)
{
	struct vec v = VEC_INIT(struct ip_addr);

	/* The ifaddrmsg header is zeroed: ifa_family AF_UNSPEC, every family. */
	return nl_route_list(k, RTM_GETADDR, sizeof(struct ifaddrmsg), addr_cb, &v, addr_sort,
			     (void **)addrs, n);
}
