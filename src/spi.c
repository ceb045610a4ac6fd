// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec spi: the Openswan 2.6 command line, answered on XFRM.
 * Options are read strictly left to right and validated at once, with the
 * legacy messages and exit statuses; then the request becomes a plan of
 * kernel operations, which is executed (or explained) as a unit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "compat/alg.h"
#include "compat/keycheck.h"
#include "compat/lgetopt.h"
#include "compat/life.h"
#include "compat/number.h"
#include "compat/optionsfrom.h"
#include "src/commands.h"
#include "src/group.h"
#include "src/listing.h"
#include "src/secrets.h"
#include "src/snapshot.h"
#include "src/tool.h"

#define CONTINUE (-1)	/* parse steps return an exit status, or this */
#define NATT_DEFAULT_PORT 4500

/* Openswan 2.6.38's table; the order decides ambiguity messages. */
static const struct lopt spi_opts[] = {
	{ "ah", 1, 'H' }, { "esp", 1, 'P' }, { "comp", 1, 'Z' },
	{ "ip4", 0, '4' }, { "ip6", 0, '6' }, { "del", 0, 'd' },
	{ "authkey", 1, 'A' }, { "enckey", 1, 'E' }, { "edst", 1, 'e' },
	{ "spi", 1, 's' }, { "proto", 1, 'p' }, { "af", 1, 'a' },
	{ "replay_window", 1, 'w' }, { "iv", 1, 'i' }, { "dst", 1, 'D' },
	{ "src", 1, 'S' }, { "natt", 1, 'N' }, { "dport", 1, 'F' },
	{ "sport", 1, 'G' }, { "said", 1, 'I' }, { "help", 0, 'h' },
	{ "version", 0, 'v' }, { "clear", 0, 'c' }, { "label", 1, 'l' },
	{ "debug", 0, 'g' }, { "optionsfrom", 1, '+' }, { "life", 1, 'f' },
	{ "outif", 1, 'O' }, { "saref", 1, 'b' }, { "sarefme", 1, 'b' },
	{ "sarefhim", 1, 'B' }, { "saref_me", 1, 'b' }, { "saref_him", 1, 'B' },
	{ "dumpsaref", 0, 'r' }, { "listenreply", 0, 'R' },
	/* ours */
	{ "explain", 0, 'x' },
	{ NULL, 0, 0 },
};

enum action { ACT_NONE, ACT_AH, ACT_ESP, ACT_COMP, ACT_IP4, ACT_IP6, ACT_DEL, ACT_CLEAR };

struct spi_req {
	enum action action;
	struct sa_alg alg;
	const char *alg_opt;
	int af;
	const char *af_opt, *edst_opt, *spi_opt, *proto_opt, *said_opt, *src_opt, *dst_opt;
	struct said said;		/* the SA, once complete */
	struct ip_addr edst, src, dst;
	uint32_t spi;
	uint8_t proto;
	struct sa_keys keys;
	struct key iv;
	unsigned replay_window;
	struct life life;
	uint64_t natt;
	uint16_t natt_sport, natt_dport;	/* KLIPS' swapped wiring: --dport, --sport */
	bool saref_given, outif_given, dumpsaref, listenreply, debug, explain;
	bool spi_wrapped;		/* --spi -N, taken as 2^32 - N */
	int argcount;			/* the legacy "no arguments" count */
};

/* --- help and version ------------------------------------------------------ */

