// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/lgetopt.h"

void lgetopt_init(struct lgetopt *g, int argc, char **argv)
{
	memset(g, 0, sizeof(*g));
	g->argc = argc;
	g->argv = argv;
	g->optind = 1;
	g->first_nonopt = 1;
	g->last_nonopt = 1;
}

static bool is_nonoption(const char *word)
{
	return word[0] != '-' || word[1] == '\0';
}

static void reverse(char **v, int from, int to)
{
	while (from < --to) {
		char *t = v[from];

		v[from++] = v[to];
		v[to] = t;
	}
}

/* Move the options in [last_nonopt, optind) in front of the skipped non-options. */
static void exchange(struct lgetopt *g)
{
	int bottom = g->first_nonopt, middle = g->last_nonopt, top = g->optind;

	reverse(g->argv, bottom, middle);
	reverse(g->argv, middle, top);
	reverse(g->argv, bottom, top);
	g->first_nonopt += top - middle;
	g->last_nonopt = top;
}

static void append_candidate(struct lgetopt *g, const char *prefix, const char *name)
{
	size_t used = strlen(g->msg);

	snprintf(g->msg + used, sizeof(g->msg) - used, " '%s%s'", prefix, name);
}

static const struct lopt *find_exact(const struct lopt *opts, const char *name, size_t len)
{
	for (; opts->name; opts++)
		if (strncmp(opts->name, name, len) == 0 && strlen(opts->name) == len)
			return opts;
	return NULL;
}

#define HIDDEN "=(value not shown)"

/* How much of "name=value" a message shows: all, or the name alone when
 * values are hidden (they may be keys: --enckye=0x...). */
static int shown_len(const struct lgetopt *g, const char *word)
{
	const char *eq = g->hide_values ? strchr(word, '=') : NULL;

	return eq ? (int)(eq - word) : (int)strlen(word);
}

static bool same_kind(const struct lopt *a, const struct lopt *b)
{
	return a->has_arg == b->has_arg && a->val == b->val;
}

/*
 * glibc's rule: an abbreviation is ambiguous when a later candidate differs
 * from the first one in has_arg or val (getopt_long_only: any later
 * candidate); the message lists the first and every differing candidate,
 * in table order.
 */
static const struct lopt *find_abbrev(struct lgetopt *g, const struct lopt *opts,
				      const char *prefix, const char *word, size_t len)
{
	const struct lopt *first = NULL, *o;
	bool ambiguous = false;

	for (o = opts; o->name; o++) {
		if (strncmp(o->name, word, len) != 0)
			continue;
		if (!first)
			first = o;
		else if (g->long_only || !same_kind(first, o))
			ambiguous = true;
	}
	if (!ambiguous)
		return first;

	snprintf(g->msg, sizeof(g->msg), "option '%s%.*s%s' is ambiguous; possibilities:", prefix,
		 shown_len(g, word), word, word[shown_len(g, word)] ? HIDDEN : "");
	for (o = opts; o->name; o++)
		if (strncmp(o->name, word, len) == 0 &&
		    (o == first || g->long_only || !same_kind(first, o)))
			append_candidate(g, prefix, o->name);
	g->nextchar = NULL;
	g->optind++;
	return NULL;
}

/* The option word at optind, after its prefix ("--", or "-" with long_only). */
static int long_option(struct lgetopt *g, const struct lopt *opts, const char *prefix)
{
	const char *word = g->argv[g->optind] + strlen(prefix);
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const struct lopt *o;

	o = find_exact(opts, word, len);
	if (!o) {
		o = find_abbrev(g, opts, prefix, word, len);
		if (!o && g->msg[0])
			return '?';
	}
	g->nextchar = NULL;
	g->optind++;
	if (!o) {
		snprintf(g->msg, sizeof(g->msg), "unrecognized option '%s%.*s%s'", prefix,
			 shown_len(g, word), word, word[shown_len(g, word)] ? HIDDEN : "");
		return '?';
	}

	if (eq) {
		if (!o->has_arg) {
			snprintf(g->msg, sizeof(g->msg), "option '%s%s' doesn't allow an argument",
				 prefix, o->name);
			return '?';
		}
		g->optarg = eq + 1;
	} else if (o->has_arg) {
		if (g->optind >= g->argc) {
			snprintf(g->msg, sizeof(g->msg), "option '%s%s' requires an argument",
				 prefix, o->name);
			return '?';
		}
		g->optarg = g->argv[g->optind++];
	}
	return o->val;
}

/* Permute, skip non-options, handle "--"; false when the options are exhausted. */
static bool advance(struct lgetopt *g)
{
	if (g->last_nonopt > g->optind)
		g->last_nonopt = g->optind;
	if (g->first_nonopt > g->optind)
		g->first_nonopt = g->optind;

	if (g->first_nonopt != g->last_nonopt && g->last_nonopt != g->optind)
		exchange(g);
	else if (g->last_nonopt != g->optind)
		g->first_nonopt = g->optind;
	while (g->optind < g->argc && is_nonoption(g->argv[g->optind]))
		g->optind++;
	g->last_nonopt = g->optind;

	if (g->optind != g->argc && strcmp(g->argv[g->optind], "--") == 0) {
		g->optind++;
		if (g->first_nonopt != g->last_nonopt && g->last_nonopt != g->optind)
			exchange(g);
		else if (g->first_nonopt == g->last_nonopt)
			g->first_nonopt = g->optind;
		g->last_nonopt = g->argc;
		g->optind = g->argc;
	}

	if (g->optind == g->argc) {
		if (g->first_nonopt != g->last_nonopt)
			g->optind = g->first_nonopt;
		return false;
	}
	return true;
}

int lgetopt_next(struct lgetopt *g, const struct lopt *opts)
{
	char c;

	g->optarg = NULL;
	g->msg[0] = '\0';
	if (g->argc < 1)
		return -1;

	if (!g->nextchar || !*g->nextchar) {
		if (!advance(g))
			return -1;
		if (g->argv[g->optind][1] == '-')
			return long_option(g, opts, "--");
		/* The short-option string is empty: every "-word" is a long option. */
		if (g->long_only)
			return long_option(g, opts, "-");
		g->nextchar = g->argv[g->optind] + 1;
	}

	/* The short-option string is empty: every letter is an error. */
	c = *g->nextchar++;
	if (*g->nextchar == '\0')
		g->optind++;
	snprintf(g->msg, sizeof(g->msg), "invalid option -- '%c'", c);
	return '?';
}

int lgetopt_insert(struct lgetopt *g, char **words, int nwords, char ***owned)
{
	char **v;
	int at = g->optind, i;

	if (nwords < 0 || at < 0 || at > g->argc)
		return -1;
	v = malloc(((size_t)g->argc + (size_t)nwords + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < at; i++)
		v[i] = g->argv[i];
	for (i = 0; i < nwords; i++)
		v[at + i] = words[i];
	for (i = at; i < g->argc; i++)
		v[nwords + i] = g->argv[i];
	v[g->argc + nwords] = NULL;

	g->argv = v;
	g->argc += nwords;
	*owned = v;
	return 0;
}
