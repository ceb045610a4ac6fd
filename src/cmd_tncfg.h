/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipsec tncfg: its option table, for the tests that compare it with glibc. */
#ifndef SRC_CMD_TNCFG_H
#define SRC_CMD_TNCFG_H

#include "compat/lgetopt.h"

/* Openswan 2.6.38's table (its order decides ambiguity messages), then ours. */
extern const struct lopt tncfg_opts[];

#endif