static void usage(const struct tool *t, FILE *f)
{
	fprintf(f, "%s: usage (klips-compat, Openswan 2.6 syntax):\n", t->prog);
	fputs(
"  <SA> is   --af <inet | inet6> --edst <dstaddr> --spi <spi> --proto <ah | esp | comp | tun>\n"
"       or   --said <proto><.|:><spi>@<dstaddr>\n"
"  <life> is --life <soft|hard>-<allocations|bytes|addtime|usetime|packets>=<value>[,...]\n"
"spi\n"
"        list the SAs (the /proc/net/ipsec_spi view)\n"
"spi --clear [--proto <proto>]\n"
"        delete every SA (of one protocol)\n"
"spi --del <SA>\n"
"        delete an SA; a grouped SA takes its group along\n"
"spi --ip4 <SA> --src <encap-src> --dst <encap-dst>\n"
"spi --ip6 <SA> --src <encap-src> --dst <encap-dst>\n"
"        an IP-in-IP (tun) SA, for spigrp to combine\n"
"spi --ah <algo> <SA> [<life>] [--replay_window <n>] --authkey <key>\n"
"        <algo>: hmac-md5-96 | hmac-sha1-96\n"
"spi --esp <algo> <SA> [<life>] [--replay_window <n>] --enckey <ekey> [--authkey <akey>]\n"
"        <algo>: 3des | 3des-md5-96 | 3des-sha1-96 | <enc>[<bits>]-<auth>[-<bits>]\n"
"        (enc: 3des des aes twofish serpent blowfish cast null; auth: md5 sha1\n"
"        sha2_256 sha2_384 sha2_512 ripemd null)\n"
"        [--natt none|nonike|nonesp] [--sport <port>] [--dport <port>]\n"
"        (UDP encapsulation)\n"
"spi --comp <algo> <SA>\n"
"        <algo>: deflate | lzs\n"
"spi --help | --version\n"
"Options for every command:\n"
"  --src <addr>          the SA's source; SAs to this host drop packets from other sources\n"
"  --label <label>       messages start with \"<program> --label <label>\"\n"
"  --debug               say what is sent to the kernel (never keys)\n"
"  --explain             print the equivalent `ip xfrm` commands; change nothing\n"
"  --optionsfrom <file>  read more options from <file>\n"
"  --iv <iv>             accepted and ignored, as always: the kernel makes IVs\n"
"  --listenreply         accepted: the kernel's answer is always awaited\n"
"  --saref <n>, --sarefme <n>, --sarefhim <n>, --dumpsaref, --outif <n>\n"
"                        accepted and ignored: XFRM has no SAref tables or mast devices\n"
"Keys: 0x<hex> (\"_\" allowed between bytes), 0s<base64>, 0t<text>.\n", f);
}

/* --- option parsing ----------------------------------------------------------- */

static int usage_exit(const struct tool *t, FILE *f)
{
	usage(t, f);
	return 255;
}

static int only_one(const struct tool *t, struct spi_req *r, enum action a, bool one_space)
{
	if (r->action != ACT_NONE) {
		tool_error(t, "Only one of '--ah', '--esp', '--comp', '--ip4', '--ip6', '--del' or '--clear'%s options permitted.",
			   one_space ? "" : " ");
		return 1;
	}
	r->action = a;
	return CONTINUE;
}

static int opt_esp(const struct tool *t, struct spi_req *r, const char *arg)
{
	int n = 0;

	switch (alg_parse_esp(arg, &r->alg, &n)) {
	case ALG_OK:
		return CONTINUE;
	case ALG_TOO_MANY:
		tool_error(t, "Invalid encryption algorithm '%s' follows '--esp' option: lead too many(%d) transforms",
			   arg, n);
		return 1;
	default:
		tool_error(t, "Invalid encryption algorithm '%s' follows '--esp' option.", arg);
		return 1;
	}
}

static int opt_addr(const struct tool *t, const struct spi_req *r, const char *name,
		    const char *arg, struct ip_addr *out)
{
	const char *err = addr_parse(arg, r->af, t->res, out);

	if (err) {
		tool_error(t, "Error, %s converting --%s argument:%s", err, name, arg);
		return 1;
	}
	return CONTINUE;
}

static void reset_addresses(struct spi_req *r)
{
	addr_any(r->af, &r->dst);
	addr_any(r->af, &r->edst);
	addr_any(r->af, &r->src);
}

static int opt_said(const struct tool *t, struct spi_req *r, const char *arg)
{
	const char *err;

	if (r->said_opt) {
		tool_error(t, "Error, SAID parameter redefined:%s, already defined in SA:%s", arg, r->said_opt);
		return 1;
	}
	if (r->proto_opt) {
		tool_error(t, "Error, PROTO parameter redefined in SA:%s, already defined as:%s", arg, r->proto_opt);
		return 1;
	}
	if (r->edst_opt) {
		tool_error(t, "Error, EDST parameter redefined in SA:%s, already defined as:%s", arg, r->edst_opt);
		return 1;
	}
	if (r->spi_opt) {
		tool_error(t, "Error, SPI parameter redefined in SA:%s, already defined as:%s", arg, r->spi_opt);
		return 1;
	}
	err = said_parse_strict(arg, t->res, &r->said);
	if (err) {
		tool_error(t, "Error, %s converting --sa argument:%s", err, arg);
		return 1;
	}
	if (r->debug) {
		char buf[SAID_BUF];

		fprintf(t->out, "%s: said=%s.\n", t->prog, said_format(&r->said, '0', buf));
	}
	if (!r->af) {
		r->af = r->said.dst.family;
	} else if (r->af != r->said.dst.family) {
		tool_error(t, "Error, specified address family (%d) is different that of SAID: %s", r->af, arg);
		return 1;
	}
	reset_addresses(r);
	r->said_opt = arg;
	return CONTINUE;
}

