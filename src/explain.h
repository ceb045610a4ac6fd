/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A plan in words: `ip xfrm` commands (--explain) and step lines (--debug). */
#ifndef SRC_EXPLAIN_H
#define SRC_EXPLAIN_H

#include <stdio.h>

#include "src/plan.h"

/* The plan as `ip xfrm` commands; records (inexpressible) as comments. */
void plan_explain(const struct plan *p, FILE *out);

/* One line describing op without key material ("NEWSA esp0x200@1.2.3.4 ..."). */
void op_describe(const struct op *op, FILE *out);

#endif
