/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whole spi/spigrp command lines against the fake kernel (fuzz_spi, fuzz_spigrp). */
#ifndef TESTS_FUZZ_CMD_H
#define TESTS_FUZZ_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "src/commands.h"

/*
 * The input: two header bytes, then up to 6 command lines. Byte 0: bits
 * 0-3 the kernel call that fails (0: none), bit 4 kernel_open fails, bit 5
 * the dumps fail; byte 1: the errnos (low nibble for the call, high for
 * open and dumps). A line's words are separated by blanks ("''" is an empty
 * word); a first word "spi" or "spigrp" picks the command, else dflt runs
 * (named dflt_name in argv[0]). Every line starts from the same kernel: a
 * few SAs, a tun, a group (made by the commands themselves, once).
 *
 * Checked after every command: the exit status is one of the legacy ones;
 * the kernel handle is closed; the process is non-dumpable; a refused
 * command left the kernel as it was; no SA is in two groups; no key given
 * (after --enckey/--authkey, or in the --optionsfrom fixtures) appears in
 * stdout or stderr (when a key's text does, the command runs again with
 * other keys of the same shape: only an echo shows those too).
 */
int fuzz_commands(const uint8_t *data, size_t size, cmd_main_fn *dflt, const char *dflt_name);

/* The errnos the header bytes pick (index 0-15). */
#define FUZZ_ERRNOS \
	EEXIST, ENOENT, EINVAL, ESRCH, ENOBUFS, EPERM, ENOMEM, EAFNOSUPPORT, \
	ENXIO, EBUSY, ENOSPC, EACCES, ENODEV, EPROTONOSUPPORT, ESPIPE, EUNATCH

/*
 * Where the --optionsfrom fixtures are (the dictionary names them): in the
 * build tree, relative to the checkout, where the fuzzers run; never a
 * fixed name in /tmp that another user could have made first.
 */
#define FUZZ_FIXTURES "build/fuzz/fixtures"

#endif
