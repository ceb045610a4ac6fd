// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "src/setting.h"

uint32_t setting_u32(const char *name, uint32_t def, uint32_t max)
{
	const char *s = getenv(name);
	unsigned long v;
	char *end;

	if (!s || !*s)
		return def;
	v = strtoul(s, &end, 0);
	return (*end || v == 0 || v > max) ? def : (uint32_t)v;
}