static int redefined(const struct tool *t, const struct spi_req *r, const char *what,
		     const char *arg, const char *prev)
{
	if (r->said_opt) {
		tool_error(t, "Error, %s parameter redefined:%s, already defined in SA:%s", what, arg, r->said_opt);
		return 1;
	}
	if (prev) {
		tool_error(t, "Error, %s parameter redefined:%s, already defined as:%s", what, arg, prev);
		return 1;
	}
	return CONTINUE;
}

/*
 * An SPI is 32 bits: more is refused (2.6.38 kept the low 32 bits on 64-bit
 * builds, 32-bit builds saturated). "-N" (N below 2^32) is taken as 2^32 - N
 * like every build did, with a warning.
 */
static int opt_spi(const struct tool *t, struct spi_req *r, const char *arg)
{
	struct legacy_num v;
	int ret = redefined(t, r, "SPI", arg, r->spi_opt);

	if (ret != CONTINUE)
		return ret;
	if (arg[legacy_number(arg, &v)] != '\0') {
		tool_error(t, "Invalid character in SPI parameter: %s", arg);
		return 1;
	}
	if (!legacy_num_u32(&v, &r->spi, &r->spi_wrapped)) {
		tool_error(t, "Illegal spi: %s is more than 32 bits; an SPI is 0x100 to 0xffffffff.", arg);
		return 1;
	}
	if (r->spi < 0x100) {
		tool_error(t, "Illegal reserved spi: %s => 0x%x Must be larger than 0x100.", arg, r->spi);
		return 1;
	}
	r->spi_opt = arg;
	return CONTINUE;
}

static int opt_proto(const struct tool *t, struct spi_req *r, const char *arg)
{
	int ret = redefined(t, r, "PROTO", arg, r->proto_opt);

	if (ret != CONTINUE)
		return ret;
	r->proto = said_proto_parse(arg);
	if (!r->proto) {
		tool_error(t, "Invalid PROTO parameter: %s", arg);
		return 1;
	}
	r->proto_opt = arg;
	return CONTINUE;
}

static int opt_af(const struct tool *t, struct spi_req *r, const char *arg)
{
	int ret = redefined(t, r, "ADDRESS FAMILY", arg, r->af_opt);

	if (ret != CONTINUE)
		return ret;
	if (strcmp(arg, "inet") == 0) {
		r->af = AF_INET;
	} else if (strcmp(arg, "inet6") == 0) {
		r->af = AF_INET6;
	} else {
		tool_error(t, "Invalid ADDRESS FAMILY parameter: %s.", arg);
		return 1;
	}
	/* Like the original: earlier addresses are forgotten. */
	reset_addresses(r);
	r->af_opt = arg;
	return CONTINUE;
}

/*
 * The legacy messages, but the key is described, never shown (key_describe).
 * The key text is wiped from argv (or the --optionsfrom word) once read.
 */
static int opt_key(const struct tool *t, const char *what, const char *upper,
		   const char *arg, struct key *out)
{
	char desc[160];
	int ret = 1;

	switch (key_parse(arg, out, NULL)) {
	case KEY_OK:
		ret = CONTINUE;
		break;
	case KEY_BAD_PREFIX:
		key_describe(arg, desc, sizeof(desc));
		tool_error(t, "%s key must have a '0x', '0t' or '0s' prefix to select the format: %s", upper, desc);
		break;
	default:
		key_describe(arg, desc, sizeof(desc));
		tool_error(t, "unknown format or syntax error in %s key: %s", what, desc);
		break;
	}
	secrets_wipe_str((char *)arg);
	return ret;
}

static int opt_iv(const struct tool *t, struct spi_req *r, const char *arg)
{
	switch (key_parse(arg, &r->iv, NULL)) {
	case KEY_OK:
		return CONTINUE;
	case KEY_BAD_PREFIX:
		fprintf(t->err, "%s: IV must have a '0x', '0t' or '0s' prefix to select the format, found '%c'.\n",
			t->prog, arg[1]);
		return 1;
	default:
		tool_error(t, "unknown format or syntax error in IV: %s", arg);
		return 1;
	}
}

static int opt_replay(const struct tool *t, struct spi_req *r, const char *arg)
{
	struct legacy_num v;
	int w;

	if (arg[legacy_number(arg, &v)] != '\0') {
		tool_error(t, "Invalid character in replay_window parameter: %s", arg);
		return 1;
	}
	w = (int)(uint32_t)v.value;
	/* 2.6.38 took the low 32 bits: 0x100000040 was 64. */
	if (!legacy_num_fits(&v, 32) && w >= 1 && w <= 64) {
		tool_error(t, "Failed -- Illegal window size: arg=%s, more than 32 bits, must be 1 <= size <= 64.", arg);
		return 1;
	}
	if (w < 1 || w > 64) {
		tool_error(t, "Failed -- Illegal window size: arg=%s, replay_window=%d, must be 1 <= size <= 64.", arg, w);
		return 1;
	}
	r->replay_window = (unsigned)w;
	return CONTINUE;
}

