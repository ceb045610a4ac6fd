// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec eroute: the Openswan 2.6.38 command line, answered on XFRM. The
 * options (src/cmd_eroute_parse.c) fill a request; here come the checks the
 * original made after its option loop, in its order; then the request
 * becomes a plan of kernel operations (live policies and the inert record
 * that owns them), executed as a unit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compat/msg.h"
#include "src/cmd_eroute.h"
#include "src/commands.h"
#include "src/explain.h"
#include "src/planner.h"
#include "src/run.h"
#include "src/tool.h"

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

/* The eroute's policies take the if_id of the ipsecN that reaches its peer (eroute_peer). */
static const struct ip_addr *reaches(const void *req)
{
	const struct eroute_req *r = req;

	return r->said.proto == SA_INT ? &r->dst.addr : &r->said.dst;
}

static const struct plan_cmd eroute_cmd = {
	.check = check, .build = build, .report = report, .reaches = reaches,
};

static int execute(const struct tool *t, const struct eroute_req *r)
{
	unsigned int flags = SNAP_SAS | SNAP_RECORDS | SNAP_ROUTES;

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
	status = eroute_parse(&t, a, argc, argv, &ar);
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
