// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tncfg against the fake kernel: the devices it makes (an XFRM interface
 * with the if_id of ipsecN on the physical device, or a dummy where the
 * kernel has none), what it refuses (leaving the kernel as it was), undo
 * at every failing step, the /proc/net/ipsec_tncfg text; and klipsdebug,
 * which accepts KLIPS' forms and changes nothing.
 */
#include <errno.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "src/commands.h"
#include "src/ipsecdev.h"
#include "src/planner.h"
#include "src/render.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

/* Run a command line; *out and *err get what it printed (malloc'd). */
static int run(cmd_main_fn *cmd, const char *line, char **out, char **err)
{
	char *words[32];
	int n = tap_split_words(line, words, 31), rc;
	char *o = NULL, *e = NULL;

	words[n] = NULL;
	rc = probe_call(cmd, n, words, &reference_resolver, &o, &e);
	for (int i = 0; i < n; i++)
		free(words[i]);
	if (out)
		*out = o;
	else
		free(o);
	if (err)
		*err = e;
	else
		free(e);
	return rc;
}

static void host(void)
{
	fake_reset();
	fake_add_link("lo", LINK_OTHER, 65536);
	fake_add_link("eth0", LINK_OTHER, 1500);
	fake_add_link("eth1", LINK_OTHER, 1400);
}

static char *listing(void)
{
	char *out = NULL;

	run(tncfg_main, "tncfg", &out, NULL);
	return out;
}

static void test_attach(void)
{
	struct link *l;
	char *out;

	host();
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth1", NULL, NULL) == 0,
	       "attach ipsec0 to eth1");
	l = fake_link("ipsec0");
	tap_ok(l && l->kind == LINK_XFRM && l->if_id == 0x4b490000 && l->link == fake_link("eth1")->ifindex &&
	       l->tagged, "ipsec0 is an XFRM interface on eth1 with if_id 0x4b490000");
	tap_ok(run(tncfg_main, "tncfg -attach -virtual ipsec63 -physical eth0:1", NULL, NULL) == 0,
	       "attach ipsec63 to eth0:1 (single dashes, an IP alias)");
	l = fake_link("ipsec63");
	tap_ok(l && l->if_id == 0x4b490000 + 63 && l->link == fake_link("eth0")->ifindex,
	       "ipsec63 is on eth0 with if_id 0x4b49003f");
	out = listing();
	tap_str(out, "ipsec0 -> eth1 mtu=1500(1400) -> 1400\nipsec63 -> eth0 mtu=1500(1500) -> 1500\n",
		"the listing shows both, in number order");
	free(out);

	setenv("KLIPS_IFID_BASE", "0x1000", 1);
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec2 --physical eth0", NULL, NULL) == 0 &&
	       fake_link("ipsec2")->if_id == 0x1002, "KLIPS_IFID_BASE=0x1000: ipsec2 has if_id 0x1002");
	out = listing();
	tap_ok(!strstr(out, "ipsec0"), "with another base, ipsec0 (if_id 0x4b490000) is not ours");
	free(out);
	unsetenv("KLIPS_IFID_BASE");

	tap_ok(run(tncfg_main, "tncfg --detach --virtual ipsec0", NULL, NULL) == 0 && !fake_link("ipsec0"),
	       "detach removes ipsec0");
	tap_ok(run(tncfg_main, "tncfg --clear", NULL, NULL) == 0 && !fake_link("ipsec63") &&
	       fake_link("ipsec2"), "clear removes every ipsecN of ours (ipsec2 is not, with the default base)");
}

