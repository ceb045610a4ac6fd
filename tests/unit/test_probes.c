// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The spi rows of tests/vectors/probes.tsv replayed through the compat
 * parsers in spi 2.6.38's order (option by option, as spi validated them).
 * Where the first line 2.6.38 printed comes from one of these parsers, the
 * text built from the compat result must equal it; where 2.6.38 succeeded,
 * no parser may refuse anything. Rows that stop on spi's own checks
 * (redefinitions, missing pieces, the kernel) are outside this test.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/addr.h"
#include "compat/alg.h"
#include "compat/key.h"
#include "compat/keycheck.h"
#include "compat/lgetopt.h"
#include "compat/life.h"
#include "compat/number.h"
#include "compat/said.h"
#include "tests/unit/tap.h"

enum { COL_ID = 0, COL_TOOL = 2, COL_ARGS = 3, COL_RC = 11, COL_STDERR = 13, COL_NOTES = 15 };

static const struct lopt spi_opts[] = {
	{ "ah", 1, 'H' }, { "esp", 1, 'P' }, { "comp", 1, 'Z' }, { "ip4", 0, '4' },
	{ "ip6", 0, '6' }, { "del", 0, 'd' }, { "authkey", 1, 'A' }, { "enckey", 1, 'E' },
	{ "edst", 1, 'e' }, { "spi", 1, 's' }, { "proto", 1, 'p' }, { "af", 1, 'a' },
	{ "replay_window", 1, 'w' }, { "iv", 1, 'i' }, { "dst", 1, 'D' }, { "src", 1, 'S' },
	{ "natt", 1, 'N' }, { "dport", 1, 'F' }, { "sport", 1, 'G' }, { "said", 1, 'I' },
	{ "help", 0, 'h' }, { "version", 0, 'v' }, { "clear", 0, 'c' }, { "label", 1, 'l' },
	{ "debug", 0, 'g' }, { "optionsfrom", 1, '+' }, { "life", 1, 'f' }, { "outif", 1, 'O' },
	{ "saref", 1, 'b' }, { "sarefme", 1, 'b' }, { "sarefhim", 1, 'B' }, { "saref_me", 1, 'b' },
	{ "saref_him", 1, 'B' }, { "dumpsaref", 0, 'r' }, { "listenreply", 0, 'R' },
	{ NULL, 0, 0 },
};

/* First lines that one of the compat parsers decides. */
static const char *const owned_patterns[] = {
	"^option '", "^unrecognized option '", "^invalid option -- '",
	"^Error, .* converting --(sa|edst|src|dst) argument:",
	"^(Encryption|Authentication) key must have a", "^IV must have a",
	"^unknown format or syntax error in ",
	"^Invalid encryption algorithm '", "^Unknown (authentication|compression) algorithm '",
	"^Invalid character in (SPI|replay_window) parameter", "^Illegal reserved spi",
	"^Failed -- Illegal window size", "^missing lifetime", "^expected ",
	"^Error, lifetime parameter redefined", "^Invalid character=",
	"^invalid (encryption|auth) keylen",
};

/*
 * Rows where this project refuses or accepts on purpose what 2.6.38 did
 * not, with the reason (they still run; the difference is shown).
 */
static const struct {
	const char *id, *ours, *why;
} deviations[] = {
	{ "ka-3des-md5-short", "invalid encryption keylen=64, must be between 192 and 192 bits",
	  "XFRM's cbc(des3_ede) takes exactly 192 bits; the simulated KLIPS table said 168-192" },
	{ "ka-twofish-absent", "",
	  "twofish was missing from the simulated KLIPS table; it is in this project's table" },
};

struct state {
	int family;
	bool alg_given, said_given;
	struct sa_alg alg;
	struct key enc, auth;
	struct life life;
	char msg[1024];
};

static int fake_lookup(void *ctx, const char *name, int family, struct ip_addr *out)
{
	(void)ctx;
	if (family != AF_INET || strcmp(name, "localhost") != 0)
		return -1;
	addr_any(AF_INET, out);
	memcpy(out->a, "\x7f\x00\x00\x01", 4);
	return 0;
}

static const struct resolver no_dns = { fake_lookup, NULL };

static bool addr_option(struct state *st, const char *opt, const char *arg)
{
	struct ip_addr a;
	const char *err = addr_parse(arg, st->family, &no_dns, &a);

	if (err)
		snprintf(st->msg, sizeof(st->msg), "Error, %s converting --%s argument:%s", err, opt, arg);
	return !err;
}

