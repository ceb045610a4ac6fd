// SPDX-License-Identifier: GPL-2.0-or-later
/* What every command shares (src/tool.h): its streams and message prefix. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat/lgetopt.h"
#include "compat/optionsfrom.h"
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
	FILE *f = fopen(path, "r");
	char *text = NULL, **words, **argv;
	size_t len = 0;
	int n;
	const char *err;

	if (!f) {
		tool_error(t, "optionsfrom failed: unable to open file");
		return 2;
	}
	if (getdelim(&text, &len, '\0', f) < 0 && ferror(f)) {
		fclose(f);
		free(text);
		tool_error(t, "optionsfrom failed: unable to read file");
		return 2;
	}
	fclose(f);
	err = optionsfrom_split(text ? text : "", &words, &n);
	free(text);
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
