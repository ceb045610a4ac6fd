/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * compat/lgetopt tables as glibc getopt_long() tables, for the tests that
 * compare the two (tests/unit/test_lgetopt.c, tests/fuzz/fuzz_getopt.c) on
 * spi's own table (src/cmd_spi_options.c).
 */
#ifndef TESTS_GETOPT_TABLE_H
#define TESTS_GETOPT_TABLE_H

#include <getopt.h>
#include <stddef.h>

#include "compat/lgetopt.h"

/* The same rows, NULL-terminated; max counts the terminating row. Returns o. */
static inline struct option *getopt_table(const struct lopt *l, struct option *o, size_t max)
{
	size_t i;

	for (i = 0; l[i].name && i + 1 < max; i++)
		o[i] = (struct option){ l[i].name, l[i].has_arg, NULL, l[i].val };
	o[i] = (struct option){ NULL, 0, NULL, 0 };
	return o;
}

#endif
