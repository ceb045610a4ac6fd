// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Run rows of tests/vectors/probes.tsv through the commands in-process,
 * against the fake kernel, and compare exit status, stdout, stderr and the
 * kernel request with what Openswan 2.6.38 did. Rows we deliberately answer
 * differently are listed in tests/probe-deviations.tsv with what we do
 * instead and why; those rows are checked against that expectation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "compat/alg.h"
#include "src/snapshot.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/probes.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

enum {
	COL_ID, COL_KIND, COL_TOOL, COL_ARGS, COL_SOURCE, COL_REF, COL_DOC,
	COL_RC20, COL_OUT20, COL_ERR20, COL_PF20,
	COL_RC, COL_OUT, COL_ERR, COL_PF, COL_NOTES, NCOLS
};

/* --- kernel requests ------------------------------------------------------------- */

/* The PF_KEY message, reduced to what can be compared with XFRM requests. */
struct pfreq {
	char type[16];
	char satype[8];
	unsigned long spi, replay, auth, encrypt;
	char src[64], dst[64];
	unsigned long akbits, ekbits;
	char akey[1100], ekey[1100];
	unsigned long life[2][5];	/* soft/hard: alloc bytes addtime usetime packets */
	unsigned long natt, nsport, ndport;
	bool has_nsport, has_ndport;
};

static const char *field(const char *s, const char *name)
{
	const char *p = strstr(s, name);

	return p ? p + strlen(name) : NULL;
}

static unsigned long num_after(const char *s, const char *name)
{
	const char *p = field(s, name);

	return p ? strtoul(p, NULL, 0) : 0;
}

static void copy_until(char *dst, size_t len, const char *p, const char *stop)
{
	size_t n = p ? strcspn(p, stop) : 0;

	if (n >= len)
		n = len - 1;
	memcpy(dst, p ? p : "", n);
	dst[n] = '\0';
}

static void parse_life(const char *p, unsigned long v[5])
{
	static const char *const names[5] = { "alloc=", "bytes=", "addtime=", "usetime=", "packets=" };

	for (int i = 0; p && i < 5; i++)
		v[i] = num_after(p, names[i]);
}

static void parse_pfkey(const char *s, struct pfreq *q)
{
	const char *p;

	memset(q, 0, sizeof(*q));
	copy_until(q->type, sizeof(q->type), s, " ");
	copy_until(q->satype, sizeof(q->satype), field(s, "satype="), " ");
	p = field(s, " SA(");
	q->spi = num_after(p ? p : "", "spi=");
	q->replay = num_after(p ? p : "", "replay=");
	q->auth = num_after(p ? p : "", "auth=");
	q->encrypt = num_after(p ? p : "", "encrypt=");
	copy_until(q->src, sizeof(q->src), field(s, "SRC("), ")");
	copy_until(q->dst, sizeof(q->dst), field(s, " DST("), ")");
	if ((p = field(s, "KEY_AUTH("))) {
		q->akbits = num_after(p, "bits=");
		copy_until(q->akey, sizeof(q->akey), field(p, "key="), ")");
	}
	if ((p = field(s, "KEY_ENC("))) {
		q->ekbits = num_after(p, "bits=");
		copy_until(q->ekey, sizeof(q->ekey), field(p, "key="), ")");
	}
	parse_life(field(s, "LIFE_SOFT("), q->life[0]);
	parse_life(field(s, "LIFE_HARD("), q->life[1]);
	q->natt = num_after(s, "NAT_T_TYPE(");
	q->has_nsport = field(s, "NAT_T_SPORT(") != NULL;
	q->nsport = num_after(s, "NAT_T_SPORT(");
	q->has_ndport = field(s, "NAT_T_DPORT(") != NULL;
	q->ndport = num_after(s, "NAT_T_DPORT(");
}

static const char *satype_name(uint8_t proto)
{
	switch (proto) {
	case 0:
		return "UNSPEC";
	case SA_AH:
		return "AH";
	case SA_ESP:
		return "ESP";
	case SA_COMP:
		return "COMP";
	case SA_TUN:
		return "IPIP";
	case SA_INT:
		return "INT";
	}
	return "?";
}

