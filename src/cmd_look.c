// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec look: Openswan 2.6.38's quick look at the IPsec state, from our own
 * listings (one snapshot): the host and the date, the eroutes joined with
 * their groups, the ipsecN devices, the SAs, then the mangle tables and the
 * routes of the ipsecN devices as the script printed them. Never the
 * NETKEY section (`XFRM state:`): this is the KLIPS view of XFRM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/commands.h"
#include "src/look.h"
#include "src/render.h"
#include "src/run.h"
#include "src/tool.h"

/* The listings as texts, as the script read them from /proc. */
struct texts {
	char *spi, *spigrp, *eroute, *tncfg;
	size_t len[4];
};

static char *render_text(void (*render)(const struct snapshot *, FILE *),
			 const struct snapshot *s, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		return NULL;
	render(s, f);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

static void texts_free(struct texts *x)
{
	free(x->spi);
	free(x->spigrp);
	free(x->eroute);
	free(x->tncfg);
}

static int take_texts(const struct tool *t, struct texts *x)
{
	struct snapshot s;
	int ret = run_snapshot(t, SNAP_ALL, &s);

	if (ret != CMD_CONTINUE)
		return ret;
	x->spi = render_text(render_spi, &s, &x->len[0]);
	x->spigrp = render_text(render_spigrp, &s, &x->len[1]);
	x->eroute = render_text(render_eroute, &s, &x->len[2]);
	x->tncfg = render_text(render_tncfg, &s, &x->len[3]);
	snapshot_free(&s);
	if (!x->spi || !x->spigrp || !x->eroute || !x->tncfg) {
		tool_error(t, "Memory allocation error.");
		return 1;
	}
	return CMD_CONTINUE;
}

/* `hostname` `date`: the first line. */
static void header(FILE *out)
{
	char host[256] = "", date[128] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (gethostname(host, sizeof(host) - 1))
		strcpy(host, "localhost");
	if (localtime_r(&now, &tm))
		strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Z %Y", &tm);
	fprintf(out, "%s %s\n", host, date);
}

/* True when cmd is a program in $PATH. */
static bool in_path(const char *cmd)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL;
	bool found = false;

	if (!path || !(copy = strdup(path)))
		return false;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char file[4096];

		snprintf(file, sizeof(file), "%s/%s", *d ? d : ".", cmd);
		found = access(file, X_OK) == 0;
	}
	free(copy);
	return found;
}

/* `tool -n -t mangle -L CHAIN`, standard error with standard output, as the script ran it. */
static void mangle(FILE *out, const char *tool, const char *chain)
{
	char cmd[128], buf[4096];
	FILE *p;
	size_t n;

	if (!in_path(tool))
		return;
	snprintf(cmd, sizeof(cmd), "%s -n -t mangle -L %s 2>&1", tool, chain);
	fflush(out);
	p = popen(cmd, "r");
	if (!p)
		return;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		fwrite(buf, 1, n, out);
	pclose(p);
}

static void print_look(const struct texts *x, FILE *out)
{
	static const char *const chains[] = { "IPSEC", "NEW_IPSEC_CONN" };
	struct look_lines l = { 0 };

	header(out);
	if (!look_eroutes(x->spigrp, x->eroute, &l))
		look_lines_print(&l, out);
	look_lines_free(&l);
	if (!look_tncfg(x->tncfg, &l))
		look_lines_print(&l, out);
	look_lines_free(&l);
	if (!look_sorted(x->spi, &l))
		look_lines_print(&l, out);
	look_lines_free(&l);
	for (size_t i = 0; i < 2; i++) {
		fprintf(out, "%s mangle TABLES\n", chains[i]);
		mangle(out, "iptables", chains[i]);
		mangle(out, "ip6tables", chains[i]);
	}
	/*
	 * The script then printed the routes through the ipsecN devices and
	 * their physical ones (its pattern "^Dest" matched no line of `ip
	 * route`). There are no ipsecN devices before tncfg makes them.
	 */
	fputs("ROUTING TABLES\n", out);
}

int look_main(int argc, char **argv, const struct cmd_io *io)
{
	struct texts x = { 0 };
	struct tool t;
	int status;

	tool_init(&t, argc > 0 ? argv[0] : "look", io, false);
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs("Usage: ipsec look\n", t.out);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		fprintf(t.out, "%s, klips-compat %s\n", t.argv0, KLIPS_COMPAT_VERSION);
		return 0;
	}
	/* The script ran its tools with LC_ALL=C (sort order, messages). */
	setenv("LC_ALL", "C", 1);
	status = take_texts(&t, &x);
	if (status == CMD_CONTINUE) {
		print_look(&x, t.out);
		status = 0;
	}
	texts_free(&x);
	tool_free(&t);
	return status;
}