static int opt_number(const struct tool *t, const char *what, const char *arg, uint64_t *v)
{
	if (!legacy_strtoul_all(arg, v)) {
		tool_error(t, "Invalid character in %s parameter: %s", what, arg);
		return 1;
	}
	return CONTINUE;
}

static int opt_natt(const struct tool *t, struct spi_req *r, const char *arg)
{
	uint64_t v;

	if (strcasecmp(arg, "nonesp") == 0)
		v = 2;
	else if (strcasecmp(arg, "nonike") == 0)
		v = 1;
	else if (strcasecmp(arg, "none") == 0)
		v = 0;
	else if (opt_number(t, "source", arg, &v) != CONTINUE)
		return 1;
	r->natt = v;
	return CONTINUE;
}

static int opt_life(const struct tool *t, struct spi_req *r, const char *arg)
{
	char msg[512];

	switch (life_parse(arg, &r->life, msg, sizeof(msg))) {
	case LIFE_OK:
		return CONTINUE;
	case LIFE_USAGE:
		tool_error(t, "%s", msg);
		return usage_exit(t, t->err);
	default:
		tool_error(t, "%s", msg);
		return 1;
	}
}

struct arena {
	char **argvs[8];	/* argv copies made by --optionsfrom */
	char **words[8];
	int n;
};

static int opt_optionsfrom(const struct tool *t, struct lgetopt *g, const char *path,
			   struct arena *a)
{
	char **words, **argv, msg[512];
	int n;
	const char *err = optfile_read(path, &words, &n, msg, sizeof(msg));

	if (err) {
		tool_error(t, "optionsfrom failed: %s", err);
		return 2;
	}
	if (a->n == (int)(sizeof(a->argvs) / sizeof(a->argvs[0])) ||
	    lgetopt_insert(g, words, n, &argv) < 0) {
		optionsfrom_free(words);
		tool_error(t, "optionsfrom failed: too many nested files");
		return 2;
	}
	a->words[a->n] = words;
	a->argvs[a->n++] = argv;
	return CONTINUE;
}

static int warn_ignored(const struct tool *t, const char *what)
{
	fprintf(t->err, "%s: warning: %s ignored: %s\n", t->prog, what,
		"XFRM has no SAref tables or mast devices");
	return CONTINUE;
}

/*
 * A word that spells a key option and its value ("--enckey=0x...", or an
 * abbreviation such as "--enc=" or "--a=") taken as the argument of another
 * option (--dport --enckey=0x...) would be echoed by that option's
 * message, or become the --label: its value is wiped first, as a key's is.
 */
static void wipe_swallowed_key(const char *arg)
{
	const char *eq = arg && !strncmp(arg, "--", 2) ? strchr(arg, '=') : NULL;
	size_t n = eq ? (size_t)(eq - arg - 2) : 0;

	if (n && ((n <= 6 && !strncmp(arg + 2, "enckey", n)) ||
		  (n <= 7 && !strncmp(arg + 2, "authkey", n))))
		secrets_wipe_str((char *)eq + 1);
}

static int parse_one(struct tool *t, struct spi_req *r, int c, struct lgetopt *g,
		     struct arena *a)
{
	const char *arg = g->optarg;
	uint64_t v;