static void test_foreign(void)
{
	char *before, *after, *err;
	struct link *l;

	host();
	l = fake_add_link("ipsec1", LINK_XFRM, 1500);
	l->if_id = 7;
	fake_add_link("ipsec2", LINK_DUMMY, 1500);
	before = fake_state_text();
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec1 --physical eth1", NULL, &err) == 1 &&
	       strstr(err, "Unknown socket error 95.") && strstr(err, "is not tncfg's"),
	       "an XFRM interface ipsec1 with another if_id is not ours: refused");
	free(err);
	tap_ok(run(tncfg_main, "tncfg --detach --virtual ipsec2", NULL, &err) == 1 &&
	       strstr(err, "Unknown socket error 95."), "an untagged dummy ipsec2 is not ours: refused");
	free(err);
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec64 --physical eth1", NULL, &err) == 1 &&
	       strstr(err, "Is the virtual device valid?") && strstr(err, "ipsec0 to ipsec63"),
	       "ipsec64 is out of range: ENODEV text and why");
	free(err);
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec01 --physical eth1", NULL, NULL) == 1,
	       "ipsec01 is not a name of ours");
	tap_ok(run(tncfg_main, "tncfg --clear", NULL, NULL) == 0, "clear with no ipsecN of ours succeeds");
	after = fake_state_text();
	tap_str(after, before, "foreign devices are left as they were");
	free(after);
	free(before);
}

static void test_refusals(void)
{
	char *before, *after, *err;

	host();
	fake_add_ipsecdev(0, "eth1");
	before = fake_state_text();
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth0", NULL, &err) == 1 &&
	       strstr(err, "Device busy.  Virtual device ipsec0 is already attached"), "attached twice: EBUSY text");
	free(err);
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec1 --physical eth7", NULL, &err) == 1 &&
	       strstr(err, "Is the physical device valid?"), "no such physical device: ENXIO text");
	free(err);
	tap_ok(run(tncfg_main, "tncfg --detach --virtual ipsec1", NULL, &err) == 1 &&
	       strstr(err, "The ipsec module may not be linked"), "detaching what is not attached: ENODEV text");
	free(err);
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec1 --physical ipsec0", NULL, &err) == 1 &&
	       strstr(err, "is itself a virtual device"), "attaching to an ipsecN is refused");
	free(err);
	fake.link_list_err = EIO;
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec1 --physical eth0", NULL, &err) == 1 &&
	       strstr(err, "cannot read the network devices"), "a failing dump: nothing done, said so");
	free(err);
	fake.link_list_err = 0;
	after = fake_state_text();
	tap_str(after, before, "refusals leave the kernel as it was");
	tap_ok(fake.nlog == 0, "refusals make no kernel call");
	free(after);
	free(before);
}

static void test_dummy(void)
{
	char *err, *out;
	struct link *l;

	host();
	fake.no_xfrmi = true;
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth1", NULL, &err) == 0,
	       "no XFRM interfaces: attach succeeds");
	tap_ok(strstr(err, "warning: this kernel has no XFRM interfaces") && !strchr(strchr(err, '\n') + 1, '\n'),
	       "one warning line says what differs");
	free(err);
	l = fake_link("ipsec0");
	tap_ok(l && l->kind == LINK_DUMMY && l->tagged && l->link == fake_link("eth1")->ifindex,
	       "ipsec0 is a dummy that names eth1");
	out = listing();
	tap_str(out, "ipsec0 -> eth1 mtu=1500(1400) -> 1400\n", "the listing shows the dummy as attached");
	free(out);
	tap_ok(run(tncfg_main, "tncfg --detach --virtual ipsec0", NULL, NULL) == 0 && !fake_link("ipsec0"),
	       "detach removes the dummy");
	fake.no_dummy = true;
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth1", NULL, &err) == 1 &&
	       strstr(err, "modprobe dummy"), "no dummy devices either: refused, says which module");
	free(err);
}

