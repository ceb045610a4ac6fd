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
	LISTING_TNCFG,		/* /proc/net/ipsec_tncfg */
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

/*
 * Whether the calling thread's namespace can be listed: 0, or the error a
 * listing would give for want of XFRM or of CAP_NET_ADMIN (one request).
 */
int listing_probe(void);

/* What the no-IPsec message calls the listing: "spi", "spigrp", "eroute table", "tncfg". */
const char *listing_name(enum listing_kind kind);

struct kernel;

/*
 * A rendered listing kept for reading by offset: what the FUSE daemon
 * serves an open file from. The spi listing stays in the pieces it was
 * rendered into, read in sorted order through its slots, so the text is
 * never copied whole; the others are one buffer. Reads may run in several
 * threads at once (nothing in t changes after it is made).
 */
struct listing_text;

/*
 * The listing of k's namespace (whatever the calling thread's; k stays open
 * for the caller) as a listing_text (*t): same text, errors and key wiping
 * as listing_render().
 */
int listing_open_kernel(struct kernel *k, enum listing_kind kind, struct listing_text **t);

/*
 * A listing_text of a malloc'd buffer of len bytes, which it takes over;
 * NULL when out of memory (text is then freed).
 */
struct listing_text *listing_text_flat(char *text, size_t len);

size_t listing_text_len(const struct listing_text *t);

/* Up to size bytes of the text from off into buf; the count (0 at or past the end). */
size_t listing_text_read(const struct listing_text *t, char *buf, size_t size, size_t off);

void listing_text_free(struct listing_text *t);

/* Text of the ipsec_version file (static, ends with a newline). */
const char *listing_version_text(void);

#endif
