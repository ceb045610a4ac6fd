// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec eroute: the Openswan 2.6.38 command line, answered on XFRM.
 * Options are read strictly left to right and validated at once, with the
 * legacy messages; then the checks the original made after its option
 * loop, in its order; then the request becomes a plan of kernel operations
 * (live policies and the inert record that owns them), executed as a unit.
 * Unlike spi, eroute exits 1 for usage errors and prints its usage on stdout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/lgetopt.h"
#include "compat/msg.h"
#include "compat/number.h"
#include "src/cmd_eroute.h"
#include "src/commands.h"
#include "src/explain.h"
#include "src/planner.h"
#include "src/run.h"
#include "src/tool.h"


/* Openswan 2.6.38's table; the order decides ambiguity messages. */
static const struct lopt eroute_opts[] = {
	{ "dst", 1, 'D' }, { "src", 1, 'S' }, { "eraf", 1, 'f' },
	{ "add", 0, 'a' }, { "addin", 0, 'A' }, { "replace", 0, 'r' },
	{ "replacein", 0, 'E' }, { "clear", 0, 'c' }, { "del", 0, 'd' },
	{ "af", 1, 'i' }, { "edst", 1, 'e' }, { "proto", 1, 'p' },
	{ "transport-proto", 1, 'P' }, { "src-port", 1, 'Q' }, { "dst-port", 1, 'R' },
	{ "help", 0, 'h' }, { "spi", 1, 's' }, { "said", 1, 'I' },
	{ "version", 0, 'v' }, { "label", 1, 'l' }, { "optionsfrom", 1, '+' },
	{ "debug", 0, 'g' },
	/* ours */
	{ "explain", 0, 'x' },
	{ NULL, 0, 0 },
};

/* What the original parsed, with the words it came from (for messages). */
struct er_args {
	struct eroute_req req;
	int eraf, said_af;
	const char *eraf_opt, *said_af_opt, *edst_opt, *spi_opt, *proto_opt, *said_opt;
	const char *src_opt, *dst_opt, *tproto_opt, *sport_opt, *dport_opt;
	uint16_t sport, dport;
	int argcount;			/* the legacy "no arguments" count */
};

/* --- help and version ------------------------------------------------------ */

static void usage(const struct tool *t, FILE *f)
{
	fprintf(f, "%s: usage (klips-compat, Openswan 2.6 syntax):\n", t->prog);
	fputs(
"  <flow> is --eraf <inet | inet6> --src <addr>/<bits | mask> --dst <addr>/<bits | mask>\n"
"            [--transport-proto <proto>] [--src-port <port>] [--dst-port <port>]\n"
"  <SA> is   --af <inet | inet6> --edst <dstaddr> --spi <spi> --proto <ah | esp | comp | tun>\n"
"       or   --said <proto><.|:><spi>@<dstaddr>\n"
"       or   --said <%pass | %drop | %reject | %hold | %trap | %trapsubnet>\n"
"eroute\n"
"        list the eroutes (the /proc/net/ipsec_eroute view)\n"
"eroute --add <flow> <SA>\n"
"        send the flow through the SA, or the group it is the first SA of;\n"
"        %pass sends it in clear, %drop drops it, %reject drops it and answers\n"
"        ICMP admin-prohibited, %hold drops it, %trap asks the IKE daemon for SAs\n"
"eroute --replace <flow> <SA>\n"
"        give an existing eroute another SA\n"
"eroute --addin <flow> <SA>\n"
"eroute --replacein <flow> <SA>\n"
"        accept the flow (remote to local) arriving through the tunnel group <SA>\n"
"eroute --del <flow>\n"
"        remove the eroute of exactly this flow\n"
"eroute --clear\n"
"        remove every eroute (policies made by other programs stay)\n"
"eroute --help | --version\n"
"Options for every command:\n"
"  --label <label>       messages start with \"<program> --label <label>\"\n"
"  --debug               say what is sent to the kernel\n"
"  --explain             print the equivalent `ip xfrm policy` and `ip rule` commands;\n"
"                        change nothing\n"
"  --optionsfrom <file>  read more options from <file>\n", f);
}

/* Like every command of ours; the original's was not prefixed by --label either. */
static void version(const struct tool *t)
{
	fprintf(t->out, "%s, klips-compat %s\n", t->argv0, KLIPS_COMPAT_VERSION);
}

/* --- option parsing ----------------------------------------------------------- */

