// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec spigrp: group one to four SAs (inner to outer) or ungroup one.
 * A group is a record policy holding the XFRM template bundle; a tun SA
 * is folded into the SA after it, which is re-created in tunnel mode.
 * Everything is validated under the writers' lock before anything changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/number.h"
#include "src/commands.h"
#include "src/group.h"
#include "src/listing.h"
#include "src/secrets.h"
#include "src/snapshot.h"
#include "src/tool.h"

#define CONTINUE (-1)

struct grp_req {
	bool debug;
	int n;
	struct said sa[GROUP_MAX];
};

static void usage(const struct tool *t, FILE *f)
{
	fprintf(f, "%s: usage (klips-compat, Openswan 2.6 syntax; the order of words matters):\n", t->prog);
	fputs(
"  spigrp [--debug] [--label <label>] af1 dst1 spi1 proto1 [af2 dst2 spi2 proto2 [... af4 dst4 spi4 proto4]]\n"
"  spigrp [--debug] [--label <label>] --said <SA1> [<SA2> [<SA3> [<SA4>]]]\n"
"        group the SAs, inner to outer; one SA alone: ungroup the group it is in\n"
"  spigrp [--debug] [--label <label>]\n"
"        list the groups (the /proc/net/ipsec_spigrp view)\n"
"  spigrp --bundle <out|in|fwd> --said <SA>\n"
"        print the `ip xfrm policy` templates that send or accept traffic\n"
"        through the group whose first SA is <SA>\n"
"  spigrp --help | --version\n"
"  <SA> is <proto><.|:><spi>@<dst> (proto ah, esp, comp or tun); af is inet or inet6.\n"
"  A tun SA becomes tunnel mode of the SA after it, which must go to the same destination.\n", f);
}

/* --- parsing --------------------------------------------------------------------- */

/*
 * A member named with an SPI below 0x100 cannot be an SA that spi made (it
 * refuses them in every form); SPI 0 is XFRM's larval ACQUIRE state, which
 * belongs to the IKE daemon. spigrp refuses them, with spi's legacy text,
 * rather than re-create such an SA in another mode.
 */
static int reserved(const struct tool *t, const char *word, const struct said *sa)
{
	if (sa->spi >= 0x100 || sa->proto == SA_INT)
		return CONTINUE;
	tool_error(t, "Illegal reserved spi: %s => 0x%x Must be larger than 0x100.", word, sa->spi);
	return 1;
}

/* The SPI word of a quad: 32 bits; "-N" (N below 2^32) is 2^32 - N, with a warning. */
static int parse_quad_spi(const struct tool *t, const char *spi, struct said *sa)
{
	struct legacy_num v;
	bool wrapped;

	if (spi[legacy_number(spi, &v)] != '\0') {
		tool_error(t, "Badly formed spi: %s", spi);
		return 1;
	}
	if (!legacy_num_u32(&v, &sa->spi, &wrapped)) {
		tool_error(t, "Badly formed spi: %s (more than 32 bits; an SPI is 0x100 to 0xffffffff)", spi);
		return 1;
	}
	if (wrapped)
		fprintf(t->err, "%s: warning: spi %s taken as 0x%x, as Openswan 2.6.38 did (a negative number counts down from 2^32); give the SPI itself\n",
			t->prog, spi, sa->spi);
	return reserved(t, spi, sa);
}

static int parse_quad(const struct tool *t, char **w, int i, struct said *sa)
{
	const char *af = w[0], *dst = w[1], *spi = w[2], *proto = w[3], *err;
	int family;

	memset(sa, 0, sizeof(*sa));
	sa->proto = said_proto_parse(proto);
	if (!sa->proto) {
		tool_error(t, "Badly formed proto: %s", proto);
		return 1;
	}
	if (parse_quad_spi(t, spi, sa) != CONTINUE)
		return 1;
	if (strcmp(af, "inet") == 0) {
		family = AF_INET;
	} else if (strcmp(af, "inet6") == 0) {
		family = AF_INET6;
	} else {
		tool_error(t, "Address family %s not supported", af);
		return 1;
	}
	err = addr_parse(dst, family, t->res, &sa->dst);
	if (err) {
		tool_error(t, "Error, %s converting %dth address argument:%s", err, i, dst);
		return 1;
	}
	return CONTINUE;
}

/* The original's word-count complaints: no prefix, then usage on stdout. */
static int count_error(const struct tool *t, bool said, int argc)
{
	if (said)
		fprintf(t->err, "expecting 3 or more args with --said, got %d.\n", argc);
	else
		fprintf(t->err, "expecting 5 or more args without --said, got %d.\n", argc);
	usage(t, t->out);
	return 1;
}

