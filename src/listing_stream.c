// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The streamed spi and spigrp listings (src/listing_stream.h). Per SA they
 * keep a sort slot (32 bytes, in an array that grows by doubling) and, for
 * spi, the line itself (about 155 bytes, in 64 KiB pieces): no allocation
 * per SA, no copy of the SA, no merge buffer (the slots are sorted in place).
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/hugebuf.h"
#include "src/listing_stream.h"
#include "src/render.h"
#include "src/snapshot.h"
#include "src/vec.h"

/*
 * One entry of a listing. k[] packs the SA id so that comparing the words
 * in order compares as said_cmp() does: family, the 16 address bytes,
 * protocol, SPI. seq breaks ties: the order in which entries came (SAs in
 * dump order, then tun records in record order), which is where the
 * snapshot's stable sort leaves them.
 */
struct slot {
	uint64_t k[3];
	uint32_t seq;		/* spi: offset of the line in the text; else arrival */
	uint32_t len;		/* spi: length of the line; spigrp: 1 when inbound */
};

static void key_of(const struct said *id, uint64_t k[3])
{
	const uint8_t *a = id->dst.a;
	uint64_t w;

	/* Families are AF_UNSPEC, AF_INET and AF_INET6 here: one byte. */
	memcpy(&w, a, 8);
	k[0] = (uint64_t)(uint8_t)id->dst.family << 56 | be64toh(w) >> 8;
	memcpy(&w, a + 7, 8);
	k[1] = be64toh(w);
	k[2] = (uint64_t)a[15] << 40 | (uint64_t)id->proto << 32 | id->spi;
}

static void said_of(const uint64_t k[3], struct said *id)
{
	uint64_t w;

	memset(id, 0, sizeof(*id));
	id->dst.family = (int)(k[0] >> 56);
	w = htobe64(k[0] << 8);
	memcpy(id->dst.a, &w, 7);
	w = htobe64(k[1]);
	memcpy(id->dst.a + 7, &w, 8);
	id->dst.a[15] = (uint8_t)(k[2] >> 40);
	id->proto = (uint8_t)(k[2] >> 32);
	id->spi = (uint32_t)k[2];
}

