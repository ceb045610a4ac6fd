/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A procfs_source for the klips-procfs tests: fixed texts, large texts that
 * change on every call, and injected failures. Self-contained (libc only),
 * since every unit test program links it.
 */
#ifndef TESTS_UNIT_PROCFS_FAKE_H
#define TESTS_UNIT_PROCFS_FAKE_H

#include <stdatomic.h>
#include <stddef.h>

#include "procfs-emu/procfs.h"

#define PROCFS_FAKE_LINE 32	/* bytes per generated line */

struct procfs_fake {
	/* Fixed text per file; NULL: generated lines "call N line M\n". */
	const char *text[PROCFS_NCONTENT];
	size_t lines;		/* generated lines per call */
	int fail_err;		/* -errno returned while fail_left != 0 */
	atomic_int fail_left;	/* calls that fail; -1: all of them */
	atomic_uint calls;
	atomic_int last_reader;	/* the reader pid of the last call */
};

void procfs_fake_source(struct procfs_fake *fake, struct procfs_source *out);

/* The generated text for call number n (1-based), as the fake builds it. */
char *procfs_fake_text(unsigned int call, size_t lines, size_t *len);

#endif
