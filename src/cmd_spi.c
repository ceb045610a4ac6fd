// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec spi: the Openswan 2.6 command line, answered on XFRM. The options
 * (src/cmd_spi_parse.c) fill a request; here it is checked the way the
 * original checked it (and against what XFRM cannot take), then mapped to
 * planner calls that run_plan executes or explains as a unit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "compat/keycheck.h"
#include "src/cmd_spi.h"
#include "src/commands.h"
#include "src/planner.h"
#include "src/run.h"

#define NATT_DEFAULT_PORT 4500

/* --- checks after parsing ------------------------------------------------------ */

static bool is_add(enum action a)
{
	return a == ACT_AH || a == ACT_ESP || a == ACT_COMP || a == ACT_IP4 || a == ACT_IP6;
}

static uint8_t action_proto(enum action a)
{
	switch (a) {
	case ACT_AH:
		return SA_AH;
	case ACT_ESP:
		return SA_ESP;
	case ACT_COMP:
		return SA_COMP;
	default:
		return SA_TUN;
	}
}

/* The original's completeness checks, in its order. */
static int check_sa(const struct tool *t, struct spi_req *r)
{
	if (!r->said_opt) {
		if (!r->edst.family || addr_is_any(&r->edst)) {
			tool_error(t, "SA destination not specified.");
			return 1;
		}
		if (!r->spi) {
			tool_error(t, "SA SPI not specified.");
			return 1;
		}
		if (!r->proto) {
			tool_error(t, "SA PROTO not specified.");
			return 1;
		}
		r->said.proto = r->proto;
		r->said.spi = r->spi;
		r->said.dst = r->edst;
	}
	if (r->af && r->af != r->said.dst.family) {
		tool_error(t, "Defined address family and address family of SA missmatch.");
		return 1;
	}
	return CMD_CONTINUE;
}

/* What the PF_KEY library refused while building the message. */
static int check_message(const struct tool *t, const struct spi_req *r)
{
	char buf[ADDR_BUF];
	bool needs_auth = r->action == ACT_AH || (r->action == ACT_ESP && r->alg.auth);

	if (!r->src.family) {
		tool_error(t, "Trouble building address_s extension (%s), error=-22.", addr_format(&r->src, buf));
		return 1;
	}
	if (r->action == ACT_DEL)
		return CMD_CONTINUE;
	if (needs_auth && !r->keys.auth.len) {
		tool_error(t, "Trouble building key_a extension, error=-22.");
		return 1;
	}
	if (r->action == ACT_ESP && !r->keys.enc.len) {
		tool_error(t, "Trouble building key_e extension, error=-22.");
		return 1;
	}
	/* An AH SA needs an auth algorithm, ESP and IPComp an "encrypt" one. */
	if ((r->said.proto == SA_AH && r->action != ACT_AH) ||
	    ((r->said.proto == SA_ESP || r->said.proto == SA_COMP) &&
	     r->action != ACT_ESP && r->action != ACT_COMP)) {
		tool_error(t, "Trouble building pfkey message, error=-22.");
		return 1;
	}
	return CMD_CONTINUE;
}

/* Checks of ours: things KLIPS took and XFRM cannot, or must not, take. */
static int check_xfrm(const struct tool *t, const struct spi_req *r)
{
	char said[SAID_BUF], msg[256];
	const char *what = r->alg_opt ? r->alg_opt : "";

	said_format(&r->said, '0', said);
	if (r->action == ACT_DEL && r->said.proto == SA_INT) {
		tool_error(t, "pfkey write failed (errno=%d): SA does not exist.  Cannot delete.", ESRCH);
		tool_error(t, "%s is a KLIPS eroute pseudo SA, which XFRM has no equivalent of", said);
		return 1;
	}
	if (r->action == ACT_DEL)
		return CMD_CONTINUE;
	if (r->said.proto != action_proto(r->action)) {
		tool_error(t, "%s is a %s SA; --%s makes %s SAs (%s)", said,
			   said_proto_name(r->said.proto) ?: "?",
			   r->action == ACT_IP4 ? "ip4" : r->action == ACT_IP6 ? "ip6" :
			   r->action == ACT_AH ? "ah" : r->action == ACT_ESP ? "esp" : "comp",
			   said_proto_name(action_proto(r->action)), what);
		return 1;
	}
	if (r->src.family != r->said.dst.family) {
		tool_error(t, "the source and the destination of %s are of different address families", said);
		return 1;
	}
	if (r->said.proto == SA_COMP && r->said.spi > 0xffff) {
		tool_error(t, "Illegal CPI for an IPComp SA: 0x%x Must be smaller than 0x10000.", r->said.spi);
		return 1;
	}
	if (key_check(&r->alg, &r->keys.enc, &r->keys.auth, msg, sizeof(msg))) {
		tool_error(t, "%s", msg);
		return 1;
	}
	if (r->natt && r->natt != 1 && r->natt != 2) {
		tool_error(t, "unknown NAT-T type %u (use none, nonike or nonesp)", r->natt);
		return 1;
	}
	if (r->natt && r->said.proto != SA_ESP) {
		tool_error(t, "--natt applies to ESP SAs only; %s is not one", said);
		return 1;
	}
	return CMD_CONTINUE;
}

