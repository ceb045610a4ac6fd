// SPDX-License-Identifier: GPL-2.0-or-later
/* The growing array (src/vec.h): doubling, zeroed elements. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "src/hugebuf.h"
#include "src/vec.h"

#define VEC_FIRST_CAP 16

/* The items moved to room for cap (> v->cap) elements; 0 or -ENOMEM. */
static int vec_grow(struct vec *v, size_t cap)
{
	void *p;

	if (cap > (size_t)-1 / v->size)
		return -ENOMEM;
	if (v->huge) {
		p = hugebuf_alloc(cap * v->size);
		if (!p)
			return -ENOMEM;
		if (v->n)
			memcpy(p, v->items, v->n * v->size);
		hugebuf_free(v->items, v->cap * v->size);
	} else {
		p = realloc(v->items, cap * v->size);
		if (!p)
			return -ENOMEM;
	}
	v->items = p;
	v->cap = cap;
	return 0;
}

void *vec_push(struct vec *v)
{
	if (v->n == v->cap && vec_grow(v, v->cap ? v->cap * 2 : VEC_FIRST_CAP))
		return NULL;
	return memset(vec_at(v, v->n++), 0, v->size);
}

int vec_reserve(struct vec *v, size_t cap, bool huge)
{
	if (cap <= v->cap)
		return 0;
	if (!v->items)
		v->huge = huge;
	return vec_grow(v, cap);
}

void vec_free(struct vec *v)
{
	if (v->huge)
		hugebuf_free(v->items, v->cap * v->size);
	else
		free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
	v->huge = false;
}
