/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key hygiene: no core dumps, no key text left behind, --optionsfrom read safely. */
#ifndef SRC_SECRETS_H
#define SRC_SECRETS_H

#include <stddef.h>

/*
 * Marks the process non-dumpable (prctl PR_SET_DUMPABLE 0): no core dump,
 * and /proc/PID/mem, environ and ptrace closed to other users. The
 * commands call it first thing: keys may be in argv from the start, and
 * spigrp and spi --del read keys back from the kernel to undo a step.
 */
void secrets_hold(void);

/* Overwrites a string that held key text (an argv word: /proc/PID/cmdline
 * shows NUL bytes there afterwards). */
void secrets_wipe_str(char *s);

/*
 * The words of --optionsfrom FILE (free with optionsfrom_free). Only a
 * regular file is read (opened without blocking, so a FIFO with no writer
 * cannot hang us), in pieces, stopping at the first line over the
 * optionsfrom(3) limit; every buffer that held its text is wiped.
 * Returns NULL, or the text after "optionsfrom failed: " (the legacy
 * "unable to open file", "error in line read", ... or, for a file that is
 * not regular, "unable to open file: PATH is a FIFO, not a regular file"),
 * in msg when it is built.
 */
const char *optfile_read(const char *path, char ***words, int *count, char *msg, size_t len);

#endif
