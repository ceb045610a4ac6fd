// SPDX-License-Identifier: GPL-2.0-or-later
/* Buffers on 2 MiB boundaries (src/hugebuf.h). */
#include <stdint.h>
#include <sys/mman.h>

#include "src/hugebuf.h"

static size_t rounded(size_t size)
{
	return (size + HUGEBUF_ALIGN - 1) & ~(HUGEBUF_ALIGN - 1);
}

void *hugebuf_alloc(size_t size)
{
	size_t len = rounded(size), map = len + HUGEBUF_ALIGN, head;
	uint8_t *p;
	uintptr_t at;

	if (!size || len < size || map < len)
		return NULL;
	/* One boundary more than asked for, then the ends cut off. */
	p = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	at = ((uintptr_t)p + HUGEBUF_ALIGN - 1) & ~(uintptr_t)(HUGEBUF_ALIGN - 1);
	head = at - (uintptr_t)p;
	if (head)
		munmap(p, head);
	munmap((uint8_t *)at + len, map - head - len);
	/* Where huge pages are "madvise" only; no harm where they are not. */
	madvise((void *)at, len, MADV_HUGEPAGE);
	return (void *)at;
}

void hugebuf_free(void *p, size_t size)
{
	if (p)
		munmap(p, rounded(size));
}