static int parse_sas(const struct tool *t, struct grp_req *r, int argc, char **argv)
{
	if (strcmp(argv[1], "--said") == 0) {
		if (argc < 3)
			return count_error(t, true, argc);
		if (argc - 2 > GROUP_MAX) {
			tool_error(t, "at most %d SAs can be grouped, got %d.", GROUP_MAX, argc - 2);
			return 1;
		}
		for (int i = 2; i < argc; i++) {
			const char *err = said_parse_strict(argv[i], t->res, &r->sa[r->n]);

			if (err) {
				tool_error(t, "Error, %s converting --sa argument:%s", err, argv[i]);
				return 1;
			}
			if (reserved(t, argv[i], &r->sa[r->n]) != CONTINUE)
				return 1;
			r->n++;
		}
		return CONTINUE;
	}
	if ((argc - 1) % 4 || argc - 1 > 4 * GROUP_MAX)
		return count_error(t, false, argc);
	for (int i = 0; 1 + 4 * i < argc; i++) {
		if (parse_quad(t, &argv[1 + 4 * i], i, &r->sa[i]) != CONTINUE)
			return 1;
		r->n++;
	}
	return CONTINUE;
}

/* --- legacy failure texts -------------------------------------------------------------- */

/* What KLIPS answered when a member did not exist, or was in use. */
static int grp_fail(const struct tool *t, int err, const char *why)
{
	report_legacy_write(t, err, err);
	tool_error(t, "%s", why);
	return 1;
}

/* --- plans ------------------------------------------------------------------------------ */

static int gc_dangling(const struct snapshot *s, struct plan *p, const struct record *keep)
{
	for (size_t i = 0; i < s->nrecs; i++) {
		struct op *op;

		if (s->recs[i].kind != RECORD_GROUP || &s->recs[i] == keep ||
		    !group_dangling(s, &s->recs[i]))
			continue;
		op = plan_add(p, OP_RECORD_DEL);
		if (!op)
			return -ENOMEM;
		op->rec = s->recs[i];
	}
	return 0;
}

static const struct entry *member(const struct tool *t, const struct snapshot *s,
				  const struct said *sa)
{
	const struct entry *e = snapshot_find(s, sa);
	char said[SAID_BUF], why[256];

	if (!e) {
		snprintf(why, sizeof(why), "%s does not exist: create it with `ipsec spi` first",
			 said_format(sa, '0', said));
		grp_fail(t, ENOENT, why);
	}
	return e;
}

static bool live_group(const struct snapshot *s, const struct record *g)
{
	return g && !group_dangling(s, g);
}

static int check_members(const struct tool *t, const struct snapshot *s, const struct grp_req *r)
{
	char a[SAID_BUF], b[SAID_BUF], why[512];

	for (int i = 0; i < r->n; i++) {
		const struct record *g;

		if (!member(t, s, &r->sa[i]))
			return 1;
		for (int j = 0; j < i; j++) {
			if (said_cmp(&r->sa[i], &r->sa[j]) == 0) {
				snprintf(why, sizeof(why), "%s is named twice", said_format(&r->sa[i], '0', a));
				return grp_fail(t, EEXIST, why);
			}
		}
		g = group_of(s->recs, s->nrecs, &r->sa[i]);
		if (live_group(s, g)) {
			snprintf(why, sizeof(why), "%s is already in the group of %s; ungroup that first (ipsec spigrp --said %s)",
				 said_format(&r->sa[i], '0', a), said_format(&g->head, '0', b), b);
			return grp_fail(t, EEXIST, why);
		}
	}
	for (int i = 0; i < r->n; i++) {
		if (r->sa[i].proto != SA_TUN)
			continue;
		said_format(&r->sa[i], '0', a);
		if (i == r->n - 1 || r->sa[i + 1].proto == SA_TUN) {
			tool_error(t, "%s must be followed by an AH, ESP or IPComp SA: XFRM has no IP-in-IP SA, a tun becomes tunnel mode of the SA after it",
				   a);
			return 1;
		}
		if (!addr_equal(&r->sa[i].dst, &r->sa[i + 1].dst)) {
			tool_error(t, "%s and %s must have the same destination: the tunnel's outer destination is that of the SA in tunnel mode",
				   a, said_format(&r->sa[i + 1], '0', b));
			return 1;
		}
	}
	return CONTINUE;
}

