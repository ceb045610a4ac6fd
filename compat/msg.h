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

/* What an eroute request was, for the write-error texts that depend on it. */
enum msg_eroute_kind {
	MSG_EROUTE_ADD,		/* --add, --replace */
	MSG_EROUTE_DEL,		/* --del */
	MSG_EROUTE_INBOUND,	/* --addin, --replacein */
	MSG_EROUTE_CLEAR,	/* --clear */
};

/*
 * The line eroute printed after "pfkey write failed, returning -1 with
 * errno=N." (Openswan 2.6), possibly two lines (ENODEV). Unknown errnos
 * give "Unknown socket write error N.  Please report ...".
 */
const char *msg_eroute_write_error(int err, enum msg_eroute_kind kind, bool root,
				   char *buf, size_t len);

#endif
