// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgetopt against the C library's getopt_long() (glibc 2.36 here), with
 * spi's option table (src/cmd_spi_options.c): return values, optarg, optind, messages (glibc's
 * stderr, captured) and the final argument order must all agree.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat/lgetopt.h"
#include "src/cmd_spi.h"
#include "tests/unit/getopt_table.h"
#include "tests/unit/tap.h"

/* spi's table (with our --explain), and the same for glibc. */
static struct option spi_options[64];

/* A table where candidates differ only in has_arg (glibc's other ambiguity case). */
static const struct lopt odd_lopts[] = {
	{ "foo", 0, 'f' }, { "foobar", 1, 'f' }, { "foobaz", 0, 'f' }, { "fooqux", 0, 'q' },
	{ "x", 1, 'x' }, { "xy", 1, 'x' }, { NULL, 0, 0 },
};
static struct option odd_options[8];

static const struct lopt *cur_lopts = spi_opts;
static const struct option *cur_options = spi_options;

/* What --optionsfrom inserts in both runs (the same pointers). */
static char *inserted[] = { "--spi", "0x200", "inserted-nonopt", "--del" };

#define MAX_STEPS 64
#define MAX_ARGS 64

struct step {
	int ret, optind;
	const char *optarg;
	char msg[600];
};

struct run {
	struct step steps[MAX_STEPS];
	int nsteps;
	char *argv[MAX_ARGS];
	int argc;
};

static FILE *capture;

