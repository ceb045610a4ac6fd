// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Commands that change the kernel in several steps: whatever step fails,
 * what was already done is undone. Every kernel call of a plan is made to
 * fail in turn; the fake kernel must then be as before. Also: a group keeps
 * the keys and counters of the SA it re-creates in tunnel mode.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "src/commands.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

#define K3DES "0x4043434545464649494a4a4c4c4f4f515152525454575758"
#define KMD5 "0x87658765876587658765876587658765"

static FILE *null_out;

/* Run a command line; its stderr goes to err. */
static int run_to(cmd_main_fn *cmd, const char *line, FILE *err)
{
	return probe_run_line(cmd, line, null_out, err);
}

static int run(cmd_main_fn *cmd, const char *line)
{
	return run_to(cmd, line, null_out);
}

/* The SAs of one direction, grouped or not. */
static void setup(unsigned int grouped)
{
	fake_reset();
	if (run(spi_main, "spi --said tun.113@10.1.0.2 --ip4 --src 10.1.0.1") ||
	    run(spi_main, "spi --said esp.115@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5) ||
	    run(spi_main, "spi --said ah.116@10.1.0.2 --src 10.1.0.1 --ah hmac-md5-96 --authkey " KMD5) ||
	    run(spi_main, "spi --said comp.117@10.1.0.2 --src 10.1.0.1 --comp deflate"))
		abort();
	/* Counters to be carried over when an SA is re-created. */
	fake.sas[0].cur.bytes = 12345;
	fake.sas[0].cur.packets = 67;
	if (grouped && run(spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2"))
		abort();
	fake.nlog = 0;
	fake.calls = 0;
}

static void every_step_fails(bool grouped, cmd_main_fn *cmd, const char *line, const char *what)
{
	probe_every_step_fails(setup, grouped, cmd, line, what);
}

static void test_rollback(void)
{
	every_step_fails(false, spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2",
			 "group tun esp ah");
	every_step_fails(false, spigrp_main, "spigrp inet 10.1.0.2 0x113 tun inet 10.1.0.2 0x117 comp inet 10.1.0.2 0x115 esp",
			 "group tun comp esp");
	every_step_fails(true, spigrp_main, "spigrp --said esp.115@10.1.0.2", "ungroup");
	every_step_fails(true, spi_main, "spi --said ah.116@10.1.0.2 --del", "delete a grouped SA");
	every_step_fails(true, spi_main, "spi --clear --proto ah", "clear the AH SAs and their chains");
}

static const struct sa_state *find(const char *text)
{
	struct said id;

	if (said_parse(text, NULL, &id))
		return NULL;
	for (int i = 0; i < fake.nsas; i++)
		if (said_cmp(&fake.sas[i].id, &id) == 0)
			return &fake.sas[i];
	return NULL;
}

static void test_fold(void)
{
	const struct sa_state *esp;
	struct sa_keys keys;
	int i;

	setup(false);
	esp = find("esp.115@10.1.0.2");
	keys = fake.keys[esp - fake.sas];
	/* Flags set by others (ip xfrm state add ... flag noecn) must survive. */
	i = (int)(esp - fake.sas);
	fake.sas[i].flags.noecn = fake.sas[i].flags.wildrecv = fake.sas[i].flags.dont_encap_dscp = true;
	tap_ok(run(spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2") == 0, "group");
	esp = find("esp.115@10.1.0.2");
	tap_ok(esp && esp->mode == SA_MODE_TUNNEL, "the SA after the tun is in tunnel mode");
	i = esp ? (int)(esp - fake.sas) : 0;
	tap_ok(esp && !memcmp(&fake.keys[i], &keys, sizeof(keys)), "with its keys");
	tap_ok(esp && esp->cur.bytes == 12345 && esp->cur.packets == 67, "and its counters");
	tap_ok(esp && esp->flags.af_unspec, "and XFRM_STATE_AF_UNSPEC");
	tap_ok(esp && esp->flags.noecn && esp->flags.wildrecv && esp->flags.dont_encap_dscp &&
	       !esp->flags.icmp, "and the flags it had (noecn, wildrecv, dont-encap-dscp)");
	tap_ok(find("ah.116@10.1.0.2")->mode == SA_MODE_TRANSPORT, "AH stays in transport mode");
	tap_ok(fake.nrecs == 2, "tun record and group record");
	tap_ok(run(spigrp_main, "spigrp --said tun.113@10.1.0.2") == 0, "ungroup");
	esp = find("esp.115@10.1.0.2");
	tap_ok(esp && esp->mode == SA_MODE_TRANSPORT && !esp->flags.af_unspec, "back to transport mode");
	tap_ok(esp && esp->flags.noecn && esp->flags.wildrecv && esp->flags.dont_encap_dscp,
	       "with the flags it had");
	tap_ok(esp && esp->cur.bytes == 12345, "counters kept again");
	tap_ok(fake.nrecs == 1, "the group record is gone, the tun record stays");
}

/* SAs to this host carry the inbound-check selector only while ungrouped. */
static void test_selectors(void)
{
	const struct sa_state *ah;

	fake_reset();
	fake_add_local("10.1.0.2");
	if (run(spi_main, "spi --said tun.113@10.1.0.2 --ip4 --src 10.1.0.1") ||
	    run(spi_main, "spi --said esp.115@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5) ||
	    run(spi_main, "spi --said ah.116@10.1.0.2 --src 10.1.0.1 --ah hmac-md5-96 --authkey " KMD5))
		abort();
	ah = find("ah.116@10.1.0.2");
	tap_ok(ah && ah->sel.src_len == 32 && ah->sel.dst.family == AF_INET, "an inbound SA has the selector");
	tap_ok(run(spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2") == 0, "group them");
	ah = find("ah.116@10.1.0.2");
	tap_ok(ah && ah->mode == SA_MODE_TRANSPORT && !ah->sel.dst.family,
	       "grouped: no selector (XFRM would match it against the inner packet)");
	tap_ok(run(spigrp_main, "spigrp --said tun.113@10.1.0.2") == 0, "ungroup them");
	ah = find("ah.116@10.1.0.2");
	tap_ok(ah && ah->sel.src_len == 32, "ungrouped: the selector is back");
	ah = find("esp.115@10.1.0.2");
	tap_ok(ah && ah->mode == SA_MODE_TRANSPORT && ah->sel.src_len == 32, "also on the SA that was in tunnel mode");
}

static void test_delete_chain(void)
{
	setup(true);
	tap_ok(run(spi_main, "spi --said esp.115@10.1.0.2 --del") == 0, "delete a member");
	tap_ok(fake.nsas == 1 && find("comp.117@10.1.0.2"), "the whole chain went, the ungrouped SA stays");
	tap_ok(fake.nrecs == 0, "tun record and group record went too");
}

static void test_dangling(void)
{
	setup(true);
	fake.nsas = 0;		/* `ip xfrm state flush` behind our back */
	tap_ok(run(spi_main, "spi --clear") == 0, "--clear with dangling records");
	tap_ok(fake.nrecs == 0, "dangling group and tun records are cleaned");
}

/* The exit status and stderr of a command line. */
static int run_err(cmd_main_fn *cmd, const char *line, char **err)
{
	size_t len = 0;
	FILE *e = open_memstream(err, &len);
	int rc = run_to(cmd, line, e);

	fclose(e);
	return rc;
}

/*
 * A command dumps only the parts of the kernel's state its plan reads (an
 * add none at all), and a failed dump names what could not be read.
 */
static void test_reads(void)
{
	char *err;

	fake_reset();
	fake.list_err = EPERM;
	tap_ok(run(spi_main, "spi --said esp.115@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5) == 0 &&
	       run(spi_main, "spi --said tun.113@10.1.0.2 --ip4 --src 10.1.0.1") == 0 && fake.nsas == 1 && fake.nrecs == 1,
	       "adds read neither SAs nor records");
	tap_ok(run_err(spi_main, "spi --said esp.115@10.1.0.2 --del", &err) == 1, "--del reads the records");
	tap_str(err, "spi: cannot read the SA groups: Operation not permitted; reading XFRM needs CAP_NET_ADMIN: run as root\n",
		"and says it could not");
	free(err);
	tap_ok(run_err(spigrp_main, "spigrp --said tun.113@10.1.0.2 esp.115@10.1.0.2", &err) == 1, "spigrp reads the SAs");
	tap_str(err, "spigrp: cannot read the SAs: Operation not permitted; reading XFRM needs CAP_NET_ADMIN: run as root\n",
		"and says it could not");
	free(err);
	tap_ok(fake.nsas == 1 && fake.nrecs == 1 && fake.opened == 0, "nothing changed, the kernel handle closed");
}

int main(void)
{
	null_out = fopen("/dev/null", "w");
	test_rollback();
	test_fold();
	test_selectors();
	test_delete_chain();
	test_dangling();
	test_reads();
	fclose(null_out);
	return tap_done();
}
