// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec klipsdebug: KLIPS' kernel debug switches. XFRM has none, so every
 * form of Openswan 2.6.38's command line is read as it was (getopt_long,
 * the same switch names, messages and exit statuses), nothing changes, and
 * one line on stderr says so. Scripts such as Openswan's own tests turn
 * switches on before their traffic (`ipsec klipsdebug --set rcv`); they go
 * on as they did. The listing form prints no switches: there are none.
 */
#include <string.h>

#include "compat/lgetopt.h"
#include "src/commands.h"
#include "src/tool.h"

static const struct lopt klipsdebug_opts[] = {
	{ "set", 1, 's' }, { "clear", 1, 'c' }, { "all", 0, 'a' }, { "none", 0, 'n' },
	{ "help", 0, 'h' }, { "version", 0, 'v' }, { "label", 1, 'l' },
	{ "optionsfrom", 1, '+' }, { "debug", 0, 'd' },
	{ NULL, 0, 0 },
};

/* The switch names KLIPS knew; --clear also took "xmit" and not "tncfg". */
static const char *const switches[] = {
	"tunnel", "tncfg", "tunnel-xmit", "xmit", "netlink", "xform", "eroute", "spi",
	"radij", "esp", "ah", "rcv", "pfkey", "comp", "verbose",
};

static void usage(const struct tool *t, FILE *f)
{
	fprintf(f, "%s: usage (klips-compat, Openswan 2.6 syntax):\n", t->prog);
	fputs(
"klipsdebug {--set|--clear} {tunnel|tunnel-xmit|netlink|xform|eroute|spi|radij|esp|ah|rcv|pfkey|comp|verbose}\n"
"klipsdebug {--all|--none}\n"
"        accepted as KLIPS did; XFRM has no KLIPS debug switches, so nothing\n"
"        changes (`ip xfrm monitor` and /proc/net/xfrm_stat show what XFRM does)\n"
"klipsdebug\n"
"        list the switches that are on: none\n"
"klipsdebug --help | --version\n"
"Options for every command:\n"
"  --label <label>       messages start with \"<program> --label <label>\"\n"
"  --debug               accepted\n"
"  --optionsfrom <file>  read more options from <file>\n", f);
}

static bool known_switch(const char *name, bool set)
{
	for (size_t i = 0; i < sizeof(switches) / sizeof(switches[0]); i++)
		if (strcmp(name, switches[i]) == 0)
			return set ? strcmp(name, "xmit") != 0 : strcmp(name, "tncfg") != 0;
	return false;
}

static void say_nothing_changes(const struct tool *t)
{
	tool_error(t, "XFRM has no KLIPS debug switches: nothing changed");
}

/* One option; CMD_CONTINUE or the exit status. */
static int parse_one(struct tool *t, int c, struct lgetopt *g, struct arena *a, int *action,
		     int *argcount)
{
	switch (c) {
	case 'd':
		(*argcount)--;
		return CMD_CONTINUE;
	case 's':
	case 'c':
	case 'a':
	case 'n':
		if (*action) {
			tool_error(t, "Only one of '--set', '--clear', '--all' or '--none' options permitted.");
			return 1;
		}
		*action = c;
		if ((c == 's' || c == 'c') && !known_switch(g->optarg, c == 's')) {
			tool_error(t, "unknown KLIPS debug switch '%s'", g->optarg);
			usage(t, t->out);
			return 1;
		}
		return CMD_CONTINUE;
	case 'v':
		/* as our other commands print it (and exit 1, as they do) */
		fprintf(t->out, "%s, klips-compat %s\n", t->prog, KLIPS_COMPAT_VERSION);
		return 1;
	case 'l':
		return tool_label(t, g->optarg, argcount);
	case '+':
		return tool_optionsfrom(t, g, g->optarg, a);
	}
	usage(t, t->out);
	return 1;
}

int klipsdebug_main(int argc, char **argv, const struct cmd_io *io)
{
	struct arena a = { .n = 0 };
	int c, action = 0, argcount = argc, status = CMD_CONTINUE;
	struct lgetopt g;
	struct tool t;

	tool_init(&t, argc > 0 ? argv[0] : "klipsdebug", io, false);
	lgetopt_init(&g, argc, argv);
	while (status == CMD_CONTINUE && (c = lgetopt_next(&g, klipsdebug_opts)) != -1) {
		if (c == '?')
			fprintf(t.err, "%s: %s\n", t.argv0, g.msg);
		status = parse_one(&t, c, &g, &a, &action, &argcount);
	}
	if (status == CMD_CONTINUE && argcount != 1 && !action) {
		usage(&t, t.out);
		status = 1;
	}
	if (status == CMD_CONTINUE) {
		say_nothing_changes(&t);
		status = 0;
	}
	arena_free(&a);
	tool_free(&t);
	return status;
}
