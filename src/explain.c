// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The explainer (src/explain.h): a plan as the `ip xfrm` commands that do
 * the same (--explain), and one line per operation (--debug). Neither ever
 * shows key material.
 */
#include <inttypes.h>

#include "src/explain.h"
#include "src/group.h"
#include "src/snapshot.h"

/* --- descriptions ----------------------------------------------------------- */

static const char *xfrm_proto_name(uint8_t proto)
{
	switch (proto) {
	case SA_AH:
		return "ah";
	case SA_ESP:
		return "esp";
	case SA_COMP:
		return "comp";
	}
	return "?";
}

static void describe_record(const struct record *r, FILE *out)
{
	char said[SAID_BUF], addr[ADDR_BUF];

	if (r->kind == RECORD_TUN) {
		fprintf(out, "tun record %s src %s", said_format(&r->head, 'x', said),
			addr_format(&r->tun_src, addr));
		return;
	}
	struct said m[MEMBERS_MAX];
	int n = record_members(r, m);

	fputs("group record", out);
	for (int i = 0; i < n; i++)
		fprintf(out, " %s", said_format(&m[i], 'x', said));
}

static const char *dir_name(uint8_t dir)
{
	return dir == POLICY_IN ? "in" : dir == POLICY_FWD ? "fwd" : "out";
}

/*
 * "<src> S <dst> D [<proto> P] [sport N] [dport N]", with the words of the
 * tool that takes it (`ip xfrm policy`: src, dst, proto; `ip rule`: from,
 * to, ipproto).
 */
static void describe_selector(const struct selector *s, const char *src, const char *dst,
			      const char *proto, FILE *out)
{
	char a[ADDR_BUF], b[ADDR_BUF];

	fprintf(out, "%s %s/%u %s %s/%u", src, addr_format(&s->src, a), s->src_len,
		dst, addr_format(&s->dst, b), s->dst_len);
	if (s->proto)
		fprintf(out, " %s %u", proto, s->proto);
	if (s->sport_mask)
		fprintf(out, " sport %u", s->sport);
	if (s->dport_mask)
		fprintf(out, " dport %u", s->dport);
}

/* "src S dst D [proto P [sport N] [dport N]]", as `ip xfrm policy` takes it. */
static void describe_flow(const struct selector *s, FILE *out)
{
	describe_selector(s, "src", "dst", "proto", out);
}

static void describe_policy(const struct policy *p, FILE *out)
{
	describe_flow(&p->sel, out);
	fprintf(out, " dir %s priority %u", dir_name(p->dir), p->priority);
	if (p->action == POLICY_BLOCK)
		fputs(" action block", out);
	if (p->tmpl.n) {
		fputc(' ', out);
		bundle_print_words(&p->tmpl, out);
	}
	if (p->if_id)
		fprintf(out, " if_id 0x%x", p->if_id);
}

static void describe_eroute(const struct eroute *e, FILE *out)
{
	char said[SAID_BUF];

	fputs(e->kind == ER_OUT ? "eroute record " : e->kind == ER_IN ? "inbound eroute record " :
	      "marker record ", out);
	describe_flow(&e->sel, out);
	if (e->kind != ER_MARK)
		fprintf(out, " => %s", said_format(&e->said, 'x', said));
}

/* "from S to D [ipproto P] [sport N] [dport N]", as `ip rule` takes it. */
static void describe_rule(const struct fib_rule *r, FILE *out)
{
	describe_selector(&r->sel, "from", "to", "ipproto", out);
	fprintf(out, " pref %u", r->pref);
}

static bool describe_eroute_op(const struct op *op, FILE *out)
{
	static const char *const verbs[] = {
		[OP_POLICY_ADD] = "NEWPOLICY ", [OP_POLICY_UPD] = "UPDPOLICY ",
		[OP_POLICY_DEL] = "DELPOLICY ", [OP_EROUTE_ADD] = "NEWPOLICY ",
		[OP_EROUTE_UPD] = "UPDPOLICY ", [OP_EROUTE_DEL] = "DELPOLICY ",
		[OP_RULE_ADD] = "NEWRULE ", [OP_RULE_DEL] = "DELRULE ",
	};

	switch (op->kind) {
	case OP_POLICY_ADD:
	case OP_POLICY_UPD:
	case OP_POLICY_DEL:
		fputs(verbs[op->kind], out);
		describe_policy(&op->pol, out);
		return true;
	case OP_EROUTE_ADD:
	case OP_EROUTE_UPD:
	case OP_EROUTE_DEL:
		fputs(verbs[op->kind], out);
		describe_eroute(&op->er, out);
		return true;
	case OP_RULE_ADD:
	case OP_RULE_DEL:
		fputs(verbs[op->kind], out);
		describe_rule(&op->rule, out);
		fputs(" prohibit", out);
		return true;
	default:
		return false;
	}
}

