/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Long options the way the originals read them: GNU getopt_long() with an
 * empty short-option string (abbreviations, --opt=value, argument
 * permutation, "--"), or getopt_long_only() (long_only set: "-attach" is
 * --attach too, and any two candidates make an abbreviation ambiguous), but
 * reentrant and without printing: the glibc 2.36 message text is returned
 * to the caller.
 */
#ifndef COMPAT_LGETOPT_H
#define COMPAT_LGETOPT_H

#include <stdbool.h>

struct lopt {
	const char *name;
	int has_arg;		/* 0: no argument, 1: required */
	int val;		/* returned by lgetopt_next() */
};

struct lgetopt {
	int argc;
	char **argv;		/* permuted in place, like GNU getopt */
	int optind;		/* index of the next word to look at */
	const char *optarg;	/* argument of the option just returned */
	char msg[512];		/* after '?': e.g. "unrecognized option '--foo'" (no prefix, no newline) */
	bool long_only;		/* getopt_long_only(): set after lgetopt_init() */
	/* Set after lgetopt_init: the unrecognized and ambiguous messages show
	 * "--name=(value not shown)" instead of the value after '=' (a key, maybe). */
	bool hide_values;
	/* private */
	int first_nonopt, last_nonopt;
	const char *nextchar;	/* rest of a "-abc" word still to report */
};

void lgetopt_init(struct lgetopt *g, int argc, char **argv);

/*
 * Returns the val of the next option, '?' on an error (g->msg set), or -1
 * when options are exhausted; then argv[g->optind .. argc-1] are the
 * non-option words (moved behind the options, as GNU getopt does).
 * opts ends with an entry whose name is NULL; its order matters for the
 * list printed with ambiguous abbreviations.
 */
int lgetopt_next(struct lgetopt *g, const struct lopt *opts);

/*
 * Splice words into g->argv at g->optind (for --optionsfrom). The new argv
 * is allocated; *owned receives it (free with free()). The words themselves
 * are not copied, and an argv from an earlier call is not freed here (the
 * caller frees it after this call). Returns 0 or -1.
 */
int lgetopt_insert(struct lgetopt *g, char **words, int nwords, char ***owned);

#endif
