// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec spi's options (src/cmd_spi.h): read strictly left to right, each
 * validated at once with the legacy message and exit status; and its help.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "compat/lgetopt.h"
#include "compat/number.h"
#include "src/cmd_spi.h"
#include "src/secrets.h"

/* --- help and version ------------------------------------------------------ */

void spi_usage(const struct tool *t, FILE *f)
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
	spi_usage(t, f);
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
	return CMD_CONTINUE;
}

static int opt_esp(const struct tool *t, struct spi_req *r, const char *arg)
{
	int n = 0;

	switch (alg_parse_esp(arg, &r->alg, &n)) {
	case ALG_OK:
		return CMD_CONTINUE;
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
	return CMD_CONTINUE;
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
	return CMD_CONTINUE;
}

/*
 * An SPI is 32 bits: more is refused (2.6.38 kept the low 32 bits on 64-bit
 * builds, 32-bit builds saturated). "-N" (N below 2^32) is taken as 2^32 - N
 * like every build did, with a warning.
 */
static int opt_spi(const struct tool *t, struct spi_req *r, const char *arg)
{
	struct legacy_num v;
	int ret = tool_sa_part_once(t, "SPI", arg, r->said_opt, r->spi_opt);

	if (ret != CMD_CONTINUE)
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
	return CMD_CONTINUE;
}

static int opt_proto(const struct tool *t, struct spi_req *r, const char *arg)
{
	int ret = tool_sa_part_once(t, "PROTO", arg, r->said_opt, r->proto_opt);

	if (ret != CMD_CONTINUE)
		return ret;
	r->proto = said_proto_parse(arg);
	if (!r->proto) {
		tool_error(t, "Invalid PROTO parameter: %s", arg);
		return 1;
	}
	r->proto_opt = arg;
	return CMD_CONTINUE;
}

static int opt_af(const struct tool *t, struct spi_req *r, const char *arg)
{
	int ret = tool_sa_part_once(t, "ADDRESS FAMILY", arg, r->said_opt, r->af_opt);

	if (ret != CMD_CONTINUE)
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
	return CMD_CONTINUE;
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
		ret = CMD_CONTINUE;
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
		return CMD_CONTINUE;
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
	return CMD_CONTINUE;
}

static int opt_number(const struct tool *t, const char *what, const char *arg, uint64_t *v)
{
	if (!legacy_strtoul_all(arg, v)) {
		tool_error(t, "Invalid character in %s parameter: %s", what, arg);
		return 1;
	}
	return CMD_CONTINUE;
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
	else if (opt_number(t, "source", arg, &v) != CMD_CONTINUE)
		return 1;
	r->natt = v;
	return CMD_CONTINUE;
}

static int opt_life(const struct tool *t, struct spi_req *r, const char *arg)
{
	char msg[512];

	switch (life_parse(arg, &r->life, msg, sizeof(msg))) {
	case LIFE_OK:
		return CMD_CONTINUE;
	case LIFE_USAGE:
		tool_error(t, "%s", msg);
		return usage_exit(t, t->err);
	default:
		tool_error(t, "%s", msg);
		return 1;
	}
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

static int parse_one(struct tool *t, void *req, int c, struct lgetopt *g, struct arena *a)
{
	struct spi_req *r = req;
	const char *arg = g->optarg;
	uint64_t v;

	if (c != 'A' && c != 'E')
		wipe_swallowed_key(arg);
	switch (c) {
	case 'g':
		r->debug = true;
		r->argcount--;
		return CMD_CONTINUE;
	case 'R':
		r->listenreply = true;
		r->argcount--;
		return CMD_CONTINUE;
	case 'r':
		r->dumpsaref = true;
		r->argcount--;
		return CMD_CONTINUE;
	case 'b':
	case 'B':
		if (opt_number(t, c == 'b' ? "SAREFi" : "SAREFo", arg, &v) != CMD_CONTINUE)
			return 1;
		r->saref_given = true;
		r->argcount--;
		return CMD_CONTINUE;
	case 'O':
		if (opt_number(t, "outif", arg, &v) != CMD_CONTINUE)
			return 1;
		r->outif_given = true;
		r->argcount--;
		return CMD_CONTINUE;
	case 'x':
		r->explain = true;
		return CMD_CONTINUE;
	case 'l':
		return tool_label(t, arg, &r->argcount);
	case 'H':
		if (only_one(t, r, ACT_AH, false) != CMD_CONTINUE)
			return 1;
		if (alg_parse_ah(arg, &r->alg) != ALG_OK) {
			tool_error(t, "Unknown authentication algorithm '%s' follows '--ah' option.", arg);
			return 1;
		}
		r->alg_opt = arg;
		return CMD_CONTINUE;
	case 'P':
		if (only_one(t, r, ACT_ESP, false) != CMD_CONTINUE)
			return 1;
		r->alg_opt = arg;
		return opt_esp(t, r, arg);
	case 'Z':
		if (only_one(t, r, ACT_COMP, false) != CMD_CONTINUE)
			return 1;
		if (alg_parse_comp(arg, &r->alg) != ALG_OK) {
			tool_error(t, "Unknown compression algorithm '%s' follows '--comp' option.", arg);
			return 1;
		}
		r->alg_opt = arg;
		return CMD_CONTINUE;
	case '4':
	case '6':
		if (only_one(t, r, c == '4' ? ACT_IP4 : ACT_IP6, true) != CMD_CONTINUE)
			return 1;
		r->af = c == '4' ? AF_INET : AF_INET6;
		return CMD_CONTINUE;
	case 'd':
		return only_one(t, r, ACT_DEL, false);
	case 'c':
		return only_one(t, r, ACT_CLEAR, false);
	case 'e':
		if (tool_sa_part_once(t, "EDST", arg, r->said_opt, r->edst_opt) != CMD_CONTINUE ||
		    opt_addr(t, r, "edst", arg, &r->edst) != CMD_CONTINUE)
			return 1;
		r->edst_opt = arg;
		return CMD_CONTINUE;
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
		if (opt_addr(t, r, "dst", arg, &r->dst) != CMD_CONTINUE)
			return 1;
		r->dst_opt = arg;
		return CMD_CONTINUE;
	case 'S':
		if (r->src_opt) {
			tool_error(t, "Error, SRC parameter redefined:%s, already defined as:%s", arg, r->src_opt);
			return 1;
		}
		if (opt_addr(t, r, "src", arg, &r->src) != CMD_CONTINUE)
			return 1;
		r->src_opt = arg;
		return CMD_CONTINUE;
	case 'F':
	case 'G':
		if (opt_number(t, "source", arg, &v) != CMD_CONTINUE)
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
		return CMD_CONTINUE;
	case 'N':
		return opt_natt(t, r, arg);
	case 'h':
		spi_usage(t, t->out);
		return 255;
	case 'v':
		fprintf(t->out, "%s, klips-compat %s\n", t->prog, KLIPS_COMPAT_VERSION);
		return 1;
	case '+':
		return tool_optionsfrom(t, g, arg, a);
	case 'f':
		return opt_life(t, r, arg);
	}
	return 1;
}

static int unknown_option(const struct tool *t)
{
	return usage_exit(t, t->err);
}

static const struct tool_options options = {
	.table = spi_opts, .hide_values = true, .one = parse_one, .unknown = unknown_option,
};

int spi_parse(struct tool *t, struct spi_req *r, int argc, char **argv, struct arena *a)
{
	struct lgetopt g;
	int ret;

	r->argcount = argc;
	ret = tool_parse_options(t, &options, &g, argc, argv, r, a);
	if (ret == CMD_CONTINUE && r->debug)
		fprintf(t->out, "%s: All options processed.\n", t->prog);
	return ret;
}