static void test_create_delete(void)
{
	char *out;

	host();
	tap_ok(run(tncfg_main, "tncfg --create ipsec5", NULL, NULL) == 0 && fake_link("ipsec5") &&
	       !fake_link("ipsec5")->link, "--create ipsec5 makes it unattached");
	tap_ok(run(tncfg_main, "tncfg --create ipsec5", NULL, NULL) == 0 && fake.nlog == 1,
	       "--create of an existing one: exit 0, nothing sent (KLIPS never read its answer)");
	out = listing();
	tap_str(out, "ipsec5 -> NULL mtu=0(0) -> 0\n", "an unattached ipsecN is listed with NULL");
	free(out);
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec5 --physical eth0", NULL, NULL) == 0 &&
	       fake_link("ipsec5")->link == fake_link("eth0")->ifindex,
	       "attach of a created ipsec5 makes it again on eth0");
	tap_ok(run(tncfg_main, "tncfg --delete ipsec5", NULL, NULL) == 0 && !fake_link("ipsec5"),
	       "--delete removes it, attached or not");
	fake.nlog = 0;
	tap_ok(run(tncfg_main, "tncfg --create mast3", NULL, NULL) == 0 && fake.nlog == 0,
	       "--create mast3: accepted, nothing to do");
	tap_ok(run(tncfg_main, "tncfg --create ipsec77", NULL, NULL) == 0 && fake.nlog == 0,
	       "--create ipsec77: out of range, a warning, nothing done");
	tap_ok(run(tncfg_main, "tncfg --create foo", NULL, NULL) == 5, "--create foo: exit 5");
}

#define K3DES "0x4043434545464649494a4a4c4c4f4f515152525454575758"
#define KMD5 "0x87658765876587658765876587658765"

static uint32_t sa_ifid(const char *said)
{
	struct said id;

	said_parse(said, NULL, &id);
	for (int i = 0; i < fake.nsas; i++)
		if (said_cmp(&fake.sas[i].id, &id) == 0)
			return fake.sas[i].if_id;
	return 0xdeadbeef;
}

static int esp_to(const char *said, const char *src)
{
	char line[512];

	snprintf(line, sizeof(line), "spi --said %s --src %s --esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5,
		 said, src);
	return run(spi_main, line, NULL, NULL);
}

/* Routes and addresses of a gateway like Openswan's east, with three SAs. */
static void gateway(void)
{
	host();
	fake_add_addr("192.1.2.23", "eth1");
	fake_add_addr("10.0.0.1", "eth0");
	fake_add_route("192.1.2.45", "eth1");
	fake.default_dev = fake_link("eth0")->ifindex;
	if (esp_to("esp.100@192.1.2.45", "192.1.2.23") || esp_to("esp.101@192.1.2.23", "192.1.2.45") ||
	    esp_to("esp.102@10.0.0.9", "10.0.0.1"))
		abort();
	fake.sas[0].cur.packets = 42;
	fake.sas[0].replay.oseq = 41;
	fake.nlog = fake.calls = 0;
}

