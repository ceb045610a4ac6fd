// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel failures told the legacy way: the PF_KEY-era message (text and
 * errno chosen as KLIPS would have), then one line of ours that says what
 * to do about it (which module to load, that CAP_NET_ADMIN is needed...).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/msg.h"
#include "src/report.h"

/* The legacy text that fits an XFRM errno best. */
static int legacy_errno(int err, enum op_kind kind)
{
	switch (err) {
	case ENOENT:
		/* A missing policy (our records) is a missing SA. */
		return kind == OP_RECORD_DEL ? ESRCH : err;
	case ENOSYS:
	case EPROTONOSUPPORT:
		return ESOCKTNOSUPPORT;
	case EPERM:
		return EACCES;
	}
	return err;
}

static const char *proto_module(uint8_t proto, int family)
{
	bool v6 = family == AF_INET6;

	switch (proto) {
	case SA_ESP:
		return v6 ? "esp6" : "esp4";
	case SA_AH:
		return v6 ? "ah6" : "ah4";
	case SA_COMP:
		return v6 ? "ipcomp6" : "ipcomp";
	}
	return "xfrm_user";
}

/* "cbc(des3_ede)" -> "des3_ede", "hmac(sha1)" -> "sha1". */
static void alg_module(const char *kernel_name, char *buf, size_t len)
{
	const char *open = strrchr(kernel_name, '(');
	const char *s = open ? open + 1 : kernel_name;
	size_t n = strcspn(s, ")");

	snprintf(buf, len, "%.*s", (int)n, s);
}

static const char *missing_alg(const struct op *op, const char *extack)
{
	if (strstr(extack, "CRYPT") && op->sa.enc[0])
		return op->sa.enc;
	if (strstr(extack, "AUTH") && op->sa.auth[0])
		return op->sa.auth;
	if (strstr(extack, "COMP") && op->sa.comp[0])
		return op->sa.comp;
	return op->sa.enc[0] ? op->sa.enc : op->sa.auth[0] ? op->sa.auth : op->sa.comp;
}

static const struct said *op_said(const struct op *op)
{
	switch (op->kind) {
	case OP_SA_ADD:
		return &op->sa.id;
	case OP_SA_DEL:
	case OP_SA_REMODE:
		return &op->id;
	case OP_RECORD_ADD:
	case OP_RECORD_DEL:
		return &op->rec.head;
	case OP_EROUTE_ADD:
	case OP_EROUTE_UPD:
	case OP_EROUTE_DEL:
		return &op->er.said;
	default:
		break;
	}
	return NULL;
}

static void print_link_hint(const struct tool *t, const struct op *op, int err, const char *extack)
{
	const struct link *l = &op->link;

	if (err == EPERM || err == EACCES) {
		tool_error(t, "changing network devices needs CAP_NET_ADMIN in this network namespace: run as root");
		return;
	}
	if (op->kind == OP_LINK_DEL) {
		tool_error(t, "the kernel refused to delete %s: %s", l->name, *extack ? extack : strerror(err));
		return;
	}
	if (l->kind == LINK_XFRM)
		tool_error(t, "the kernel refused to make %s (xfrm interface%s%s, if_id 0x%x): %s", l->name,
			   op->phys[0] ? " on " : "", op->phys, l->if_id, *extack ? extack : strerror(err));
	else
		tool_error(t, "the kernel refused to make %s (dummy device): %s%s", l->name,
			   *extack ? extack : strerror(err),
			   err == EOPNOTSUPP ? " (modprobe dummy)" : "");
}

static void print_hint(const struct tool *t, const struct op *op, int err, const char *extack)
{
	const struct said *id = op_said(op);
	char said[SAID_BUF] = "the SA", mod[64];
	uint8_t proto;

	if (id)
		said_format(id, '0', said);
	if (op->kind == OP_LINK_ADD || op->kind == OP_LINK_DEL) {
		print_link_hint(t, op, err, extack);
		return;
	}
	if (op->kind == OP_SA_REMODE) {
		tool_error(t, "the kernel refused to re-create %s in %s mode: %s", said,
			   op->mode == SA_MODE_TUNNEL ? "tunnel" : "transport",
			   *extack ? extack : strerror(err));
		return;
	}
	switch (err) {
	case EEXIST:
		if (op->kind == OP_RECORD_ADD && op->rec.kind == RECORD_GROUP)
			tool_error(t, "%s already heads a group; ungroup it first (spigrp with that one SA)", said);
		else
			tool_error(t, "%s already exists; remove it first with --del", said);
		break;
	case ESRCH:
		tool_error(t, "%s does not exist (`ipsec spi` lists the SAs there are)", said);
		break;
	case EPERM:
	case EACCES:
		tool_error(t, "changing IPsec SAs needs CAP_NET_ADMIN in this network namespace: run as root");
		break;
	case EPROTONOSUPPORT:
		/* a flush names a protocol (or none), not an SA */
		proto = id ? id->proto : op->kind == OP_SA_FLUSH ? op->proto : 0;
		tool_error(t, "the kernel has no %s transform (%s): load it with `modprobe %s`",
			   said_proto_name(proto) ?: "IPsec",
			   *extack ? extack : "Requested type not found",
			   proto_module(proto, id ? id->dst.family : AF_INET));
		break;
	case ENOSYS:
		alg_module(missing_alg(op, extack), mod, sizeof(mod));
		tool_error(t, "the kernel has no %s (%s): load its module, e.g. `modprobe %s`",
			   missing_alg(op, extack), *extack ? extack : "algorithm not found", mod);
		break;
	case EINVAL:
		tool_error(t, "the kernel refused %s: %s", said,
			   *extack ? extack : "invalid parameters (see the kernel log)");
		break;
	default:
		tool_error(t, "the kernel refused %s: %s", said, *extack ? extack : strerror(err));
	}
}

