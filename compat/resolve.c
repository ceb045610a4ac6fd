// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/addr.h"

#define LOOKUP_BUF_MAX (1 << 20)

static int from_hosts(const char *name, int family, struct ip_addr *out)
{
	size_t size = 1024;
	int ret = -1;

	while (size <= LOOKUP_BUF_MAX) {
		struct hostent he, *found = NULL;
		char *buf = malloc(size);
		int herr = 0, rc;

		if (!buf)
			return -1;
		rc = gethostbyname2_r(name, family, &he, buf, size, &found, &herr);
		if (rc == 0 && found && found->h_addrtype == family &&
		    (size_t)found->h_length == addr_len(family) && found->h_addr_list[0]) {
			addr_any(family, out);
			memcpy(out->a, found->h_addr_list[0], addr_len(family));
			ret = 0;
		}
		free(buf);
		if (rc != ERANGE)
			break;
		size *= 2;
	}
	return ret;
}

/* ttoaddr's IPv4 fallback: network names from /etc/networks. */
static int from_networks(const char *name, struct ip_addr *out)
{
	size_t size = 1024;
	int ret = -1;

	while (size <= LOOKUP_BUF_MAX) {
		struct netent ne, *found = NULL;
		char *buf = malloc(size);
		int herr = 0, rc;

		if (!buf)
			return -1;
		rc = getnetbyname_r(name, &ne, buf, size, &found, &herr);
		if (rc == 0 && found && found->n_addrtype == AF_INET) {
			uint32_t net = htonl(found->n_net);

			addr_any(AF_INET, out);
			memcpy(out->a, &net, sizeof(net));
			ret = 0;
		}
		free(buf);
		if (rc != ERANGE)
			break;
		size *= 2;
	}
	return ret;
}

static int system_lookup(void *ctx, const char *name, int family, struct ip_addr *out)
{
	(void)ctx;
	if (family != AF_INET && family != AF_INET6)
		return -1;
	if (from_hosts(name, family, out) == 0)
		return 0;
	if (family == AF_INET)
		return from_networks(name, out);
	return -1;
}

const struct resolver *resolver_system(void)
{
	static const struct resolver sys = { .lookup = system_lookup, .ctx = NULL };

	return &sys;
}