	if (c != 'A' && c != 'E')
		wipe_swallowed_key(arg);
	switch (c) {
	case 'g':
		r->debug = true;
		r->argcount--;
		return CONTINUE;
	case 'R':
		r->listenreply = true;
		r->argcount--;
		return CONTINUE;
	case 'r':
		r->dumpsaref = true;
		r->argcount--;
		return CONTINUE;
	case 'b':
	case 'B':
		if (opt_number(t, c == 'b' ? "SAREFi" : "SAREFo", arg, &v) != CONTINUE)
			return 1;
		r->saref_given = true;
		r->argcount--;
		return CONTINUE;
	case 'O':
		if (opt_number(t, "outif", arg, &v) != CONTINUE)
			return 1;
		r->outif_given = true;
		r->argcount--;
		return CONTINUE;
	case 'x':
		r->explain = true;
		return CONTINUE;
	case 'l':
		if (tool_set_label(t, t->argv0, arg) < 0) {
			tool_error(t, "Memory allocation error.");
			return 1;
		}
		r->argcount -= 2;
		return CONTINUE;
	case 'H':
		if (only_one(t, r, ACT_AH, false) != CONTINUE)
			return 1;
		if (alg_parse_ah(arg, &r->alg) != ALG_OK) {
			tool_error(t, "Unknown authentication algorithm '%s' follows '--ah' option.", arg);
			return 1;
		}
		r->alg_opt = arg;
		return CONTINUE;
	case 'P':
		if (only_one(t, r, ACT_ESP, false) != CONTINUE)
			return 1;
		r->alg_opt = arg;
		return opt_esp(t, r, arg);
	case 'Z':
		if (only_one(t, r, ACT_COMP, false) != CONTINUE)
			return 1;
		if (alg_parse_comp(arg, &r->alg) != ALG_OK) {
			tool_error(t, "Unknown compression algorithm '%s' follows '--comp' option.", arg);
			return 1;
		}
		r->alg_opt = arg;
		return CONTINUE;
	case '4':
	case '6':
		if (only_one(t, r, c == '4' ? ACT_IP4 : ACT_IP6, true) != CONTINUE)
			return 1;
		r->af = c == '4' ? AF_INET : AF_INET6;
		return CONTINUE;
	case 'd':
		return only_one(t, r, ACT_DEL, false);
	case 'c':
		return only_one(t, r, ACT_CLEAR, false);
	case 'e':
		if (redefined(t, r, "EDST", arg, r->edst_opt) != CONTINUE ||
		    opt_addr(t, r, "edst", arg, &r->edst) != CONTINUE)
			return 1;
		r->edst_opt = arg;
		return CONTINUE;
	case 's':
		return opt_spi(t, r, arg);
	case 'p':
		return opt_proto(t, r, arg);
	case 'a':
		return opt_af(t, r, arg);
	case 'I':
		return opt_said(t, r, arg);
	case 'A':
		return opt_key(t, "authentication", "Authentication", arg, &r->keys.auth);
	case 'E':
		return opt_key(t, "encryption", "Encryption", arg, &r->keys.enc);
	case 'w':
		return opt_replay(t, r, arg);
	case 'i':
		return opt_iv(t, r, arg);
	case 'D':
		if (r->dst_opt) {
			tool_error(t, "Error, DST parameter redefined:%s, already defined as:%s", arg, r->dst_opt);
			return 1;
		}
		if (opt_addr(t, r, "dst", arg, &r->dst) != CONTINUE)
			return 1;
		r->dst_opt = arg;
		return CONTINUE;
	case 'S':
		if (r->src_opt) {
			tool_error(t, "Error, SRC parameter redefined:%s, already defined as:%s", arg, r->src_opt);
			return 1;
		}
		if (opt_addr(t, r, "src", arg, &r->src) != CONTINUE)
			return 1;
		r->src_opt = arg;
		return CONTINUE;
	case 'F':
	case 'G':
		if (opt_number(t, "source", arg, &v) != CONTINUE)
			return 1;
		if (v > UINT16_MAX) {
			tool_error(t, "Invalid --%s parameter: %s is not a port (0 to 65535).",
				   c == 'F' ? "dport" : "sport", arg);
			return 1;
		}
		if (c == 'F')
			r->natt_sport = (uint16_t)v;
		else
			r->natt_dport = (uint16_t)v;
		return CONTINUE;
	case 'N':
		return opt_natt(t, r, arg);
	case 'h':
		usage(t, t->out);
		return 255;
	case 'v':
		fprintf(t->out, "%s, klips-compat %s\n", t->prog, KLIPS_COMPAT_VERSION);
		return 1;
	case '+':
		return opt_optionsfrom(t, g, arg, a);
	case 'f':
		return opt_life(t, r, arg);
	}
	return 1;
}

static int parse_options(struct tool *t, struct spi_req *r, int argc, char **argv,
			 struct arena *a)
{
	struct lgetopt g;
	int c;

	r->argcount = argc;
	lgetopt_init(&g, argc, argv);
	g.hide_values = true;
	while ((c = lgetopt_next(&g, spi_opts)) != -1) {
		int ret;

		if (c == '?') {
			fprintf(t->err, "%s: %s\n", t->argv0, g.msg);
			return usage_exit(t, t->err);
		}
		ret = parse_one(t, r, c, &g, a);
		if (ret != CONTINUE)
			return ret;
	}
	if (r->debug)
		fprintf(t->out, "%s: All options processed.\n", t->prog);
	return CONTINUE;
}

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
	return CONTINUE;
}

