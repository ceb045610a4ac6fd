/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growing array of elements of one size: what a dump fills and what a
 * plan is made of. Start with VEC_INIT(type); items is NULL until the first
 * push and may move at every push.
 */
#ifndef SRC_VEC_H
#define SRC_VEC_H

#include <stdbool.h>
#include <stddef.h>

struct vec {
	void *items;
	size_t n, cap;
	size_t size;		/* of one element */
	bool huge;		/* items is a hugebuf (vec_reserve) */
};

#define VEC_INIT(type) { .items = NULL, .n = 0, .cap = 0, .size = sizeof(type), .huge = false }

/* A new zeroed element at the end, or NULL when out of memory (v unchanged). */
void *vec_push(struct vec *v);

/*
 * Room for cap elements at once: a size known in advance. With huge (v
 * still empty), the room is a hugebuf (src/hugebuf.h: whole 2 MiB pages),
 * and grows as one; v's items must then be freed by vec_free only.
 * 0 or -ENOMEM.
 */
int vec_reserve(struct vec *v, size_t cap, bool huge);

/* Drop the last element (v->n > 0). */
static inline void vec_pop(struct vec *v)
{
	v->n--;
}

/* Element i (i < v->n). */
static inline void *vec_at(const struct vec *v, size_t i)
{
	return (char *)v->items + i * v->size;
}

/* Free the elements; v is empty again (same element size). */
void vec_free(struct vec *v);

#endif
