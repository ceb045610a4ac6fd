// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/addr.h"

#define LOOKUP_BUF_MAX (1 << 20)

/*
 * The glibc *_r lookups want a buffer for the entry's strings; a lookup
 * returns 0 (found, *out set), ERANGE (buffer too small) or -1 (not found).
 */
typedef int lookup_r_fn(const char *name, int family, char *buf, size_t size,
			struct ip_addr *out);

/* Runs lookup with a buffer that doubles while it is too small. */
static int with_buffer(lookup_r_fn *lookup, const char *name, int family, struct ip_addr *out)
{
	for (size_t size = 1024; size <= LOOKUP_BUF_MAX; size *= 2) {
		char *buf = malloc(size);
		int rc;

		if (!buf)
			return -1;
		rc = lookup(name, family, buf, size, out);
		free(buf);
		if (rc != ERANGE)
			return rc;
	}
	return -1;
}

static int hosts_r(const char *name, int family, char *buf, size_t size, struct ip_addr *out)
{
	struct hostent he, *found = NULL;
	int herr = 0;
	int rc = gethostbyname2_r(name, family, &he, buf, size, &found, &herr);

	if (rc == ERANGE)
		return ERANGE;
	if (rc || !found || found->h_addrtype != family ||
	    (size_t)found->h_length != addr_len(family) || !found->h_addr_list[0])
		return -1;
	addr_any(family, out);
	memcpy(out->a, found->h_addr_list[0], addr_len(family));
	return 0;
}

/* ttoaddr's IPv4 fallback: network names from /etc/networks. */
static int networks_r(const char *name, int family, char *buf, size_t size, struct ip_addr *out)
{
	struct netent ne, *found = NULL;
	int herr = 0;
	int rc = getnetbyname_r(name, &ne, buf, size, &found, &herr);
	uint32_t net;

	(void)family;
	if (rc == ERANGE)
		return ERANGE;
	if (rc || !found || found->n_addrtype != AF_INET)
		return -1;
	net = htonl(found->n_net);
	addr_any(AF_INET, out);
	memcpy(out->a, &net, sizeof(net));
	return 0;
}

static int system_lookup(void *ctx, const char *name, int family, struct ip_addr *out)
{
	(void)ctx;
	if (family != AF_INET && family != AF_INET6)
		return -1;
	if (with_buffer(hosts_r, name, family, out) == 0)
		return 0;
	if (family == AF_INET)
		return with_buffer(networks_r, name, AF_INET, out);
	return -1;
}

const struct resolver *resolver_system(void)
{
	static const struct resolver sys = { .lookup = system_lookup, .ctx = NULL };

	return &sys;
}
