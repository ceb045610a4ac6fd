// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec tncfg: attach the virtual device ipsecN to a physical device,
 * detach it, detach them all (--clear), or list them. ipsecN is an XFRM
 * interface on the physical device (src/ipsecdev.h); the command line,
 * its messages and exit statuses are Openswan 2.6.38's (getopt_long_only:
 * "-attach" works too), the kernel side is src/planner_link.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/msg.h"
#include "src/cmd_tncfg.h"
#include "src/commands.h"
#include "src/ipsecdev.h"
#include "src/planner.h"
#include "src/run.h"

const struct lopt tncfg_opts[] = {
	{ "virtual", 1, 'V' }, { "physical", 1, 'P' }, { "create", 1, 'C' },
	{ "delete", 1, 'D' }, { "attach", 0, 'a' }, { "detach", 0, 'd' },
	{ "clear", 0, 'c' }, { "help", 0, 'h' }, { "version", 0, 'v' },
	{ "label", 1, 'l' }, { "optionsfrom", 1, '+' }, { "debug", 0, 'g' },
	/* ours */
	{ "explain", 0, 'x' },
	{ NULL, 0, 0 },
};

enum tn_action { TN_NONE, TN_ATTACH, TN_DETACH, TN_CLEAR, TN_CREATE, TN_DELETE };

struct tn_req {
	enum tn_action action;
	const char *virt, *phys;	/* as given ("" when not) */
	const char *name;		/* --create / --delete */
	int n;				/* N of the ipsecN acted on */
	bool debug, explain;
	int argcount;			/* the legacy "no arguments" count */
};

/* --- help and version ------------------------------------------------------ */

static void usage(const struct tool *t, FILE *f)
{
	fprintf(f, "%s: usage (klips-compat, Openswan 2.6 syntax; -option works as --option):\n", t->prog);
	fputs(
"tncfg --attach --virtual ipsecN --physical <physical-device>\n"
"        make ipsecN (N from 0 to 63), an XFRM interface on the physical device:\n"
"        traffic routed into it goes through the eroutes, and what the SAs to\n"
"        and from that device decrypt comes out of it\n"
"tncfg --detach --virtual ipsecN\n"
"        remove ipsecN (routes through it go with it)\n"
"tncfg --clear\n"
"        detach every ipsecN\n"
"tncfg --create ipsecN | --delete ipsecN\n"
"        make ipsecN unattached, or remove it (mastN: accepted, nothing to do)\n"
"tncfg\n"
"        list the ipsecN devices (the /proc/net/ipsec_tncfg view)\n"
"tncfg --help | --version\n"
"Options for every command:\n"
"  --label <label>       messages start with \"<program> --label <label>\"\n"
"  --debug               say what is sent to the kernel\n"
"  --explain             print the equivalent `ip link` and `ip xfrm` commands;\n"
"                        change nothing\n"
"  --optionsfrom <file>  read more options from <file>\n", f);
}

/* --- legacy failure texts ---------------------------------------------------- */

static enum tncfg_request request_of(const struct tn_req *r)
{
	return r->action == TN_ATTACH ? TNCFG_ATTACH :
	       r->action == TN_DETACH ? TNCFG_DETACH : TNCFG_CLEAR;
}

/* "<prog>: Socket ioctl failed on attach -- <text for err>". */
static void ioctl_failed(const struct tool *t, const struct tn_req *r, int err)
{
	char buf[256];

	fprintf(t->err, "%s: Socket ioctl failed on %s -- %s", t->prog,
		msg_tncfg_request(request_of(r)),
		msg_tncfg_ioctl_error(request_of(r), err, r->virt, buf, sizeof(buf)));
}

static void request_failed(const struct tool *t, const void *ctx, const struct op *op, int err)
{
	(void)op;
	ioctl_failed(t, ctx, err);
}

static void open_failed(const struct tool *t, const void *ctx, int err)
{
	char buf[128];
	const char *text;

	(void)ctx;
	text = msg_tncfg_socket_error(err, t->root, buf, sizeof(buf));
	fprintf(t->err, "%s: Socket creation failed -- %s", t->prog, text);
	if (text[strlen(text) - 1] != '\n')
		fputc('\n', t->err);
}

/* --create/--delete: the PF_KEY write's perror. */
static void write_failed(const struct tool *t, const void *ctx, const struct op *op, int err)
{
	(void)ctx;
	(void)op;
	fprintf(t->err, "pfkey write: %s\n", strerror(err));
}

static const struct tool_legacy legacy_ioctl = { request_failed, open_failed, NULL };
static const struct tool_legacy legacy_pfkey = { write_failed, NULL, NULL };

/* --- checks against the snapshot -------------------------------------------- */

/*
 * The virtual device must be an ipsecN of ours or a free ipsecN name. KLIPS
 * answered ENODEV for a device that did not exist and the device's own
 * EOPNOTSUPP for one that was not KLIPS': the same texts, then why.
 */
