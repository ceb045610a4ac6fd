// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "src/ipsecdev.h"
#include "src/snapshot.h"
#include "src/vec.h"
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

static void parse_ip(const char *text, struct ip_addr *a);

struct link *fake_add_link(const char *name, enum link_kind kind, uint32_t mtu)
{
	struct link *l = &fake.links[fake.nlinks++];

	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->ifindex = ++fake.next_ifindex;
	l->kind = kind;
	l->mtu = mtu;
	return l;
}

struct link *fake_link(const char *name)
{
	for (int i = 0; i < fake.nlinks; i++)
		if (strcmp(fake.links[i].name, name) == 0)
			return &fake.links[i];
	return NULL;
}

static void parse_ip(const char *text, struct ip_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = strchr(text, ':') ? AF_INET6 : AF_INET;
	inet_pton(a->family, text, a->a);
}

void fake_add_addr(const char *addr, const char *dev)
{
	struct addr_dev *a = &fake.addrs[fake.naddrs++];

	parse_ip(addr, &a->addr);
	a->ifindex = fake_link(dev) ? fake_link(dev)->ifindex : 0;
	fake_add_local(addr);
}

void fake_add_route(const char *dst, const char *dev)
{
	struct addr_dev *r = &fake.routes[fake.nroutes++];

	parse_ip(dst, &r->addr);
	r->ifindex = fake_link(dev) ? fake_link(dev)->ifindex : 0;
}

int kernel_addr_devs(struct kernel *k, struct addr_dev **v, size_t *n)
{
	(void)k;
	*v = calloc((size_t)fake.naddrs + 1, sizeof(**v));
	if (!*v)
		return -ENOMEM;
	memcpy(*v, fake.addrs, (size_t)fake.naddrs * sizeof(**v));
	*n = (size_t)fake.naddrs;
	for (size_t i = 1; i < *n; i++)
		for (size_t j = i; j > 0 && addr_cmp(&(*v)[j - 1].addr, &(*v)[j].addr) > 0; j--) {
			struct addr_dev t = (*v)[j];

			(*v)[j] = (*v)[j - 1];
			(*v)[j - 1] = t;
		}
	return 0;
}

int kernel_route_dev(struct kernel *k, const struct ip_addr *dst, uint32_t *ifindex)
{
	(void)k;
	*ifindex = fake.default_dev;
	for (int i = 0; i < fake.naddrs; i++)
		if (addr_equal(&fake.addrs[i].addr, dst))
			*ifindex = 0;
	for (int i = 0; i < fake.nroutes; i++)
		if (addr_equal(&fake.routes[i].addr, dst))
			*ifindex = fake.routes[i].ifindex;
	return 0;
}

struct link *fake_add_ipsecdev(int n, const char *phys)
{
	char name[LINK_NAME_MAX];
	const struct link *p = phys[0] ? fake_link(phys) : NULL;
	struct link *l = fake_add_link(ipsecdev_name(n, name), fake.no_xfrmi ? LINK_DUMMY : LINK_XFRM, 1500);

