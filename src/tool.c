// SPDX-License-Identifier: GPL-2.0-or-later
/* What every command shares (src/tool.h): its streams and message prefix. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat/lgetopt.h"
#include "compat/optionsfrom.h"
#include "src/secrets.h"
#include "src/commands.h"
#include "src/tool.h"

int cmd_run(cmd_main_fn *cmd, int argc, char **argv)
{
	/* Listings run to megabytes: write them in 64 KiB pieces rather than
	 * 4 KiB ones when stdout is not a terminal (it is fully buffered then anyway). */
	static char outbuf[1 << 16];
	struct cmd_io io = { stdout, stderr, resolver_system() };

	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	return cmd(argc, argv, &io);
}

void tool_init(struct tool *t, const char *argv0, const struct cmd_io *io, bool spigrp)
{
	memset(t, 0, sizeof(*t));
	t->argv0 = argv0;
	t->prog = argv0;
	t->out = io->out;
	t->err = io->err;
	t->res = io->res;
	t->root = getuid() == 0;
	t->spigrp = spigrp;
}

int tool_set_label(struct tool *t, const char *word, const char *label)
{
	char *p;

	if (asprintf(&p, "%s --label %s", word, label) < 0)
		return -ENOMEM;
	free(t->prog_owned);
	t->prog = t->prog_owned = p;
	return 0;
}

int tool_label(struct tool *t, const char *label, int *argcount)
{
	if (tool_set_label(t, t->argv0, label) < 0) {
		tool_error(t, "Memory allocation error.");
		return 1;
	}
	*argcount -= 2;
	return CMD_CONTINUE;
}

int tool_sa_part_once(const struct tool *t, const char *what, const char *arg, const char *said,
		      const char *prev)
{
	if (said) {
		tool_error(t, "Error, %s parameter redefined:%s, already defined in SA:%s", what, arg, said);
		return 1;
	}
	if (prev) {
		tool_error(t, "Error, %s parameter redefined:%s, already defined as:%s", what, arg, prev);
		return 1;
	}
	return CMD_CONTINUE;
}

int tool_parse_options(struct tool *t, const struct tool_options *o, struct lgetopt *g,
		       int argc, char **argv, void *req, struct arena *a)
{
	int c;

	lgetopt_init(g, argc, argv);
	g->long_only = o->long_only;
	g->hide_values = o->hide_values;
	while ((c = lgetopt_next(g, o->table)) != -1) {
		int ret;

		if (c == '?') {
			/* glibc names argv[0], the usage the label too */
			fprintf(t->err, "%s: %s\n", t->argv0, g->msg);
			return o->unknown(t);
		}
		ret = o->one(t, req, c, g, a);
		if (ret != CMD_CONTINUE)
			return ret;
	}
	return CMD_CONTINUE;
}

void tool_free(struct tool *t)
{
	free(t->prog_owned);
	t->prog_owned = NULL;
}

void tool_error(const struct tool *t, const char *fmt, ...)
{
	va_list ap;

	fprintf(t->err, "%s: ", t->prog);
	va_start(ap, fmt);
	vfprintf(t->err, fmt, ap);
	va_end(ap);
	fputc('\n', t->err);
}

int tool_optionsfrom(const struct tool *t, struct lgetopt *g, const char *path, struct arena *a)
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
	return CMD_CONTINUE;
}

void arena_free(struct arena *a)
{
	for (int i = 0; i < a->n; i++) {
		free(a->argvs[i]);
		optionsfrom_free(a->words[i]);
	}
	a->n = 0;
}