/* One getopt_long() call with fd 2 going to a scratch file. */
static int glibc_step(int argc, char **argv, char *msg, size_t len)
{
	int fd = fileno(capture), saved = dup(2), ret;
	ssize_t n;

	fflush(stderr);
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		return -2;
	dup2(fd, 2);
	ret = getopt_long(argc, argv, "", cur_options, NULL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	n = pread(fd, msg, len - 1, 0);
	msg[n > 0 ? n : 0] = '\0';
	/* "prog: text\n" -> "text" */
	if (strncmp(msg, "prog: ", 6) == 0)
		memmove(msg, msg + 6, strlen(msg + 6) + 1);
	if (msg[0] && msg[strlen(msg) - 1] == '\n')
		msg[strlen(msg) - 1] = '\0';
	/* lgetopt keeps 511 characters */
	msg[511 < len - 1 ? 511 : len - 1] = '\0';
	return ret;
}

static char **splice(char **argv, int *argc, int at, char ***owned)
{
	int n = (int)(sizeof(inserted) / sizeof(inserted[0])), i;
	char **v = malloc(((size_t)*argc + (size_t)n + 1) * sizeof(*v));

	for (i = 0; i < at; i++)
		v[i] = argv[i];
	for (i = 0; i < n; i++)
		v[at + i] = inserted[i];
	for (i = at; i < *argc; i++)
		v[n + i] = argv[i];
	*argc += n;
	v[*argc] = NULL;
	free(*owned);
	*owned = v;
	return v;
}

static void run_glibc(int argc, char **in, struct run *r)
{
	char *argv[MAX_ARGS + 1], **v = argv, **owned = NULL;
	int inserts = 0;

	memcpy(argv, in, (size_t)argc * sizeof(*argv));
	argv[argc] = NULL;
	optind = 0;
	opterr = 1;
	r->nsteps = 0;
	while (r->nsteps < MAX_STEPS) {
		struct step *s = &r->steps[r->nsteps++];

		s->ret = glibc_step(argc, v, s->msg, sizeof(s->msg));
		s->optind = optind;
		s->optarg = optarg;
		if (s->ret == -1)
			break;
		if (s->ret == '+' && inserts++ < 2)
			v = splice(v, &argc, optind, &owned);
	}
	r->argc = argc < MAX_ARGS ? argc : MAX_ARGS;
	memcpy(r->argv, v, (size_t)r->argc * sizeof(*v));
	free(owned);
}

static void run_lgetopt(int argc, char **in, struct run *r)
{
	char *argv[MAX_ARGS + 1], **owned = NULL;
	struct lgetopt g;
	int inserts = 0;

	memcpy(argv, in, (size_t)argc * sizeof(*argv));
	argv[argc] = NULL;
	lgetopt_init(&g, argc, argv);
	r->nsteps = 0;
	while (r->nsteps < MAX_STEPS) {
		struct step *s = &r->steps[r->nsteps++];

		s->ret = lgetopt_next(&g, cur_lopts);
		s->optind = g.optind;
		s->optarg = g.optarg;
		snprintf(s->msg, sizeof(s->msg), "%s", s->ret == '?' ? g.msg : "");
		if (s->ret == -1)
			break;
		if (s->ret == '+' && inserts++ < 2) {
			char **old = owned;

			if (lgetopt_insert(&g, inserted, 4, &owned) != 0)
				break;
			free(old);
		}
	}
	r->argc = g.argc < MAX_ARGS ? g.argc : MAX_ARGS;
	memcpy(r->argv, g.argv, (size_t)r->argc * sizeof(*g.argv));
	free(owned);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Describes the first difference in why; true when the runs agree. */
static bool compare(const struct run *a, const struct run *b, char *why, size_t len)
{
	int i;

	if (a->nsteps != b->nsteps) {
		snprintf(why, len, "%d calls vs glibc %d", a->nsteps, b->nsteps);
		return false;
	}
	for (i = 0; i < a->nsteps; i++) {
		const struct step *x = &a->steps[i], *y = &b->steps[i];

		if (x->ret != y->ret || x->optind != y->optind || !same_str(x->optarg, y->optarg) ||
		    strcmp(x->msg, y->msg) != 0) {
			snprintf(why, len,
				 "call %d: ret %d optind %d optarg %s msg \"%s\" vs glibc %d %d %s \"%s\"",
				 i + 1, x->ret, x->optind, x->optarg ? x->optarg : "(null)", x->msg,
				 y->ret, y->optind, y->optarg ? y->optarg : "(null)", y->msg);
			return false;
		}
	}
	if (a->argc != b->argc) {
		snprintf(why, len, "argc %d vs glibc %d", a->argc, b->argc);
		return false;
	}
	for (i = 0; i < a->argc; i++) {
		if (a->argv[i] != b->argv[i]) {
			snprintf(why, len, "argv[%d] \"%s\" vs glibc \"%s\"", i, a->argv[i], b->argv[i]);
			return false;
		}
	}
	return true;
}

static bool differential(int argc, char **argv, char *why, size_t len)
{
	static struct run mine, ref;

	run_lgetopt(argc, argv, &mine);
	run_glibc(argc, argv, &ref);
	return compare(&mine, &ref, why, len);
}

static void describe(int argc, char **argv, char *out, size_t len)
{
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 1; i < argc && used + 2 < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s'%s'", i > 1 ? " " : "", argv[i]);
}

/* A space-separated argument list (words may not contain spaces here). */
static void check_line(const char *line)
{
	char copy[1024], *argv[MAX_ARGS], *save = NULL, *w, why[2048], name[512];
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	argv[argc++] = "prog";
	for (w = strtok_r(copy, " ", &save); w && argc < MAX_ARGS - 8; w = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(w, "''") == 0 ? "" : w;
	describe(argc, argv, name, sizeof(name));
	if (!tap_ok(differential(argc, argv, why, sizeof(why)), "getopt_long %s", name))
		tap_diag("%s", why);
}

static const char *const lines[] = {
	"",
	"foo",
	"--del",
	"--ah hmac-md5-96 --said esp.100@1.2.3.4",
	"--ah=hmac-md5-96",
	"--sa esp.100@1.2.3.4",
	"--sa=esp.100@1.2.3.4",
	"--d",
	"--li",
	"--sare 5",
	"--saref_ 5",
	"--sarefh 5",
	"--saref 5",
	"--saref",
	"--outif",
	"--del=1",
	"--help=x",
	"--foo",
	"--foo=bar",
	"--=x",
	"--",
	"-- --del",
	"foo -- --del bar",
	"-",
	"- --del",
	"-c",
	"-abc",
	"-abc --del",
	"foo -x bar",
	"---x",
	"--Del",
	"--rep 5 --repl=6",
	"--e 1.2.3.4",
	"--ed 1.2.3.4",
	"--dst= --src",
	"foo bar --del baz --ah x qux",
	"foo --spi 0x100 bar --edst 1.2.3.4 baz",
	"a b c --del -- d e",
	"a -- b",
	"--optionsfrom file tail",
	"x --optionsfrom file y --optionsfrom f2 z",
	"--optionsfrom=file",
	"--ip --ip4 --ip6",
	"--i",
	"--h",
	"--he",
	"--v",
	"--c",
	"--l",
	"--la x --lab=y",
	"'' --del ''",
	"x=y --del",
	"-= --",
	"--debug --debug --dumpsaref --listenreply",
	"--life soft-bytes=1 --life hard-bytes=2",
	"--label",
	"--said",
	"--esp 3des --enckey",
};

static uint32_t rng = 362436069u;

static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static char *pool[] = {
	"--ah", "--esp", "hmac-md5-96", "--sa", "--said=esp.1@1.2.3.4", "--d", "--li", "--del=1",
	"--outif", "-", "--", "-c", "-abc", "foo", "bar", "--foo", "--foo=bar", "--sa=5", "--=x",
	"--spi", "0x100", "--life", "--optionsfrom", "file", "--saref", "--sare", "--saref_",
	"--sarefh", "--h", "--he", "--help=x", "--version", "", "---x", "--Del", "--rep", "--rep=5",
	"--d=5", "--dst=", "--edst", "--e", "--e=", "x=y", "-=", "--ip", "--ip4", "--i", "--del",
	"--clear", "--sarefme=1", "--dumpsaref", "--listenreply", "--label", "-v", "--optionsfrom=f",
};

static void random_vectors(void)
{
	int round, bad = 0, total = 0;
	char why[2048], name[512];

	for (round = 0; round < 20000; round++) {
		char *argv[MAX_ARGS];
		int argc = 1, n = (int)(next_random() % 12), i;

		argv[0] = "prog";
		for (i = 0; i < n; i++)
			argv[argc++] = pool[next_random() % (sizeof(pool) / sizeof(pool[0]))];
		total++;
		if (!differential(argc, argv, why, sizeof(why)) && bad++ < 5) {
			describe(argc, argv, name, sizeof(name));
			tap_diag("%s: %s", name, why);
		}
	}
	tap_ok(bad == 0, "%d random argument vectors agree with getopt_long (%d differ)", total, bad);
}

/* A word longer than the message buffer: both cut at 511 characters. */
static void long_words(void)
{
	static char word[2000];
	char *argv[3] = { "prog", word, NULL };
	char why[2048];

	memset(word, 'x', sizeof(word) - 1);
	memcpy(word, "--foo=", 6);
	if (!tap_ok(differential(2, argv, why, sizeof(why)), "very long unknown option"))
		tap_diag("%s", why);
	memcpy(word, "--sa=", 5);
	if (!tap_ok(differential(2, argv, why, sizeof(why)), "very long ambiguous option"))
		tap_diag("%s", why);
}

static void observed_messages(void)
{
	static const struct {
		const char *arg, *msg;
	} v[] = {
		{ "--sa", "option '--sa' is ambiguous; possibilities: '--said' '--saref' '--sarefme' '--sarefhim' '--saref_me' '--saref_him'" },
		{ "--d", "option '--d' is ambiguous; possibilities: '--del' '--dst' '--dport' '--debug' '--dumpsaref'" },
		{ "--li", "option '--li' is ambiguous; possibilities: '--life' '--listenreply'" },
		{ "--foo=bar", "unrecognized option '--foo=bar'" },
		{ "--del=1", "option '--del' doesn't allow an argument" },
		{ "--out", "option '--outif' requires an argument" },
		{ "-c", "invalid option -- 'c'" },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *argv[] = { "prog", (char *)v[i].arg, NULL };
		struct lgetopt g;
		int ret;

		lgetopt_init(&g, 2, argv);
		ret = lgetopt_next(&g, spi_opts);
		tap_ok(ret == '?', "%s gives '?'", v[i].arg);
		tap_str(g.msg, v[i].msg, "%s message", v[i].arg);
	}
}

static void odd_table(void)
{
	static const char *const odd_lines[] = {
		"--fo", "--foob", "--foob x", "--fooba=1", "--foobar", "--foo", "--fooq",
		"--f", "--x", "--x 1", "--xy 1", "--x=", "a --f b --fooq c",
	};
	size_t i;

	cur_lopts = odd_lopts;
	cur_options = odd_options;
	for (i = 0; i < sizeof(odd_lines) / sizeof(odd_lines[0]); i++)
		check_line(odd_lines[i]);
	cur_lopts = spi_opts;
	cur_options = spi_options;
}

int main(void)
{
	size_t i;

	unsetenv("POSIXLY_CORRECT");
	getopt_table(spi_opts, spi_options, sizeof(spi_options) / sizeof(spi_options[0]));
	getopt_table(odd_lopts, odd_options, sizeof(odd_options) / sizeof(odd_options[0]));
	capture = tmpfile();
	if (!tap_ok(capture != NULL, "scratch file for glibc's messages"))
		return tap_done();

	observed_messages();
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		check_line(lines[i]);
	long_words();
	odd_table();
	random_vectors();
	fclose(capture);
	return tap_done();
}
