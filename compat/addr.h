/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IP addresses in the legacy text forms (FreeS/WAN ttoaddr). */
#ifndef COMPAT_ADDR_H
#define COMPAT_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ip_addr {
	int family;		/* AF_INET, AF_INET6, or 0 for "no address at all" */
	uint8_t a[16];		/* network order; IPv4 uses the first 4 bytes, rest 0 */
};

/*
 * Name lookup sits behind this one function so that tests and fuzzers can
 * replace it. It returns 0 and fills *out (of that family), or -1 when the
 * name does not resolve. family is AF_INET or AF_INET6.
 */
typedef int (*resolver_fn)(void *ctx, const char *name, int family,
			   struct ip_addr *out);
struct resolver {
	resolver_fn lookup;
	void *ctx;
};

/* The system resolver: hosts/DNS, and /etc/networks for IPv4 (like ttoaddr). */
const struct resolver *resolver_system(void);

/*
 * ttoaddr(text, 0, family): numeric IPv4 (1 to 4 parts, 0x/0h forms), numeric
 * IPv6, or a host name looked up through res (family 0: IPv6 first, then IPv4).
 * Returns NULL on success, else the legacy error text, e.g.
 * "byte overflow in dotted-decimal address". res may be NULL (names fail).
 */
const char *addr_parse(const char *text, int family, const struct resolver *res,
		       struct ip_addr *out);

#define ADDR_BUF 48
/*
 * Canonical text as FreeS/WAN's addrtot printed it ("1.2.3.4", "3049:9::1"):
 * the first run of two or more zero pieces becomes "::" and there are no
 * dotted-quad tails, so the text always parses back (this differs from
 * inet_ntop() for "::ffff:102:304" and "1:0:0:2:0:0:0:3"); "<invalid>" for
 * family 0.
 */
const char *addr_format(const struct ip_addr *addr, char buf[ADDR_BUF]);

void addr_any(int family, struct ip_addr *out);	/* 0.0.0.0 or :: */
bool addr_is_any(const struct ip_addr *addr);	/* all zero (any family) */
bool addr_equal(const struct ip_addr *x, const struct ip_addr *y);
int addr_cmp(const struct ip_addr *x, const struct ip_addr *y);	/* family, then bytes */
size_t addr_len(int family);			/* 4, 16, or 0 */
/* True when a is in the n addresses of set, sorted by addr_cmp. */
bool addr_in(const struct ip_addr *set, size_t n, const struct ip_addr *a);

#endif