static void hex(char *out, const struct key *k)
{
	for (size_t i = 0; i < k->len; i++)
		sprintf(out + 2 * i, "%02x", k->bytes[i]);
	out[2 * k->len] = '\0';
}

static unsigned long lim(uint64_t v)
{
	return v == LIMIT_INF ? 0 : (unsigned long)v;
}

/* What the fake kernel was asked, in the same reduced form. */
static void from_call(const struct fake_call *c, struct pfreq *q)
{
	char buf[ADDR_BUF];
	const struct sa_state *sa = &c->sa;

	memset(q, 0, sizeof(*q));
	switch (c->kind) {
	case FAKE_SA_ADD:
		strcpy(q->type, "ADD");
		strcpy(q->satype, satype_name(sa->id.proto));
		q->spi = sa->id.spi;
		q->replay = sa->replay.window;
		if (sa->auth[0] && auth_by_kernel(sa->auth))
			q->auth = auth_by_kernel(sa->auth)->pfkey_id;
		if (sa->enc[0] && cipher_by_kernel(sa->enc))
			q->encrypt = cipher_by_kernel(sa->enc)->pfkey_id;
		if (sa->comp[0] && comp_by_kernel(sa->comp))
			q->encrypt = comp_by_kernel(sa->comp)->pfkey_id;
		strcpy(q->src, addr_format(&sa->src, buf));
		strcpy(q->dst, addr_format(&sa->id.dst, buf));
		q->akbits = c->keys.auth.len * 8;
		hex(q->akey, &c->keys.auth);
		q->ekbits = sa->enc[0] ? c->keys.enc.len * 8 : 0;
		if (sa->enc[0])
			hex(q->ekey, &c->keys.enc);
		q->life[0][1] = lim(sa->lft.soft_bytes);
		q->life[1][1] = lim(sa->lft.hard_bytes);
		q->life[0][2] = sa->lft.soft_add;
		q->life[1][2] = sa->lft.hard_add;
		q->life[0][3] = sa->lft.soft_use;
		q->life[1][3] = sa->lft.hard_use;
		q->life[0][4] = lim(sa->lft.soft_packets);
		q->life[1][4] = lim(sa->lft.hard_packets);
		q->natt = sa->encap.type;
		q->nsport = sa->encap.sport;
		q->ndport = sa->encap.dport;
		break;
	case FAKE_RECORD_ADD:
		strcpy(q->type, c->rec.kind == RECORD_TUN ? "ADD" : "X_GRPSA");
		strcpy(q->satype, satype_name(c->rec.head.proto));
		q->spi = c->rec.head.spi;
		strcpy(q->src, addr_format(&c->rec.tun_src, buf));
		strcpy(q->dst, addr_format(&c->rec.head.dst, buf));
		break;
	case FAKE_SA_DEL:
	case FAKE_RECORD_DEL: {
		const struct said *id = c->kind == FAKE_SA_DEL ? &c->id : &c->rec.head;

		strcpy(q->type, "DELETE");
		strcpy(q->satype, satype_name(id->proto));
		q->spi = id->spi;
		strcpy(q->dst, addr_format(&id->dst, buf));
		break;
	}
	case FAKE_SA_FLUSH:
		strcpy(q->type, "FLUSH");
		strcpy(q->satype, satype_name(c->proto));
		break;
	case FAKE_LINK_ADD:
	case FAKE_LINK_DEL:
		strcpy(q->type, "LINK");	/* tncfg's; spi and spigrp never */
		break;
	default:
		strcpy(q->type, "POLICY");	/* eroutes': not a PF_KEY SA message */
		break;
	}
}