static void warn_ignored(const struct tool *t, const char *what)
{
	fprintf(t->err, "%s: warning: %s ignored: %s\n", t->prog, what,
		"XFRM has no SAref tables or mast devices");
}

static void warnings(const struct tool *t, const struct spi_req *r)
{
	char a[ADDR_BUF], b[ADDR_BUF];

	if (r->saref_given)
		warn_ignored(t, "--saref/--sarefme/--sarefhim");
	if (r->dumpsaref)
		warn_ignored(t, "--dumpsaref");
	if (r->outif_given)
		warn_ignored(t, "--outif");
	if (r->life.given[LIFE_SOFT][LIFE_ALLOCATIONS] || r->life.given[LIFE_HARD][LIFE_ALLOCATIONS])
		fprintf(t->err, "%s: warning: --life ...-allocations ignored: XFRM has no allocation limits\n",
			t->prog);
	if ((r->action == ACT_IP4 || r->action == ACT_IP6) && r->dst_opt &&
	    !addr_equal(&r->dst, &r->said.dst))
		fprintf(t->err, "%s: warning: --dst %s ignored: the tunnel's outer destination is the SA destination %s\n",
			t->prog, addr_format(&r->dst, a), addr_format(&r->said.dst, b));
}

/* --- the plan ------------------------------------------------------------------- */

static uint64_t life_limit(const struct spi_req *r, enum life_severity s, enum life_type ty,
			   bool count)
{
	uint32_t v = r->life.value[s][ty];

	/* 0 means "no limit" in KLIPS; XFRM wants XFRM_INF for counts. */
	if (!r->life.given[s][ty] || !v)
		return count ? LIMIT_INF : 0;
	return v;
}

static void fill_algs(struct sa_state *sa, const struct sa_alg *alg)
{
	if (alg->cipher && alg->cipher->kernel)
		snprintf(sa->enc, sizeof(sa->enc), "%s", alg->cipher->kernel);
	if (alg->auth) {
		snprintf(sa->auth, sizeof(sa->auth), "%s", alg->auth->kernel);
		sa->auth_trunc = alg->auth->trunc_bits;
	}
	if (alg->comp)
		snprintf(sa->comp, sizeof(sa->comp), "%s", alg->comp->kernel);
}

/* The SA that --ah, --esp or --comp make. */
static void sa_of(const struct spi_req *r, struct sa_state *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->id = r->said;
	sa->src = r->src;
	sa->mode = SA_MODE_TRANSPORT;
	fill_algs(sa, &r->alg);
	if (r->said.proto != SA_COMP) {
		sa->replay.window = r->replay_window;
		sa->replay.esn_attr = r->replay_window > 32;
	}
	sa->lft.soft_bytes = life_limit(r, LIFE_SOFT, LIFE_BYTES, true);
	sa->lft.hard_bytes = life_limit(r, LIFE_HARD, LIFE_BYTES, true);
	sa->lft.soft_packets = life_limit(r, LIFE_SOFT, LIFE_PACKETS, true);
	sa->lft.hard_packets = life_limit(r, LIFE_HARD, LIFE_PACKETS, true);
	sa->lft.soft_add = life_limit(r, LIFE_SOFT, LIFE_ADDTIME, false);
	sa->lft.hard_add = life_limit(r, LIFE_HARD, LIFE_ADDTIME, false);
	sa->lft.soft_use = life_limit(r, LIFE_SOFT, LIFE_USETIME, false);
	sa->lft.hard_use = life_limit(r, LIFE_HARD, LIFE_USETIME, false);
	if (r->natt) {
		sa->encap.type = (uint16_t)r->natt;
		sa->encap.sport = r->natt_sport ? r->natt_sport : NATT_DEFAULT_PORT;
		sa->encap.dport = r->natt_dport ? r->natt_dport : NATT_DEFAULT_PORT;
	}
}