void report_legacy_write(const struct tool *t, int err, int legacy)
{
	char buf[256];

	if (t->spigrp) {
		/* Openswan 2.6's spigrp printed this line twice. */
		for (int i = 0; i < 2; i++)
			tool_error(t, "pfkey write failed, returning -1 with errno=%d.", err);
		fprintf(t->err, "%s\n", msg_spigrp_write_error(legacy, t->root, buf, sizeof(buf)));
	} else {
		tool_error(t, "pfkey write failed (errno=%d): %s", err,
			   msg_write_error(legacy, t->root, buf, sizeof(buf)));
	}
}

void report_plan_failure(const struct tool *t, const struct plan *p,
			 const struct plan_failure *f)
{
	const struct op *op = plan_op(p, f->op);

	if (t->legacy)
		t->legacy->request_failed(t, t->legacy->ctx, op, f->err);
	else
		report_legacy_write(t, f->err, legacy_errno(f->err, op->kind));
	print_hint(t, op, legacy_errno(f->err, op->kind) == ESRCH ? ESRCH : f->err, f->extack);
	if (f->undo_err)
		tool_error(t, "could not undo an earlier step (%s); check `ip xfrm state` and `ip xfrm policy`",
			   strerror(f->undo_err));
}

static int legacy_open_errno(int err)
{
	switch (err) {
	case EPROTONOSUPPORT:
		return EAFNOSUPPORT;
	case EPERM:
		return EACCES;
	}
	return err;
}

void report_open_failure(const struct tool *t, int err)
{
	int legacy = legacy_open_errno(err);
	char buf[256];
	const char *text = msg_socket_error(legacy, t->root, buf, sizeof(buf));

	if (t->legacy && t->legacy->open_failed) {
		t->legacy->open_failed(t, t->legacy->ctx, err);
	} else {
		if (t->spigrp && legacy == ENOENT)
			text = "device does not exist.  See FreeS/WAN installation procedure.";
		tool_error(t, "Trouble opening PF_KEY family socket with error: %s", text);
	}
	if (err == EPROTONOSUPPORT || err == EAFNOSUPPORT)
		tool_error(t, "the kernel has no XFRM netlink interface: load it with `modprobe xfrm_user`");
	else if (err == EPERM || err == EACCES)
		tool_error(t, "XFRM needs CAP_NET_ADMIN in this network namespace: run as root");
	else
		tool_error(t, "cannot open the XFRM netlink socket: %s", strerror(err));
}

void report_read_failure(const struct tool *t, const char *what, int err)
{
	if (err == EPERM || err == EACCES)
		tool_error(t, "cannot read %s: %s; reading XFRM needs CAP_NET_ADMIN: run as root",
			   what, strerror(err));
	else if (err == EPROTONOSUPPORT || err == EAFNOSUPPORT)
		tool_error(t, "cannot read %s: the kernel has no XFRM netlink interface (modprobe xfrm_user)", what);
	else
		tool_error(t, "cannot read %s: %s", what, strerror(err));
}


void report_snapshot_failure(const struct tool *t, unsigned int part, int err)
{
	switch (part) {
	case SNAP_RECORDS:
		report_read_failure(t, "the SA groups", err);
		break;
	case SNAP_LOCAL:
		report_read_failure(t, "the local addresses", err);
		break;
	case SNAP_LINKS:
		report_read_failure(t, "the network devices", err);
		break;
	case SNAP_XFRMI:
		report_read_failure(t, "whether the kernel has XFRM interfaces", err);
		break;
	default:
		report_read_failure(t, "the SAs", err);
	}
}

void report_explain_unread(const struct tool *t)
{
	tool_error(t, "reading XFRM needs CAP_NET_ADMIN: explaining as if the kernel held "
		   "no SAs, groups or eroutes");
}