/* Compare; on a difference, describe the first one in why. */
static bool same_request(const struct pfreq *want, const struct pfreq *got,
			 const unsigned long packets20[2], char *why, size_t len)
{
#define DIFF(cond, ...) do { if (cond) { snprintf(why, len, __VA_ARGS__); return false; } } while (0)
	DIFF(strcmp(want->type, got->type), "type %s, want %s", got->type, want->type);
	DIFF(strcmp(want->satype, got->satype), "satype %s, want %s", got->satype, want->satype);
	if (!strcmp(want->type, "FLUSH"))
		return true;
	DIFF(want->spi != got->spi, "spi 0x%lx, want 0x%lx", got->spi, want->spi);
	DIFF(strcmp(want->dst, got->dst), "dst %s, want %s", got->dst, want->dst);
	if (!strcmp(want->type, "DELETE"))
		return true;
	DIFF(strcmp(want->src, got->src), "src %s, want %s", got->src, want->src);
	DIFF(want->replay != got->replay, "replay %lu, want %lu", got->replay, want->replay);
	DIFF(want->auth != got->auth, "auth %lu, want %lu", got->auth, want->auth);
	DIFF(want->encrypt != got->encrypt, "encrypt %lu, want %lu", got->encrypt, want->encrypt);
	DIFF(want->akbits != got->akbits || strcmp(want->akey, got->akey), "auth key differs");
	DIFF(want->ekbits != got->ekbits || strcmp(want->ekey, got->ekey), "enc key differs");
	for (int s = 0; s < 2; s++) {
		for (int i = 1; i < 4; i++)
			DIFF(want->life[s][i] != got->life[s][i], "life[%d][%d] %lu, want %lu",
			     s, i, got->life[s][i], want->life[s][i]);
		/* Openswan 2.6.14+ stopped sending packet limits; 2.0 sent them. */
		DIFF(got->life[s][4] != packets20[s], "packets[%d] %lu, want %lu",
		     s, got->life[s][4], packets20[s]);
	}
	DIFF(want->natt != got->natt, "natt %lu, want %lu", got->natt, want->natt);
	if (want->natt) {
		DIFF(got->nsport != (want->has_nsport ? want->nsport : 4500), "natt sport %lu", got->nsport);
		DIFF(got->ndport != (want->has_ndport ? want->ndport : 4500), "natt dport %lu", got->ndport);
	}
	return true;
#undef DIFF
}

/* --- output comparison ------------------------------------------------------------ */

/* --- groups ------------------------------------------------------------------------- */

static uint8_t proto_of_satype(const char *satype)
{
	if (!strncmp(satype, "IPIP", 4))
		return SA_TUN;
	if (!strncmp(satype, "AH", 2))
		return SA_AH;
	if (!strncmp(satype, "ESP", 3))
		return SA_ESP;
	if (!strncmp(satype, "COMP", 4))
		return SA_COMP;
	return SA_INT;
}

static bool member_at(const char *satype, const char *spi, const char *dst, struct said *m)
{
	char addr[64];

	if (!satype || !spi || !dst)
		return false;
	memset(m, 0, sizeof(*m));
	m->proto = proto_of_satype(satype);
	m->spi = (uint32_t)strtoul(spi, NULL, 0);
	copy_until(addr, sizeof(addr), dst, ")");
	return addr_parse(addr, 0, NULL, &m->dst) == NULL;
}

/* The SAs an X_GRPSA sequence links, inner to outer. */
static int grpsa_members(const char *pf, struct said m[GROUP_MAX + 2])
{
	int n = 0;

	if (strncmp(pf, "X_GRPSA", 7))
		return 0;
	if (member_at(field(pf, "satype="), field(pf, " SA(spi="), field(pf, " DST("), &m[n]))
		n++;
	for (const char *p = pf; (p = strstr(p, "SATYPE2(")) && n < GROUP_MAX + 2; p++)
		if (member_at(p + 8, field(p, "SA2(spi="), field(p, "DST2("), &m[n]))
			n++;
	return n;
}

