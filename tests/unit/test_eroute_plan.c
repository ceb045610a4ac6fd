// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * eroute against the fake kernel: the live policies each kind of eroute
 * makes, their priorities, the rebuild when spigrp or spi change a group
 * an eroute sends into, the listing, --explain, and rollback: every
 * kernel call of an add, replace, del, clear and group change is made to
 * fail in turn, and the fake kernel must then be as before.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "src/commands.h"
#include "src/planner.h"
#include "src/snapshot.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

#define K3DES "0x4043434545464649494a4a4c4c4f4f515152525454575758"
#define KMD5 "0x87658765876587658765876587658765"
#define FLOW "--eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24"

static FILE *null_out;

/* Run a command line; its stdout goes to *out when out is not NULL. */
static int run_out(cmd_main_fn *cmd, const char *line, char **out)
{
	size_t len = 0;
	FILE *o = out ? open_memstream(out, &len) : null_out;
	int rc = probe_run_line(cmd, line, o, null_out);

	if (out)
		fclose(o);
	return rc;
}

static int run(cmd_main_fn *cmd, const char *line)
{
	return run_out(cmd, line, NULL);
}

static void must(cmd_main_fn *cmd, const char *line)
{
	if (run(cmd, line)) {
		fprintf(stderr, "set-up failed: %s\n", line);
		abort();
	}
}

enum setup {
	SAS = 1,		/* tun.113, esp.115, ah.116 to 10.1.0.2 */
	GROUPED = 2,		/* ... grouped tun esp ah */
	EROUTE = 4,		/* an eroute of FLOW into the group */
	REJECT = 8,		/* a %reject eroute of 10.10.0.0/16 -> 0/0 */
	INBOUND = 16,		/* the group of the way back: tun.213 esp.215 to 10.1.0.1 */
};

