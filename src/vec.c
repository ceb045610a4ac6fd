// SPDX-License-Identifier: GPL-2.0-or-later
/* The growing array (src/vec.h): doubling, zeroed elements. */
#include <stdlib.h>
#include <string.h>

#include "src/vec.h"

#define VEC_FIRST_CAP 16

void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : VEC_FIRST_CAP;
		void *p;

		if (cap > (size_t)-1 / v->size)
			return NULL;
		p = realloc(v->items, cap * v->size);
		if (!p)
			return NULL;
		v->items = p;
		v->cap = cap;
	}
	return memset(vec_at(v, v->n++), 0, v->size);
}

void vec_free(struct vec *v)
{
	free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
}
