/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The legacy /proc/net/ipsec_spi and /proc/net/ipsec_spigrp texts, rebuilt
 * from one snapshot of the kernel's SAD and SPD. One renderer serves
 * `ipsec spi` and `ipsec spigrp` without arguments and the FUSE daemon.
 */
#ifndef SRC_LISTING_H
#define SRC_LISTING_H

#include <stddef.h>
#include <stdio.h>

enum listing_kind {
	LISTING_SPI,		/* /proc/net/ipsec_spi */
	LISTING_SPIGRP,		/* /proc/net/ipsec_spigrp */
	LISTING_EROUTE,		/* /proc/net/ipsec_eroute */
};

/*
 * Dump the SAD and SPD of the calling thread's network namespace (netlink
 * sockets are opened inside, so they belong to that namespace), render the
 * listing and return it in a malloc'd buffer (*text, *len; NUL-terminated
 * for convenience, len excludes the NUL). An empty table gives len 0.
 * Returns 0, or -errno: -EPERM/-EACCES without CAP_NET_ADMIN, -EAGAIN when
 * the dump was interrupted by concurrent changes more times than it retries,
 * -EIO (or the socket's errno) for anything else. Never a partial text.
 * Key material seen in the dumps is wiped before this returns.
 */
int listing_render(enum listing_kind kind, char **text, size_t *len);

/*
 * The same text, written to out as it is rendered (no copy of the whole
 * text in memory: what `ipsec spi` and `ipsec spigrp` print). The dumps are
 * complete before the first byte is written, so a failed dump writes
 * nothing. Returns 0 or -errno as listing_render; write errors are left in
 * ferror(out).
 */
int listing_print(enum listing_kind kind, FILE *out);

/* What the no-IPsec message calls the listing: "spi", "spigrp", "eroute table". */
const char *listing_name(enum listing_kind kind);

/*
 * listing_render() with a kernel already open: the tables of the network
 * namespace k's sockets were made in, whatever the calling thread's. k stays
 * open for the caller. Same text, errors and key wiping as listing_render().
 */
struct kernel;
int listing_render_kernel(struct kernel *k, enum listing_kind kind, char **text, size_t *len);

/* Text of the ipsec_version file (static, ends with a newline). */
const char *listing_version_text(void);

#endif
