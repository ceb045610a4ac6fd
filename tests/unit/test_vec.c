// SPDX-License-Identifier: GPL-2.0-or-later
/* The growing array and the 2 MiB-aligned buffers under it (src/vec.h, src/hugebuf.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/hugebuf.h"
#include "src/vec.h"
#include "tests/unit/tap.h"

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_hugebuf(void)
{
	const size_t sizes[] = { 1, 4096, HUGEBUF_ALIGN - 1, HUGEBUF_ALIGN, HUGEBUF_ALIGN + 1,
				 5 * HUGEBUF_ALIGN / 2 };
	int bad = 0;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint8_t *p = hugebuf_alloc(sizes[i]);

		if (!p || (uintptr_t)p % HUGEBUF_ALIGN || !all_zero(p, sizes[i])) {
			bad++;
		} else {
			memset(p, 0xa5, sizes[i]);	/* every byte asked for is writable */
			p[sizes[i] - 1] = 1;
		}
		hugebuf_free(p, sizes[i]);
	}
	tap_ok(!bad, "hugebufs of 1 byte to 5 MiB: on a 2 MiB boundary, zeroed, writable");
	tap_ok(!hugebuf_alloc(0) && !hugebuf_alloc((size_t)-1), "a size of 0 or past the address space: NULL");
	hugebuf_free(NULL, 1);
}

/* Push elements numbered by their place up to n in all, and check them all. */
static bool push_check(struct vec *v, size_t n)
{
	while (v->n < n) {
		uint64_t *e = vec_push(v);

		if (!e || *e)
			return false;
		*e = v->n;
	}
	for (size_t i = 0; i < n; i++)
		if (*(uint64_t *)vec_at(v, i) != i + 1)
			return false;
	return v->n == n;
}

static void test_vec(void)
{
	struct vec v = VEC_INIT(uint64_t);
	const size_t big = HUGEBUF_ALIGN / sizeof(uint64_t);

	tap_ok(push_check(&v, 1000) && !v.huge, "pushes grow a small vec by realloc");
	vec_free(&v);
	tap_ok(!v.items && !v.n && !v.cap, "vec_free empties it");

	tap_ok(vec_reserve(&v, 100, false) == 0 && v.cap == 100 && !v.huge, "a reservation is malloc'd");
	tap_ok(push_check(&v, 300), "and grows past it");
	tap_ok(vec_reserve(&v, 1000, true) == 0 && !v.huge && v.cap == 1000 && push_check(&v, 1000),
	       "a vec already in use stays malloc'd");
	vec_free(&v);

	tap_ok(vec_reserve(&v, 100, true) == 0 && v.huge && v.cap == 100 &&
	       (uintptr_t)v.items % HUGEBUF_ALIGN == 0 && push_check(&v, 100),
	       "a small huge reservation is a hugebuf");
	vec_free(&v);
	tap_ok(vec_reserve(&v, big, true) == 0 && v.huge && v.cap == big &&
	       (uintptr_t)v.items % HUGEBUF_ALIGN == 0, "a 2 MiB huge reservation is a hugebuf");
	tap_ok(push_check(&v, big), "it holds what was reserved");
	tap_ok(push_check(&v, big + 1) && v.huge && v.cap == 2 * big,
	       "and grows past it as a hugebuf, contents kept");
	v.n = 0;		/* a dump started again */
	tap_ok(push_check(&v, 10), "emptied, it is filled again");
	vec_free(&v);
	tap_ok(!v.items && !v.huge, "vec_free unmaps it");
}

int main(void)
{
	test_hugebuf();
	test_vec();
	return tap_done();
}
