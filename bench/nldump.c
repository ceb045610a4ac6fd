// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The limit for a listing: one bare XFRM_MSG_GETSA dump with libmnl, every
 * message counted and thrown away, nothing decoded. Used as a function by
 * bench/timeit.c (@dump) and as a program of its own:
 *
 *   nldump        print "SAS BYTES" of one dump of the calling netns
 *   nldump policy print "POLICIES BYTES" of one XFRM_MSG_GETPOLICY dump
 *                 (the limit for the eroute listing)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <libmnl/libmnl.h>

#include "bench/nldump.h"

/* As src/kernel.c: one receive buffer size, large enough for a full datagram. */
#define DUMP_BUF 32768

struct count {
	uint16_t type;		/* the messages counted */
	size_t n;
};

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct count *c = data;

	if (nlh->nlmsg_type == c->type)
		c->n++;
	return MNL_CB_OK;
}

/* One dump of request type, counting the messages of type answer. */
static int dump(uint16_t request, uint16_t answer, size_t *count, size_t *bytes)
{
	static char buf[DUMP_BUF];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_XFRM);
	struct count c = { answer, 0 };
	struct nlmsghdr *nlh;
	unsigned int portid, seq = (unsigned int)time(NULL);
	int ret = MNL_CB_OK, err = 0;
	ssize_t n;

	*count = *bytes = 0;
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	portid = mnl_socket_get_portid(nl);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = request;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto fail;
	while (ret > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			goto fail;
		*bytes += (size_t)n;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, count_cb, &c);
	}
	if (ret < 0)
		goto fail;
	mnl_socket_close(nl);
	*count = c.n;
	return 0;
fail:
	err = errno ? errno : EIO;
	mnl_socket_close(nl);
	return -err;
}

int nldump(size_t *sas, size_t *bytes)
{
	return dump(XFRM_MSG_GETSA, XFRM_MSG_NEWSA, sas, bytes);
}

int nldump_policies(size_t *policies, size_t *bytes)
{
	return dump(XFRM_MSG_GETPOLICY, XFRM_MSG_NEWPOLICY, policies, bytes);
}

#ifndef NLDUMP_NO_MAIN
int main(int argc, char **argv)
{
	bool policy = argc > 1 && strcmp(argv[1], "policy") == 0;
	size_t sas, bytes;
	int ret;

	if (argc > 2 || (argc == 2 && !policy)) {
		fprintf(stderr, "usage: nldump [policy]\n");
		return 2;
	}
	ret = policy ? nldump_policies(&sas, &bytes) : nldump(&sas, &bytes);

	if (ret < 0) {
		fprintf(stderr, "nldump: %s\n", strerror(-ret));
		return 1;
	}
	printf("%zu %zu\n", sas, bytes);
	return 0;
}
#endif
