// SPDX-License-Identifier: GPL-2.0-or-later
#include <netdb.h>
#include <stddef.h>
#include <arpa/inet.h>

#include "compat/transport.h"

static int proto_lookup(void *ctx, const char *name)
{
	struct protoent pe, *found = NULL;
	char buf[1024];

	(void)ctx;
	if (getprotobyname_r(name, &pe, buf, sizeof(buf), &found) || !found)
		return -1;
	return found->p_proto;
}

static int service_lookup(void *ctx, const char *name)
{
	struct servent se, *found = NULL;
	char buf[1024];

	(void)ctx;
	if (getservbyname_r(name, NULL, &se, buf, sizeof(buf), &found) || !found)
		return -1;
	return ntohs((uint16_t)found->s_port);
}

const struct netdb *netdb_system(void)
{
	static const struct netdb db = { proto_lookup, service_lookup, NULL };

	return &db;
}