static int key_cmp(const uint64_t x[3], const uint64_t y[3])
{
	for (int i = 0; i < 3; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

static inline bool slot_lt(const struct slot *x, const struct slot *y)
{
	if (x->k[0] != y->k[0])
		return x->k[0] < y->k[0];
	if (x->k[1] != y->k[1])
		return x->k[1] < y->k[1];
	if (x->k[2] != y->k[2])
		return x->k[2] < y->k[2];
	return x->seq < y->seq;
}

static inline void slot_swap(struct slot *x, struct slot *y)
{
	struct slot t = *x;

	*x = *y;
	*y = t;
}

/* --- sorting: introsort (quicksort, heapsort past 2 log2 n levels) -------- */

static void insertion_sort(struct slot *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct slot t = v[i];
		size_t j = i;

		for (; j > 0 && slot_lt(&t, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

static void sift_down(struct slot *v, size_t i, size_t n)
{
	for (size_t c; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && slot_lt(&v[c], &v[c + 1]))
			c++;
		if (!slot_lt(&v[i], &v[c]))
			return;
		slot_swap(&v[i], &v[c]);
	}
}

static void heap_sort(struct slot *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (size_t i = n; i-- > 1;) {
		slot_swap(&v[0], &v[i]);
		sift_down(v, 0, i);
	}
}

/* Median of the first, middle and last to v[0], then partition around it. */
static size_t partition(struct slot *v, size_t n)
{
	size_t m = n / 2, i = 0, j = n;

	if (slot_lt(&v[m], &v[0]))
		slot_swap(&v[m], &v[0]);
	if (slot_lt(&v[n - 1], &v[m]))
		slot_swap(&v[n - 1], &v[m]);
	if (slot_lt(&v[m], &v[0]))
		slot_swap(&v[m], &v[0]);
	slot_swap(&v[0], &v[m]);
	for (;;) {
		while (slot_lt(&v[++i], &v[0]))
			;
		while (slot_lt(&v[0], &v[--j]))
			;
		if (i >= j)
			break;
		slot_swap(&v[i], &v[j]);
	}
	slot_swap(&v[0], &v[j]);
	return j;
}

static void intro_sort(struct slot *v, size_t n, int depth)
{
	while (n > 16) {
		size_t p;

		if (depth-- == 0) {
			heap_sort(v, n);
			return;
		}
		p = partition(v, n);
		/* Recurse into the smaller side: the stack stays O(log n). */
		if (p < n - p - 1) {
			intro_sort(v, p, depth);
			v += p + 1;
			n -= p + 1;
		} else {
			intro_sort(v + p + 1, n - p - 1, depth);
			n = p;
		}
	}
	insertion_sort(v, n);
}

static void sort_slots(struct slot *v, size_t n)
{
	int depth = 0;

	for (size_t m = n; m > 1; m >>= 1)
		depth += 2;
	intro_sort(v, n, depth);
}

/* The first slot whose key is k, or NULL (v sorted). */
static const struct slot *find_key(const struct slot *v, size_t n, const uint64_t k[3])
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(v[mid].k, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && key_cmp(v[lo].k, k) == 0 ? &v[lo] : NULL;
}

/* --- a growing text: spigrp's lines, and the spi listing for listing_render() -- */

struct text {
	char *buf;
	size_t len, cap;
};

#define TEXT_FIRST_CAP 65536

/* Room for n more bytes after at (the length so far); 0 or -ENOMEM. */
static int text_room(struct text *t, size_t at, size_t n)
{
	size_t cap = t->cap ? t->cap : TEXT_FIRST_CAP;
	char *p;

	while (cap < at + n)
		cap *= 2;
	if (cap != t->cap || !t->buf) {
		p = realloc(t->buf, cap);
		if (!p)
			return -ENOMEM;
		t->buf = p;
		t->cap = cap;
	}
	return 0;
}

/* Append a line (with its newline) to out, or to t when out is NULL. */
static int put_line(FILE *out, struct text *t, struct line *l)
{
	l->buf[l->len++] = '\n';
	if (out) {
		fwrite_unlocked(l->buf, 1, l->len, out);
	} else {
		if (text_room(t, t->len, l->len))
			return -ENOMEM;
		memcpy(t->buf + t->len, l->buf, l->len);
		t->len += l->len;
	}
	l->len = 0;
	return 0;
}

/* The finished text as a listing_text (t is left empty). */
static int text_give(struct text *t, struct listing_text **out)
{
	*out = listing_text_flat(t->buf, t->len);
	t->buf = NULL;
	return *out ? 0 : -ENOMEM;
}

/* --- spi ------------------------------------------------------------------ */

/*
 * The spi lines in the order they came, in pieces that never move: a
 * buffer grown by realloc copies (and, under user-mode Linux, faults in)
 * the whole text again. A line never straddles two pieces; its offset is
 * piece * piece size + position. Pieces are 64 KiB from malloc, or, for a
 * listing known to be large (pieces_huge), 2 MiB hugebufs: one page fault
 * each where the kernel gives huge pages.
 */
#ifdef KLIPS_UNIT_TEST
#define PIECE_BITS 11		/* the tests' small tables cross pieces too */
#define HUGE_LINES 40		/* and take the huge pieces too */
#else
#define PIECE_BITS 16
#define HUGE_LINES 6000		/* about 1 MiB of text */
#endif
#define HUGE_PIECE_BITS 21

_Static_assert(((size_t)1 << PIECE_BITS) > LINE_MAX_LEN + 1, "a line fits in a piece");
_Static_assert(((size_t)1 << HUGE_PIECE_BITS) == HUGEBUF_ALIGN, "a huge piece is one hugebuf");

struct pieces {
	char **p;
	size_t n, cap;
	unsigned int bits;	/* a piece is 1 << bits bytes; 0: not chosen yet */
};

static size_t piece_size(const struct pieces *ps)
{
	return (size_t)1 << ps->bits;
}

/* Before the first line: the pieces of a large listing are hugebufs. */
static void pieces_huge(struct pieces *ps)
{
	if (!ps->n)
		ps->bits = HUGE_PIECE_BITS;
}

/* Place a line of len bytes after at (moved to the next piece if it must). */
static int pieces_place(struct pieces *ps, size_t *at, size_t len)
{
	size_t i, size;
	char **p;

	if (!ps->bits)
		ps->bits = PIECE_BITS;
	size = piece_size(ps);
	i = *at >> ps->bits;
	if ((*at & (size - 1)) + len > size)
		*at = ++i << ps->bits;
	if (*at + len > UINT32_MAX)	/* slots keep 32-bit offsets */
		return -ENOMEM;
	if (i < ps->n)
		return 0;
	if (ps->n == ps->cap) {
		p = realloc(ps->p, (ps->cap ? 2 * ps->cap : 16) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		ps->p = p;
		ps->cap = ps->cap ? 2 * ps->cap : 16;
	}
	ps->p[ps->n] = ps->bits == HUGE_PIECE_BITS ? hugebuf_alloc(size) : malloc(size);
	return ps->p[ps->n++] ? 0 : -ENOMEM;
}

static const char *pieces_at(const struct pieces *ps, size_t off)
{
	return ps->p[off >> ps->bits] + (off & (piece_size(ps) - 1));
}

static void pieces_free(struct pieces *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		if (ps->bits == HUGE_PIECE_BITS)
			hugebuf_free(ps->p[i], piece_size(ps));
		else
			free(ps->p[i]);
	}
	free(ps->p);
}

/* --- the text kept for reads by offset (listing_text) ---------------------- */

/*
 * Either one buffer (flat), or the spi lines where they were rendered
 * (lines) with their slots in text order (order; k[0] then holds the
 * line's offset in the text, the sort key being no longer needed).
 */
struct listing_text {
	size_t len;
	char *flat;
	struct pieces lines;
	struct vec order;
};

struct listing_text *listing_text_flat(char *text, size_t len)
{
	struct listing_text *t = calloc(1, sizeof(*t));

	if (!t) {
		free(text);
		return NULL;
	}
	t->flat = text;
	t->len = len;
	return t;
}

size_t listing_text_len(const struct listing_text *t)
{
	return t->len;
}

size_t listing_text_read(const struct listing_text *t, char *buf, size_t size, size_t off)
{
	const struct slot *order = t->order.items;
	size_t lo = 0, hi = t->order.n, done = 0;

	if (off >= t->len)
		return 0;
	if (size > t->len - off)
		size = t->len - off;
	if (t->flat) {
		memcpy(buf, t->flat + off, size);
		return size;
	}
	/* The last line that starts at or before off. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (order[mid].k[0] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = lo; done < size; i++) {
		const struct slot *l = &order[i];
		size_t in = off + done - l->k[0], n = l->len - in;

		if (n > size - done)
			n = size - done;
		memcpy(buf + done, pieces_at(&t->lines, l->seq) + in, n);
		done += n;
	}
	return done;
}

void listing_text_free(struct listing_text *t)
{
	if (!t)
		return;
	free(t->flat);
	pieces_free(&t->lines);
	vec_free(&t->order);
	free(t);
}

struct spi_walk {
	const struct snapshot *s;	/* this namespace's addresses, the time */
	struct vec slots;
	struct pieces text;		/* the lines, in the order they came */
	struct line line;
	struct spi_memo memo;		/* render_spi_line_fast()'s */
	size_t nsa;			/* lines from the SA dump (before the records') */
};

static int spi_add(struct spi_walk *w, const struct entry *e)
{
	const struct slot *last = w->slots.n ? vec_at(&w->slots, w->slots.n - 1) : NULL;
	size_t at = last ? (size_t)last->seq + last->len : 0;	/* 0: the dump began again */
	struct slot *sl;

	w->line.len = 0;
	render_spi_line_fast(&w->line, e, w->s->now, &w->memo);
	w->line.buf[w->line.len++] = '\n';
	if (pieces_place(&w->text, &at, w->line.len) || !(sl = vec_push(&w->slots)))
		return -ENOMEM;
	memcpy((char *)pieces_at(&w->text, at), w->line.buf, w->line.len);
	key_of(e->id, sl->k);
	sl->seq = (uint32_t)at;
	sl->len = (uint32_t)w->line.len;
	return 0;
}

/* snapshot_local(), without bsearch's callbacks for the few addresses a host has. */
static bool spi_local(const struct snapshot *s, const struct ip_addr *a)
{
	if (s->nlocal > 8)
		return snapshot_local(s, a);
	for (size_t i = 0; i < s->nlocal; i++)
		if (s->local[i].family == a->family && memcmp(s->local[i].a, a->a, sizeof(a->a)) == 0)
			return true;
	return false;
}

static int spi_sa(void *data, const struct sa_state *sa)
{
	struct spi_walk *w = data;
	const struct entry e = {
		.id = &sa->id,
		.sa = sa,
		.local = spi_local(w->s, &sa->id.dst),
	};

	return sa->kernel_helper ? 0 : spi_add(w, &e);
}

/* The record dump: a line for each tun record (after the SAs' lines). */
static int spi_record(void *data, const struct record *r, const struct eroute *e)
{
	struct spi_walk *w = data;

	if (!r && !e) {		/* the dump began again: its lines are rewritten */
		w->slots.n = w->nsa;
		return 0;
	}
	if (!r || r->kind != RECORD_TUN)
		return 0;
	return spi_add(w, &(const struct entry){
		.id = &r->head,
		.tun = r,
		.local = snapshot_local(w->s, &r->head.dst),
	});
}

/*
 * The sorted lines to out, or (out NULL) into *t, which takes over the
 * pieces and the slots (w keeps nothing).
 */
static int spi_out(struct spi_walk *w, FILE *out, struct listing_text **t)
{
	struct slot *v = w->slots.items;
	struct listing_text *lt;
	size_t at = 0;

	if (out) {
		/*
		 * out is this listing's alone: no lock per line. (Gathering the
		 * lines into 16 KiB runs first counted more instructions under
		 * callgrind: the runs are copied again into the stream's buffer.)
		 */
		for (size_t i = 0; i < w->slots.n; i++)
			fwrite_unlocked(pieces_at(&w->text, v[i].seq), 1, v[i].len, out);
		return 0;
	}
	lt = calloc(1, sizeof(*lt));
	if (!lt)
		return -ENOMEM;
	for (size_t i = 0; i < w->slots.n; i++) {
		v[i].k[0] = at;
		at += v[i].len;
	}
	lt->len = at;
	lt->lines = w->text;
	lt->order = w->slots;
	w->text = (struct pieces){ 0 };
	w->slots = (struct vec)VEC_INIT(struct slot);
	*t = lt;
	return 0;
}

static int stream_spi(struct kernel *k, const struct snapshot *s, FILE *out,
		      struct listing_text **t)
{
	struct spi_walk w = { .s = s, .slots = VEC_INIT(struct slot) };
	uint32_t hint;
	int ret;

	/*
	 * The kernel's count of SAs sizes a large listing's memory at once: the
	 * slots in one piece (they may still grow), the text in huge pieces.
	 * Only a hint: SAs may come and go before the dump.
	 */
	if (!kernel_sa_count(k, &hint) && hint >= HUGE_LINES) {
		pieces_huge(&w.text);
		if (vec_reserve(&w.slots, (size_t)hint + hint / 8 + 16, true))
			return -ENOMEM;
	}
	ret = kernel_sa_walk(k, spi_sa, &w, &w.slots);
	w.nsa = w.slots.n;
	if (!ret)
		ret = kernel_record_walk(k, spi_record, &w);
	if (!ret) {
		sort_slots(w.slots.items, w.slots.n);
		ret = spi_out(&w, out, t);
	}
	pieces_free(&w.text);
	vec_free(&w.slots);
	return ret;
}

/* --- spigrp --------------------------------------------------------------- */

/*
 * Per group record, no copy of the record: its members in order (chain,
 * packed keys; the group's first at groups[g]) and in the index (members,
 * sorted by key, seq = g * MEMBERS_MAX + position: the first group in
 * record order comes first among equal keys).
 */
struct grp_walk {
	const struct snapshot *s;	/* this namespace's addresses */
	struct vec slots;		/* SAs and tun records; len: inbound */
	size_t nsa;			/* slots from the SA dump (before the records') */
	struct vec members;		/* struct slot */
	struct vec chain;		/* struct packed */
	struct vec groups;		/* uint32_t: the group's first member in chain */
};

struct packed {
	uint64_t k[3];
};

static int grp_add(struct grp_walk *w, const struct said *id)
{
	struct slot *sl = vec_push(&w->slots);

	if (!sl)
		return -ENOMEM;
	key_of(id, sl->k);
	sl->seq = (uint32_t)(w->slots.n - 1);
	sl->len = snapshot_local(w->s, &id->dst);
	return 0;
}

static int grp_sa(void *data, const struct sa_state *sa)
{
	return sa->kernel_helper ? 0 : grp_add(data, &sa->id);
}

static int grp_group(struct grp_walk *w, const struct record *g)
{
	struct said m[MEMBERS_MAX];
	int n = record_members(g, m);
	size_t at = w->groups.n;
	uint32_t *first;

	if (at > UINT32_MAX / MEMBERS_MAX - 1 || w->chain.n > UINT32_MAX - MEMBERS_MAX ||
	    !(first = vec_push(&w->groups)))
		return -ENOMEM;
	*first = (uint32_t)w->chain.n;
	for (int i = 0; i < n; i++) {
		struct packed *c = vec_push(&w->chain);
		struct slot *sl = vec_push(&w->members);

		if (!c || !sl)
			return -ENOMEM;
		key_of(&m[i], c->k);
		memcpy(sl->k, c->k, sizeof(sl->k));
		sl->seq = (uint32_t)(at * MEMBERS_MAX + (size_t)i);
	}
	return 0;
}

/* The record dump: tun records as entries, groups as above. */
static int grp_record(void *data, const struct record *r, const struct eroute *e)
{
	struct grp_walk *w = data;

	if (!r && !e) {		/* the dump began again */
		w->slots.n = w->nsa;
		w->members.n = w->chain.n = w->groups.n = 0;
		return 0;
	}
	if (!r)
		return 0;
	if (r->kind == RECORD_TUN)
		return grp_add(w, &r->head);
	return r->kind == RECORD_GROUP ? grp_group(w, r) : 0;
}

static int grp_members_of(const void *ctx, const struct said *id, struct said m[MEMBERS_MAX])
{
	const struct grp_walk *w = ctx;
	const struct slot *hit;
	const struct packed *chain = w->chain.items;
	const uint32_t *groups = w->groups.items;
	size_t g, first, end;
	uint64_t k[3];

	key_of(id, k);
	hit = find_key(w->members.items, w->members.n, k);
	if (!hit)
		return 0;
	g = hit->seq / MEMBERS_MAX;
	first = groups[g];
	end = g + 1 < w->groups.n ? groups[g + 1] : w->chain.n;
	for (size_t i = first; i < end; i++)
		said_of(chain[i].k, &m[i - first]);
	return (int)(end - first);
}

static bool grp_find(const void *ctx, const struct said *id, bool *local)
{
	const struct grp_walk *w = ctx;
	const struct slot *e;
	uint64_t k[3];

	key_of(id, k);
	e = find_key(w->slots.items, w->slots.n, k);
	*local = e && e->len;
	return e;
}

static int stream_spigrp(struct kernel *k, const struct snapshot *s, FILE *out,
			 struct listing_text **lt)
{
	struct grp_walk w = {
		.s = s,
		.slots = VEC_INIT(struct slot),
		.members = VEC_INIT(struct slot),
		.chain = VEC_INIT(struct packed),
		.groups = VEC_INIT(uint32_t),
	};
	const struct spigrp_view view = { grp_members_of, grp_find, &w };
	struct text t = { 0 };
	struct line l = { .len = 0 };
	int ret = kernel_sa_walk(k, grp_sa, &w, &w.slots);

	w.nsa = w.slots.n;
	if (!ret)
		ret = kernel_record_walk(k, grp_record, &w);
	if (!ret) {
		const struct slot *v = w.slots.items;

		sort_slots(w.slots.items, w.slots.n);
		sort_slots(w.members.items, w.members.n);
		for (size_t i = 0; !ret && i < w.slots.n; i++) {
			struct said id;

			said_of(v[i].k, &id);
			render_spigrp_line(&l, &view, &id);
			ret = put_line(out, &t, &l);
		}
		if (!ret && !out)
			ret = text_give(&t, lt);
	}
	free(t.buf);
	vec_free(&w.slots);
	vec_free(&w.members);
	vec_free(&w.chain);
	vec_free(&w.groups);
	return ret;
}

/* --- both ----------------------------------------------------------------- */

static int with_addresses(struct kernel *k, FILE *out, struct listing_text **t,
			  int (*stream)(struct kernel *k, const struct snapshot *s, FILE *out,
					struct listing_text **t))
{
	struct snapshot s;
	int ret;

	if (!out)
		*t = NULL;
	/* The addresses first: every SA's line needs them. */
	ret = snapshot_take(k, SNAP_LOCAL, &s, NULL);
	if (ret)
		return ret;
	ret = stream(k, &s, out, t);
	snapshot_free(&s);
	return ret;
}

int listing_stream_spi(struct kernel *k, FILE *out, struct listing_text **t)
{
	return with_addresses(k, out, t, stream_spi);
}

int listing_stream_spigrp(struct kernel *k, FILE *out, struct listing_text **t)
{
	return with_addresses(k, out, t, stream_spigrp);
}