static void setup(unsigned int what)
{
	fake_reset();
	if (what & SAS) {
		must(spi_main, "spi --said tun.113@10.1.0.2 --ip4 --src 10.1.0.1");
		must(spi_main, "spi --said esp.115@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5);
		must(spi_main, "spi --said ah.116@10.1.0.2 --src 10.1.0.1 --ah hmac-md5-96 --authkey " KMD5);
	}
	if (what & GROUPED)
		must(spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2");
	if (what & INBOUND) {
		must(spi_main, "spi --said tun.213@10.1.0.1 --ip4 --src 10.1.0.2");
		must(spi_main, "spi --said esp.215@10.1.0.1 --src 10.1.0.2 --esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5);
		must(spigrp_main, "spigrp --said tun.213@10.1.0.1 esp.215@10.1.0.1");
	}
	if (what & EROUTE)
		must(eroute_main, "eroute --add " FLOW " --said tun.113@10.1.0.2");
	if (what & REJECT)
		must(eroute_main, "eroute --add --eraf inet --src 10.10.0.0/16 --dst 0/0 --said %reject");
	fake.nlog = 0;
	fake.calls = 0;
}

/* --- live policies ------------------------------------------------------------------ */

static char *policy_text(int dir, const char *src, const char *dst)
{
	const struct policy *p = fake_policy(dir, src, dst);
	char buf[1024];

	return strdup(p ? fake_policy_text(p, buf) : "none");
}

static void expect_policy(int dir, const char *src, const char *dst, const char *want, const char *what)
{
	char *got = policy_text(dir, src, dst);

	tap_str(got, want, "%s", what);
	free(got);
}

static void test_live(void)
{
	setup(SAS | GROUPED);
	must(eroute_main, "eroute --add " FLOW " --said tun.113@10.1.0.2");
	expect_policy(POLICY_OUT, "10.10.1.0/24", "10.10.2.0/24",
		      "policy dir 1 10.10.1.0/24 -> 10.10.2.0/24 proto 0 sport 0/0 dport 0/0 allow priority 268672655 if_id 0"
		      " tmpl esp0x115@10.1.0.2 src 10.1.0.1 mode 1 tmpl ah0x116@10.1.0.2 src 0.0.0.0 mode 0",
		      "into a tun esp ah group: the bundle, SPIs pinned, ESP in tunnel mode");
	expect_policy(POLICY_IN, "10.10.2.0/24", "10.10.1.0/24",
		      "policy dir 0 10.10.2.0/24 -> 10.10.1.0/24 proto 0 sport 0/0 dport 0/0 allow priority 268672655 if_id 0"
		      " tmpl esp0x0@10.1.0.1 src 10.1.0.2 mode 1 optional tmpl ah0x0@0.0.0.0 src 0.0.0.0 mode 0 optional",
		      "and the way back: IN with the peer's tunnel, any SPI, optional");
	tap_ok(fake_policy(POLICY_FWD, "10.10.2.0/24", "10.10.1.0/24") != NULL, "and FWD too");

	setup(SAS);
	must(eroute_main, "eroute --add " FLOW " --said tun.113@10.1.0.2");
	expect_policy(POLICY_OUT, "10.10.1.0/24", "10.10.2.0/24",
		      "policy dir 1 10.10.1.0/24 -> 10.10.2.0/24 proto 0 sport 0/0 dport 0/0 block priority 268672655 if_id 0",
		      "into a tun SA that is in no group: blocked");
	tap_ok(!fake_policy(POLICY_IN, "10.10.2.0/24", "10.10.1.0/24"), "no way back without a tunnel");
	must(eroute_main, "eroute --add --eraf inet --src 10.10.3.0/24 --dst 10.10.4.0/24 --said esp.999@10.1.0.2");
	expect_policy(POLICY_OUT, "10.10.3.0/24", "10.10.4.0/24",
		      "policy dir 1 10.10.3.0/24 -> 10.10.4.0/24 proto 0 sport 0/0 dport 0/0 allow priority 268672655 if_id 0"
		      " tmpl esp0x999@10.1.0.2 src 0.0.0.0 mode 0",
		      "into an ESP SA that does not exist: pinned (its packets are dropped until it does)");

	setup(0);
	must(eroute_main, "eroute --add --eraf inet --src 1.0.0.0/8 --dst 2.0.0.0/8 --said %pass");
	must(eroute_main, "eroute --add --eraf inet --src 3.0.0.0/8 --dst 4.0.0.0/8 --said %drop");
	must(eroute_main, "eroute --add --eraf inet --src 5.0.0.0/8 --dst 6.0.0.0/8 --said %trap");
	must(eroute_main, "eroute --add --eraf inet --src 7.0.0.0/8 --dst 8.0.0.0/8 --said %hold");
	must(eroute_main, "eroute --add --eraf inet --src 9.0.0.0/8 --dst 10.0.0.0/8 --said int.262@0.0.0.0");
	expect_policy(POLICY_OUT, "1.0.0.0/8", "2.0.0.0/8",
		      "policy dir 1 1.0.0.0/8 -> 2.0.0.0/8 proto 0 sport 0/0 dport 0/0 allow priority 268689295 if_id 0",
		      "%pass: allowed, no template");
	expect_policy(POLICY_OUT, "3.0.0.0/8", "4.0.0.0/8",
		      "policy dir 1 3.0.0.0/8 -> 4.0.0.0/8 proto 0 sport 0/0 dport 0/0 block priority 268689295 if_id 0",
		      "%drop: blocked");
	expect_policy(POLICY_OUT, "5.0.0.0/8", "6.0.0.0/8",
		      "policy dir 1 5.0.0.0/8 -> 6.0.0.0/8 proto 0 sport 0/0 dport 0/0 allow priority 268689295 if_id 0"
		      " tmpl esp0x0@0.0.0.0 src 0.0.0.0 mode 0",
		      "%trap: one template no SA matches (the kernel sends ACQUIRE)");
	expect_policy(POLICY_OUT, "7.0.0.0/8", "8.0.0.0/8",
		      "policy dir 1 7.0.0.0/8 -> 8.0.0.0/8 proto 0 sport 0/0 dport 0/0 block priority 268689295 if_id 0",
		      "%hold: blocked");
	expect_policy(POLICY_OUT, "9.0.0.0/8", "10.0.0.0/8",
		      "policy dir 1 9.0.0.0/8 -> 10.0.0.0/8 proto 0 sport 0/0 dport 0/0 block priority 268689295 if_id 0",
		      "an unknown int SPI: blocked (KLIPS did not send those packets)");
	tap_ok(fake.nrules == 0, "no rule but for %%reject");
	must(eroute_main, "eroute --add --eraf inet --src 11.0.0.0/8 --dst 12.0.0.0/8 --transport-proto tcp --dst-port 25 --said %reject");
	tap_ok(fake.nrules == 1 && fake.rules[0].pref == 100 && fake.rules[0].sel.proto == 6 &&
	       fake.rules[0].sel.dport == 25 && fake.rules[0].sel.dport_mask == 0xffff,
	       "%%reject: a prohibit rule for the flow, ports included");
	tap_ok(fake.npolicies == 6 + 4, "six OUT policies and the four of the IKE bypass");
	tap_ok(fake_policy(POLICY_OUT, "0.0.0.0/0", "0.0.0.0/0") &&
	       fake_policy(POLICY_OUT, "0.0.0.0/0", "0.0.0.0/0")->priority == 0x10000000,
	       "the IKE bypass at the top of the band");
}

static void test_priorities(void)
{
	struct selector a = { .src_len = 24, .dst_len = 24 }, b = a, c = a, d = a;
	struct selector v6 = { .src_len = 128, .dst_len = 128, .proto = 6, .sport_mask = 0xffff,
			       .dport_mask = 0xffff };

	b.dst_len = 25;
	c.proto = 6;
	d.src_len = 8;
	tap_ok(eroute_priority(&b) < eroute_priority(&a), "a narrower destination wins");
	tap_ok(eroute_priority(&c) < eroute_priority(&a), "a protocol wins over none");
	tap_ok(eroute_priority(&a) < eroute_priority(&d), "a wider source loses");
	tap_ok(eroute_priority(&v6) > 0x10000000 + 15, "the most specific IPv6 flow stays below the bypass");
	setenv("KLIPS_EROUTE_PRIORITY", "1000", 1);
	tap_ok(eroute_priority(&a) == 1000 + 16 + (1u << 18) - 1 - (24 * 129 + 24) * 8,
	       "$KLIPS_EROUTE_PRIORITY moves the band");
	unsetenv("KLIPS_EROUTE_PRIORITY");
}

/* --- group changes ------------------------------------------------------------------- */

static void test_follow(void)
{
	const struct policy *p;

	/* eroute first, group later: the group makes it live */
	setup(SAS | EROUTE);
	p = fake_policy(POLICY_OUT, "10.10.1.0/24", "10.10.2.0/24");
	tap_ok(p && p->action == POLICY_BLOCK, "before the group: blocked");
	must(spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2");
	p = fake_policy(POLICY_OUT, "10.10.1.0/24", "10.10.2.0/24");
	tap_ok(p && p->action == POLICY_ALLOW && p->tmpl.n == 2 && p->tmpl.t[0].mode == SA_MODE_TUNNEL,
	       "spigrp rebuilt it with the group's bundle");
	tap_ok(fake_policy(POLICY_IN, "10.10.2.0/24", "10.10.1.0/24") != NULL, "and the way back");
	/* ungroup: the tun is alone again */
	must(spigrp_main, "spigrp --said tun.113@10.1.0.2");
	p = fake_policy(POLICY_OUT, "10.10.1.0/24", "10.10.2.0/24");
	tap_ok(p && p->action == POLICY_BLOCK, "ungrouped: blocked again");
	tap_ok(!fake_policy(POLICY_IN, "10.10.2.0/24", "10.10.1.0/24"), "the way back is gone");
	tap_ok(fake.neroutes == 2 && fake.eroutes[0].owns == 0, "the record no longer owns it");
	/* spi --del of a member deletes the chain; the eroute stays and drops */
	setup(SAS | GROUPED | EROUTE);
	must(spi_main, "spi --said esp.115@10.1.0.2 --del");
	p = fake_policy(POLICY_OUT, "10.10.1.0/24", "10.10.2.0/24");
	tap_ok(p && p->action == POLICY_BLOCK && fake.neroutes == 2, "spi --del: the eroute stays, blocked");
	/* spi --clear: the same */
	setup(SAS | GROUPED | EROUTE);
	must(spi_main, "spi --clear");
	p = fake_policy(POLICY_OUT, "10.10.1.0/24", "10.10.2.0/24");
	tap_ok(p && p->action == POLICY_BLOCK && fake.neroutes == 2, "spi --clear: the eroute stays, blocked");
}

static void test_addin(void)
{
	const struct policy *p;

	setup(SAS | GROUPED | INBOUND | EROUTE);
	tap_ok(fake.eroutes[0].owns & ER_OWNS_INBOUND, "the eroute owns its implicit way back");
	must(eroute_main, "eroute --addin --eraf inet --src 10.10.2.0/24 --dst 10.10.1.0/24 --said tun.213@10.1.0.1");
	p = fake_policy(POLICY_IN, "10.10.2.0/24", "10.10.1.0/24");
	tap_ok(p && p->tmpl.n == 1 && p->tmpl.t[0].id.spi == 0x215 && p->tmpl.t[0].optional,
	       "--addin replaced it with the inbound group's template, SPI pinned, optional");
	tap_ok(!(fake.eroutes[0].owns & ER_OWNS_INBOUND), "the eroute no longer owns it");
	must(eroute_main, "eroute --del " FLOW);
	tap_ok(fake_policy(POLICY_IN, "10.10.2.0/24", "10.10.1.0/24") != NULL,
	       "--del of the eroute leaves the --addin's policy");
	must(eroute_main, "eroute --addin --eraf inet --src 10.10.9.0/24 --dst 10.10.1.0/24 --said tun.213@10.1.0.1");
	tap_ok(!fake_policy(POLICY_IN, "10.10.2.0/24", "10.10.1.0/24") &&
	       fake_policy(POLICY_IN, "10.10.9.0/24", "10.10.1.0/24"),
	       "one inbound policy per IPIP SA, as KLIPS: the new flow replaces the old");
	must(spigrp_main, "spigrp --said tun.213@10.1.0.1");
	tap_ok(!fake_policy(POLICY_IN, "10.10.9.0/24", "10.10.1.0/24") && fake.neroutes == 0,
	       "its group gone, the inbound policy goes too");
}

/* --- the listing ---------------------------------------------------------------------- */

static void test_listing(void)
{
	char *out = NULL;

	setup(SAS | GROUPED | EROUTE);
	must(eroute_main, "eroute --add --eraf inet6 --src 3049:1::/64 --dst 3049:2::/64 --transport-proto udp --src-port 500 --dst-port 500 --said %pass");
	must(eroute_main, "eroute --add --eraf inet --src 10.0.0.0/8 --dst 0/0 --said %drop");
	fake.sas[1].cur.packets = 12;	/* esp.115, the group's first state */
	tap_ok(run_out(eroute_main, "eroute", &out) == 0, "eroute lists");
	tap_str(out,
		"0          10.0.0.0/8         -> 0.0.0.0/0          => %drop\n"
		"12         10.10.1.0/24       -> 10.10.2.0/24       => tun0x113@10.1.0.2\n"
		"0          [3049:1::/64]:500  -> [3049:2::/64]:500  => %pass:17\n",
		"KLIPS' line format and order; the count of the group's first SA; IPv6 ports in brackets");
	free(out);
	must(eroute_main, "eroute --add --eraf inet --src 10.10.3.0/24 --dst 10.10.2.0/24 --said tun.113@10.1.0.2");
	run_out(eroute_main, "eroute", &out);
	tap_ok(strstr(out, "0          10.10.1.0/24") && strstr(out, "0          10.10.3.0/24"),
	       "two eroutes into one SA: count 0 (XFRM counts per SA, not per policy)");
	free(out);
}

static void test_explain(void)
{
	char *out = NULL;

	setup(0);
	tap_ok(run_out(eroute_main, "eroute --explain --add --eraf inet --src 10.0.0.0/8 --dst 0/0 --transport-proto tcp --dst-port 25 --said %reject", &out) == 0,
	       "--explain");
	tap_ok(strstr(out, "ip xfrm policy add src 10.0.0.0/8 dst 0.0.0.0/0 proto 6 dport 25 dir out priority ") &&
	       strstr(out, " action block\n") &&
	       strstr(out, "ip rule add from 10.0.0.0/8 to 0.0.0.0/0 ipproto 6 dport 25 pref 100 protocol 75 prohibit\n") &&
	       strstr(out, "# add eroute record"), "--explain prints the policy, the rule and the record");
	tap_ok(fake.nlog == 0 && fake.npolicies == 0, "--explain changes nothing");
	free(out);
}

/* --explain by a user who may not read XFRM: the plan for an empty kernel, and a word. */
static void test_explain_unprivileged(void)
{
	const char *line = "eroute --explain --add " FLOW " --said %drop";
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0;
	FILE *o, *e;
	int rc;

	setup(0);
	fake.list_err = EPERM;
	o = open_memstream(&out, &olen);
	e = open_memstream(&err, &elen);
	rc = probe_run_line(eroute_main, line, o, e);
	fclose(o);
	fclose(e);
	tap_ok(rc == 0 && strstr(out, "ip xfrm policy add src 10.10.1.0/24 dst 10.10.2.0/24 dir out ") &&
	       strstr(out, " action block\n"), "--explain without the right to read XFRM: the plan");
	tap_ok(strcmp(err, "eroute: reading XFRM needs CAP_NET_ADMIN: explaining as if the kernel "
			   "held no SAs, groups or eroutes\n") == 0,
	       "--explain without the right to read XFRM: says so on stderr");
	free(out);
	free(err);
	err = NULL;
	e = open_memstream(&err, &elen);
	rc = probe_run_line(eroute_main, "eroute --add " FLOW " --said %drop", null_out, e);
	fclose(e);
	tap_ok(rc == 1 && strstr(err, "cannot read the SAs: Operation not permitted") &&
	       fake.nlog == 0, "the same line without --explain fails and changes nothing");
	free(err);
	fake.list_err = 0;
}

/* --- rollback ----------------------------------------------------------------------- */

static void every_step_fails(unsigned int what, cmd_main_fn *cmd, const char *line,
			     const char *name)
{
	probe_every_step_fails(setup, what, cmd, line, name);
}

static void test_rollback(void)
{
	every_step_fails(SAS | GROUPED, eroute_main, "eroute --add " FLOW " --said tun.113@10.1.0.2",
			 "add (record, bypass, policies)");
	every_step_fails(EROUTE, eroute_main, "eroute --add --eraf inet --src 10.0.0.0/8 --dst 0/0 --said %reject",
			 "add %reject");
	every_step_fails(SAS | GROUPED | EROUTE, eroute_main, "eroute --replace " FLOW " --said %reject",
			 "replace a tunnel eroute with %reject");
	every_step_fails(SAS | GROUPED | EROUTE | REJECT, eroute_main, "eroute --replace --eraf inet --src 10.10.0.0/16 --dst 0/0 --said tun.113@10.1.0.2",
			 "replace %reject with a tunnel eroute");
	every_step_fails(SAS | GROUPED | EROUTE, eroute_main, "eroute --del " FLOW, "del the last eroute");
	every_step_fails(SAS | GROUPED | EROUTE | REJECT, eroute_main, "eroute --clear", "clear");
	every_step_fails(SAS | GROUPED | INBOUND | EROUTE, eroute_main,
			 "eroute --addin --eraf inet --src 10.10.2.0/24 --dst 10.10.1.0/24 --said tun.213@10.1.0.1",
			 "addin taking over the way back");
	every_step_fails(SAS | EROUTE, spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2",
			 "group with an eroute into it");
	every_step_fails(SAS | GROUPED | EROUTE, spigrp_main, "spigrp --said tun.113@10.1.0.2",
			 "ungroup with an eroute into it");
	every_step_fails(SAS | GROUPED | EROUTE, spi_main, "spi --said ah.116@10.1.0.2 --del",
			 "spi --del of a member with an eroute into the group");
}

int main(void)
{
	null_out = fopen("/dev/null", "w");
	test_live();
	test_priorities();
	test_follow();
	test_addin();
	test_listing();
	test_explain();
	test_explain_unprivileged();
	test_rollback();
	fclose(null_out);
	return tap_done();
}
