// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The streamed eroute listing (src/listing_stream_eroute.h). What it keeps,
 * as rows of 64-bit words whose leading words sort as their bytes do:
 *
 *   per eroute (ER_OUT)   80 bytes: its sort key (selector and arrival),
 *                         its SA id, its count
 *   per group record      64 bytes: its SA id, arrival, first member
 *   per eroute's first SA 32 bytes while the counts are found
 *   per counted SA        16 bytes: the packets of an SA that exactly one
 *                         eroute sends into (render_eroute()'s count rule)
 *
 * No struct record, struct eroute or struct sa_state is kept, no line is
 * kept: each is rendered from its row as it is written, with the line
 * builder (src/line.h) rather than render_eroute_line()'s subnet_format()
 * and said_format(), which go through snprintf; the tests hold the two
 * byte for byte equal.
 */
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/kernel.h"
#include "src/line.h"
#include "src/listing.h"
#include "src/listing_stream_eroute.h"
#include "src/vec.h"

/* --- rows of words ---------------------------------------------------------- */

/* Big-endian bytes as words: comparing the words in order compares the bytes. */
static void words_of(const uint8_t *b, uint64_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x;

		memcpy(&x, b + 8 * i, 8);
		w[i] = be64toh(x);
	}
}

static void bytes_of(const uint64_t *w, uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = htobe64(w[i]);

		memcpy(b + 8 * i, &x, 8);
	}
}

/* An SA id: family, address, protocol, SPI. Equal words: said_cmp() == 0. */
#define ID_WORDS 3

static void id_pack(const struct said *id, uint64_t k[ID_WORDS])
{
	uint8_t b[8 * ID_WORDS] = { 0 };
	uint32_t spi = htobe32(id->spi);

	/* Families are AF_UNSPEC, AF_INET and AF_INET6 here: one byte. */
	b[0] = (uint8_t)id->dst.family;
	memcpy(b + 1, id->dst.a, 16);
	b[17] = id->proto;
	memcpy(b + 18, &spi, 4);
	words_of(b, k, ID_WORDS);
}

static void id_unpack(const uint64_t k[ID_WORDS], struct said *id)
{
	uint8_t b[8 * ID_WORDS];
	uint32_t spi;

	bytes_of(k, b, ID_WORDS);
	memset(id, 0, sizeof(*id));
	id->dst.family = b[0];
	memcpy(id->dst.a, b + 1, 16);
	id->proto = b[17];
	memcpy(&spi, b + 18, 4);
	id->spi = be32toh(spi);
}

/*
 * An eroute's place in the listing: render_eroute()'s order (source,
 * destination, protocol, source and destination ports, the two prefix
 * lengths), then its arrival, where the snapshot's stable sort leaves ties.
 */
#define KEY_WORDS 6

static void key_pack(const struct selector *s, uint32_t seq, uint64_t k[KEY_WORDS])
{
	uint8_t b[8 * KEY_WORDS] = { 0 };

	b[0] = (uint8_t)s->src.family;
	memcpy(b + 1, s->src.a, 16);
	b[17] = (uint8_t)s->dst.family;
	memcpy(b + 18, s->dst.a, 16);
	b[34] = s->proto;
	b[35] = (uint8_t)(s->sport >> 8);
	b[36] = (uint8_t)s->sport;
	b[37] = (uint8_t)(s->dport >> 8);
	b[38] = (uint8_t)s->dport;
	b[39] = s->src_len;
	b[40] = s->dst_len;
	b[44] = (uint8_t)(seq >> 24);
	b[45] = (uint8_t)(seq >> 16);
	b[46] = (uint8_t)(seq >> 8);
	b[47] = (uint8_t)seq;
	words_of(b, k, KEY_WORDS);
}

/* The selector's fields that the line shows. */
static void key_unpack(const uint64_t k[KEY_WORDS], struct selector *s)
{
	uint8_t b[8 * KEY_WORDS];

	bytes_of(k, b, KEY_WORDS);
	memset(s, 0, sizeof(*s));
	s->src.family = b[0];
	memcpy(s->src.a, b + 1, 16);
	s->dst.family = b[17];
	memcpy(s->dst.a, b + 18, 16);
	s->proto = b[34];
	s->sport = (uint16_t)(b[35] << 8 | b[36]);
	s->dport = (uint16_t)(b[37] << 8 | b[38]);
	s->src_len = b[39];
	s->dst_len = b[40];
}

