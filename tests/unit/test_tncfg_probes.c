// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every `tncfg` row of tests/vectors/eroute-probes.tsv, run in-process
 * against the fake kernel: exit status, stdout and stderr as Openswan
 * 2.6.38 printed them (program path /usr/local/libexec/ipsec/tncfg), or
 * what tests/probe-deviations.tsv says we print instead and why; and the
 * kernel request: the ioctl (or PF_KEY X_PLUMBIF) the original sent,
 * translated to the link we make or delete. A refused row must leave the
 * kernel as it was.
 *
 * The kernel each row meets: eth0 and eth1 (and eth0123456789); ipsec0
 * attached to eth1 where the row needs an attached device (a listing of
 * /proc/net/ipsec_tncfg, "already attached", detach, clear); ipsec4 made
 * by --create for --delete. A simulated errno is injected into the first
 * kernel call (socket errors into opening the kernel), except where the
 * kernel of the row produces it by itself (a missing physical device, an
 * attached ipsec0, detaching what is not attached, a foreign device).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/commands.h"
#include "src/ipsecdev.h"
#include "tests/unit/eroute_rows.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

#define PROG "/usr/local/libexec/ipsec/tncfg"

/* Rows whose simulated errno is what our kernel of the row answers anyway. */
static const char *const natural[] = {
	"tn-attach-enxio", "tn-attach-ebusy", "tn-attach-eopnotsupp", "tn-attach-enodev",
	"tn-detach-enodev",
};

static bool is_natural(const char *id)
{
	for (size_t i = 0; i < sizeof(natural) / sizeof(natural[0]); i++)
		if (strcmp(natural[i], id) == 0)
			return true;
	return false;
}

/* The simulated errno of a row's notes ("... errno=N ..."), or 0. */
static int simulated_errno(const char *notes)
{
	const char *e = strstr(notes, "errno=");

	return e ? atoi(e + strlen("errno=")) : 0;
}

static void setup(char **f)
{
	const char *id = f[COL_ID], *pf = f[COL_PF], *notes = f[COL_NOTES];
	int err = simulated_errno(notes);

	fake_reset();
	fake_add_link("lo", LINK_OTHER, 65536);
	fake_add_link("eth0", LINK_OTHER, 1500);
	fake_add_link("eth1", LINK_OTHER, 1500);
	fake_add_link("eth0123456789", LINK_OTHER, 1500);
	if ((strstr(notes, "procdir=klips") || strstr(pf, "IPSEC_DEL_DEV") ||
	     strstr(pf, "IPSEC_CLR_DEV") || strcmp(id, "tn-attach-ebusy") == 0) &&
	    strcmp(id, "tn-detach-enodev") != 0)
		fake_add_ipsecdev(0, "eth1");
	if (strstr(pf, "X_UNPLUMBIF"))
		fake_add_ipsecdev(4, "");
	if (strstr(notes, "no /proc/net/ipsec_tncfg"))
		fake.open_err = EPROTONOSUPPORT;	/* no XFRM at all */
	if (!err || is_natural(id))
		return;
	if (strstr(notes, "socket"))
		fake.open_err = err;
	else
		fake.fail_call = 1, fake.fail_err = err;
}

/* The kernel calls made, one line each: "add ipsec0 dev eth1", "del ipsec0". */
static char *calls_text(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	for (int i = 0; i < fake.nlog; i++) {
		const struct fake_call *c = &fake.log[i];
		const struct link *phys = NULL;

		if (c->kind != FAKE_LINK_ADD && c->kind != FAKE_LINK_DEL) {
			fprintf(f, "call %d\n", c->kind);
			continue;
		}
		for (int j = 0; j < fake.nlinks; j++)
			if (c->link.link && fake.links[j].ifindex == c->link.link)
				phys = &fake.links[j];
		fprintf(f, "%s %s", c->kind == FAKE_LINK_ADD ? "add" : "del", c->link.name);
		if (c->kind == FAKE_LINK_ADD && phys)
			fprintf(f, " dev %s", phys->name);
		fputc('\n', f);
	}
	fclose(f);
	return text;
}

/* A quoted field of the recorded request: name='value'. */
static void field(const char *pf, const char *name, char *out, size_t len)
{
	const char *p = strstr(pf, name);
	size_t n;

	out[0] = '\0';
	if (!p)
		return;
	p += strlen(name);
	n = strcspn(p, "'");
	snprintf(out, len, "%.*s", (int)n, p);
}

/* The recorded ioctl or PF_KEY message as the link calls we make for it. */
static char *wanted_calls(const char *pf)
{
	char virt[64], phys[64], *text = NULL;
	const char *num = strstr(pf, "ifnum=");

	field(pf, "ifr_name='", virt, sizeof(virt));
	field(pf, "cf_name='", phys, sizeof(phys));
	phys[strcspn(phys, ":")] = '\0';
	if (strstr(pf, "IPSEC_SET_DEV"))
		asprintf(&text, "add %s dev %s\n", virt, phys);
	else if (strstr(pf, "IPSEC_DEL_DEV") || strstr(pf, "IPSEC_CLR_DEV"))
		asprintf(&text, "del %s\n", strstr(pf, "CLR") ? "ipsec0" : virt);
	else if (num && atoi(num + 6) >= 49152)
		asprintf(&text, "%s ipsec%d\n", strstr(pf, "X_UNPLUMBIF") ? "del" : "add",
			 atoi(num + 6) - 49152);
	else
		text = strdup("");
	return text;
}

static void check_request(char **f, const struct deviation *dev, int rc, const char *before)
{
	char *got = calls_text(), *want = wanted_calls(f[COL_PF]), *after = fake_state_text();
	const char *spec = dev ? dev->req : "=";
	bool refused = (rc != 0 && !(fake.fail_call && fake.calls < fake.fail_call)) ||
		       !strcmp(spec, "none");

	/* The original's kernel refused it; ours is not asked at all. */
	if (!strcmp(spec, "none") || (rc != 0 && is_natural(f[COL_ID]))) {
		free(want);
		want = strdup("");
	} else if (strcmp(spec, "=")) {
		free(want);
		want = tap_unescape(strdup(spec));
	}
	/* A row that failed may have tried (the injected failure), then undone. */
	if (rc != 0 && fake.fail_call)
		tap_ok(!strncmp(got, want, strlen(want)), "%s: the kernel was asked what the original asked", f[COL_ID]);
	else
		tap_str(got, want, "%s: kernel request", f[COL_ID]);
	if (refused)
		tap_str(after, before, "%s: the kernel is left as it was", f[COL_ID]);
	free(got);
	free(want);
	free(after);
}

static void run_row(const struct row_cmd *c, char **f)
{
	const struct deviation *dev;
	char *before;
	int rc;

	setup(f);
	before = fake_state_text();
	rc = eroute_row_call(c, f, &dev);
	check_request(f, dev, rc, before);
	free(before);
}

int main(void)
{
	/* --optionsfrom reads opts-tncfg.txt from the current directory. */
	static const struct row_cmd tncfg = {
		.tool = "tncfg", .prog = PROG, .cmd = tncfg_main,
		.opts_file = "opts-tncfg.txt", .opts_text = "--virtual ipsec0 --physical eth1\n",
		.row = run_row,
	};
	int rows;

	unsetenv("KLIPS_IFID_BASE");
	rows = eroute_rows_run(&tncfg);
	tap_ok(rows == 53, "%d tncfg rows checked (53 in the corpus)", rows);
	return tap_done();
}