	l->if_id = fake.no_xfrmi ? 0 : ipsecdev_ifid(n);
	l->link = p ? p->ifindex : 0;
	l->tagged = true;
	return l;
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

int kernel_sa_walk(struct kernel *k, kernel_sa_fn fn, void *data, struct vec *kept)
{
	int ret = fake.list_err ? -fake.list_err : 0;

	(void)k;
	kept->n = 0;
	/* An interrupted try first: what it kept is dropped (as nl_dump does). */
	for (int i = 0; fake.restart && !ret && i < fake.nsas / 2; i++)
		ret = fn(data, &fake.sas[fake.nsas - 1 - i]);
	kept->n = 0;
	for (int i = 0; !ret && i < fake.nsas; i++)
		ret = fn(data, &fake.sas[i]);
	if (ret)
		vec_free(kept);
	return ret;
}

int kernel_sa_count(struct kernel *k, uint32_t *n)
{
	(void)k;
	*n = (uint32_t)(fake.nsas + fake.count_add);
	return fake.count_err ? -fake.count_err : 0;
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

int kernel_record_list(struct kernel *k, struct record **recs, size_t *n,
		       struct eroute **ers, size_t *ner)
{
	(void)k;
	if (fake.list_err)
		return -fake.list_err;
	*recs = calloc((size_t)fake.nrecs + 1, sizeof(**recs));
	if (!*recs)
		return -ENOMEM;
	memcpy(*recs, fake.recs, (size_t)fake.nrecs * sizeof(**recs));
	*n = (size_t)fake.nrecs;
	if (ers) {
		*ers = calloc((size_t)fake.neroutes + 1, sizeof(**ers));
		if (!*ers) {
			free(*recs);
			return -ENOMEM;
		}
		memcpy(*ers, fake.eroutes, (size_t)fake.neroutes * sizeof(**ers));
		*ner = (size_t)fake.neroutes;
	}
	return 0;
}

/* Records and eroute records as the SPD dump gives them: records first here. */
int kernel_record_walk(struct kernel *k, kernel_record_fn fn, void *data)
{
	int ret = fake.list_err ? -fake.list_err : 0;

	(void)k;
	/* An interrupted try first: the eroutes backwards, then the records. */
	if (fake.restart) {
		for (int i = fake.neroutes; !ret && i-- > 0;)
			ret = fn(data, NULL, &fake.eroutes[i]);
		for (int i = 0; !ret && i < fake.nrecs / 2; i++)
			ret = fn(data, &fake.recs[i], NULL);
		if (!ret)
			ret = fn(data, NULL, NULL);
	}
	for (int i = 0; !ret && i < fake.nrecs; i++)
		ret = fn(data, &fake.recs[i], NULL);
	for (int i = 0; !ret && i < fake.neroutes; i++)
		ret = fn(data, NULL, &fake.eroutes[i]);
	return ret;
}

/* --- eroute records, policies and rules ------------------------------------------ */

static int find_eroute(const struct eroute *e)
{
	for (int i = 0; i < fake.neroutes; i++)
		if (fake.eroutes[i].kind == e->kind && selector_equal(&fake.eroutes[i].sel, &e->sel))
			return i;
	return -1;
}

int kernel_eroute_add(struct kernel *k, const struct eroute *e, bool update)
{
	int err, i = find_eroute(e);
	struct fake_call *c = log_call(update ? FAKE_EROUTE_UPD : FAKE_EROUTE_ADD, &err);

	(void)k;
	c->er = *e;
	if (!err && i >= 0 && !update)
		err = -EEXIST;
	if (!err && i < 0 && fake.neroutes == FAKE_MAX)
		err = -ENOBUFS;
	if (!err) {
		if (i < 0)
			i = fake.neroutes++;
		fake.eroutes[i] = *e;
		fake.eroutes[i].add_time = 1000;
	}
	return c->result = err;
}

int kernel_eroute_del(struct kernel *k, const struct eroute *e)
{
	int err, i = find_eroute(e);
	struct fake_call *c = log_call(FAKE_EROUTE_DEL, &err);

	(void)k;
	c->er = *e;
	if (!err && i < 0)
		err = -ENOENT;
	if (!err)
		fake.eroutes[i] = fake.eroutes[--fake.neroutes];
	return c->result = err;
}

static int find_policy(const struct policy *p)
{
	for (int i = 0; i < fake.npolicies; i++)
		if (fake.policies[i].dir == p->dir && fake.policies[i].if_id == p->if_id &&
		    selector_equal(&fake.policies[i].sel, &p->sel))
			return i;
	return -1;
}

int kernel_policy_add(struct kernel *k, const struct policy *p, bool update)
{
	int err, i = find_policy(p);
	struct fake_call *c = log_call(update ? FAKE_POLICY_UPD : FAKE_POLICY_ADD, &err);

	(void)k;
	c->pol = *p;
	if (!err && i >= 0 && !update)
		err = -EEXIST;
	if (!err && i < 0 && fake.npolicies == FAKE_MAX)
		err = -ENOBUFS;
	if (!err) {
		if (i < 0)
			i = fake.npolicies++;
		fake.policies[i] = *p;
	}
	return c->result = err;
}

int kernel_policy_del(struct kernel *k, const struct policy *p)
{
	int err, i = find_policy(p);
	struct fake_call *c = log_call(FAKE_POLICY_DEL, &err);

	(void)k;
	c->pol = *p;
	if (!err && i < 0)
		err = -ENOENT;
	if (!err)
		fake.policies[i] = fake.policies[--fake.npolicies];
	return c->result = err;
}

int kernel_policy_get(struct kernel *k, const struct policy *key, struct policy *out)
{
	int i = find_policy(key);

	(void)k;
	if (i < 0)
		return -ENOENT;
	*out = fake.policies[i];
	return 0;
}

static int find_rule(const struct fib_rule *r)
{
	for (int i = 0; i < fake.nrules; i++)
		if (fake.rules[i].pref == r->pref && selector_equal(&fake.rules[i].sel, &r->sel))
			return i;
	return -1;
}

int kernel_rule_add(struct kernel *k, const struct fib_rule *r)
{
	int err, i = find_rule(r);
	struct fake_call *c = log_call(FAKE_RULE_ADD, &err);

	(void)k;
	c->rule = *r;
	if (!err && i >= 0)
		err = -EEXIST;
	if (!err && fake.nrules == FAKE_MAX)
		err = -ENOBUFS;
	if (!err)
		fake.rules[fake.nrules++] = *r;
	return c->result = err;
}

int kernel_rule_del(struct kernel *k, const struct fib_rule *r)
{
	int err, i = find_rule(r);
	struct fake_call *c = log_call(FAKE_RULE_DEL, &err);

	(void)k;
	c->rule = *r;
	if (!err && i < 0)
		err = -ENOENT;
	if (!err)
		fake.rules[i] = fake.rules[--fake.nrules];
	return c->result = err;
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

int kernel_link_list(struct kernel *k, struct link **links, size_t *n)
{
	(void)k;
	if (fake.link_list_err)
		return -fake.link_list_err;
	*links = calloc((size_t)fake.nlinks + 1, sizeof(**links));
	if (!*links)
		return -ENOMEM;
	memcpy(*links, fake.links, (size_t)fake.nlinks * sizeof(**links));
	*n = (size_t)fake.nlinks;
	return 0;
}

int kernel_link_add(struct kernel *k, const struct link *l)
{
	int err;
	struct fake_call *c = log_call(FAKE_LINK_ADD, &err);
	struct link *made;

	(void)k;
	c->link = *l;
	if (!err && fake_link(l->name))
		err = -EEXIST;
	if (!err && ((l->kind == LINK_XFRM && fake.no_xfrmi) || (l->kind == LINK_DUMMY && fake.no_dummy)))
		err = -EOPNOTSUPP;
	if (!err && l->kind == LINK_XFRM && !l->if_id)
		err = -EINVAL;
	if (!err && fake.nlinks == FAKE_MAX)
		err = -ENOBUFS;
	if (!err) {
		made = fake_add_link(l->name, l->kind, 1500);
		made->link = l->link;
		made->if_id = l->if_id;
		made->tagged = true;
	}
	return c->result = err;
}

int kernel_link_del(struct kernel *k, const struct link *l)
{
	int err;
	struct fake_call *c = log_call(FAKE_LINK_DEL, &err);
	struct link *old;

	(void)k;
	c->link = *l;
	old = fake_link(l->name);
	if (!err && !old)
		err = -ENODEV;
	if (!err) {
		int i = (int)(old - fake.links);

		memmove(&fake.links[i], &fake.links[i + 1], (size_t)(fake.nlinks - i - 1) * sizeof(*old));
		fake.nlinks--;
	}
	return c->result = err;
}

int kernel_xfrmi_supported(struct kernel *k)
{
	(void)k;
	return !fake.no_xfrmi;
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

static void flow_text(const struct selector *s, FILE *f)
{
	char a[ADDR_BUF], b[ADDR_BUF];

	fprintf(f, "%s/%u -> %s/%u proto %u sport %u/%x dport %u/%x", addr_format(&s->src, a),
		s->src_len, addr_format(&s->dst, b), s->dst_len, s->proto, s->sport, s->sport_mask,
		s->dport, s->dport_mask);
}

const char *fake_policy_text(const struct policy *p, char *buf)
{
	char said[SAID_BUF], a[ADDR_BUF];
	FILE *f = fmemopen(buf, 1024, "w");

	fprintf(f, "policy dir %u ", p->dir);
	flow_text(&p->sel, f);
	fprintf(f, " %s priority %u if_id %u", p->action == POLICY_BLOCK ? "block" : "allow",
		p->priority, p->if_id);
	for (int i = 0; i < p->tmpl.n; i++)
		fprintf(f, " tmpl %s src %s mode %u%s", said_format(&p->tmpl.t[i].id, 'x', said),
			addr_format(&p->tmpl.t[i].src, a), p->tmpl.t[i].mode,
			p->tmpl.t[i].optional ? " optional" : "");
	fputc('\0', f);
	fclose(f);
	buf[1023] = '\0';
	return buf;
}

const struct policy *fake_policy(int dir, const char *src, const char *dst)
{
	char a[ADDR_BUF], b[ADDR_BUF], sa[ADDR_BUF + 8], sb[ADDR_BUF + 8];

	for (int i = 0; i < fake.npolicies; i++) {
		const struct policy *p = &fake.policies[i];

		snprintf(sa, sizeof(sa), "%s/%u", addr_format(&p->sel.src, a), p->sel.src_len);
		snprintf(sb, sizeof(sb), "%s/%u", addr_format(&p->sel.dst, b), p->sel.dst_len);
		if (p->dir == dir && !strcmp(sa, src) && !strcmp(sb, dst))
			return p;
	}
	return NULL;
}

/* The eroute records, policies and rules as lines for fake_state_text. */
static void add_eroute_lines(char **lines)
{
	char said[SAID_BUF], buf[1024];
	int n = 0;

	for (int i = 0; i < fake.neroutes; i++) {
		const struct eroute *e = &fake.eroutes[i];
		char *p = NULL;
		size_t plen = 0;
		FILE *g = open_memstream(&p, &plen);

		fprintf(g, "eroute %d ", e->kind);
		flow_text(&e->sel, g);
		fprintf(g, " => %s owns %u if_id %u\n", said_format(&e->said, 'x', said), e->owns, e->if_id);
		fclose(g);
		lines[n++] = p;
	}
	for (int i = 0; i < fake.npolicies; i++) {
		fake_policy_text(&fake.policies[i], buf);
		lines[n] = NULL;
		if (asprintf(&lines[n], "%s\n", buf) < 0)
			lines[n] = NULL;
		n++;
	}
	for (int i = 0; i < fake.nrules; i++) {
		char *p = NULL;
		size_t plen = 0;
		FILE *g = open_memstream(&p, &plen);

		fprintf(g, "rule pref %u ", fake.rules[i].pref);
		flow_text(&fake.rules[i].sel, g);
		fputc('\n', g);
		fclose(g);
		lines[n++] = p;
	}
}

/* The fake kernel's SAs and records, in a form that ignores their order. */
char *fake_state_text(void)
{
	char *text = NULL, said[SAID_BUF], addr[ADDR_BUF], **lines;
	size_t extra = (size_t)fake.nlinks + (size_t)fake.neroutes + (size_t)fake.npolicies +
		       (size_t)fake.nrules;
	size_t len = 0, n = (size_t)fake.nsas + (size_t)fake.nrecs + extra;
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
		if (asprintf(&lines[i], "sa %s src %s mode %d flags %s enc %s auth %s comp %s keys %s replay %u bytes %lu packets %lu if_id 0x%x\n",
			     said_format(&sa->id, 'x', said), addr_format(&sa->src, addr),
			     sa->mode, flags_text(&sa->flags, flags, sizeof(flags)), sa->enc, sa->auth, sa->comp, keys, sa->replay.window,
			     (unsigned long)sa->cur.bytes, (unsigned long)sa->cur.packets, sa->if_id) < 0)
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
	for (int i = 0; i < fake.nlinks; i++) {
		const struct link *l = &fake.links[i];

		if (asprintf(&lines[fake.nsas + fake.nrecs + i], "link %s kind %d link %u if_id 0x%x mtu %u%s\n",
			     l->name, l->kind, l->link, l->if_id, l->mtu, l->tagged ? " tagged" : "") < 0)
			lines[fake.nsas + fake.nrecs + i] = NULL;
	}
	add_eroute_lines(lines + fake.nsas + fake.nrecs + fake.nlinks);
	qsort(lines, n, sizeof(*lines), cmp_str);
	for (size_t i = 0; i < n; i++) {
		fputs(lines[i] ? lines[i] : "?\n", f);
		free(lines[i]);
	}
	free(lines);
	fclose(f);
	return text;
}

