/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ipsecN devices of tncfg: their names, their XFRM if_ids, and which
 * devices of a namespace are ours. ipsecN is an XFRM interface with if_id
 * IFID_BASE + N on the physical device it is attached to (or, where the
 * kernel has no XFRM interfaces, a dummy device carrying tncfg's alias).
 */
#ifndef SRC_IPSECDEV_H
#define SRC_IPSECDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "src/model.h"

#define IPSECDEV_MAX 64			/* ipsec0 ... ipsec63, KLIPS' CONFIG_KLIPS_IF_MAX */
#define IFID_BASE_DEFAULT 0x4b490000u	/* "KI\0\0" */

/* N of "ipsecN", N from 0 to 63 written plainly (no sign, no leading zero); else -1. */
int ipsecdev_number(const char *name);

/* "ipsecN" into buf (LINK_NAME_MAX bytes); returns buf. */
char *ipsecdev_name(int n, char *buf);

/*
 * The if_id of ipsecN: IFID_BASE + N, where IFID_BASE is $KLIPS_IFID_BASE
 * (a number, base 0, above 0 and at most 0xffffffff - 63) or 0x4b490000.
 */
uint32_t ipsecdev_ifid(int n);

/*
 * N when l is tncfg's ipsecN (an XFRM interface called ipsecN with the
 * if_id of ipsecN, or a dummy called ipsecN with tncfg's alias); else -1.
 */
int ipsecdev_ours(const struct link *l);

#endif