void op_describe(const struct op *op, FILE *out)
{
	if (describe_eroute_op(op, out))
		return;

	char said[SAID_BUF], addr[ADDR_BUF];

	switch (op->kind) {
	case OP_SA_ADD:
		fprintf(out, "NEWSA %s src %s mode %s", said_format(&op->sa.id, 'x', said),
			addr_format(&op->sa.src, addr),
			op->sa.mode == SA_MODE_TUNNEL ? "tunnel" : "transport");
		if (op->sa.enc[0])
			fprintf(out, " enc %s/%u", op->sa.enc, op->keys ? (unsigned)op->keys->enc.len * 8 : 0);
		if (op->sa.auth[0])
			fprintf(out, " auth %s/%u", op->sa.auth, op->keys ? (unsigned)op->keys->auth.len * 8 : 0);
		if (op->sa.comp[0])
			fprintf(out, " comp %s", op->sa.comp);
		if (op->sa.replay.window)
			fprintf(out, " replay %u", op->sa.replay.window);
		if (op->sa.if_id)
			fprintf(out, " if_id 0x%x", op->sa.if_id);
		break;
	case OP_SA_DEL:
		fprintf(out, "DELSA %s", said_format(&op->id, 'x', said));
		break;
	case OP_SA_FLUSH:
		fprintf(out, "FLUSHSA proto %s", op->proto ? xfrm_proto_name(op->proto) : "any");
		break;
	case OP_RECORD_ADD:
		fputs("NEWPOLICY ", out);
		describe_record(&op->rec, out);
		break;
	case OP_RECORD_DEL:
		fputs("DELPOLICY ", out);
		describe_record(&op->rec, out);
		break;
	case OP_SA_REMODE:
		fprintf(out, "re-create %s in %s mode, source %s", said_format(&op->id, 'x', said),
			op->mode == SA_MODE_TUNNEL ? "tunnel" : "transport", addr_format(&op->src, addr));
		if (op->if_id)
			fprintf(out, ", if_id 0x%x", op->if_id);
		break;
	case OP_LINK_ADD:
		fprintf(out, "NEWLINK %s %s", op->link.name, op->link.kind == LINK_XFRM ? "xfrm" : "dummy");
		if (op->phys[0])
			fprintf(out, " dev %s", op->phys);
		if (op->link.kind == LINK_XFRM)
			fprintf(out, " if_id 0x%x", op->link.if_id);
		break;
	case OP_LINK_DEL:
		fprintf(out, "DELLINK %s", op->link.name);
		break;
	default:
		break;
	}
}

/* --- `ip xfrm` equivalents -------------------------------------------------- */

static void explain_limits(const struct lifetime *l, FILE *out)
{
	static const char *const names[] = {
		"byte-soft", "byte-hard", "packet-soft", "packet-hard",
		"time-soft", "time-hard", "time-use-soft", "time-use-hard",
	};
	const uint64_t v[] = {
		l->soft_bytes, l->hard_bytes, l->soft_packets, l->hard_packets,
		l->soft_add, l->hard_add, l->soft_use, l->hard_use,
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		bool is_count = i < 4;

		if (is_count ? v[i] != LIMIT_INF : v[i] != 0)
			fprintf(out, " limit %s %" PRIu64, names[i], v[i]);
	}
}