static int only_one(const struct tool *t, struct er_args *a, enum eroute_action act)
{
	if (a->req.action != EROUTE_NONE) {
		/* The original's --clear and --del cases kept the older text. */
		bool old = act == EROUTE_CLEAR || act == EROUTE_DEL;

		tool_error(t, "Only one of '--add', '--addin', '--replace', %s'--clear', or '--del' options permitted.",
			   old ? "" : "'--replacein', ");
		return 1;
	}
	a->req.action = act;
	return CMD_CONTINUE;
}

/*
 * --af or --eraf: given once (*opt remembers the word). After --said the
 * SAID's family is known and any word is taken, as before.
 */
static int opt_family(const struct tool *t, const char *what, const char *arg,
		      const char **opt, int *af)
{
	if (*opt) {
		tool_error(t, "Error, address family of %s redefined:%s, already defined as:%s",
			   what, arg, *opt);
		return 1;
	}
	*opt = arg;
	if (strcmp(arg, "inet") == 0)
		*af = AF_INET;
	else if (strcmp(arg, "inet6") == 0)
		*af = AF_INET6;
	if (*af == 0) {
		tool_error(t, "Invalid address family parameter for %s: %s", what, arg);
		return 1;
	}
	return CMD_CONTINUE;
}

/* "Error, X parameter redefined:..." for one of the four SA parts. */
static int sa_part_redefined(const struct tool *t, const struct er_args *a, const char *what,
			     const char *arg, const char *prev)
{
	if (a->said_opt) {
		tool_error(t, "Error, %s parameter redefined:%s, already defined in SA:%s", what, arg, a->said_opt);
		return 1;
	}
	if (prev) {
		tool_error(t, "Error, %s parameter redefined:%s, already defined as:%s", what, arg, prev);
		return 1;
	}
	return CMD_CONTINUE;
}

static int opt_edst(const struct tool *t, struct er_args *a, const char *arg)
{
	const char *err;

	if (sa_part_redefined(t, a, "EDST", arg, a->edst_opt) != CMD_CONTINUE)
		return 1;
	err = addr_parse(arg, a->said_af, t->res, &a->req.said.dst);
	if (err) {
		tool_error(t, "Error, %s converting --edst argument:%s", err, arg);
		return 1;
	}
	a->edst_opt = arg;
	return CMD_CONTINUE;
}

static int opt_spi(const struct tool *t, struct er_args *a, const char *arg)
{
	uint64_t v;

	if (sa_part_redefined(t, a, "SPI", arg, a->spi_opt) != CMD_CONTINUE)
		return 1;
	if (!legacy_strtoul_all(arg, &v)) {
		tool_error(t, "Invalid character in SPI parameter: %s", arg);
		return 1;
	}
	a->req.said.spi = (uint32_t)v;
	if (a->req.said.spi < 0x100) {
		tool_error(t, "Illegal reserved spi: %s => 0x%x Must be larger than 0x100.", arg,
			   a->req.said.spi);
		return 1;
	}
	a->spi_opt = arg;
	return CMD_CONTINUE;
}

static int opt_proto(const struct tool *t, struct er_args *a, const char *arg)
{
	if (sa_part_redefined(t, a, "PROTO", arg, a->proto_opt) != CMD_CONTINUE)
		return 1;
	a->req.said.proto = said_proto_parse(arg);	/* ah esp comp tun; not int */
	if (!a->req.said.proto) {
		tool_error(t, "Invalid PROTO parameter: %s", arg);
		return 1;
	}
	a->proto_opt = arg;
	return CMD_CONTINUE;
}

static uint32_t byteswap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

/* "Error, X parameter redefined in SA:..." when X came before --said. */
static bool said_conflict(const struct tool *t, const char *what, const char *arg,
			  const char *prev)
{
	if (prev)
		tool_error(t, "Error, %s parameter redefined in SA:%s, already defined as:%s", what, arg, prev);
	return prev != NULL;
}