/*
 * --spi refuses SPIs below 0x100 (RFC 4303 reserves 1-255; 0 is never an
 * SA, XFRM uses it for larval ACQUIRE states); --said did not check. An
 * SA is never made with one, whatever form named it. Deleting one (made
 * by other tools) is allowed with a warning, as 2.6.38 sent such deletes.
 */
static int check_reserved(const struct tool *t, const struct spi_req *r)
{
	if (!r->said_opt || r->said.spi >= 0x100 || r->said.proto == SA_INT ||
	    r->action == ACT_DEL)
		return CONTINUE;
	tool_error(t, "Illegal reserved spi: %s => 0x%x Must be larger than 0x100.",
		   r->said_opt, r->said.spi);
	return 1;
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
		return CONTINUE;
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
	return CONTINUE;
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
		return CONTINUE;
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
		tool_error(t, "unknown NAT-T type %llu (use none, nonike or nonesp)",
			   (unsigned long long)r->natt);
		return 1;
	}
	if (r->natt && r->said.proto != SA_ESP) {
		tool_error(t, "--natt applies to ESP SAs only; %s is not one", said);
		return 1;
	}
	return CONTINUE;
}

#define COUNTS_DOWN "as Openswan 2.6.38 did (a negative number counts down from 2^32)"

static void warnings(const struct tool *t, const struct spi_req *r)
{
	char a[ADDR_BUF], b[ADDR_BUF], said[SAID_BUF];

	if (r->saref_given)
		warn_ignored(t, "--saref/--sarefme/--sarefhim");
	if (r->dumpsaref)
		warn_ignored(t, "--dumpsaref");
	if (r->outif_given)
		warn_ignored(t, "--outif");
	if (r->life.given[LIFE_SOFT][LIFE_ALLOCATIONS] || r->life.given[LIFE_HARD][LIFE_ALLOCATIONS])
		fprintf(t->err, "%s: warning: --life ...-allocations ignored: XFRM has no allocation limits\n",
			t->prog);
	if (r->spi_wrapped)
		fprintf(t->err, "%s: warning: --spi %s taken as 0x%x, " COUNTS_DOWN "; give the SPI itself\n",
			t->prog, r->spi_opt, r->spi);
	for (int s = 0; s < LIFE_SEVERITIES; s++)
		for (int ty = 0; ty < LIFE_TYPES; ty++)
			if (r->life.wrapped[s][ty])
				fprintf(t->err, "%s: warning: --life %.*s taken as %llu, " COUNTS_DOWN "; give the limit itself\n",
					t->prog, (int)strcspn(r->life.given[s][ty], ", \t\n\v\f\r"),
					r->life.given[s][ty], (unsigned long long)r->life.value[s][ty]);
	if (r->action == ACT_DEL && r->said_opt && r->said_opt[0] != '%' && r->said.spi < 0x100)
		fprintf(t->err, "%s: warning: %s has a reserved SPI (below 0x100), which spi never gives an SA; deleting it as Openswan 2.6.38 did\n",
			t->prog, said_format(&r->said, '0', said));
	if ((r->action == ACT_IP4 || r->action == ACT_IP6) && r->dst_opt &&
	    !addr_equal(&r->dst, &r->said.dst))
		fprintf(t->err, "%s: warning: --dst %s ignored: the tunnel's outer destination is the SA destination %s\n",
			t->prog, addr_format(&r->dst, a), addr_format(&r->said.dst, b));
}

/* --- plans ------------------------------------------------------------------- */

