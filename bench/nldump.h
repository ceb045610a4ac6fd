/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef BENCH_NLDUMP_H
#define BENCH_NLDUMP_H

#include <stddef.h>

/*
 * Dump every SA of the calling thread's netns on a fresh XFRM socket and
 * count the messages; nothing is decoded or kept. 0 or -errno.
 */
int nldump(size_t *sas, size_t *bytes);

/* The same for the SPD: every XFRM policy. */
int nldump_policies(size_t *policies, size_t *bytes);

#endif