static int opt_said(const struct tool *t, struct er_args *a, const char *arg)
{
	const char *err;

	if (a->said_opt) {
		tool_error(t, "Error, SAID parameter redefined:%s, already defined in SA:%s", arg, a->said_opt);
		return 1;
	}
	if (said_conflict(t, "PROTO", arg, a->proto_opt) || said_conflict(t, "EDST", arg, a->edst_opt) ||
	    said_conflict(t, "SPI", arg, a->spi_opt) ||
	    said_conflict(t, "address family", arg, a->said_af_opt))
		return 1;
	err = said_parse(arg, t->res, &a->req.said);
	if (err) {
		tool_error(t, "Error, %s converting --sa argument:%s", err, arg);
		return 1;
	}
	if (a->req.said.spi < 0x100) {
		/* The original printed the SPI in network byte order here. */
		tool_error(t, "Illegal reserved spi: %s => 0x%x Must be larger than or equal to 0x100.",
			   arg, byteswap32(a->req.said.spi));
		return 1;
	}
	a->said_af = a->req.said.dst.family;
	a->said_opt = arg;
	return CMD_CONTINUE;
}

static int opt_subnet(const struct tool *t, struct er_args *a, const char *name, const char *arg,
		      const char **prev, struct ip_subnet *out)
{
	const char *err;

	if (*prev) {
		tool_error(t, "Error, --%s parameter redefined:%s, already defined as:%s", name, arg, *prev);
		return 1;
	}
	err = subnet_parse(arg, a->eraf, t->res, out);
	if (err) {
		tool_error(t, "Error, %s converting --%s argument: %s", err, name, arg);
		return 1;
	}
	*prev = arg;
	return CMD_CONTINUE;
}

/* --transport-proto, --src-port, --dst-port: kept as text until the checks. */
static int opt_later(const struct tool *t, const char *name, const char *arg, const char **prev)
{
	if (*prev) {
		tool_error(t, "Error, --%s parameter redefined:%s, already defined as:%s", name, arg, *prev);
		return 1;
	}
	*prev = arg;
	return CMD_CONTINUE;
}

static int parse_one(struct tool *t, struct er_args *a, int c, struct lgetopt *g,
		     struct arena *ar)
{
	const char *arg = g->optarg;

	switch (c) {
	case 'g':
		a->req.debug = true;
		a->argcount--;
		return CMD_CONTINUE;
	case 'x':
		a->req.explain = true;
		return CMD_CONTINUE;
	case 'a':
		return only_one(t, a, EROUTE_ADD);
	case 'A':
		return only_one(t, a, EROUTE_ADDIN);
	case 'r':
		return only_one(t, a, EROUTE_REPLACE);
	case 'E':
		return only_one(t, a, EROUTE_REPLACEIN);
	case 'c':
		return only_one(t, a, EROUTE_CLEAR);
	case 'd':
		return only_one(t, a, EROUTE_DEL);
	case 'e':
		return opt_edst(t, a, arg);
	case 's':
		return opt_spi(t, a, arg);
	case 'p':
		return opt_proto(t, a, arg);
	case 'I':
		return opt_said(t, a, arg);
	case 'h':
		usage(t, t->out);
		return 1;
	case 'v':
		version(t);
		return 1;
	case 'D':
		return opt_subnet(t, a, "dst", arg, &a->dst_opt, &a->req.dst);
	case 'S':
		return opt_subnet(t, a, "src", arg, &a->src_opt, &a->req.src);
	case 'P':
		return opt_later(t, "transport-proto", arg, &a->tproto_opt);
	case 'Q':
		return opt_later(t, "src-port", arg, &a->sport_opt);
	case 'R':
		return opt_later(t, "dst-port", arg, &a->dport_opt);
	case 'l':
		if (tool_set_label(t, t->argv0, arg) < 0) {
			tool_error(t, "Memory allocation error.");
			return 1;
		}
		a->argcount -= 2;
		return CMD_CONTINUE;
	case 'i':
		return opt_family(t, "SAID", arg, &a->said_af_opt, &a->said_af);
	case 'f':
		return opt_family(t, "eroute", arg, &a->eraf_opt, &a->eraf);
	case '+':
		return tool_optionsfrom(t, g, arg, ar);
	}
	return 1;
}

static int parse_options(struct tool *t, struct er_args *a, int argc, char **argv,
			 struct arena *ar)
{
	struct lgetopt g;
	int c;

	a->argcount = argc;
	lgetopt_init(&g, argc, argv);
	while ((c = lgetopt_next(&g, eroute_opts)) != -1) {
		int ret;

		if (c == '?') {
			/* glibc names argv[0], the usage the label too */
			fprintf(t->err, "%s: %s\n", t->argv0, g.msg);
			usage(t, t->out);
			return 1;
		}
		ret = parse_one(t, a, c, &g, ar);
		if (ret != CMD_CONTINUE)
			return ret;
	}
	if (a->req.debug)
		fprintf(t->out, "%s: DEBUG: argc=%d\n", t->prog, g.argc);
	return CMD_CONTINUE;
}