static void gateway_attached(void)
{
	gateway();
	if (run(tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth1", NULL, NULL) ||
	    run(tncfg_main, "tncfg --attach --virtual ipsec1 --physical eth0", NULL, NULL))
		abort();
	fake.nlog = fake.calls = 0;
}

/* Fail the 1st, 2nd, ... kernel call of cmd's line: nothing may be left changed. */
static void every_step_of(void (*setup)(void), cmd_main_fn *cmd, const char *line, const char *what)
{
	char *before;
	int step, rc = 1;

	for (step = 1; step < 40; step++) {
		char *after;

		setup();
		before = fake_state_text();
		fake.fail_call = step;
		fake.fail_err = EIO;
		rc = run(cmd, line, NULL, NULL);
		after = fake_state_text();
		if (rc == 0) {
			free(after);
			free(before);
			break;
		}
		tap_str(after, before, "%s: kernel call %d fails: nothing changed", what, step);
		free(after);
		free(before);
	}
	tap_ok(rc == 0 && step > 1, "%s: succeeds once no call fails (%d calls)", what, step - 1);
}

static void every_step_fails(void (*setup)(void), const char *line, const char *what)
{
	every_step_of(setup, tncfg_main, line, what);
}

static void two_attached(void)
{
	host();
	fake_add_ipsecdev(0, "eth1");
	fake_add_ipsecdev(1, "eth0");
	fake_add_ipsecdev(2, "");
}

static void test_rollback(void)
{
	every_step_fails(gateway, "tncfg --attach --virtual ipsec0 --physical eth1", "attach with SAs");
	every_step_fails(gateway_attached, "tncfg --detach --virtual ipsec0", "detach with SAs");
	every_step_fails(gateway_attached, "tncfg --clear", "clear with SAs");
	every_step_fails(gateway_attached, "tncfg --delete ipsec1", "delete with SAs");
	every_step_fails(host, "tncfg --attach --virtual ipsec0 --physical eth1", "attach");
	every_step_fails(two_attached, "tncfg --attach --virtual ipsec2 --physical eth1", "attach a created one");
	every_step_fails(two_attached, "tncfg --clear", "clear");
	every_step_fails(two_attached, "tncfg --detach --virtual ipsec1", "detach");
}

/* An SA made after the attach takes the if_id of the ipsecN that reaches it. */
static void test_sa_ifid(void)
{
	host();
	fake_add_addr("192.1.2.23", "eth1");
	fake_add_addr("10.0.0.1", "eth0");
	fake_add_route("192.1.2.45", "eth1");
	fake.default_dev = fake_link("eth0")->ifindex;
	tap_ok(esp_to("esp.100@192.1.2.45", "192.1.2.23") == 0 && sa_ifid("esp.100@192.1.2.45") == 0,
	       "no ipsecN: an SA has no if_id");
	fake_add_ipsecdev(0, "eth1");
	tap_ok(esp_to("esp.101@192.1.2.45", "192.1.2.23") == 0 && sa_ifid("esp.101@192.1.2.45") == 0x4b490000,
	       "ipsec0 on eth1: an SA to a peer reached through eth1 takes ipsec0's if_id");
	tap_ok(esp_to("esp.102@192.1.2.23", "192.1.2.45") == 0 && sa_ifid("esp.102@192.1.2.23") == 0x4b490000,
	       "and an SA to an address of eth1 too");
	tap_ok(esp_to("esp.103@10.0.0.9", "10.0.0.1") == 0 && sa_ifid("esp.103@10.0.0.9") == 0,
	       "an SA to a peer reached through eth0 has none");
	tap_ok(esp_to("esp.104@10.0.0.1", "10.0.0.9") == 0 && sa_ifid("esp.104@10.0.0.1") == 0,
	       "nor has an SA to an address of eth0");
	fake_add_addr("10.0.0.1", "ipsec0");
	tap_ok(esp_to("esp.105@10.0.0.1", "10.0.0.9") == 0 && sa_ifid("esp.105@10.0.0.1") == 0x4b490000,
	       "an address that ipsec0 holds too: ipsec0's");
	fake_add_route("10.7.0.1", "ipsec0");
	tap_ok(esp_to("esp.106@10.7.0.1", "10.0.0.1") == 0 && sa_ifid("esp.106@10.7.0.1") == 0x4b490000,
	       "a peer routed into ipsec0 itself: ipsec0's");

	host();
	fake.no_xfrmi = true;
	fake_add_route("192.1.2.45", "eth1");
	fake_add_ipsecdev(0, "eth1");
	tap_ok(esp_to("esp.100@192.1.2.45", "192.1.2.23") == 0 && sa_ifid("esp.100@192.1.2.45") == 0,
	       "a dummy ipsec0: no if_id (the SA serves every route)");
}

/* Attach and detach re-create the SAs that serve the device, keys and counters kept. */
static void test_retag(void)
{
	struct sa_keys keys;
	int i;

	gateway();
	keys = fake.keys[0];
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth1", NULL, NULL) == 0,
	       "attach ipsec0 to eth1 with SAs there");
	tap_ok(sa_ifid("esp.100@192.1.2.45") == 0x4b490000 && sa_ifid("esp.101@192.1.2.23") == 0x4b490000 &&
	       sa_ifid("esp.102@10.0.0.9") == 0, "the SAs to and from eth1's peer take ipsec0's if_id, the other not");
	for (i = 0; i < fake.nsas && fake.sas[i].id.spi != 0x100; i++)
		;
	tap_ok(i < fake.nsas && fake.sas[i].cur.packets == 42 && fake.sas[i].replay.oseq == 41 &&
	       !memcmp(&fake.keys[i], &keys, sizeof(keys)) && keys.enc.len == 24,
	       "re-created with its keys, counters and sequence number");
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec1 --physical eth0", NULL, NULL) == 0 &&
	       sa_ifid("esp.102@10.0.0.9") == 0x4b490001 && sa_ifid("esp.100@192.1.2.45") == 0x4b490000,
	       "ipsec1 on eth0 takes the SA routed through eth0");
	tap_ok(run(tncfg_main, "tncfg --detach --virtual ipsec0", NULL, NULL) == 0 &&
	       sa_ifid("esp.100@192.1.2.45") == 0 && sa_ifid("esp.101@192.1.2.23") == 0 &&
	       sa_ifid("esp.102@10.0.0.9") == 0x4b490001, "detach: ipsec0's SAs lose the if_id");
	tap_ok(run(tncfg_main, "tncfg --clear", NULL, NULL) == 0 && sa_ifid("esp.102@10.0.0.9") == 0 &&
	       fake.nlinks == 3, "clear: every SA loses it, every ipsecN goes");
	tap_ok(fake.nsas == 3, "no SA was lost on the way");
}

