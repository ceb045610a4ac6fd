// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "src/snapshot.h"
#include "tests/unit/fake_kernel.h"

struct fake_kernel fake;
static int dummy_kernel;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.extack = "";
}

void fake_add_sa(const struct said *id, const struct ip_addr *src)
{
	struct sa_state *sa = &fake.sas[fake.nsas];

	memset(sa, 0, sizeof(*sa));
	memset(&fake.keys[fake.nsas], 0, sizeof(fake.keys[0]));
	sa->id = *id;
	sa->src = *src;
	sa->lft.soft_bytes = sa->lft.hard_bytes = LIMIT_INF;
	sa->lft.soft_packets = sa->lft.hard_packets = LIMIT_INF;
	if (id->proto == SA_ESP)
		strcpy(sa->enc, "cbc(des3_ede)");
	else if (id->proto == SA_AH)
		strcpy(sa->auth, "hmac(md5)");
	else if (id->proto == SA_COMP)
		strcpy(sa->comp, "deflate");
	fake.nsas++;
}

void fake_add_tun(const struct said *id, const struct ip_addr *src)
{
	struct record *r = &fake.recs[fake.nrecs++];

	memset(r, 0, sizeof(*r));
	r->kind = RECORD_TUN;
	r->head = *id;
	r->tun_src = *src;
}

void fake_add_local(const char *text)
{
	struct ip_addr *a = &fake.local[fake.nlocal++];

	memset(a, 0, sizeof(*a));
	a->family = strchr(text, ':') ? AF_INET6 : AF_INET;
	inet_pton(a->family, text, a->a);
}

int kernel_open(struct kernel **kp)
{
	if (fake.open_err)
		return -fake.open_err;
	fake.opened++;
	*kp = (struct kernel *)&dummy_kernel;
	return 0;
}

void kernel_close(struct kernel *k)
{
	if (k)
		fake.opened--;
}

const char *kernel_extack(const struct kernel *k)
{
	(void)k;
	return fake.extack ? fake.extack : "";
}

/* Log a mutating call; returns the injected error for it, if any. */
static struct fake_call *log_call(enum fake_call_kind kind, int *err)
{
	struct fake_call *c = &fake.log[fake.nlog < FAKE_MAX ? fake.nlog++ : FAKE_MAX - 1];

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	fake.calls++;
	*err = (fake.fail_call && fake.calls == fake.fail_call) ? -fake.fail_err : 0;
	return c;
}

static int find_sa(const struct said *id)
{
	for (int i = 0; i < fake.nsas; i++)
		if (said_cmp(&fake.sas[i].id, id) == 0)
			return i;
	return -1;
}

static void remove_sa(int i)
{
	fake.sas[i] = fake.sas[fake.nsas - 1];
	fake.keys[i] = fake.keys[fake.nsas - 1];
	fake.nsas--;
}

int kernel_sa_add(struct kernel *k, const struct sa_state *sa,
		  const struct sa_keys *keys, bool restore)
{
	int err;
	struct fake_call *c = log_call(FAKE_SA_ADD, &err);

	(void)k;
	c->sa = *sa;
	if (keys)
		c->keys = *keys;
	c->restore = restore;
	if (!err && find_sa(&sa->id) >= 0)
		err = -EEXIST;
	if (!err && fake.nsas == FAKE_MAX)
		err = -ENOBUFS;
	if (!err) {
		fake.sas[fake.nsas] = *sa;
		if (!restore) {
			memset(&fake.sas[fake.nsas].cur, 0, sizeof(sa->cur));
			fake.sas[fake.nsas].cur.add_time = 1000;
		}
		memset(&fake.keys[fake.nsas], 0, sizeof(fake.keys[0]));
		if (keys)
			fake.keys[fake.nsas] = *keys;
		fake.nsas++;
	}
	return c->result = err;
}

int kernel_sa_get(struct kernel *k, const struct said *id, struct sa_state *sa,
		  struct sa_keys *keys)
{
	int i = find_sa(id);

	(void)k;
	if (i < 0)
		return -ESRCH;
	*sa = fake.sas[i];
	if (keys)
		*keys = fake.keys[i];
	return 0;
}

int kernel_sa_del(struct kernel *k, const struct said *id)
{
	int err, i;
	struct fake_call *c = log_call(FAKE_SA_DEL, &err);

	(void)k;
	c->id = *id;
	i = find_sa(id);
	if (!err && i < 0)
		err = -ESRCH;
	if (!err)
		remove_sa(i);
	return c->result = err;
}

int kernel_sa_flush(struct kernel *k, uint8_t proto)
{
	int err;
	struct fake_call *c = log_call(FAKE_SA_FLUSH, &err);

	(void)k;
	c->proto = proto;
	if (err)
		return c->result = err;
	for (int i = fake.nsas - 1; i >= 0; i--)
		if (!proto || fake.sas[i].id.proto == proto)
			remove_sa(i);
	return 0;
}

int kernel_sa_list(struct kernel *k, struct sa_state **sas, size_t *n)
{
	(void)k;
	if (fake.list_err)
		return -fake.list_err;
	*sas = calloc((size_t)fake.nsas + 1, sizeof(**sas));
	if (!*sas)
		return -ENOMEM;
	memcpy(*sas, fake.sas, (size_t)fake.nsas * sizeof(**sas));
	*n = (size_t)fake.nsas;
	return 0;
}

static bool same_record(const struct record *a, const struct record *b)
{
	if (a->kind != b->kind || said_cmp(&a->head, &b->head))
		return false;
	return a->kind != RECORD_TUN || addr_equal(&a->tun_src, &b->tun_src);
}

