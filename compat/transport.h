/* SPDX-License-Identifier: GPL-2.0-or-later */
/* eroute's --transport-proto, --src-port and --dst-port values. */
#ifndef COMPAT_TRANSPORT_H
#define COMPAT_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Protocol and service names sit behind this seam (getprotobyname and
 * getservbyname in the programs, tables in tests). Each returns the number
 * (a port in host order) or -1 when the name is unknown.
 */
struct netdb {
	int (*proto)(void *ctx, const char *name);
	int (*service)(void *ctx, const char *name);
	void *ctx;
};

/* /etc/protocols and /etc/services through the C library. */
const struct netdb *netdb_system(void);

enum transport_result {
	TRANSPORT_OK,
	TRANSPORT_BAD_CHAR,	/* "Invalid character in --... parameter: %s" */
	TRANSPORT_RANGE,	/* "... must be in the range 0 to N inclusive" */
};

/*
 * --transport-proto: a protocol name, else a C number (strtoul base 0). As
 * in Openswan 2.6, the number goes through a C int: "-1" is accepted and
 * means 255, and only values from 256 to INT_MAX are out of range. *proto
 * is the byte sent; *given is false for 0 (no protocol).
 */
enum transport_result transport_proto_parse(const char *text, const struct netdb *db,
					    uint8_t *proto, bool *given);

/*
 * --src-port/--dst-port: a service name, else a C number. A value above
 * 65535 gives TRANSPORT_RANGE, but *port is still set (truncated to 16
 * bits) because the original printed the message and carried on.
 */
enum transport_result transport_port_parse(const char *text, const struct netdb *db,
					   uint16_t *port);

#endif
