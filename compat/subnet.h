/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subnets in the legacy text forms (Openswan 2.6 ttosubnet). */
#ifndef COMPAT_SUBNET_H
#define COMPAT_SUBNET_H

#include <stdint.h>

#include "compat/addr.h"

struct ip_subnet {
	struct ip_addr addr;	/* the network: host bits cleared */
	uint8_t bits;		/* prefix length, 0..32 or 0..128 */
	uint16_t port;		/* the 2.6 "/mask:port" suffix, host order (0: none) */
};

/*
 * ttosubnet(text, 0, family, out) of Openswan 2.6: "ADDR/BITS", or
 * "ADDR/DOTTED-MASK" for IPv4, optionally followed by ":PORT" (C number),
 * or "%default" (0.0.0.0/0, ::/0 for AF_INET6). The address is read by
 * addr_parse() with family; family 0 takes the family of the address
 * ("%default" is then refused). Host bits are cleared silently. Returns
 * NULL or the legacy error text ("no / in subnet specification", "subnet
 * mask bit count too large", "non-contiguous or otherwise erroneous mask",
 * "masks are not permitted for IPv6 addresses", or an address or number
 * error). res may be NULL (names do not resolve).
 */
const char *subnet_parse(const char *text, int family, const struct resolver *res,
			 struct ip_subnet *out);

/* The netmask of a prefix length: 255.255.255.0, ffff:ffff:ffff:ffff:: ... */
void subnet_mask(int family, int bits, struct ip_addr *mask);

/* The prefix length of a contiguous netmask, or -1 (masktocount). */
int subnet_mask_bits(const struct ip_addr *mask);

#define SUBNET_BUF (ADDR_BUF + 4)
/* "192.0.1.0/24", "3049:1::/64" (subnettoa; the port is not shown). */
const char *subnet_format(const struct ip_subnet *s, char buf[SUBNET_BUF]);

#endif