static bool key_option(struct state *st, int c, const char *arg)
{
	const char *what = c == 'A' ? "Authentication key" : "Encryption key";
	const char *detail = c == 'A' ? "authentication key" : c == 'E' ? "encryption key" : "IV";
	struct key scratch, *k = c == 'A' ? &st->auth : c == 'E' ? &st->enc : &scratch;

	switch (key_parse(arg, k, NULL)) {
	case KEY_OK:
		return true;
	case KEY_BAD_PREFIX:
		if (c == 'i')
			snprintf(st->msg, sizeof(st->msg),
				 "IV must have a '0x', '0t' or '0s' prefix to select the format, found '%c'.",
				 arg[1]);
		else
			snprintf(st->msg, sizeof(st->msg),
				 "%s must have a '0x', '0t' or '0s' prefix to select the format: %s",
				 what, arg);
		return false;
	default:
		snprintf(st->msg, sizeof(st->msg), "unknown format or syntax error in %s: %s",
			 detail, arg);
		return false;
	}
}

static bool alg_option(struct state *st, int c, const char *arg)
{
	int n = 0;

	if (st->alg_given)
		return false;	/* spi's own "Only one of ..." */
	st->alg_given = true;
	if (c == 'H' && alg_parse_ah(arg, &st->alg) != ALG_OK) {
		snprintf(st->msg, sizeof(st->msg),
			 "Unknown authentication algorithm '%s' follows '--ah' option.", arg);
		return false;
	}
	if (c == 'Z' && alg_parse_comp(arg, &st->alg) != ALG_OK) {
		snprintf(st->msg, sizeof(st->msg),
			 "Unknown compression algorithm '%s' follows '--comp' option.", arg);
		return false;
	}
	if (c == 'P') {
		switch (alg_parse_esp(arg, &st->alg, &n)) {
		case ALG_OK:
			break;
		case ALG_TOO_MANY:
			snprintf(st->msg, sizeof(st->msg),
				 "Invalid encryption algorithm '%s' follows '--esp' option: lead too many(%d) transforms",
				 arg, n);
			return false;
		default:
			snprintf(st->msg, sizeof(st->msg),
				 "Invalid encryption algorithm '%s' follows '--esp' option.", arg);
			return false;
		}
	}
	return true;
}

static bool number_option(struct state *st, int c, const char *arg)
{
	uint64_t v;
	bool whole = legacy_strtoul_all(arg, &v);

	if (c == 's' && !whole) {
		snprintf(st->msg, sizeof(st->msg), "Invalid character in SPI parameter: %s", arg);
		return false;
	}
	if (c == 's' && (uint32_t)v < 0x100) {
		snprintf(st->msg, sizeof(st->msg),
			 "Illegal reserved spi: %s => 0x%x Must be larger than 0x100.", arg, (uint32_t)v);
		return false;
	}
	if (c == 'w' && !whole) {
		snprintf(st->msg, sizeof(st->msg), "Invalid character in replay_window parameter: %s",
			 arg);
		return false;
	}
	if (c == 'w' && ((int)v < 1 || (int)v > 64)) {
		snprintf(st->msg, sizeof(st->msg),
			 "Failed -- Illegal window size: arg=%s, replay_window=%d, must be 1 <= size <= 64.",
			 arg, (int)v);
		return false;
	}
	return true;
}

static bool said_option(struct state *st, const char *arg)
{
	struct said sa;
	const char *err = said_parse(arg, &no_dns, &sa);

	if (err) {
		snprintf(st->msg, sizeof(st->msg), "Error, %s converting --sa argument:%s", err, arg);
		return false;
	}
	if (st->said_given || (st->family && st->family != sa.dst.family))
		return false;	/* spi's own redefinition and family checks */
	st->said_given = true;
	st->family = sa.dst.family;
	return true;
}

/* One option; false stops the replay (st->msg set when a parser refused). */
static bool apply(struct state *st, int c, const char *arg, const char *lgetopt_msg)
{
	switch (c) {
	case '?':
		snprintf(st->msg, sizeof(st->msg), "%s", lgetopt_msg);
		return false;
	case 'h':
	case 'v':
	case '+':
		return false;
	case '4':
	case '6':
		if (st->alg_given)
			return false;
		st->alg_given = true;
		st->family = c == '4' ? AF_INET : AF_INET6;
		return true;
	case 'a':
		if (strcmp(arg, "inet") && strcmp(arg, "inet6"))
			return false;
		st->family = strcmp(arg, "inet") == 0 ? AF_INET : AF_INET6;
		return true;
	case 'H':
	case 'P':
	case 'Z':
		return alg_option(st, c, arg);
	case 'e':
		return addr_option(st, "edst", arg);
	case 'S':
		return addr_option(st, "src", arg);
	case 'D':
		return addr_option(st, "dst", arg);
	case 'I':
		return said_option(st, arg);
	case 'A':
	case 'E':
	case 'i':
		return key_option(st, c, arg);
	case 's':
	case 'w':
		return number_option(st, c, arg);
	case 'f':
		return life_parse(arg, &st->life, st->msg, sizeof(st->msg)) == LIFE_OK;
	default:
		return true;
	}
}

