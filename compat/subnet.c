// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/number.h"
#include "compat/subnet.h"

#define DEFAULT_SUBNET "%default"

void subnet_mask(int family, int bits, struct ip_addr *mask)
{
	addr_any(family, mask);
	for (int i = 0; i < (int)addr_len(family) && bits > 0; i++, bits -= 8)
		mask->a[i] = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
}

int subnet_mask_bits(const struct ip_addr *mask)
{
	size_t len = addr_len(mask->family), i = 0;
	int bits = 0;

	while (i < len && mask->a[i] == 0xff) {
		bits += 8;
		i++;
	}
	if (i < len) {
		uint8_t b = mask->a[i++];

		while (b & 0x80) {
			bits++;
			b = (uint8_t)(b << 1);
		}
		if (b)
			return -1;
	}
	for (; i < len; i++)
		if (mask->a[i])
			return -1;
	return bits;
}

/*
 * ttoaddr(text, len, family): a length of 0 meant "up to the end" to the
 * original, so "/24" reads its address from the whole text. We keep that.
 */
static const char *parse_addr_part(const char *text, size_t len, int family,
				   const struct resolver *res, struct ip_addr *out)
{
	char *copy = len ? strndup(text, len) : strdup(text);
	const char *err;

	if (!copy)
		return "out of memory";
	err = addr_parse(copy, family, res, out);
	free(copy);
	return err;
}

/* The bit count after the slash: a decimal count, or an IPv4 mask. */
static const char *parse_mask(const char *mask, size_t mlen, int family, int nbits,
			      const struct resolver *res, int *bits)
{
	struct ip_addr m;
	const char *err;
	uint64_t count;

	if (mlen == 0)
		mlen = strlen(mask);	/* ttoul's "0 means strlen" */
	if (!legacy_ttoul(mask, mlen, 10, &count)) {
		if (count > (uint64_t)nbits)
			return "subnet mask bit count too large";
		*bits = (int)count;
		return NULL;
	}
	if (family != AF_INET)
		return "masks are not permitted for IPv6 addresses";
	err = parse_addr_part(mask, mlen, AF_INET, res, &m);
	if (err)
		return err;
	*bits = subnet_mask_bits(&m);
	return *bits < 0 ? "non-contiguous or otherwise erroneous mask" : NULL;
}

const char *subnet_parse(const char *text, int family, const struct resolver *res,
			 struct ip_subnet *out)
{
	const char *slash, *mask, *colon, *err;
	struct ip_addr addr, netmask;
	size_t mlen;
	uint64_t port = 0;
	int bits;

	if (!*text)
		return "empty string";
	if (strcmp(text, DEFAULT_SUBNET) == 0) {
		if (family == 0)
			return "unknown address family with 0/0 subnet not allowed.";
		text = family == AF_INET ? "0/0" : "::/0";
	}
	slash = strchr(text, '/');
	if (!slash)
		return "no / in subnet specification";
	err = parse_addr_part(text, (size_t)(slash - text), family, res, &addr);
	if (err)
		return err;
	if (family == 0)
		family = addr.family;
	if (family != AF_INET && family != AF_INET6)
		return "unknown address family in ttosubnet";

	mask = slash + 1;
	mlen = strlen(mask);
	colon = memchr(mask, ':', mlen);
	if (colon) {
		err = legacy_ttoul(colon + 1, mlen - (size_t)(colon + 1 - mask), 0, &port);
		if (err)
			return err;
		mlen = (size_t)(colon - mask);
	}
	err = parse_mask(mask, mlen, family, family == AF_INET ? 32 : 128, res, &bits);
	if (err)
		return err;

	subnet_mask(family, bits, &netmask);
	for (size_t i = 0; i < sizeof(addr.a); i++)
		addr.a[i] &= netmask.a[i];
	out->addr = addr;
	out->bits = (uint8_t)bits;
	out->port = (uint16_t)port;
	return NULL;
}

const char *subnet_format(const struct ip_subnet *s, char buf[SUBNET_BUF])
{
	char a[ADDR_BUF];
	size_t n = strlen(addr_format(&s->addr, a));

	memcpy(buf, a, n);
	buf[n++] = '/';
	if (s->bits >= 100)
		buf[n++] = (char)('0' + s->bits / 100);
	if (s->bits >= 10)
		buf[n++] = (char)('0' + s->bits / 10 % 10);
	buf[n++] = (char)('0' + s->bits % 10);
	buf[n] = '\0';
	return buf;
}