/* `ip xfrm state` flags, in its order; the extra flags after them. */
static void explain_flags(const struct sa_flags *f, FILE *out)
{
	const struct {
		bool on;
		const char *text;
	} v[] = {
		{ f->noecn, " flag noecn" }, { f->decap_dscp, " flag decap-dscp" },
		{ f->nopmtudisc, " flag nopmtudisc" }, { f->wildrecv, " flag wildrecv" },
		{ f->icmp, " flag icmp" }, { f->af_unspec, " flag af-unspec" },
		{ f->align4, " flag align4" }, { f->esn, " flag esn" },
		{ f->dont_encap_dscp, " extra-flag dont-encap-dscp" },
		{ f->oseq_may_wrap, " extra-flag oseq-may-wrap" },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i].on)
			fputs(v[i].text, out);
}

static void explain_sa_add(const struct op *op, FILE *out)
{
	const struct sa_state *sa = &op->sa;
	char d[ADDR_BUF], s[ADDR_BUF];

	fprintf(out, "ip xfrm state add src %s dst %s proto %s spi 0x%08x reqid %u mode %s",
		addr_format(&sa->src, s), addr_format(&sa->id.dst, d),
		xfrm_proto_name(sa->id.proto), sa->id.spi, sa->reqid,
		sa->mode == SA_MODE_TUNNEL ? "tunnel" : "transport");
	if (sa->replay.window)
		fprintf(out, " replay-window %u", sa->replay.window);
	explain_flags(&sa->flags, out);
	if (sa->sel.dst.family) {
		fprintf(out, " sel src %s/%u", addr_format(&sa->sel.src, s), sa->sel.src_len);
		fprintf(out, " dst %s/%u", addr_format(&sa->sel.dst, d), sa->sel.dst_len);
	}
	if (sa->enc[0])
		fprintf(out, " enc '%s' <enckey:%u-bits>", sa->enc,
			op->keys ? (unsigned)op->keys->enc.len * 8 : 0);
	if (sa->auth[0])
		fprintf(out, " auth-trunc '%s' <authkey:%u-bits> %u", sa->auth,
			op->keys ? (unsigned)op->keys->auth.len * 8 : 0, sa->auth_trunc);
	if (sa->comp[0])
		fprintf(out, " comp '%s'", sa->comp);
	if (sa->encap.type)
		fprintf(out, " encap %s %u %u 0.0.0.0",
			sa->encap.type == 1 ? "espinudp-nonike" : "espinudp",
			sa->encap.sport, sa->encap.dport);
	if (sa->if_id)
		fprintf(out, " if_id 0x%x", sa->if_id);
	explain_limits(&sa->lft, out);
	fputc('\n', out);
	if (op->restore)
		fputs("# (the SA's counters and replay state are restored from the old SA)\n", out);
}

static void explain_record(const struct op *op, FILE *out)
{
	const struct record *r = &op->rec;
	char d[ADDR_BUF], s[ADDR_BUF];

	fprintf(out, "# %s ", op->kind == OP_RECORD_ADD ? "add" : "delete");
	describe_record(r, out);
	fputs(": an inert XFRM policy (dir out, the records' reserved if_id, a selector\n"
	      "#   naming the SA that no packet matches), which `ip xfrm` cannot write", out);
	if (r->kind == RECORD_GROUP) {
		fputs("; templates:", out);
		for (int i = 0; i < r->ntmpl; i++) {
			const struct tmpl *t = &r->tmpl[i];

			fprintf(out, "\n#   tmpl proto %s spi 0x%08x mode %s",
				xfrm_proto_name(t->id.proto), t->id.spi,
				t->mode == SA_MODE_TUNNEL ? "tunnel" : "transport");
			if (t->mode == SA_MODE_TUNNEL)
				fprintf(out, " src %s dst %s", addr_format(&t->src, s),
					addr_format(&t->id.dst, d));
		}
	}
	fputc('\n', out);
}

static void explain_link_add(const struct op *op, FILE *out)
{
	const struct link *l = &op->link;

	fprintf(out, "ip link add %s", l->name);
	if (l->kind == LINK_XFRM) {
		fputs(" type xfrm", out);
		if (op->phys[0])
			fprintf(out, " dev %s", op->phys);
		fprintf(out, " if_id 0x%x\n", l->if_id);
		fprintf(out, "ip link set %s alias 'klips-compat tncfg'\n", l->name);
		return;
	}
	fputs(" type dummy\n", out);
	if (l->link)
		fprintf(out, "ip link set %s alias 'klips-compat tncfg link %u'   # %s\n", l->name,
			l->link, op->phys);
	else
		fprintf(out, "ip link set %s alias 'klips-compat tncfg'\n", l->name);
}