/* Run the lines (separated by '|'); abort when one fails. */
static void lines(const char *text)
{
	char *copy = strdup(text), *save = NULL;

	for (char *l = strtok_r(copy, "|", &save); l; l = strtok_r(NULL, "|", &save))
		if (run(strncmp(l, "spigrp", 6) == 0 ? spigrp_main : strncmp(l, "spi", 3) == 0 ? spi_main :
			strncmp(l, "eroute", 6) == 0 ? eroute_main : tncfg_main, l, NULL, NULL))
			abort();
	free(copy);
	fake.nlog = fake.calls = 0;
}

/* The gateway with esp.100 grouped with a tun to the peer, and three eroutes. */
static void gateway_eroutes(void)
{
	gateway();
	lines("spi --said tun.100@192.1.2.45 --ip4 --src 192.1.2.23 --dst 192.1.2.45|"
	      "spigrp --said tun.100@192.1.2.45 esp.100@192.1.2.45|"
	      "eroute --add --eraf inet --src 192.0.2.0/24 --dst 192.0.1.0/24 --said tun0x100@192.1.2.45|"
	      "eroute --add --eraf inet --src 192.0.2.0/24 --dst 192.0.7.0/24 --said %drop|"
	      "eroute --add --eraf inet --src 192.0.2.0/24 --dst 10.9.0.0/16 --said %drop");
	fake_add_route("192.0.7.0", "eth1");
}

static void gateway_eroutes_attached(void)
{
	gateway_eroutes();
	lines("tncfg --attach --virtual ipsec0 --physical eth1");
}

static uint32_t policy_ifid(int dir, const char *src, const char *dst)
{
	const struct policy *p = fake_policy(dir, src, dst);

	return p ? p->if_id : 0xdeadbeef;
}

