// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec eroute's options (src/cmd_eroute.h): read strictly left to right,
 * each validated at once with the legacy message; and its help. Unlike
 * spi, eroute exits 1 for usage errors and prints its usage on stdout.
 */
#include <string.h>
#include <sys/socket.h>

#include "compat/lgetopt.h"
#include "compat/number.h"
#include "src/cmd_eroute.h"

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

static int opt_edst(const struct tool *t, struct er_args *a, const char *arg)
{
	const char *err;

	if (tool_sa_part_once(t, "EDST", arg, a->said_opt, a->edst_opt) != CMD_CONTINUE)
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

	if (tool_sa_part_once(t, "SPI", arg, a->said_opt, a->spi_opt) != CMD_CONTINUE)
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
	if (tool_sa_part_once(t, "PROTO", arg, a->said_opt, a->proto_opt) != CMD_CONTINUE)
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

/*
 * An option given once: *prev remembers its text. --transport-proto,
 * --src-port and --dst-port are kept as text until the checks.
 */
static int opt_once(const struct tool *t, const char *name, const char *arg, const char **prev)
{
	if (*prev) {
		tool_error(t, "Error, --%s parameter redefined:%s, already defined as:%s", name, arg, *prev);
		return 1;
	}
	*prev = arg;
	return CMD_CONTINUE;
}

static int opt_subnet(const struct tool *t, struct er_args *a, const char *name, const char *arg,
		      const char **prev, struct ip_subnet *out)
{
	const char *err;

	if (opt_once(t, name, arg, prev) != CMD_CONTINUE)
		return 1;
	err = subnet_parse(arg, a->eraf, t->res, out);
	if (err) {
		tool_error(t, "Error, %s converting --%s argument: %s", err, name, arg);
		return 1;
	}
	return CMD_CONTINUE;
}

static int parse_one(struct tool *t, void *req, int c, struct lgetopt *g, struct arena *ar)
{
	struct er_args *a = req;
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
		return opt_once(t, "transport-proto", arg, &a->tproto_opt);
	case 'Q':
		return opt_once(t, "src-port", arg, &a->sport_opt);
	case 'R':
		return opt_once(t, "dst-port", arg, &a->dport_opt);
	case 'l':
		return tool_label(t, arg, &a->argcount);
	case 'i':
		return opt_family(t, "SAID", arg, &a->said_af_opt, &a->said_af);
	case 'f':
		return opt_family(t, "eroute", arg, &a->eraf_opt, &a->eraf);
	case '+':
		return tool_optionsfrom(t, g, arg, ar);
	}
	return 1;
}

static int unknown_option(const struct tool *t)
{
	usage(t, t->out);
	return 1;
}

static const struct tool_options options = {
	.table = eroute_opts, .one = parse_one, .unknown = unknown_option,
};

int eroute_parse(struct tool *t, struct er_args *a, int argc, char **argv, struct arena *ar)
{
	struct lgetopt g;
	int ret;

	a->argcount = argc;
	ret = tool_parse_options(t, &options, &g, argc, argv, a, ar);
	if (ret == CMD_CONTINUE && a->req.debug)
		fprintf(t->out, "%s: DEBUG: argc=%d\n", t->prog, g.argc);
	return ret;
}
