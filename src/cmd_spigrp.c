// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec spigrp: group one to four SAs (inner to outer) or ungroup one.
 * A group is a record policy holding the XFRM template bundle; a tun SA
 * is folded into the SA after it, which is re-created in tunnel mode.
 * Everything is validated under the writers' lock before anything changes
 * (the check callback of run_plan); the planner (src/planner.c) does the rest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/number.h"
#include "src/commands.h"
#include "src/group.h"
#include "src/planner.h"
#include "src/report.h"
#include "src/run.h"
#include "src/secrets.h"

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
		return CMD_CONTINUE;
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
	if (parse_quad_spi(t, spi, sa) != CMD_CONTINUE)
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
	return CMD_CONTINUE;
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
			if (reserved(t, argv[i], &r->sa[r->n]) != CMD_CONTINUE)
				return 1;
			r->n++;
		}
		return CMD_CONTINUE;
	}
	if ((argc - 1) % 4 || argc - 1 > 4 * GROUP_MAX)
		return count_error(t, false, argc);
	for (int i = 0; 1 + 4 * i < argc; i++) {
		if (parse_quad(t, &argv[1 + 4 * i], i, &r->sa[i]) != CMD_CONTINUE)
			return 1;
		r->n++;
	}
	return CMD_CONTINUE;
}

/* --- legacy failure texts -------------------------------------------------------------- */

/* What KLIPS answered when a member did not exist, or was in use. */
static int grp_fail(const struct tool *t, int err, const char *why)
{
	report_legacy_write(t, err, err);
	tool_error(t, "%s", why);
	return 1;
}

/* --- checks against the snapshot, and the plan ---------------------------------------- */

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

/*
 * The members exist and are named once; together with the groups they
 * extend (group_chain) they make a chain KLIPS would have linked, whose
 * tun SAs are each followed by an SA to the tun's destination.
 */
static int check_members(const struct tool *t, const struct snapshot *s, const struct grp_req *r)
{
	char a[SAID_BUF], b[SAID_BUF], why[512];
	struct chain c;
	int bad, ret;

	for (int i = 0; i < r->n; i++) {
		if (!member(t, s, &r->sa[i]))
			return 1;
		for (int j = 0; j < i; j++) {
			if (said_cmp(&r->sa[i], &r->sa[j]) == 0) {
				snprintf(why, sizeof(why), "%s is named twice", said_format(&r->sa[i], '0', a));
				return grp_fail(t, EEXIST, why);
			}
		}
	}
	ret = group_chain(s, r->sa, r->n, &c, &bad);
	if (ret == -EEXIST) {
		const struct record *g = group_of(s->recs, s->nrecs, &r->sa[bad]);

		snprintf(why, sizeof(why), "%s is already in the group of %s; ungroup that first (ipsec spigrp --said %s)",
			 said_format(&r->sa[bad], '0', a), said_format(&g->head, '0', b), b);
		return grp_fail(t, EEXIST, why);
	}
	if (ret == -E2BIG) {
		tool_error(t, "the chain would hold more than %d SAs besides tun SAs (XFRM's limit)", TMPL_MAX);
		return 1;
	}
	for (int i = 0; i < c.n; i++) {
		if (c.m[i].proto != SA_TUN)
			continue;
		said_format(&c.m[i], '0', a);
		if (i == c.n - 1 || c.m[i + 1].proto == SA_TUN) {
			tool_error(t, "%s must be followed by an AH, ESP or IPComp SA: XFRM has no IP-in-IP SA, a tun becomes tunnel mode of the SA after it",
				   a);
			return 1;
		}
		if (!addr_equal(&c.m[i].dst, &c.m[i + 1].dst)) {
			tool_error(t, "%s and %s must have the same destination: the tunnel's outer destination is that of the SA in tunnel mode",
				   a, said_format(&c.m[i + 1], '0', b));
			return 1;
		}
	}
	return CMD_CONTINUE;
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

/* The members exist and are in no live group; a tun is followed by an SA to its destination. */
static int check(const struct tool *t, const struct snapshot *s, const void *req)
{
	const struct grp_req *r = req;

	if (r->n == 1)
		return member(t, s, &r->sa[0]) ? CMD_CONTINUE : 1;
	if (check_members(t, s, r) != CMD_CONTINUE)
		return 1;
	warn_order(t, r);
	return CMD_CONTINUE;
}

static int build(const struct snapshot *s, const void *req, struct plan *p)
{
	const struct grp_req *r = req;

	if (r->n == 1)
		return plan_ungroup(p, s, &r->sa[0]);
	return plan_group(p, s, r->sa, r->n);
}

static const struct plan_cmd spigrp_cmd = { .check = check, .build = build };

/* --bundle DIR --said SA: the policy templates of a group (ours). */
static int print_bundle(const struct tool *t, int argc, char **argv)
{
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
	ret = run_snapshot(t, SNAP_SAS | SNAP_RECORDS, &s);
	if (ret != CMD_CONTINUE)
		return ret;
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

/*
 * The leading --debug and --label, in the original's order; argc and argv
 * move past them. CMD_CONTINUE, or the exit status.
 */
static int parse_prefix(struct tool *t, struct grp_req *r, int *argc, char ***argv)
{
	char **v = *argv;

	if (*argc > 1 && strcmp(v[1], "--debug") == 0) {
		r->debug = true;
		fprintf(t->out, "\"--debug\" option requested.\n");
		fprintf(t->out, "argc=%d (%d incl. --debug option).\n", *argc - 1, *argc);
		(*argc)--;
		v++;
	}
	*argv = v;
	if (*argc <= 1 || strcmp(v[1], "--label") != 0)
		return CMD_CONTINUE;
	if (*argc < 3) {
		tool_error(t, "--label option requires an argument.");
		return 1;
	}
	/* The prefix is built from the word before --label: after a
	 * leading --debug that is "--debug" itself, as in the original. */
	if (tool_set_label(t, v[0], v[2]) < 0) {
		tool_error(t, "Memory allocation error.");
		return 1;
	}
	if (r->debug)
		fprintf(t->out, "using \"%s\" as a label.\n", t->prog);
	*argc -= 2;
	*argv = v + 2;
	return CMD_CONTINUE;
}

/* What the words after the prefix ask for; the exit status. */
static int dispatch(struct tool *t, struct grp_req *r, int argc, char **argv)
{
	int status;

	if (argc == 1)
		return tool_print_listing(t, LISTING_SPIGRP);
	if (strcmp(argv[1], "--help") == 0) {
		usage(t, t->out);
		return 1;
	}
	if (strcmp(argv[1], "--version") == 0) {
		fprintf(t->err, "%s, klips-compat %s\n", t->prog, KLIPS_COMPAT_VERSION);
		return 1;
	}
	if (strcmp(argv[1], "--bundle") == 0)
		return print_bundle(t, argc, argv);
	status = parse_sas(t, r, argc, argv);
	if (status != CMD_CONTINUE)
		return status;
	return run_plan(t, &spigrp_cmd, r, SNAP_ALL | (r->debug ? RUN_DEBUG | RUN_SAY_STEPS : 0));
}

int spigrp_main(int argc, char **argv, const struct cmd_io *io)
{
	struct grp_req r = { 0 };
	struct tool t;
	int status;

	/* Keys are read back from the kernel when a member changes mode. */
	secrets_hold();
	tool_init(&t, argc > 0 ? argv[0] : "spigrp", io, true);
	status = parse_prefix(&t, &r, &argc, &argv);
	if (status == CMD_CONTINUE)
		status = dispatch(&t, &r, argc, argv);
	tool_free(&t);
	return status;
}