static int check_virtual(const struct tool *t, const struct snapshot *s, const struct tn_req *r)
{
	const struct link *l = snapshot_link(s, r->virt);
	int n = ipsecdev_number(r->virt);

	if (n >= 0 && (!l || ipsecdev_ours(l) == n))
		return CMD_CONTINUE;
	ioctl_failed(t, r, l ? EOPNOTSUPP : ENODEV);
	if (n < 0)
		tool_error(t, "%s: the virtual devices are ipsec0 to ipsec%d", r->virt, IPSECDEV_MAX - 1);
	else
		tool_error(t, "%s exists and is not tncfg's (an xfrm interface with if_id 0x%x); remove it first",
			   r->virt, ipsecdev_ifid(n));
	return 1;
}

/* What a dummy ipsecN cannot do that an XFRM interface does: one line. */
static void warn_dummy(const struct tool *t, const char *virt)
{
	tool_error(t, "warning: this kernel has no XFRM interfaces (module xfrm_interface): %s is a dummy device; eroutes apply to their traffic whatever its route, and decrypted packets do not show on %s",
		   virt, virt);
}

/* The physical device: the name up to a ':' (an IP alias such as eth0:1 is its device). */
static const struct link *physical(const struct snapshot *s, const char *name)
{
	char dev[LINK_NAME_MAX];
	size_t n = strcspn(name, ":");

	if (n >= sizeof(dev))
		return NULL;
	memcpy(dev, name, n);
	dev[n] = '\0';
	return snapshot_link(s, dev);
}

static int check_attach(const struct tool *t, const struct snapshot *s, const void *req)
{
	const struct tn_req *r = req;
	const struct link *dev, *phys;

	if (check_virtual(t, s, r) != CMD_CONTINUE)
		return 1;
	phys = physical(s, r->phys);
	if (!phys) {
		ioctl_failed(t, r, ENXIO);
		return 1;
	}
	dev = snapshot_ipsecdev(s, ipsecdev_number(r->virt));
	if (dev && snapshot_attached(s, dev)) {
		ioctl_failed(t, r, EBUSY);
		return 1;
	}
	if (ipsecdev_ours(phys) >= 0) {
		ioctl_failed(t, r, EINVAL);
		tool_error(t, "%s is itself a virtual device: attach %s to a physical one", phys->name, r->virt);
		return 1;
	}
	if (!s->xfrmi)
		warn_dummy(t, r->virt);
	return CMD_CONTINUE;
}

/* KLIPS answered ENODEV for a virtual device that was not attached. */
static int check_detach(const struct tool *t, const struct snapshot *s, const void *req)
{
	const struct tn_req *r = req;
	const struct link *dev;

	if (check_virtual(t, s, r) != CMD_CONTINUE)
		return 1;
	dev = snapshot_ipsecdev(s, ipsecdev_number(r->virt));
	if (!dev || !snapshot_attached(s, dev)) {
		ioctl_failed(t, r, ENODEV);
		return 1;
	}
	return CMD_CONTINUE;
}

/* --- plans -------------------------------------------------------------------- */

static int build_attach(const struct snapshot *s, const void *req, struct plan *p)
{
	const struct tn_req *r = req;

	return plan_attach(p, s, ipsecdev_number(r->virt), physical(s, r->phys));
}

static int build_detach(const struct snapshot *s, const void *req, struct plan *p)
{
	return plan_detach(p, s, ipsecdev_number(((const struct tn_req *)req)->virt));
}

static int build_clear(const struct snapshot *s, const void *req, struct plan *p)
{
	(void)req;
	return plan_detach_all(p, s);
}

static int check_create(const struct tool *t, const struct snapshot *s, const void *req)
{
	const struct tn_req *r = req;
	char name[LINK_NAME_MAX];

	if (!s->xfrmi && !snapshot_link(s, ipsecdev_name(r->n, name)))
		warn_dummy(t, name);
	return CMD_CONTINUE;
}

static int build_create(const struct snapshot *s, const void *req, struct plan *p)
{
	return plan_create_dev(p, s, ((const struct tn_req *)req)->n);
}

static int build_delete(const struct snapshot *s, const void *req, struct plan *p)
{
	return plan_delete_dev(p, s, ((const struct tn_req *)req)->n);
}

static const struct plan_cmd attach_cmd = { .check = check_attach, .build = build_attach };
static const struct plan_cmd detach_cmd = { .check = check_detach, .build = build_detach };
static const struct plan_cmd clear_cmd = { .build = build_clear };
static const struct plan_cmd create_cmd = {
	.check = check_create, .build = build_create, .failed_status = 2,
};
static const struct plan_cmd delete_cmd = { .build = build_delete, .failed_status = 2 };

/*
 * What attach and detach read: the devices, the SAs and eroutes they
 * re-create, and the local addresses (the catch-all inbound policies).
 */
#define SNAP_RETAG (SNAP_LINKS | SNAP_SAS | SNAP_RECORDS | SNAP_ROUTES | SNAP_LOCAL)

static unsigned int run_flags(const struct tn_req *r, unsigned int parts)
{
	return parts | (r->debug ? RUN_DEBUG : 0) | (r->explain ? RUN_EXPLAIN | RUN_OFFLINE : 0);
}

/* --- option parsing ------------------------------------------------------------- */