/* Split shell text the way the probes were run: eval "set -- $args". */
static int shell_words(const char *args, char *store, size_t cap, char **argv, int max)
{
	FILE *p;
	size_t n;
	int argc = 0;
	char *w;

	setenv("PROBE_ARGS", args, 1);
	p = popen("sh -c 'eval \"set -- $PROBE_ARGS\"; for a; do printf \"%s\\0\" \"$a\"; done'", "r");
	if (!p)
		return -1;
	n = fread(store, 1, cap - 1, p);
	pclose(p);
	store[n] = '\0';
	argv[argc++] = "spi";
	for (w = store; w < store + n && argc < max - 1; w += strlen(w) + 1)
		argv[argc++] = w;
	argv[argc] = NULL;
	return argc;
}

/* The first stderr line without the program prefix and the debug notice. */
static void first_line(char *err, char *out, size_t len)
{
	char *line = err, *nl, *colon;

	tap_unescape(err);
	for (;;) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		colon = strstr(line, ": ");
		if (colon && strncmp(line, "/usr/local/libexec/ipsec/spi", 28) == 0)
			line = colon + 2;
		if (strncmp(line, "Cannot set debug", 16) != 0 || !nl)
			break;
		line = nl + 1;
	}
	snprintf(out, len, "%s", line);
}

static bool matches(const char *pattern, const char *text)
{
	regex_t re;
	bool m;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	m = regexec(&re, text, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

static bool owned(const char *line)
{
	size_t i;

	for (i = 0; i < sizeof(owned_patterns) / sizeof(owned_patterns[0]); i++)
		if (matches(owned_patterns[i], line))
			return true;
	return false;
}

/* Pointers differ per run: "0p0x7ffe..." becomes "0pPTR". */
static void normalize(char *s)
{
	char *p;

	while ((p = strstr(s, "0p0x"))) {
		char *end = p + 4;

		while ((*end >= '0' && *end <= '9') || (*end >= 'a' && *end <= 'f'))
			end++;
		memcpy(p, "0pPTR", 5);
		memmove(p + 5, end, strlen(end) + 1);
		s = p + 5;
	}
}

struct counts {
	int compared, succeeded, skipped;
};

static void row(char **f, int n, void *ctx)
{
	struct counts *cnt = ctx;
	static char store[8192], observed[2048];
	char *argv[128], *args;
	struct lgetopt g;
	struct state st;
	int argc, c;
	size_t i;

	if (n <= COL_STDERR || strcmp(f[COL_TOOL], "spi") != 0 || f[COL_RC][0] == '\0') {
		cnt->skipped++;
		return;
	}
	args = tap_unescape(f[COL_ARGS]);
	argc = shell_words(args, store, sizeof(store), argv, 128);
	first_line(f[COL_STDERR], observed, sizeof(observed));
	if (argc < 0 || (!owned(observed) && strcmp(f[COL_RC], "0") != 0)) {
		cnt->skipped++;
		return;
	}

	memset(&st, 0, sizeof(st));
	lgetopt_init(&g, argc, argv);
	while ((c = lgetopt_next(&g, spi_opts)) != -1 && apply(&st, c, g.optarg, g.msg))
		;
	if (!st.msg[0] && strncmp(f[COL_ID], "ka-", 3) == 0 && st.alg.kernel_alg) {
		char buf[256];

		if (key_check(&st.alg, &st.enc, &st.auth, buf, sizeof(buf)))
			snprintf(st.msg, sizeof(st.msg), "%s", buf);
	}
	normalize(st.msg);
	normalize(observed);

	for (i = 0; i < sizeof(deviations) / sizeof(deviations[0]); i++) {
		if (strcmp(f[COL_ID], deviations[i].id) == 0) {
			tap_str(st.msg, deviations[i].ours, "%s: deliberate difference (%s)", f[COL_ID],
				deviations[i].why);
			tap_diag("2.6.38 printed: %s", observed);
			cnt->compared++;
			return;
		}
	}
	if (strcmp(f[COL_RC], "0") == 0) {
		tap_str(st.msg, "", "%s: accepted, as by 2.6.38", f[COL_ID]);
		cnt->succeeded++;
	} else {
		tap_str(st.msg, observed, "%s: %s", f[COL_ID], args);
		cnt->compared++;
	}
	key_wipe(&st.enc);
	key_wipe(&st.auth);
}

int main(void)
{
	char path[512];
	struct counts cnt = { 0 };
	int rows;

	snprintf(path, sizeof(path), "%s/probes.tsv", tap_vectors_dir());
	rows = tap_read_tsv(path, row, &cnt);
	tap_ok(rows > 0, "read %s (%d rows)", path, rows);
	tap_diag("%d refusals compared, %d accepted rows, %d rows outside the parsers",
		 cnt.compared, cnt.succeeded, cnt.skipped);
	return tap_done();
}