/* The live policies of eroutes take the if_id of the ipsecN that reaches their peer. */
static void test_eroute_ifid(void)
{
	char *before = NULL, *after = NULL;
	int npol;

	gateway_eroutes();
	npol = fake.npolicies;
	run(eroute_main, "eroute", &before, NULL);
	tap_ok(policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.1.0/24") == 0 &&
	       policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.7.0/24") == 0,
	       "no ipsecN: the eroutes' policies have no if_id");
	tap_ok(run(tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth1", NULL, NULL) == 0,
	       "attach ipsec0 to eth1 with eroutes");
	tap_ok(policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.1.0/24") == 0x4b490000 &&
	       policy_ifid(POLICY_IN, "192.0.1.0/24", "192.0.2.0/24") == 0x4b490000 &&
	       policy_ifid(POLICY_FWD, "192.0.1.0/24", "192.0.2.0/24") == 0x4b490000,
	       "the eroute to the peer reached through eth1, and its inbound companions, take ipsec0's if_id");
	tap_ok(policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.7.0/24") == 0x4b490000,
	       "a %%drop eroute whose flow is routed through eth1 too");
	tap_ok(policy_ifid(POLICY_OUT, "192.0.2.0/24", "10.9.0.0/16") == 0,
	       "a %%drop eroute routed through eth0 keeps none");
	tap_ok(fake.npolicies == npol, "the policies were re-made, none left behind (%d, was %d)",
	       fake.npolicies, npol);
	run(eroute_main, "eroute", &after, NULL);
	tap_str(after, before, "the eroute listing is as it was");
	free(after);
	tap_ok(run(eroute_main, "eroute --add --eraf inet --src 192.0.2.0/24 --dst 192.0.3.0/24 --said tun0x100@192.1.2.45",
		   NULL, NULL) == 0 && policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.3.0/24") == 0x4b490000,
	       "an eroute added after the attach takes ipsec0's if_id");
	tap_ok(run(tncfg_main, "tncfg --detach --virtual ipsec0", NULL, NULL) == 0 &&
	       policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.1.0/24") == 0 &&
	       policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.3.0/24") == 0 &&
	       policy_ifid(POLICY_IN, "192.0.1.0/24", "192.0.2.0/24") == 0 &&
	       policy_ifid(POLICY_OUT, "192.0.2.0/24", "192.0.7.0/24") == 0,
	       "detach: they lose it");
	tap_ok(run(eroute_main, "eroute --clear", NULL, NULL) == 0 && fake.npolicies == 0,
	       "eroute --clear after all that leaves no policy");
	free(before);
	every_step_fails(gateway_eroutes, "tncfg --attach --virtual ipsec0 --physical eth1", "attach with eroutes");
	every_step_fails(gateway_eroutes_attached, "tncfg --detach --virtual ipsec0", "detach with eroutes");
}

/* West of the KLIPS tests: ESP from the peer to 192.1.2.45, an address of eth1. */
static void west(void)
{
	host();
	fake_add_addr("192.1.2.45", "eth1");
	fake_add_route("192.1.2.23", "eth1");
	fake_add_route("192.1.2.99", "eth1");
	if (esp_to("esp.200@192.1.2.45", "192.1.2.23") || esp_to("esp.201@192.1.2.45", "192.1.2.99") ||
	    esp_to("esp.300@192.1.2.23", "192.1.2.45"))
		abort();
	lines("spi --said tun.200@192.1.2.45 --ip4 --src 192.1.2.23 --dst 192.1.2.45|"
	      "spi --said tun.201@192.1.2.45 --ip4 --src 192.1.2.99 --dst 192.1.2.45|"
	      "spi --said tun.300@192.1.2.23 --ip4 --src 192.1.2.45 --dst 192.1.2.23|"
	      "spigrp --said tun.300@192.1.2.23 esp.300@192.1.2.23");
}

static void west_grouped(void)
{
	west();
	lines("spigrp --said tun.200@192.1.2.45 esp.200@192.1.2.45");
}

/* The catch-all policies of if_id, or NULL; *n: how many any/any IN policies there are. */
static const struct policy *catchall(int dir, uint32_t if_id, int *n)
{
	const struct policy *hit = NULL;

	*n = 0;
	for (int i = 0; i < fake.npolicies; i++) {
		const struct policy *p = &fake.policies[i];

		if (p->dir != dir || p->sel.src_len || p->sel.dst_len || p->sel.proto)
			continue;
		(*n)++;
		if (p->if_id == if_id)
			hit = p;
	}
	return hit;
}

/* Decrypted tunnel traffic is accepted without an eroute, as KLIPS did. */
static void test_catchall(void)
{
	const struct policy *in, *fwd;
	char buf[1024];
	int n, m;

	west();
	tap_ok(fake.npolicies == 0, "an outbound group makes no catch-all policy");
	lines("spigrp --said tun.200@192.1.2.45 esp.200@192.1.2.45");
	in = catchall(POLICY_IN, 0, &n);
	fwd = catchall(POLICY_FWD, 0, &m);
	tap_ok(in && fwd && n == 1 && m == 1 && fake.npolicies == 2,
	       "an inbound tunnel group: one IN and one FWD policy for any inner addresses");
	tap_str(in ? fake_policy_text(in, buf) : "", "policy dir 0 0.0.0.0/0 -> 0.0.0.0/0 proto 0 sport 0/0 dport 0/0 allow priority 268697616 "
		"if_id 0 tmpl esp0x0@192.1.2.45 src 192.1.2.23 mode 1 optional", "IN: below the band, the group's "
		"templates optional, any SPI");
	tap_ok(in && fwd && !memcmp(&in->tmpl, &fwd->tmpl, sizeof(in->tmpl)) && in->priority == fwd->priority,
	       "FWD the same");
	tap_ok(in && in->priority > eroute_priority(&(struct selector){ .src.family = AF_INET }),
	       "below the eroute of 0.0.0.0/0 -> 0.0.0.0/0");
	lines("spigrp --said tun.201@192.1.2.45 esp.201@192.1.2.45");
	in = catchall(POLICY_IN, 0, &n);
	tap_ok(in && n == 1 && in->tmpl.n == 2, "a second inbound group: its template added to the same policies");
	lines("tncfg --attach --virtual ipsec0 --physical eth1");
	in = catchall(POLICY_IN, 0x4b490000, &n);
	fwd = catchall(POLICY_FWD, 0x4b490000, &m);
	tap_ok(in && fwd && n == 1 && m == 1 && in->tmpl.n == 2,
	       "attach ipsec0 to eth1: the catch-all takes ipsec0's if_id, none is left without");
	lines("spigrp --said esp.200@192.1.2.45");
	in = catchall(POLICY_IN, 0x4b490000, &n);
	tap_ok(in && n == 1 && in->tmpl.n == 1 && in->tmpl.t[0].src.a[3] == 99,
	       "ungroup one: the other's template stays");
	lines("spi --said esp.201@192.1.2.45 --del");
	catchall(POLICY_IN, 0x4b490000, &n);
	catchall(POLICY_FWD, 0x4b490000, &m);
	tap_ok(n == 0 && m == 0 && fake.npolicies == 0, "delete the last inbound group: the catch-all goes");
	west_grouped();
	lines("spi --clear");
	tap_ok(fake.npolicies == 0, "spi --clear: the catch-all goes with the groups");
	every_step_of(west, spigrp_main, "spigrp --said tun.200@192.1.2.45 esp.200@192.1.2.45",
		      "group making a catch-all");
	every_step_of(west_grouped, spi_main, "spi --said esp.200@192.1.2.45 --del", "delete its group");
	every_step_of(west_grouped, tncfg_main, "tncfg --attach --virtual ipsec0 --physical eth1",
		      "attach with a catch-all");
}

static void test_render(void)
{
	struct snapshot s;
	struct link links[4] = {
		{ .name = "eth1", .ifindex = 2, .mtu = 9000 },
		{ .name = "ipsec3", .ifindex = 5, .kind = LINK_XFRM, .link = 2, .if_id = 0x4b490003, .mtu = 1400 },
		{ .name = "ipsec1", .ifindex = 7, .kind = LINK_DUMMY, .link = 99, .tagged = true, .mtu = 1500 },
		{ .name = "ipsec0", .ifindex = 9, .kind = LINK_XFRM, .link = 2, .if_id = 5, .mtu = 1500 },
	};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	snapshot_empty(&s);
	s.links = links;
	s.nlinks = 4;
	render_tncfg(&s, f);
	fclose(f);
	tap_str(text, "ipsec1 -> NULL mtu=0(0) -> 0\nipsec3 -> eth1 mtu=1400(9000) -> 9000\n",
		"render: ours in number order; a dummy whose device is gone is unattached; another if_id is not ours");
	free(text);
}

static void test_klipsdebug(void)
{
	static const char *const ok[] = {
		"klipsdebug --set rcv", "klipsdebug --set pfkey", "klipsdebug --set tncfg",
		"klipsdebug --clear xmit", "klipsdebug --all", "klipsdebug --none",
		"klipsdebug --debug --label x --set esp", "klipsdebug",
	};
	char *out, *err;

	fake_reset();
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int rc = run(klipsdebug_main, ok[i], &out, &err);

		tap_ok(rc == 0 && !*out && strstr(err, "XFRM has no KLIPS debug switches: nothing changed") &&
		       !strchr(strchr(err, '\n') + 1, '\n'), "%s: exit 0, one line says nothing changes", ok[i]);
		free(out);
		free(err);
	}
	tap_ok(fake.nlog == 0 && fake.opened == 0, "klipsdebug never asks the kernel");
	tap_ok(run(klipsdebug_main, "klipsdebug --set rcv --all", NULL, &err) == 1 &&
	       strstr(err, "Only one of '--set', '--clear', '--all' or '--none' options permitted."),
	       "two actions: the legacy refusal, exit 1");
	free(err);
	tap_ok(run(klipsdebug_main, "klipsdebug --set foo", &out, NULL) == 1 && strstr(out, "usage"),
	       "an unknown switch: usage, exit 1");
	free(out);
	tap_ok(run(klipsdebug_main, "klipsdebug --clear tncfg", NULL, NULL) == 1,
	       "--clear tncfg was not a KLIPS form");
	tap_ok(run(klipsdebug_main, "klipsdebug --help", &out, NULL) == 1 && strstr(out, "--set"),
	       "--help: usage on stdout, exit 1");
	free(out);
	tap_ok(run(klipsdebug_main, "klipsdebug --version", &out, NULL) == 1 &&
	       !strcmp(out, "klipsdebug, klips-compat " KLIPS_COMPAT_VERSION "\n"),
	       "--version: \"<prog>, klips-compat <version>\" on stdout, exit 1, as our other commands");
	free(out);
	tap_ok(run(klipsdebug_main, "klipsdebug --foo", &out, &err) == 1 && strstr(err, "unrecognized option '--foo'"),
	       "an unknown option: glibc's message, usage, exit 1");
	free(out);
	free(err);
	tap_ok(run(klipsdebug_main, "klipsdebug --debug", NULL, &err) == 0,
	       "--debug alone is the listing form");
	free(err);
}

/* --explain by a user who may not read XFRM: the devices are still read. */
static void test_explain_unprivileged(void)
{
	char *out = NULL, *err = NULL;
	int rc;

	host();
	fake.list_err = EPERM;
	rc = run(tncfg_main, "tncfg --explain --attach --virtual ipsec0 --physical eth1", &out, &err);
	tap_ok(rc == 0 && strstr(out, "ip link add ipsec0 type xfrm dev eth1 if_id 0x4b490000\n") &&
	       strstr(err, "reading XFRM needs CAP_NET_ADMIN: explaining as if"),
	       "--explain without the right to read XFRM: the plan, with the real devices, and a word");
	tap_ok(!fake_link("ipsec0"), "--explain without the right to read XFRM changes nothing");
	free(out);
	free(err);
	fake.list_err = 0;
}

int main(void)
{
	unsetenv("KLIPS_IFID_BASE");
	test_attach();
	test_foreign();
	test_refusals();
	test_dummy();
	test_create_delete();
	test_rollback();
	test_render();
	test_sa_ifid();
	test_retag();
	test_eroute_ifid();
	test_catchall();
	test_klipsdebug();
	test_explain_unprivileged();
	return tap_done();
}