/* --- checks after parsing, in the original's order -------------------------------- */

/* The original's action_type numbers, for its DEBUG line. */
static int legacy_action_number(enum eroute_action act)
{
	static const int numbers[] = {
		[EROUTE_NONE] = 0, [EROUTE_ADD] = 5, [EROUTE_DEL] = 6, [EROUTE_CLEAR] = 10,
		[EROUTE_REPLACE] = 12, [EROUTE_ADDIN] = 14, [EROUTE_REPLACEIN] = 15,
	};

	return numbers[act];
}

static int check_transport(const struct tool *t, struct er_args *a, const struct netdb *db)
{
	struct eroute_req *r = &a->req;
	bool given = false;

	if (a->tproto_opt) {
		switch (transport_proto_parse(a->tproto_opt, db, &r->proto, &given)) {
		case TRANSPORT_OK:
			break;
		case TRANSPORT_BAD_CHAR:
			tool_error(t, "Invalid character in --transport-proto parameter: %s", a->tproto_opt);
			return 1;
		case TRANSPORT_RANGE:
			tool_error(t, "--transport-proto parameter: %s must be in the range 0 to 255 inclusive",
				   a->tproto_opt);
			return 1;
		}
	}
	r->proto_given = given;
	if ((a->sport_opt || a->dport_opt) && (!given || (r->proto != 6 && r->proto != 17))) {
		tool_error(t, "--transport-proto with either UDP or TCP must be specified if --src-port or --dst-port is used");
		return 1;
	}
	return CMD_CONTINUE;
}

static int check_port(const struct tool *t, const char *name, const char *arg,
		      const struct netdb *db, uint16_t *port)
{
	if (!arg)
		return CMD_CONTINUE;
	switch (transport_port_parse(arg, db, port)) {
	case TRANSPORT_OK:
		break;
	case TRANSPORT_BAD_CHAR:
		tool_error(t, "Invalid character in --%s parameter: %s", name, arg);
		return 1;
	case TRANSPORT_RANGE:
		/* Said, then carried on with the port cut to 16 bits. */
		tool_error(t, "--%s parameter: %s must be in the range 0 to 65535 inclusive", name, arg);
		break;
	}
	return CMD_CONTINUE;
}

static int check_action(const struct tool *t, const struct er_args *a)
{
	enum eroute_action act = a->req.action;
	const char *word = act == EROUTE_ADD ? "add" : "del";

	switch (act) {
	case EROUTE_ADD:
	case EROUTE_ADDIN:
	case EROUTE_REPLACE:
	case EROUTE_REPLACEIN:
		if (!(a->said_af_opt && a->edst_opt && a->spi_opt && a->proto_opt) && !a->said_opt) {
			tool_error(t, "add and addin options must have SA specified.");
			return 1;
		}
		/* fall through */
	case EROUTE_DEL:
		if (!a->src_opt) {
			tool_error(t, "Error -- %s option '--src' is required.", word);
			return 1;
		}
		if (!a->dst_opt) {
			tool_error(t, "Error -- %s option '--dst' is required.", word);
			return 1;
		}
		return CMD_CONTINUE;
	case EROUTE_CLEAR:
		return CMD_CONTINUE;
	case EROUTE_NONE:
		break;
	}
	fprintf(t->err, "%s: exactly one of '--add', '--addin', '--replace', '--del' or '--clear' options must be specified.\n"
		"Try %s --help' for usage information.\n", t->prog, t->prog);
	return 1;
}

/*
 * The flow the kernel gets, as the original built its PF_KEY message: the
 * ports of --src-port/--dst-port only with --eraf (else a port written in
 * the subnet text stays, with no port mask), the port mask full when the
 * port is not 0.
 */
static void build_flow(struct er_args *a)
{
	struct eroute_req *r = &a->req;

	if (!a->eraf)
		return;
	r->src.port = a->sport;
	r->dst.port = a->dport;
	r->sport_mask = a->sport != 0;
	r->dport_mask = a->dport != 0;
}

/* Checks of ours: what KLIPS took and an XFRM policy cannot hold. */
static int check_xfrm(const struct tool *t, const struct er_args *a)
{
	const struct eroute_req *r = &a->req;

	if (r->action == EROUTE_CLEAR)
		return CMD_CONTINUE;
	if (r->src.addr.family != r->dst.addr.family) {
		tool_error(t, "--src %s and --dst %s are of different address families: an XFRM policy selector has one",
			   a->src_opt, a->dst_opt);
		return 1;
	}
	return CMD_CONTINUE;
}

