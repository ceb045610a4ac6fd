/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the fuzz entry points: input copying and a resolver without I/O. */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* The input as a NUL-terminated string (cut at an embedded NUL). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Names ending in "4" resolve for IPv4, in "6" for IPv6, "dual" for both. */
static inline int fuzz_lookup(void *ctx, const char *name, int family, struct ip_addr *out)
{
	size_t len = strlen(name);
	char last = len ? name[len - 1] : '\0';

	(void)ctx;
	if (!(last == '4' && family == AF_INET) && !(last == '6' && family == AF_INET6) &&
	    strcmp(name, "dual") != 0)
		return -1;
	addr_any(family, out);
	out->a[0] = (uint8_t)len;
	out->a[addr_len(family) - 1] = (uint8_t)name[0];
	return 0;
}

static const struct resolver fuzz_resolver = { fuzz_lookup, NULL };

#endif