/* One ER_OUT eroute; sorted by key. */
struct er_row {
	uint64_t key[KEY_WORDS];
	uint64_t id[ID_WORDS];		/* the SA, group or %pass... */
	uint64_t count;			/* the count column */
};

/* One group record; sorted by id, then arrival (the first of an id wins). */
struct grp_row {
	uint64_t head[ID_WORDS];
	uint64_t seq;
	uint64_t first[ID_WORDS];	/* its first member's SA id, if has_first */
	uint64_t has_first;
};

/* An eroute's first SA; sorted by first (ties in any order). */
struct user_row {
	uint64_t first[ID_WORDS];
	uint64_t er;			/* the eroute's index in dump order */
};

/* An SA that one eroute alone sends into (the SA dump's finds). */
struct hit_row {
	uint64_t er;
	uint64_t packets;
};

_Static_assert(sizeof(struct er_row) == 8 * (KEY_WORDS + ID_WORDS + 1), "rows are words");
_Static_assert(sizeof(struct grp_row) == 8 * (2 * ID_WORDS + 2), "rows are words");
_Static_assert(sizeof(struct user_row) == 8 * (ID_WORDS + 1), "rows are words");

/* --- sorting rows of w words by their first k: introsort ------------------- */

static inline bool row_lt(const uint64_t *x, const uint64_t *y, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (x[i] != y[i])
			return x[i] < y[i];
	return false;
}

static inline void row_swap(uint64_t *x, uint64_t *y, size_t w)
{
	for (size_t i = 0; i < w; i++) {
		uint64_t t = x[i];

		x[i] = y[i];
		y[i] = t;
	}
}

static void insertion_sort(uint64_t *v, size_t n, size_t w, size_t k)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && row_lt(v + j * w, v + (j - 1) * w, k); j--)
			row_swap(v + j * w, v + (j - 1) * w, w);
}

static void sift_down(uint64_t *v, size_t i, size_t n, size_t w, size_t k)
{
	for (size_t c; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && row_lt(v + c * w, v + (c + 1) * w, k))
			c++;
		if (!row_lt(v + i * w, v + c * w, k))
			return;
		row_swap(v + i * w, v + c * w, w);
	}
}

static void heap_sort(uint64_t *v, size_t n, size_t w, size_t k)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(v, i, n, w, k);
	for (size_t i = n; i-- > 1;) {
		row_swap(v, v + i * w, w);
		sift_down(v, 0, i, w, k);
	}
}

/* Median of the first, middle and last to row 0, then partition around it (n > 2). */
static size_t partition(uint64_t *v, size_t n, size_t w, size_t k)
{
	uint64_t *first = v, *mid = v + n / 2 * w, *last = v + (n - 1) * w;
	size_t i = 0, j = n;

	if (row_lt(mid, first, k))
		row_swap(mid, first, w);
	if (row_lt(last, mid, k))
		row_swap(last, mid, w);
	if (row_lt(mid, first, k))
		row_swap(mid, first, w);
	row_swap(first, mid, w);
	for (;;) {
		while (row_lt(v + ++i * w, v, k))
			;
		while (row_lt(v, v + --j * w, k))
			;
		if (i >= j)
			break;
		row_swap(v + i * w, v + j * w, w);
	}
	row_swap(v, v + j * w, w);
	return j;
}

static void intro_sort(uint64_t *v, size_t n, size_t w, size_t k, int depth)
{
	while (n > 16) {
		size_t p;

		if (depth-- == 0) {
			heap_sort(v, n, w, k);
			return;
		}
		p = partition(v, n, w, k);
		/* Recurse into the smaller side: the stack stays O(log n). */
		if (p < n - p - 1) {
			intro_sort(v, p, w, k, depth);
			v += (p + 1) * w;
			n -= p + 1;
		} else {
			intro_sort(v + (p + 1) * w, n - p - 1, w, k, depth);
			n = p;
		}
	}
	insertion_sort(v, n, w, k);
}

/* Sort the rows of r (r->size / 8 words each) by their first k words. */
static void sort_rows(struct vec *r, size_t k)
{
	int depth = 0;

	for (size_t m = r->n; m > 1; m >>= 1)
		depth += 2;
	intro_sort(r->items, r->n, r->size / sizeof(uint64_t), k, depth);
}

/* The index of the first row of r (sorted) whose first k words are key's, or r->n. */
static size_t find_row(const struct vec *r, size_t k, const uint64_t *key)
{
	const uint64_t *v = r->items;
	size_t w = r->size / sizeof(uint64_t), lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (row_lt(v + mid * w, key, k))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && memcmp(v + lo * w, key, k * sizeof(*key)) == 0 ? lo : r->n;
}

