/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Legacy message texts that scripts may grep, keyed by errno. */
#ifndef COMPAT_MSG_H
#define COMPAT_MSG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The text spi printed after "pfkey write failed (errno=N): " (Openswan 2.6),
 * possibly spanning two lines (ENODEV). root selects the EACCES variant.
 * Unknown errnos give the "Unknown socket write error" text with strerror.
 */
const char *msg_write_error(int err, bool root, char *buf, size_t len);

/* spigrp's variant (FreeS/WAN table: ESRCH unknown, no strerror). */
const char *msg_spigrp_write_error(int err, bool root, char *buf, size_t len);

/* The text after "Trouble opening PF_KEY family socket with error: ". */
const char *msg_socket_error(int err, bool root, char *buf, size_t len);

#endif