/* Linux cannot decrypt ESP or decompress IPComp found inside AH. */
static void warn_order(const struct tool *t, const struct grp_req *r)
{
	for (int i = 0; i < r->n; i++) {
		if (r->sa[i].proto != SA_AH)
			continue;
		for (int j = i + 1; j < r->n; j++) {
			if (r->sa[j].proto == SA_ESP || r->sa[j].proto == SA_COMP) {
				char a[SAID_BUF], b[SAID_BUF];

				fprintf(t->err, "%s: warning: %s is inside %s: Linux cannot receive %s inside AH; put AH outermost\n",
					t->prog, said_format(&r->sa[i], '0', a), said_format(&r->sa[j], '0', b),
					r->sa[j].proto == SA_ESP ? "ESP" : "IPComp");
				return;
			}
		}
	}
}

static bool same_selector(const struct selector *x, const struct selector *y)
{
	return x->src_len == y->src_len && x->dst_len == y->dst_len &&
	       addr_equal(&x->src, &y->src) && addr_equal(&x->dst, &y->dst);
}

/* Re-create member e in mode/src/sel unless it already is like that. */
static int remode_if_needed(const struct entry *e, uint8_t mode, const struct ip_addr *src,
			    const struct selector *sel, struct plan *p)
{
	struct op *op;

	if (e->sa->mode == mode && addr_equal(&e->sa->src, src) && same_selector(&e->sa->sel, sel))
		return 0;
	op = plan_add(p, OP_SA_REMODE);
	if (!op)
		return -ENOMEM;
	op->id = *e->id;
	op->mode = mode;
	op->src = *src;
	op->sel = *sel;
	return 0;
}

/*
 * The members after a tun become tunnel mode with the tun's source; every
 * member loses its inbound-check selector, which XFRM would match against
 * the inner packet of the group.
 */
static int plan_group(const struct snapshot *s, const struct grp_req *r, struct plan *p)
{
	struct record g = { .kind = RECORD_GROUP, .head = r->sa[0] };
	const struct selector none = { 0 };
	struct op *rec;

	for (int i = 0; i < r->n; i++) {
		const struct entry *e = snapshot_find(s, &r->sa[i]);
		const struct entry *tun = i > 0 && r->sa[i - 1].proto == SA_TUN ?
					  snapshot_find(s, &r->sa[i - 1]) : NULL;
		struct tmpl *t;

		if (r->sa[i].proto == SA_TUN)
			continue;
		t = &g.tmpl[g.ntmpl++];
		t->id = r->sa[i];
		t->mode = tun ? SA_MODE_TUNNEL : e->sa->mode;
		t->src = tun ? tun->tun->tun_src : e->sa->src;
		t->tun_spi = tun ? tun->id->spi : 0;
		if (remode_if_needed(e, t->mode, &t->src, &none, p))
			return -ENOMEM;
		if (t->mode != SA_MODE_TUNNEL)
			memset(&t->src, 0, sizeof(t->src));
	}
	if (!(rec = plan_add(p, OP_RECORD_ADD)))
		return -ENOMEM;
	rec->rec = g;
	return 0;
}

/* Members go back to what spi made: transport mode, inbound check. */
static int plan_ungroup(const struct snapshot *s, const struct record *g, struct plan *p)
{
	struct op *op;

	for (int i = 0; i < g->ntmpl; i++) {
		const struct tmpl *t = &g->tmpl[i];
		const struct entry *e = snapshot_find(s, &t->id);
		uint8_t mode;
		struct selector sel;

		if (!e || !e->sa)
			continue;
		mode = t->tun_spi ? SA_MODE_TRANSPORT : e->sa->mode;
		memset(&sel, 0, sizeof(sel));
		if (mode == SA_MODE_TRANSPORT)
			inbound_selector(&sel, &e->sa->src, &t->id.dst, e->local);
		if (remode_if_needed(e, mode, &e->sa->src, &sel, p))
			return -ENOMEM;
	}
	op = plan_add(p, OP_RECORD_DEL);
	if (!op)
		return -ENOMEM;
	op->rec = *g;
	return 0;
}

static int build(const struct tool *t, const struct snapshot *s, const struct grp_req *r,
		 struct plan *p)
{
	const struct record *g = NULL;
	int ret;

	if (r->n == 1) {
		if (!member(t, s, &r->sa[0]))
			return 1;
		g = group_of(s->recs, s->nrecs, &r->sa[0]);
		ret = g ? plan_ungroup(s, g, p) : 0;
	} else {
		if (check_members(t, s, r) != CONTINUE)
			return 1;
		warn_order(t, r);
		ret = plan_group(s, r, p);
	}
	if (!ret)
		ret = gc_dangling(s, p, g);
	if (ret) {
		tool_error(t, "Memory allocation error.");
		return 1;
	}
	return CONTINUE;
}