/* --- the policy dump: eroutes and groups ------------------------------------ */

struct er_walk {
	struct vec ers;		/* struct er_row, in dump order until sorted */
	struct vec grps;	/* struct grp_row */
};

static int er_policy(void *data, const struct record *r, const struct eroute *e)
{
	struct er_walk *w = data;

	if (!r && !e) {		/* the dump began again */
		w->ers.n = 0;
		w->grps.n = 0;
		return 0;
	}
	if (e && e->kind == ER_OUT) {
		struct er_row *x;

		if (w->ers.n >= UINT32_MAX)	/* the key keeps 32 bits of arrival */
			return -ENOMEM;
		x = vec_push(&w->ers);
		if (!x)
			return -ENOMEM;
		key_pack(&e->sel, (uint32_t)(w->ers.n - 1), x->key);
		id_pack(&e->said, x->id);
	} else if (r && r->kind == RECORD_GROUP) {
		struct grp_row *g = vec_push(&w->grps);

		if (!g)
			return -ENOMEM;
		id_pack(&r->head, g->head);
		g->seq = w->grps.n - 1;
		if (r->ntmpl > 0) {
			id_pack(&r->tmpl[0].id, g->first);
			g->has_first = 1;
		}
	}
	return 0;
}

/*
 * The SA an eroute's packets meet first (render.c's first_state()): its
 * group's first member, or its SA; none for %pass... and a tun alone.
 */
static bool first_of(const struct er_walk *w, const struct er_row *x, uint64_t first[ID_WORDS])
{
	size_t i = find_row(&w->grps, ID_WORDS, x->id);	/* the first of its id */
	struct said id;

	id_unpack(x->id, &id);
	if (id.proto == SA_INT)
		return false;
	if (i < w->grps.n) {
		const struct grp_row *g = vec_at(&w->grps, i);

		memcpy(first, g->first, sizeof(g->first));
		return g->has_first;
	}
	if (id.proto == SA_TUN)
		return false;
	memcpy(first, x->id, sizeof(x->id));
	return true;
}

/* The first SAs that exactly one eroute sends into, sorted, into users. */
static int single_users(struct er_walk *w, struct vec *users)
{
	struct user_row *u;
	size_t kept = 0;

	sort_rows(&w->grps, ID_WORDS + 1);
	for (size_t i = 0; i < w->ers.n; i++) {
		struct user_row one = { .er = i };

		if (!first_of(w, vec_at(&w->ers, i), one.first))
			continue;
		u = vec_push(users);
		if (!u)
			return -ENOMEM;
		*u = one;
	}
	sort_rows(users, ID_WORDS);
	u = users->items;
	for (size_t i = 0, j; i < users->n; i = j) {
		for (j = i + 1; j < users->n && !memcmp(u[j].first, u[i].first, sizeof(u[i].first)); j++)
			;
		if (j == i + 1)
			u[kept++] = u[i];
	}
	users->n = kept;
	return 0;
}

/* --- the SA dump: the counts ------------------------------------------------ */

struct count_walk {
	const struct vec *users;
	struct vec hits;	/* struct hit_row, in dump order */
};

static int er_sa(void *data, const struct sa_state *sa)
{
	struct count_walk *w = data;
	uint64_t k[ID_WORDS];
	struct hit_row *h;
	size_t i;

	if (sa->kernel_helper)
		return 0;
	id_pack(&sa->id, k);
	i = find_row(w->users, ID_WORDS, k);
	if (i == w->users->n)
		return 0;
	h = vec_push(&w->hits);
	if (!h)
		return -ENOMEM;
	h->er = ((const struct user_row *)vec_at(w->users, i))->er;
	h->packets = sa->cur.packets;
	return 0;
}

static int find_counts(struct kernel *k, struct er_walk *w)
{
	struct vec users = VEC_INIT(struct user_row);
	struct count_walk c = { &users, VEC_INIT(struct hit_row) };
	int ret = single_users(w, &users);

	if (!ret && users.n)
		ret = kernel_sa_walk(k, er_sa, &c, &c.hits);
	/* Backwards: of two SAs of one id (apart by mark), the first dumped shows. */
	for (size_t i = c.hits.n; !ret && i-- > 0;) {
		const struct hit_row *h = vec_at(&c.hits, i);

		((struct er_row *)vec_at(&w->ers, h->er))->count = h->packets;
	}
	vec_free(&c.hits);
	vec_free(&users);
	return ret;
}