static int set_action(const struct tool *t, struct tn_req *r, enum tn_action a)
{
	if (r->action) {
		fprintf(t->err, "%s: exactly one of \n\t'--attach', '--detach', '--create', '--delete' or '--clear'\noptions must be specified.\n",
			t->prog);
		return 1;
	}
	r->action = a;
	return CMD_CONTINUE;
}

static int parse_one(struct tool *t, void *req, int c, struct lgetopt *g, struct arena *a)
{
	struct tn_req *r = req;
	const char *arg = g->optarg;

	switch (c) {
	case 'g':
		r->debug = true;
		r->argcount--;
		return CMD_CONTINUE;
	case 'a':
		return set_action(t, r, TN_ATTACH);
	case 'd':
		return set_action(t, r, TN_DETACH);
	case 'c':
		return set_action(t, r, TN_CLEAR);
	case 'C':
	case 'D':
		if (set_action(t, r, c == 'C' ? TN_CREATE : TN_DELETE) != CMD_CONTINUE)
			return 1;
		r->name = arg;
		return CMD_CONTINUE;
	case 'V':
		r->virt = arg;
		return CMD_CONTINUE;
	case 'P':
		r->phys = arg;
		return CMD_CONTINUE;
	case 'h':
		usage(t, t->out);
		return 1;
	case 'v':
		fprintf(t->out, "%s, klips-compat %s\n", t->prog, KLIPS_COMPAT_VERSION);
		return 1;
	case 'l':
		return tool_label(t, arg, &r->argcount);
	case '+':
		return tool_optionsfrom(t, g, arg, a);
	case 'x':
		r->explain = true;
		return CMD_CONTINUE;
	}
	return 1;
}

static int unknown_option(const struct tool *t)
{
	usage(t, t->out);
	return 1;
}

static const struct tool_options options = {
	.table = tncfg_opts, .long_only = true, .one = parse_one, .unknown = unknown_option,
};

static int parse(struct tool *t, struct tn_req *r, int argc, char **argv, struct arena *a)
{
	struct lgetopt g;

	r->argcount = argc;
	return tool_parse_options(t, &options, &g, argc, argv, r, a);
}

/*
 * --create / --delete NAME: "mastN" (KLIPS' SAref devices: nothing to do
 * on XFRM) or "ipsecN", as sscanf("%d") read N; anything else exits 5
 * without a word, as the original did.
 */
static int create_delete(struct tool *t, struct tn_req *r)
{
	int n;

	if (sscanf(r->name, "mast%d", &n) == 1)
		return 0;
	if (sscanf(r->name, "ipsec%d", &n) != 1)
		return 5;
	if (n < 0 || n >= IPSECDEV_MAX) {
		tool_error(t, "warning: ipsec%d: the virtual devices are ipsec0 to ipsec%d; nothing done",
			   n, IPSECDEV_MAX - 1);
		return 0;
	}
	r->n = n;
	t->legacy = &legacy_pfkey;
	if (r->action == TN_CREATE)
		return run_plan(t, &create_cmd, r, run_flags(r, SNAP_LINKS | SNAP_XFRMI));
	return run_plan(t, &delete_cmd, r, run_flags(r, SNAP_RETAG));
}

/* The original's checks after the options, in its order; the exit status. */
static int dispatch(struct tool *t, struct tn_req *r)
{
	struct tool_legacy legacy = legacy_ioctl;

	if (r->argcount == 1)
		return tool_print_listing(t, LISTING_TNCFG);
	if (r->action == TN_CREATE || r->action == TN_DELETE)
		return create_delete(t, r);
	switch (r->action) {
	case TN_ATTACH:
		if (!r->phys[0]) {
			tool_error(t, "physical I/F parameter missing.");
			return 1;
		}
		/* fall through */
	case TN_DETACH:
		if (!r->virt[0]) {
			tool_error(t, "virtual I/F parameter missing.");
			return 1;
		}
		break;
	case TN_CLEAR:
		r->virt = "ipsec0";
		break;
	default:
		fprintf(t->err, "%s: exactly one of '--attach', '--detach' or '--clear' options must be specified.\nTry %s --help' for usage information.\n",
			t->prog, t->prog);
		return 1;
	}
	legacy.ctx = r;
	t->legacy = &legacy;
	if (r->action == TN_ATTACH)
		return run_plan(t, &attach_cmd, r, run_flags(r, SNAP_RETAG | SNAP_XFRMI));
	if (r->action == TN_DETACH)
		return run_plan(t, &detach_cmd, r, run_flags(r, SNAP_RETAG));
	return run_plan(t, &clear_cmd, r, run_flags(r, SNAP_RETAG));
}

int tncfg_main(int argc, char **argv, const struct cmd_io *io)
{
	struct tn_req r = { .virt = "", .phys = "" };
	struct arena a = { .n = 0 };
	struct tool t;
	int status;

	tool_init(&t, argc > 0 ? argv[0] : "tncfg", io, false);
	status = parse(&t, &r, argc, argv, &a);
	if (status == CMD_CONTINUE)
		status = dispatch(&t, &r);
	arena_free(&a);
	tool_free(&t);
	return status;
}