static int check_request(const struct tool *t, struct er_args *a, const struct netdb *db)
{
	struct eroute_req *r = &a->req;

	if (r->debug)
		fprintf(t->out, "%s: DEBUG: action_type=%d\n", t->prog, legacy_action_number(r->action));
	if (check_transport(t, a, db) != CMD_CONTINUE ||
	    check_port(t, "src-port", a->sport_opt, db, &a->sport) != CMD_CONTINUE ||
	    check_port(t, "dst-port", a->dport_opt, db, &a->dport) != CMD_CONTINUE ||
	    check_action(t, a) != CMD_CONTINUE)
		return 1;
	build_flow(a);
	return check_xfrm(t, a);
}

/* --- the kernel side: checks against the snapshot, the plan, failures ------------- */

static enum msg_eroute_kind msg_kind(enum eroute_action act)
{
	switch (act) {
	case EROUTE_DEL:
		return MSG_EROUTE_DEL;
	case EROUTE_ADDIN:
	case EROUTE_REPLACEIN:
		return MSG_EROUTE_INBOUND;
	case EROUTE_CLEAR:
		return MSG_EROUTE_CLEAR;
	default:
		return MSG_EROUTE_ADD;
	}
}

/* The original's two lines for a PF_KEY write that failed with err. */
static void report_write(const struct tool *t, enum eroute_action act, int err)
{
	char buf[256];

	tool_error(t, "pfkey write failed, returning -1 with errno=%d.", err);
	fprintf(t->err, "%s\n", msg_eroute_write_error(err, msg_kind(act), t->root, buf, sizeof(buf)));
}

static bool is_inbound(enum eroute_action act)
{
	return act == EROUTE_ADDIN || act == EROUTE_REPLACEIN;
}

/* The record the request is about: its kind and flow, and the SA. */
static void request_eroute(const struct eroute_req *r, struct eroute *e)
{
	struct selector *s = &e->sel;

	memset(e, 0, sizeof(*e));
	e->kind = is_inbound(r->action) ? ER_IN : ER_OUT;
	e->said = r->said;
	s->src = r->src.addr;
	s->dst = r->dst.addr;
	s->src_len = r->src.bits;
	s->dst_len = r->dst.bits;
	s->proto = r->proto_given ? r->proto : 0;
	s->sport = r->src.port;
	s->dport = r->dst.port;
	s->sport_mask = r->sport_mask ? 0xffff : 0;
	s->dport_mask = r->dport_mask ? 0xffff : 0;
}

/* KLIPS' radix key: the flow's addresses, protocol and ports, without the masks. */
static bool same_key(const struct selector *x, const struct selector *y)
{
	return addr_equal(&x->src, &y->src) && addr_equal(&x->dst, &y->dst) &&
	       x->proto == y->proto && x->sport == y->sport && x->dport == y->dport;
}

/*
 * What KLIPS answered for a flow that is not there: EFAULT when no eroute
 * has its key, ENOENT when one has the key with other masks.
 */
static int missing_errno(const struct snapshot *s, const struct eroute *e)
{
	for (size_t i = 0; i < s->neroutes; i++)
		if (s->eroutes[i].kind == ER_OUT && same_key(&s->eroutes[i].sel, &e->sel))
			return ENOENT;
	return EFAULT;
}

static void flow_text(const struct eroute *e, char *buf, size_t len)
{
	struct ip_subnet a = { .addr = e->sel.src, .bits = e->sel.src_len };
	struct ip_subnet b = { .addr = e->sel.dst, .bits = e->sel.dst_len };
	char x[SUBNET_BUF], y[SUBNET_BUF];

	snprintf(buf, len, "%s -> %s", subnet_format(&a, x), subnet_format(&b, y));
}