static uint64_t life_limit(const struct spi_req *r, enum life_severity s, enum life_type ty,
			   bool count)
{
	uint64_t v = r->life.value[s][ty];

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

static int plan_add_sa(const struct spi_req *r, struct kernel *k, struct plan *p)
{
	struct op *op = plan_add(p, OP_SA_ADD);
	struct sa_state *sa;

	if (!op || !op_keys(op))
		return -ENOMEM;
	sa = &op->sa;
	sa->id = r->said;
	sa->src = r->src;
	sa->mode = SA_MODE_TRANSPORT;
	fill_algs(sa, &r->alg);
	*op->keys = r->keys;
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
	/* KLIPS' inbound policy check: an SA to us drops packets from others. */
	if (!addr_is_any(&r->src) && k) {
		struct ip_addr *local;
		size_t n;
		int ret = kernel_local_addrs(k, &local, &n);

		if (ret)
			return ret;
		inbound_selector(&sa->sel, &r->src, &r->said.dst, addr_in(local, n, &r->said.dst));
		free(local);
	}
	return 0;
}

static int plan_add_tun(const struct spi_req *r, struct plan *p)
{
	struct op *op = plan_add(p, OP_RECORD_ADD);

	if (!op)
		return -ENOMEM;
	op->rec.kind = RECORD_TUN;
	op->rec.head = r->said;
	op->rec.tun_src = r->src;
	return 0;
}

static const struct record *find_tun(const struct record *recs, size_t n, const struct said *id)
{
	for (size_t i = 0; i < n; i++)
		if (recs[i].kind == RECORD_TUN && said_cmp(&recs[i].head, id) == 0)
			return &recs[i];
	return NULL;
}

/* Delete one member (state or tun record); missing members are skipped. */
static int plan_del_member(const struct said *id, const struct record *recs, size_t n,
			   struct plan *p, bool must_exist)
{
	struct op *op;

	if (id->proto == SA_TUN) {
		const struct record *tun = find_tun(recs, n, id);

		if (!tun && !must_exist)
			return 0;
		op = plan_add(p, OP_RECORD_DEL);
		if (!op)
			return -ENOMEM;
		if (tun) {
			op->rec = *tun;
		} else {
			op->rec.kind = RECORD_TUN;
			op->rec.head = *id;
			addr_any(id->dst.family, &op->rec.tun_src);
		}
		return 0;
	}
	op = plan_add(p, OP_SA_DEL);
	if (!op)
		return -ENOMEM;
	op->id = *id;
	return 0;
}

/* A grouped SA takes its whole group along, as KLIPS did. */
static int plan_del(const struct spi_req *r, struct kernel *k, struct plan *p,
		    const struct tool *t)
{
	struct record *recs = NULL;
	size_t n = 0;
	const struct record *g;
	int ret = k ? kernel_record_list(k, &recs, &n) : 0;

	if (ret) {
		report_read_failure(t, "the SA groups", -ret);
		return ret;
	}
	g = group_of(recs, n, &r->said);
	if (!g) {
		ret = plan_del_member(&r->said, recs, n, p, true);
	} else {
		struct said m[MEMBERS_MAX];
		int cnt = record_members(g, m);
		struct sa_state *sas = NULL;
		size_t nsas = 0;
		struct op *op;

		ret = kernel_sa_list(k, &sas, &nsas);
		for (int i = 0; !ret && i < cnt; i++) {
			bool present = m[i].proto == SA_TUN || said_cmp(&m[i], &r->said) == 0;

			for (size_t j = 0; !present && j < nsas; j++)
				present = said_cmp(&sas[j].id, &m[i]) == 0;
			if (present)
				ret = plan_del_member(&m[i], recs, n, p, said_cmp(&m[i], &r->said) == 0);
		}
		free(sas);
		if (!ret && !(op = plan_add(p, OP_RECORD_DEL)))
			ret = -ENOMEM;
		if (!ret)
			op->rec = *g;
	}
	free(recs);
	return ret;
}

static bool proto_selected(uint8_t proto, uint8_t filter)
{
	return !filter || proto == filter;
}

/*
 * --clear: every SA (or every SA of --proto), with the chains they are in;
 * tun records and group records are cleaned too, including records whose
 * SAs vanished behind our back. Policies are never flushed.
 */
static int plan_clear(const struct spi_req *r, struct kernel *k, struct plan *p,
		      const struct tool *t)
{
	struct snapshot s;
	struct op *op;
	uint8_t filter = r->proto;
	bool *doomed;
	int ret = snapshot_take(k, &s);

	if (ret) {
		report_read_failure(t, "the SAs", -ret);
		return ret;
	}
	doomed = calloc(s.nentries + 1, sizeof(*doomed));
	if (!doomed) {
		snapshot_free(&s);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s.nentries; i++)
		doomed[i] = proto_selected(s.entries[i].id->proto, filter);
	/* Whole chains go, and dangling group records too. */
	for (size_t g = 0; g < s.nrecs; g++) {
		struct said m[MEMBERS_MAX];
		int cnt, hit = 0, missing = 0;

		if (s.recs[g].kind != RECORD_GROUP)
			continue;
		cnt = record_members(&s.recs[g], m);
		for (int j = 0; j < cnt; j++) {
			const struct entry *e = snapshot_find(&s, &m[j]);

			if (!e)
				missing++;
			else if (doomed[e - s.entries])
				hit++;
		}
		if (!hit && !missing)
			continue;
		for (int j = 0; j < cnt; j++) {
			const struct entry *e = snapshot_find(&s, &m[j]);

			if (e)
				doomed[e - s.entries] = true;
		}
		if (!(op = plan_add(p, OP_RECORD_DEL)))
			goto nomem;
		op->rec = s.recs[g];
	}
	for (size_t i = 0; i < s.nentries; i++) {
		const struct entry *e = &s.entries[i];

		if (!doomed[i])
			continue;
		if (e->tun) {
			if (!(op = plan_add(p, OP_RECORD_DEL)))
				goto nomem;
			op->rec = *e->tun;
		} else if (!proto_selected(e->id->proto, filter)) {
			if (!(op = plan_add(p, OP_SA_DEL)))
				goto nomem;
			op->id = *e->id;
		}
	}
	if (filter != SA_TUN) {
		if (!(op = plan_add(p, OP_SA_FLUSH)))
			goto nomem;
		op->proto = filter;
	}
	free(doomed);
	snapshot_free(&s);
	return 0;
nomem:
	free(doomed);
	snapshot_free(&s);
	return -ENOMEM;
}

static int build_plan(const struct tool *t, const struct spi_req *r, struct kernel *k,
		      struct plan *p)
{
	switch (r->action) {
	case ACT_AH:
	case ACT_ESP:
	case ACT_COMP:
		return plan_add_sa(r, k, p);
	case ACT_IP4:
	case ACT_IP6:
		return plan_add_tun(r, p);
	case ACT_DEL:
		return plan_del(r, k, p, t);
	case ACT_CLEAR:
		return plan_clear(r, k, p, t);
	case ACT_NONE:
		break;
	}
	return -EINVAL;
}

/* --- the command ---------------------------------------------------------------- */

static int run(struct tool *t, struct spi_req *r)
{
	struct plan p = { 0 };
	struct plan_failure f;
	struct kernel *k = NULL;
	int lock = -1, ret, status = 1;

	ret = kernel_open(&k);
	if (ret) {
		/* --explain can still show an add without the kernel. */
		if (!r->explain || r->action == ACT_DEL || r->action == ACT_CLEAR) {
			report_open_failure(t, -ret);
			return 1;
		}
		k = NULL;
	}
	if (!r->explain && (ret = netns_lock(&lock)) < 0) {
		tool_error(t, "cannot serialise with other writers: %s", strerror(-ret));
		goto out;
	}
	ret = build_plan(t, r, k, &p);
	/* The plan has its own copy (wiped by plan_free once sent). */
	key_wipe(&r->keys.enc);
	key_wipe(&r->keys.auth);
	if (ret == -ENOMEM) {
		tool_error(t, "Memory allocation error.");
		goto out;
	}
	if (ret)
		goto out;
	if (r->explain) {
		plan_explain(&p, t->out);
		status = 0;
		goto out;
	}
	ret = plan_execute(&p, k, &f, r->debug ? t->out : NULL, t->prog);
	if (ret) {
		report_plan_failure(t, &p, &f);
		goto out;
	}
	if (r->debug || r->listenreply)
		fprintf(t->out, "%s: exited normally\n", t->prog);
	status = 0;
out:
	plan_free(&p);
	netns_unlock(lock);
	kernel_close(k);
	return status;
}

static int check_request(struct tool *t, struct spi_req *r)
{
	int ret;

	if (is_add(r->action) || r->action == ACT_DEL) {
		ret = check_sa(t, r);
		if (ret == CONTINUE)
			ret = check_reserved(t, r);
		if (ret != CONTINUE)
			return ret;
	} else if (r->action != ACT_CLEAR) {
		tool_error(t, "No action chosen.  See '%s --help' for usage.", t->prog);
		return 1;
	}
	if (r->debug)
		fprintf(t->out, "%s: Algorithm ok.\n", t->prog);
	if (r->action == ACT_CLEAR)
		return CONTINUE;
	ret = check_message(t, r);
	if (ret == CONTINUE)
		ret = check_xfrm(t, r);
	return ret;
}

int spi_main(int argc, char **argv, const struct cmd_io *io)
{
	struct tool t;
	struct spi_req *r = calloc(1, sizeof(*r));
	struct arena a = { .n = 0 };
	int status;

	secrets_hold();
	tool_init(&t, argc > 0 ? argv[0] : "spi", io, false);
	if (!r) {
		tool_error(&t, "Memory allocation error.");
		return 1;
	}
	status = parse_options(&t, r, argc, argv, &a);
	if (status == CONTINUE && r->argcount == 1)
		status = tool_print_listing(&t, LISTING_SPI);
	if (status == CONTINUE)
		status = check_request(&t, r);
	if (status == CONTINUE) {
		warnings(&t, r);
		status = run(&t, r);
	}
	explicit_bzero(r, sizeof(*r));
	free(r);
	for (int i = 0; i < a.n; i++) {
		free(a.argvs[i]);
		optionsfrom_free(a.words[i]);
	}
	tool_free(&t);
	return status;
}
