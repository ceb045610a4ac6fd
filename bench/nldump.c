// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The limit for a listing: one bare XFRM_MSG_GETSA dump with libmnl, every
 * message counted and thrown away, nothing decoded. Used as a function by
 * bench/timeit.c (@dump) and as a program of its own:
 *
 *   nldump        print "SAS BYTES" of one dump of the calling netns
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <libmnl/libmnl.h>

#include "bench/nldump.h"

/* As src/kernel.c: one receive buffer size, large enough for a full datagram. */
#define DUMP_BUF 32768

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	size_t *n = data;

	if (nlh->nlmsg_type == XFRM_MSG_NEWSA)
		(*n)++;
	return MNL_CB_OK;
}

int nldump(size_t *sas, size_t *bytes)
{
	static char buf[DUMP_BUF];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_XFRM);
	struct nlmsghdr *nlh;
	unsigned int portid, seq = (unsigned int)time(NULL);
	int ret = MNL_CB_OK, err = 0;
	ssize_t n;

	*sas = *bytes = 0;
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	portid = mnl_socket_get_portid(nl);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_GETSA;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto fail;
	while (ret > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			goto fail;
		*bytes += (size_t)n;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, count_cb, sas);
	}
	if (ret < 0)
		goto fail;
	mnl_socket_close(nl);
	return 0;
fail:
	err = errno ? errno : EIO;
	mnl_socket_close(nl);
	return -err;
}

#ifndef NLDUMP_NO_MAIN
int main(void)
{
	size_t sas, bytes;
	int ret = nldump(&sas, &bytes);

	if (ret < 0) {
		fprintf(stderr, "nldump: %s\n", strerror(-ret));
		return 1;
	}
	printf("%zu %zu\n", sas, bytes);
	return 0;
}
#endif