/* The SAs a spigrp command line names, so that they exist in the fake. */
static int said_args(char **w, int n, struct said m[GROUP_MAX + 2])
{
	int cnt = 0, i = 0;

	while (i < n && (!strcmp(w[i], "--debug") || !strcmp(w[i], "--label")))
		i += strcmp(w[i], "--label") ? 1 : 2;
	if (i < n && !strcmp(w[i], "--said")) {
		for (i++; i < n && cnt < GROUP_MAX + 2; i++)
			if (!said_parse(w[i], &reference_resolver, &m[cnt]))
				cnt++;
		return cnt;
	}
	for (; i + 3 < n && cnt < GROUP_MAX + 2; i += 4) {
		memset(&m[cnt], 0, sizeof(m[cnt]));
		m[cnt].proto = !strcmp(w[i + 3], "tun") ? SA_TUN : !strcmp(w[i + 3], "ah") ? SA_AH :
			       !strcmp(w[i + 3], "esp") ? SA_ESP : SA_COMP;
		m[cnt].spi = (uint32_t)strtoull(w[i + 2], NULL, 0);
		if (!addr_parse(w[i + 1], !strcmp(w[i], "inet6") ? AF_INET6 : AF_INET, &reference_resolver, &m[cnt].dst))
			cnt++;
	}
	return cnt;
}

static void seed_for_group(const char *pf, char **words, int nwords)
{
	struct said m[GROUP_MAX + 2];
	int n = *pf ? said_args(words, nwords, m) : 0;
	struct ip_addr any;

	for (int i = 0; i < n; i++) {
		addr_any(m[i].dst.family, &any);
		if (m[i].proto == SA_TUN)
			fake_add_tun(&m[i], &any);
		else if (m[i].proto != SA_INT)
			fake_add_sa(&m[i], &any);
	}
}

/* The group record made must list the SAs the X_GRPSA messages linked. */
static bool same_group(const char *pf, char *why, size_t len)
{
	struct said want[GROUP_MAX + 2], got[MEMBERS_MAX];
	const struct fake_call *c = fake.nlog ? &fake.log[fake.nlog - 1] : NULL;
	int n = grpsa_members(pf, want), m;

	if (n == 1) {
		/* Ungrouping an SA that is in no group changes nothing. */
		snprintf(why, len, "a request was made");
		return fake.nlog == 0;
	}
	if (!c || c->kind != FAKE_RECORD_ADD || c->rec.kind != RECORD_GROUP) {
		snprintf(why, len, "no group record was added");
		return false;
	}
	m = record_members(&c->rec, got);
	for (int i = 0; i < n || i < m; i++) {
		if (i >= n || i >= m || said_cmp(&want[i], &got[i])) {
			snprintf(why, len, "member %d differs (%d members, want %d)", i, m, n);
			return false;
		}
	}
	return true;
}

/* --- rows ----------------------------------------------------------------------------- */

static void seed_for_delete(const struct pfreq *want)
{
	struct said id = { .spi = (uint32_t)want->spi };
	struct ip_addr any;
	const char *err;

	if (strcmp(want->type, "DELETE"))
		return;
	err = addr_parse(want->dst, 0, NULL, &id.dst);
	if (err)
		return;
	addr_any(id.dst.family, &any);
	if (!strcmp(want->satype, "IPIP")) {
		id.proto = SA_TUN;
		fake_add_tun(&id, &any);
	} else if (strcmp(want->satype, "INT")) {
		id.proto = !strcmp(want->satype, "AH") ? SA_AH :
			   !strcmp(want->satype, "ESP") ? SA_ESP : SA_COMP;
		fake_add_sa(&id, &any);
	}
}

static void inject(const char *notes)
{
	const char *p;

	if ((p = strstr(notes, "write() to PF_KEY fails with errno="))) {
		fake.fail_call = 1;
		fake.fail_err = atoi(p + strlen("write() to PF_KEY fails with errno="));
	} else if ((p = strstr(notes, "socket(PF_KEY) fails with errno="))) {
		fake.open_err = atoi(p + strlen("socket(PF_KEY) fails with errno="));
	}
}

/*
 * Requests: "=" the observed PF_KEY message, "none", or the PF_KEY message
 * we send instead, written like the corpus column.
 */
