/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Large buffers placed on a 2 MiB boundary, so that a kernel with
 * transparent huge pages can back each 2 MiB of them with one page: the
 * first write costs one page fault instead of 512. Debian's kernels give
 * them to such mappings ("always", or "madvise": the buffer asks); under a
 * kernel without them (user-mode Linux) they are ordinary pages. For
 * buffers whose size is known to be large: a small one would take a whole
 * huge page.
 */
#ifndef SRC_HUGEBUF_H
#define SRC_HUGEBUF_H

#include <stddef.h>

#define HUGEBUF_ALIGN ((size_t)2 << 20)

/* size bytes (rounded up to HUGEBUF_ALIGN), zeroed; NULL when out of memory. */
void *hugebuf_alloc(size_t size);

/* p from hugebuf_alloc(size); NULL is allowed. */
void hugebuf_free(void *p, size_t size);

#endif