static int find_record(const struct record *r)
{
	for (int i = 0; i < fake.nrecs; i++)
		if (same_record(&fake.recs[i], r))
			return i;
	return -1;
}

int kernel_record_add(struct kernel *k, const struct record *r)
{
	int err;
	struct fake_call *c = log_call(FAKE_RECORD_ADD, &err);

	(void)k;
	c->rec = *r;
	if (!err && find_record(r) >= 0)
		err = -EEXIST;
	if (!err && fake.nrecs == FAKE_MAX)
		err = -ENOBUFS;
	if (!err) {
		fake.recs[fake.nrecs] = *r;
		fake.recs[fake.nrecs++].add_time = 1000;
	}
	return c->result = err;
}

int kernel_record_del(struct kernel *k, const struct record *r)
{
	int err, i;
	struct fake_call *c = log_call(FAKE_RECORD_DEL, &err);

	(void)k;
	c->rec = *r;
	i = find_record(r);
	if (!err && i < 0)
		err = -ENOENT;
	if (!err)
		fake.recs[i] = fake.recs[--fake.nrecs];
	return c->result = err;
}

int kernel_record_list(struct kernel *k, struct record **recs, size_t *n)
{
	(void)k;
	if (fake.list_err)
		return -fake.list_err;
	*recs = calloc((size_t)fake.nrecs + 1, sizeof(**recs));
	if (!*recs)
		return -ENOMEM;
	memcpy(*recs, fake.recs, (size_t)fake.nrecs * sizeof(**recs));
	*n = (size_t)fake.nrecs;
	return 0;
}

int kernel_local_addrs(struct kernel *k, struct ip_addr **addrs, size_t *n)
{
	(void)k;
	*addrs = calloc((size_t)fake.nlocal + 1, sizeof(**addrs));
	if (!*addrs)
		return -ENOMEM;
	memcpy(*addrs, fake.local, (size_t)fake.nlocal * sizeof(**addrs));
	for (size_t i = 1; i < (size_t)fake.nlocal; i++)
		for (size_t j = i; j > 0 && addr_cmp(&(*addrs)[j - 1], &(*addrs)[j]) > 0; j--) {
			struct ip_addr t = (*addrs)[j];

			(*addrs)[j] = (*addrs)[j - 1];
			(*addrs)[j - 1] = t;
		}
	*n = (size_t)fake.nlocal;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	return strcmp(x ? x : "", y ? y : "");
}

/* The flags of an SA that are set, as "a,b" ("-" for none). */
static const char *flags_text(const struct sa_flags *f, char *buf, size_t len)
{
	const struct {
		bool on;
		const char *name;
	} v[] = {
		{ f->noecn, "noecn" }, { f->decap_dscp, "decap_dscp" }, { f->nopmtudisc, "nopmtudisc" },
		{ f->wildrecv, "wildrecv" }, { f->icmp, "icmp" }, { f->af_unspec, "af_unspec" },
		{ f->align4, "align4" }, { f->esn, "esn" }, { f->dont_encap_dscp, "dont_encap_dscp" },
		{ f->oseq_may_wrap, "oseq_may_wrap" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i].on && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", v[i].name);
	return used ? buf : "-";
}

/* The fake kernel's SAs and records, in a form that ignores their order. */
char *fake_state_text(void)
{
	char *text = NULL, said[SAID_BUF], addr[ADDR_BUF], **lines;
	size_t len = 0, n = (size_t)fake.nsas + (size_t)fake.nrecs;
	FILE *f = open_memstream(&text, &len);

	lines = calloc(n + 1, sizeof(*lines));
	for (int i = 0; i < fake.nsas; i++) {
		const struct sa_state *sa = &fake.sas[i];

		const struct sa_keys *k = &fake.keys[i];
		char keys[4 * KEY_MAX_BYTES + 4], *w = keys, flags[160];

		for (size_t j = 0; j < k->enc.len; j++)
			w += sprintf(w, "%02x", k->enc.bytes[j]);
		*w++ = '/';
		for (size_t j = 0; j < k->auth.len; j++)
			w += sprintf(w, "%02x", k->auth.bytes[j]);
		*w = '\0';
		if (asprintf(&lines[i], "sa %s src %s mode %d flags %s enc %s auth %s comp %s keys %s replay %u bytes %lu packets %lu\n",
			     said_format(&sa->id, 'x', said), addr_format(&sa->src, addr),
			     sa->mode, flags_text(&sa->flags, flags, sizeof(flags)), sa->enc, sa->auth, sa->comp, keys, sa->replay.window,
			     (unsigned long)sa->cur.bytes, (unsigned long)sa->cur.packets) < 0)
			lines[i] = NULL;
	}
	for (int i = 0; i < fake.nrecs; i++) {
		const struct record *r = &fake.recs[i];
		struct said m[MEMBERS_MAX];
		char *p = NULL;
		size_t plen = 0;
		FILE *g = open_memstream(&p, &plen);

		fprintf(g, "record %d %s", r->kind, said_format(&r->head, 'x', said));
		for (int j = 0, cnt = r->kind == RECORD_GROUP ? record_members(r, m) : 0; j < cnt; j++)
			fprintf(g, " %s", said_format(&m[j], 'x', said));
		fputc('\n', g);
		fclose(g);
		lines[fake.nsas + i] = p;
	}
	qsort(lines, n, sizeof(*lines), cmp_str);
	for (size_t i = 0; i < n; i++) {
		fputs(lines[i] ? lines[i] : "?\n", f);
		free(lines[i]);
	}
	free(lines);
	fclose(f);
	return text;
}