static void check_request(const char *id, const char *spec, const char *pf, const char *pf20)
{
	char why[256] = "";
	struct pfreq want, got, want20;
	unsigned long packets20[2];
	bool ok = true;

	if (strcmp(spec, "=") && strcmp(spec, "none"))
		pf = pf20 = spec;
	if (!strcmp(spec, "none") || !*pf) {
		tap_ok(fake.nlog == 0, "%s: no kernel change requested", id);
		return;
	}
	parse_pfkey(pf, &want);
	parse_pfkey(*pf20 ? pf20 : pf, &want20);
	packets20[0] = want20.life[0][4];
	packets20[1] = want20.life[1][4];
	if (!strncmp(pf, "X_GRPSA", 7) && fake.fail_call) {
		/* The injected failure hit a step of the group: nothing may remain. */
		return;
	} else if (!strncmp(pf, "X_GRPSA", 7)) {
		ok = same_group(pf, why, sizeof(why));
	} else if (fake.nlog == 0) {
		ok = false;
		snprintf(why, sizeof(why), "no request was made");
	} else {
		/* The last request is the one that corresponds (plans may first
		 * clean records); --clear ends with its flush. */
		from_call(&fake.log[fake.nlog - 1], &got);
		ok = same_request(&want, &got, packets20, why, sizeof(why));
	}
	if (!tap_ok(ok, "%s: kernel request matches the PF_KEY message", id)) {
		tap_diag("%s", why);
		tap_diag("want: %s", pf);
	}
}

struct run_ctx {
	const char *tool;
	const char *prog;
	cmd_main_fn *cmd;
	int rows, deviations;
};

static void run_row(char **f, int n, void *arg)
{
	struct run_ctx *ctx = arg;
	char *words[128], *argv[130], *out = NULL, *err = NULL, *before;
	const struct deviation *dev;
	int nw, rc;
	struct pfreq want;

	if (n < NCOLS - 1 || strcmp(f[COL_TOOL], ctx->tool) || !*f[COL_RC])
		return;
	ctx->rows++;
	for (int i = COL_OUT20; i < n; i++)
		tap_unescape(f[i]);
	fake_reset();
	if (!getuid())
		fake.extack = "";
	parse_pfkey(f[COL_PF], &want);
	seed_for_delete(&want);
	nw = tap_split_words(f[COL_ARGS], words, 128);
	if (!strcmp(ctx->tool, "spigrp") && !strncmp(f[COL_PF], "X_GRPSA", 7))
		seed_for_group(f[COL_PF], words, nw);
	inject(n > COL_NOTES ? f[COL_NOTES] : "");
	if (strstr(f[COL_ARGS], "/tmp/run/opts.txt")) {
		FILE *o;

		mkdir("/tmp/run", 0755);
		o = fopen("/tmp/run/opts.txt", "w");
		if (o) {
			fputs("--said esp.200@1.2.3.4 --del\n", o);
			fclose(o);
		}
	}
	before = fake_state_text();
	argv[0] = (char *)ctx->prog;
	for (int i = 0; i < nw; i++)
		argv[i + 1] = words[i];
	argv[nw + 1] = NULL;

	rc = probe_call(ctx->cmd, nw + 1, argv, &reference_resolver, &out, &err);
	dev = probe_check(f[COL_ID], rc, out, err, f[COL_RC], f[COL_OUT], f[COL_ERR]);
	ctx->deviations += dev != NULL;
	check_request(f[COL_ID], dev ? dev->req : "=", f[COL_PF], f[COL_PF20]);
	tap_ok(fake.opened == 0, "%s: kernel handle closed", f[COL_ID]);
	if (rc) {
		char *after = fake_state_text();

		tap_str(after, before, "%s: refused, the kernel is left as it was", f[COL_ID]);
		free(after);
	}
	free(before);
	free(out);
	free(err);
	for (int i = 0; i < nw; i++)
		free(words[i]);
}

int probes_run(const char *tool, const char *prog, cmd_main_fn *cmd)
{
	char path[512];
	struct run_ctx ctx = { .tool = tool, .prog = prog, .cmd = cmd };

	snprintf(path, sizeof(path), "%s/probes.tsv", tap_vectors_dir());
	if (tap_read_tsv(path, run_row, &ctx) < 0) {
		tap_ok(false, "read %s", path);
		return 0;
	}
	tap_diag("%d %s rows of probes.tsv checked, %d of them listed as deviations",
		 ctx.rows, tool, ctx.deviations);
	return ctx.rows;
}