static int run(const struct tool *t, const struct grp_req *r)
{
	struct kernel *k = NULL;
	struct snapshot s = { 0 };
	struct plan p = { 0 };
	struct plan_failure f;
	int lock = -1, ret, status = 1;

	ret = kernel_open(&k);
	if (ret) {
		report_open_failure(t, -ret);
		return 1;
	}
	ret = netns_lock(&lock);
	if (ret < 0) {
		tool_error(t, "cannot serialise with other writers: %s", strerror(-ret));
		goto out;
	}
	ret = snapshot_take(k, &s);
	if (ret) {
		report_read_failure(t, "the SAs", -ret);
		goto out;
	}
	if (build(t, &s, r, &p) != CONTINUE)
		goto out;
	if (r->debug)
		fprintf(t->out, "%s: %d step(s) planned.\n", t->prog, p.n);
	ret = plan_execute(&p, k, &f, r->debug ? t->out : NULL, t->prog);
	if (ret) {
		report_plan_failure(t, &p, &f);
		goto out;
	}
	status = 0;
out:
	plan_free(&p);
	snapshot_free(&s);
	netns_unlock(lock);
	kernel_close(k);
	return status;
}

/* --bundle DIR --said SA: the policy templates of a group (ours). */
static int print_bundle(const struct tool *t, int argc, char **argv)
{
	struct kernel *k = NULL;
	struct snapshot s;
	struct bundle b;
	struct said sa;
	const char *err;
	bool inbound;
	int ret;

	if (argc != 5 || strcmp(argv[3], "--said") ||
	    (strcmp(argv[2], "out") && strcmp(argv[2], "in") && strcmp(argv[2], "fwd"))) {
		tool_error(t, "usage: --bundle out|in|fwd --said <SA>");
		return 1;
	}
	inbound = strcmp(argv[2], "out") != 0;
	err = said_parse_strict(argv[4], t->res, &sa);
	if (err) {
		tool_error(t, "Error, %s converting --sa argument:%s", err, argv[4]);
		return 1;
	}
	ret = kernel_open(&k);
	if (ret) {
		report_open_failure(t, -ret);
		return 1;
	}
	ret = snapshot_take(k, &s);
	kernel_close(k);
	if (ret) {
		report_read_failure(t, "the SAs", -ret);
		return 1;
	}
	ret = group_bundle(&s, &sa, inbound, &b);
	snapshot_free(&s);
	if (ret == -ENOENT) {
		tool_error(t, "%s is neither an SA nor the first SA of a group", argv[4]);
		return 1;
	}
	if (ret) {
		tool_error(t, "%s is a lone tun SA: XFRM has no IP-in-IP SA; group it with the SA it carries", argv[4]);
		return 1;
	}
	bundle_print(&b, t->out);
	return 0;
}

int spigrp_main(int argc, char **argv, const struct cmd_io *io)
{
	FILE *out = io->out, *err = io->err;
	struct grp_req r = { 0 };
	struct tool t;
	int status;

	/* Keys are read back from the kernel when a member changes mode. */
	secrets_hold();
	tool_init(&t, argc > 0 ? argv[0] : "spigrp", io, true);
	if (argc > 1 && strcmp(argv[1], "--debug") == 0) {
		r.debug = true;
		fprintf(out, "\"--debug\" option requested.\n");
		fprintf(out, "argc=%d (%d incl. --debug option).\n", argc - 1, argc);
		argc--;
		argv++;
	}
	if (argc > 1 && strcmp(argv[1], "--label") == 0) {
		if (argc < 3) {
			tool_error(&t, "--label option requires an argument.");
			tool_free(&t);
			return 1;
		}
		/* The prefix is built from the word before --label: after a
		 * leading --debug that is "--debug" itself, as in the original. */
		if (tool_set_label(&t, argv[0], argv[2]) < 0) {
			tool_error(&t, "Memory allocation error.");
			return 1;
		}
		if (r.debug)
			fprintf(out, "using \"%s\" as a label.\n", t.prog);
		argc -= 2;
		argv += 2;
	}
	if (argc == 1) {
		status = tool_print_listing(&t, LISTING_SPIGRP);
	} else if (strcmp(argv[1], "--help") == 0) {
		usage(&t, out);
		status = 1;
	} else if (strcmp(argv[1], "--version") == 0) {
		fprintf(err, "%s, klips-compat %s\n", t.prog, KLIPS_COMPAT_VERSION);
		status = 1;
	} else if (strcmp(argv[1], "--bundle") == 0) {
		status = print_bundle(&t, argc, argv);
	} else {
		status = parse_sas(&t, &r, argc, argv);
		if (status == CONTINUE)
			status = run(&t, &r);
	}
	tool_free(&t);
	return status;
}