/* --- the text ----------------------------------------------------------------- */

struct text {
	char *buf;
	size_t len, cap;
};

/* The line (with its newline) to out, or appended to t when out is NULL. */
static int put_line(FILE *out, struct text *t, struct line *l)
{
	l->buf[l->len++] = '\n';
	if (out) {
		fwrite(l->buf, 1, l->len, out);
		return 0;
	}
	if (t->len + l->len + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 65536;
		char *p;

		while (cap < t->len + l->len + 1)
			cap *= 2;
		p = realloc(t->buf, cap);
		if (!p)
			return -ENOMEM;
		t->buf = p;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, l->buf, l->len);
	t->len += l->len;
	return 0;
}

/* printf's "%-Ns" for what the line holds after start. */
static void pad(struct line *l, size_t start, size_t width)
{
	while (l->len - start < width && l->len < LINE_MAX_LEN)
		l->buf[l->len++] = ' ';
}

/* subnet_format()'s "192.0.1.0/24", with ":port" (IPv6: "[3049:1::/64]:port"). */
static void put_flow(struct line *l, const struct ip_addr *a, uint8_t len, uint16_t port)
{
	bool v6 = a->family == AF_INET6;

	if (port && v6)
		line_mem(l, "[", 1);
	line_addr(l, a);
	line_mem(l, "/", 1);
	line_num(l, len, 10);
	if (port) {
		line_str(l, v6 ? "]:" : ":");
		line_num(l, port, 10);
	}
}

/*
 * The SA: line_said(), but %pass, %drop... (said_format()'s own, through
 * snprintf) formatted once per run of the same one.
 */
struct said_memo {
	struct said id;
	char text[SAID_BUF];
	bool valid;
};

static void put_said(struct line *l, const struct said *id, struct said_memo *m)
{
	if (id->proto != SA_INT) {
		line_said(l, id);
		return;
	}
	if (!m->valid || said_cmp(&m->id, id) != 0) {
		m->id = *id;
		said_format(id, 'x', m->text);
		m->valid = true;
	}
	line_str(l, m->text);
}

/*
 * The line render_eroute_line() makes (the reference: render_eroute() in
 * the tests), built here from the row: addresses straight into the line.
 */
static void put_eroute(struct line *l, const struct er_row *x, struct said_memo *m)
{
	struct selector sel;
	struct said id;
	size_t start;

	key_unpack(x->key, &sel);
	id_unpack(x->id, &id);
	line_num(l, x->count, 10);
	pad(l, 0, 10);
	line_mem(l, " ", 1);
	start = l->len;
	put_flow(l, &sel.src, sel.src_len, sel.sport);
	pad(l, start, 18);
	line_mem(l, " -> ", 4);
	start = l->len;
	put_flow(l, &sel.dst, sel.dst_len, sel.dport);
	pad(l, start, 18);
	line_mem(l, " => ", 4);
	put_said(l, &id, m);
	if (sel.proto) {
		line_mem(l, ":", 1);
		line_num(l, sel.proto, 10);
	}
}

static int write_lines(const struct vec *ers, FILE *out, struct listing_text **lt)
{
	struct said_memo memo = { .valid = false };
	struct text t = { 0 };
	struct line l;
	int ret = 0;

	/* About a line's worth per eroute at once: no chain of reallocs. */
	if (!out) {
		t.cap = ers->n * 64 + 1;
		t.buf = malloc(t.cap);
		if (!t.buf)
			return -ENOMEM;
	}
	for (size_t i = 0; !ret && i < ers->n; i++) {
		l.len = 0;
		put_eroute(&l, vec_at(ers, i), &memo);
		ret = put_line(out, &t, &l);
	}
	if (ret || out) {
		free(t.buf);
		return ret;
	}
	*lt = listing_text_flat(t.buf, t.len);
	return *lt ? 0 : -ENOMEM;
}

int listing_stream_eroute(struct kernel *k, FILE *out, struct listing_text **t)
{
	struct er_walk w = { VEC_INIT(struct er_row), VEC_INIT(struct grp_row) };
	int ret;

	if (!out)
		*t = NULL;
	ret = kernel_record_walk(k, er_policy, &w);
	if (!ret)
		ret = find_counts(k, &w);
	vec_free(&w.grps);
	if (!ret) {
		sort_rows(&w.ers, KEY_WORDS);
		ret = write_lines(&w.ers, out, t);
	}
	vec_free(&w.ers);
	return ret;
}