static int build(const struct snapshot *s, const void *req, struct plan *p)
{
	const struct spi_req *r = req;
	struct sa_state sa;

	switch (r->action) {
	case ACT_AH:
	case ACT_ESP:
	case ACT_COMP:
		sa_of(r, &sa);
		return plan_add_sa(p, s, &sa, &r->keys);
	case ACT_IP4:
	case ACT_IP6:
		return plan_add_tun(p, &r->said, &r->src);
	case ACT_DEL:
		return plan_del(p, s, &r->said);
	case ACT_CLEAR:
		return plan_clear(p, s, r->proto);
	case ACT_NONE:
		break;
	}
	return -EINVAL;
}

static const struct plan_cmd spi_cmd = { .check = NULL, .build = build };

/* What run_plan does for r: the snapshot parts build reads, and the output. */
static unsigned int run_flags(const struct spi_req *r)
{
	unsigned int flags = 0;

	switch (r->action) {
	case ACT_AH:
	case ACT_ESP:
	case ACT_COMP:
		/* The inbound check needs to know whether the SA is to us. */
		flags = addr_is_any(&r->src) ? 0 : SNAP_LOCAL;
		/* fall through */
	case ACT_IP4:
	case ACT_IP6:
		flags |= RUN_OFFLINE;
		break;
	case ACT_DEL:
		flags = SNAP_GROUPED_SAS;
		break;
	case ACT_CLEAR:
		flags = SNAP_SAS | SNAP_RECORDS;
		break;
	case ACT_NONE:
		break;
	}
	if (r->explain)
		flags |= RUN_EXPLAIN;
	if (r->debug)
		flags |= RUN_DEBUG;
	if (r->debug || r->listenreply)
		flags |= RUN_SAY_DONE;
	return flags;
}

static int check_request(struct tool *t, struct spi_req *r)
{
	int ret;

	if (is_add(r->action) || r->action == ACT_DEL) {
		ret = check_sa(t, r);
		if (ret != CMD_CONTINUE)
			return ret;
	} else if (r->action != ACT_CLEAR) {
		tool_error(t, "No action chosen.  See '%s --help' for usage.", t->prog);
		return 1;
	}
	if (r->debug)
		fprintf(t->out, "%s: Algorithm ok.\n", t->prog);
	if (r->action == ACT_CLEAR)
		return CMD_CONTINUE;
	ret = check_message(t, r);
	if (ret == CMD_CONTINUE)
		ret = check_xfrm(t, r);
	return ret;
}

int spi_main(int argc, char **argv, const struct cmd_io *io)
{
	struct tool t;
	struct spi_req *r = calloc(1, sizeof(*r));
	struct arena a = { .n = 0 };
	int status;

	tool_init(&t, argc > 0 ? argv[0] : "spi", io, false);
	if (!r) {
		tool_error(&t, "Memory allocation error.");
		status = 1;
	} else {
		status = spi_parse(&t, r, argc, argv, &a);
	}
	if (status == CMD_CONTINUE && r->argcount == 1)
		status = tool_print_listing(&t, LISTING_SPI);
	if (status == CMD_CONTINUE)
		status = check_request(&t, r);
	if (status == CMD_CONTINUE) {
		warnings(&t, r);
		status = run_plan(&t, &spi_cmd, r, run_flags(r));
	}
	if (r)
		explicit_bzero(r, sizeof(*r));
	free(r);
	arena_free(&a);
	tool_free(&t);
	return status;
}
