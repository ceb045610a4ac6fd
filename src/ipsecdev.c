// SPDX-License-Identifier: GPL-2.0-or-later
/* tncfg's ipsecN devices (src/ipsecdev.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/ipsecdev.h"

int ipsecdev_number(const char *name)
{
	const char *d = name + strlen("ipsec");
	int n = 0;

	if (strncmp(name, "ipsec", strlen("ipsec")) != 0 || !*d || (d[0] == '0' && d[1]))
		return -1;
	for (; *d; d++) {
		if (*d < '0' || *d > '9' || n >= IPSECDEV_MAX)
			return -1;
		n = n * 10 + (*d - '0');
	}
	return n < IPSECDEV_MAX ? n : -1;
}

char *ipsecdev_name(int n, char *buf)
{
	snprintf(buf, LINK_NAME_MAX, "ipsec%d", n);
	return buf;
}

uint32_t ipsecdev_ifid(int n)
{
	const char *s = getenv("KLIPS_IFID_BASE");
	unsigned long long v;
	char *end;

	if (!s || !*s)
		return IFID_BASE_DEFAULT + (uint32_t)n;
	v = strtoull(s, &end, 0);
	if (*end || v == 0 || v > 0xffffffffull - (IPSECDEV_MAX - 1))
		v = IFID_BASE_DEFAULT;
	return (uint32_t)v + (uint32_t)n;
}

int ipsecdev_ours(const struct link *l)
{
	int n = ipsecdev_number(l->name);

	if (n < 0)
		return -1;
	if (l->kind == LINK_XFRM && l->if_id == ipsecdev_ifid(n))
		return n;
	if (l->kind == LINK_DUMMY && l->tagged)
		return n;
	return -1;
}