static int check(const struct tool *t, const struct snapshot *s, const void *req)
{
	const struct eroute_req *r = req;
	struct eroute e;
	char flow[2 * SUBNET_BUF + 8], said[SAID_BUF];
	int err;

	request_eroute(r, &e);
	flow_text(&e, flow, sizeof(flow));
	switch (r->action) {
	case EROUTE_ADD:
		if (!snapshot_eroute(s, ER_OUT, &e.sel))
			break;
		report_write(t, r->action, EEXIST);
		tool_error(t, "the eroute %s exists; --replace changes it", flow);
		return 1;
	case EROUTE_REPLACE:
	case EROUTE_DEL:
		if (snapshot_eroute(s, ER_OUT, &e.sel))
			break;
		err = missing_errno(s, &e);
		report_write(t, r->action, err);
		tool_error(t, "there is no eroute %s%s (`ipsec eroute` lists them)", flow,
			   err == ENOENT ? " with these masks" : "");
		return 1;
	case EROUTE_ADDIN:
	case EROUTE_REPLACEIN:
		if (eroute_inbound_group(s, &e.said))
			return CMD_CONTINUE;
		report_write(t, r->action, ENOENT);
		tool_error(t, "%s is in no group with a tun SA (spigrp makes one)",
			   said_format(&e.said, '0', said));
		return 1;
	default:
		break;
	}
	/* A flow to an SA that does not exist is taken silently, as KLIPS did. */
	return CMD_CONTINUE;
}

static int build(const struct snapshot *s, const void *req, struct plan *p)
{
	const struct eroute_req *r = req;
	struct eroute e;

	request_eroute(r, &e);
	switch (r->action) {
	case EROUTE_ADD:
	case EROUTE_ADDIN:
		return plan_eroute_add(p, s, &e, false);
	case EROUTE_REPLACE:
	case EROUTE_REPLACEIN:
		return plan_eroute_add(p, s, &e, true);
	case EROUTE_DEL:
		return plan_eroute_del(p, s, &e);
	case EROUTE_CLEAR:
		return plan_eroute_clear(p, s);
	case EROUTE_NONE:
		break;
	}
	return -EINVAL;
}

/* The kernel's errno as the one KLIPS would have returned. */
static int legacy_errno(int err)
{
	return err == EPERM ? EACCES : err;
}

static void report(const struct tool *t, const void *req, const struct plan *p,
		   const struct plan_failure *f)
{
	const struct eroute_req *r = req;
	char *step = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&step, &len);

	report_write(t, r->action, legacy_errno(f->err));
	if (mem) {
		op_describe(plan_op(p, f->op), mem);
		fclose(mem);
	}
	if (f->err == EEXIST && plan_op(p, f->op)->kind == OP_POLICY_ADD)
		tool_error(t, "a policy that eroute did not make has this flow (`ip xfrm policy`): %s",
			   step ? step : "");
	else if (f->err == EPERM || f->err == EACCES)
		tool_error(t, "changing XFRM policies needs CAP_NET_ADMIN in this network namespace: run as root");
	else
		tool_error(t, "the kernel refused %s: %s", step ? step : "a step",
			   *f->extack ? f->extack : strerror(f->err));
	free(step);
	if (f->undo_err)
		tool_error(t, "could not undo an earlier step (%s); check `ip xfrm policy` and `ip rule`",
			   strerror(f->undo_err));
}

static const struct plan_cmd eroute_cmd = { .check = check, .build = build, .report = report };

static int execute(const struct tool *t, const struct eroute_req *r)
{
	unsigned int flags = SNAP_SAS | SNAP_RECORDS;

	if (r->explain)
		flags |= RUN_EXPLAIN | RUN_OFFLINE;
	if (r->debug)
		flags |= RUN_DEBUG;
	return run_plan(t, &eroute_cmd, r, flags);
}

/* --- the command ------------------------------------------------------------------- */

int eroute_run(int argc, char **argv, const struct cmd_io *io, const struct netdb *db)
{
	struct tool t;
	struct er_args *a = calloc(1, sizeof(*a));
	struct arena ar = { .n = 0 };
	int status;

	tool_init(&t, argc > 0 ? argv[0] : "eroute", io, false);
	if (!a) {
		tool_error(&t, "Memory allocation error.");
		return 1;
	}
	status = parse_options(&t, a, argc, argv, &ar);
	if (status == CMD_CONTINUE && a->argcount == 1)
		status = tool_print_listing(&t, LISTING_EROUTE);
	if (status == CMD_CONTINUE)
		status = check_request(&t, a, db);
	if (status == CMD_CONTINUE)
		status = execute(&t, &a->req);
	free(a);
	arena_free(&ar);
	tool_free(&t);
	return status;
}

int eroute_main(int argc, char **argv, const struct cmd_io *io)
{
	return eroute_run(argc, argv, io, netdb_system());
}