/* Policies and rules as `ip` commands; records (inexpressible) as comments. */
static bool explain_eroute_op(const struct op *op, FILE *out)
{
	switch (op->kind) {
	case OP_POLICY_ADD:
	case OP_POLICY_UPD:
		fprintf(out, "ip xfrm policy %s ", op->kind == OP_POLICY_ADD ? "add" : "update");
		describe_policy(&op->pol, out);
		break;
	case OP_POLICY_DEL:
		fputs("ip xfrm policy delete ", out);
		describe_flow(&op->pol.sel, out);
		fprintf(out, " dir %s", dir_name(op->pol.dir));
		if (op->pol.if_id)
			fprintf(out, " if_id 0x%x", op->pol.if_id);
		break;
	case OP_EROUTE_ADD:
	case OP_EROUTE_UPD:
	case OP_EROUTE_DEL:
		fprintf(out, "# %s ", op->kind == OP_EROUTE_ADD ? "add" :
		       op->kind == OP_EROUTE_UPD ? "update" : "delete");
		describe_eroute(&op->er, out);
		fputs(op->er.kind == ER_MARK ?
		      ":\n#   an inert XFRM policy (the eroute records' reserved if_id) that says the IKE\n"
		      "#   bypass policies are eroute's, which `ip xfrm` cannot write" :
		      ":\n#   an inert XFRM policy (the eroute records' reserved if_id) that names the SA\n"
		      "#   and what the eroute owns, which `ip xfrm` cannot write", out);
		break;
	case OP_RULE_ADD:
	case OP_RULE_DEL:
		fprintf(out, "ip rule %s ", op->kind == OP_RULE_ADD ? "add" : "del");
		describe_rule(&op->rule, out);
		fputs(" protocol 75 prohibit", out);
		break;
	default:
		return false;
	}
	fputc('\n', out);
	return true;
}

void plan_explain(const struct plan *p, FILE *out)
{
	char d[ADDR_BUF], said[SAID_BUF];

	for (size_t i = 0; i < plan_len(p); i++) {
		const struct op *op = plan_op(p, i);

		if (explain_eroute_op(op, out))
			continue;
		switch (op->kind) {
		case OP_SA_ADD:
			explain_sa_add(op, out);
			break;
		case OP_SA_DEL:
			fprintf(out, "ip xfrm state delete dst %s proto %s spi 0x%08x\n",
				addr_format(&op->id.dst, d), xfrm_proto_name(op->id.proto), op->id.spi);
			break;
		case OP_SA_FLUSH:
			if (op->proto)
				fprintf(out, "ip xfrm state flush proto %s\n", xfrm_proto_name(op->proto));
			else
				fputs("ip xfrm state flush\n", out);
			break;
		case OP_RECORD_ADD:
		case OP_RECORD_DEL:
			explain_record(op, out);
			break;
		case OP_SA_REMODE:
			fprintf(out, "# XFRM cannot change the mode or if_id of an SA: %s is read back with its keys,\n"
				"# deleted and added again in %s mode (source %s, if_id 0x%x), counters and replay state kept:\n",
				said_format(&op->id, '0', said), op->mode == SA_MODE_TUNNEL ? "tunnel" : "transport",
				addr_format(&op->src, d), op->if_id);
			fprintf(out, "ip xfrm state delete dst %s proto %s spi 0x%08x\n",
				addr_format(&op->id.dst, d), xfrm_proto_name(op->id.proto), op->id.spi);
			fprintf(out, "ip xfrm state add ... mode %s src %s",
				op->mode == SA_MODE_TUNNEL ? "tunnel" : "transport", addr_format(&op->src, d));
			if (op->if_id)
				fprintf(out, " if_id 0x%x", op->if_id);
			fputs(" ...\n", out);
			break;
		case OP_LINK_ADD:
			explain_link_add(op, out);
			break;
		case OP_LINK_DEL:
			fprintf(out, "ip link del %s\n", op->link.name);
			break;
		default:
			break;
		}
	}
}
