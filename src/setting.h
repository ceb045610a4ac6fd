/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Settings from the environment (KLIPS_RECORD_IFID, KLIPS_EROUTE_PRIORITY ...). */
#ifndef SRC_SETTING_H
#define SRC_SETTING_H

#include <stdint.h>

/* $name as a number (C syntax: 0x for hexadecimal) from 1 to max, else def. */
uint32_t setting_u32(const char *name, uint32_t def, uint32_t max);

#endif
