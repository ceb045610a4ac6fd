// SPDX-License-Identifier: GPL-2.0-or-later
/* --explain changes nothing and prints ip xfrm; neither it nor --debug prints keys. */
#include <stdlib.h>
#include <string.h>

#include "src/commands.h"
#include "src/explain.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

#define K3DES "4043434545464649494a4a4c4c4f4f515152525454575758"
#define KMD5 "87658765876587658765876587658765"

/* The commands wipe key words in argv, so they get writable copies (as main's are). */
static int run(cmd_main_fn *cmd, char **argv, char **out, char **err)
{
	size_t olen, elen;
	FILE *o = open_memstream(out, &olen), *e = open_memstream(err, &elen);
	char *copy[32];
	int argc = 0, rc;

	while (argv[argc]) {
		copy[argc] = strdup(argv[argc]);
		argc++;
	}
	copy[argc] = NULL;
	rc = cmd(argc, copy, &(struct cmd_io){ o, e, &reference_resolver });
	fclose(o);
	fclose(e);
	for (int i = 0; i < argc; i++) {
		/* argv holds no key text afterwards */
		if (i > 0 && (!strcmp(argv[i - 1], "--enckey") || !strcmp(argv[i - 1], "--authkey")))
			tap_ok(copy[i][0] == '\0', "%s: the key word in argv was wiped", argv[i - 1]);
		free(copy[i]);
	}
	return rc;
}

static bool has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static void test_explain_add(void)
{
	char *argv[] = { "spi", "--explain", "--said", "esp.200@1.2.3.4", "--src", "5.6.7.8",
			 "--esp", "3des-md5-96", "--enckey", "0x" K3DES, "--authkey", "0x" KMD5,
			 "--replay_window", "16", "--life", "soft-bytes=100,hard-addtime=60", NULL };
	char *out, *err;

	fake_reset();
	tap_ok(run(spi_main, argv, &out, &err) == 0, "--explain of an ESP SA succeeds");
	tap_str(out, "ip xfrm state add src 5.6.7.8 dst 1.2.3.4 proto esp spi 0x00000200 reqid 0 mode transport"
		" replay-window 16 enc 'cbc(des3_ede)' <enckey:192-bits> auth-trunc 'hmac(md5)' <authkey:128-bits> 96"
		" limit byte-soft 100 limit time-hard 60\n", "the equivalent ip xfrm command, keys hidden");
	tap_ok(fake.nlog == 0 && fake.nsas == 0, "nothing was changed");
	tap_ok(!has(out, K3DES) && !has(out, KMD5) && !has(err, K3DES), "no key material printed");
	free(out);
	free(err);
}

static void test_explain_del_group(void)
{
	char *grp[] = { "spigrp", "--said", "tun.113@1.2.3.4", "esp.115@1.2.3.4", NULL };
	char *tun[] = { "spi", "--said", "tun.113@1.2.3.4", "--ip4", "--src", "5.6.7.8", NULL };
	char *esp[] = { "spi", "--said", "esp.115@1.2.3.4", "--esp", "3des", "--enckey", "0x" K3DES, NULL };
	char *del[] = { "spi", "--explain", "--said", "esp.115@1.2.3.4", "--del", NULL };
	char *out, *err, *before;

	fake_reset();
	run(spi_main, tun, &out, &err);
	free(out), free(err);
	run(spi_main, esp, &out, &err);
	free(out), free(err);
	run(spigrp_main, grp, &out, &err);
	free(out), free(err);
	before = fake_state_text();
	fake.nlog = 0;
	tap_ok(run(spi_main, del, &out, &err) == 0, "--explain --del of a grouped SA succeeds");
	tap_ok(has(out, "# delete tun record tun0x113@1.2.3.4 src 5.6.7.8") &&
	       has(out, "ip xfrm state delete dst 1.2.3.4 proto esp spi 0x00000115\n") &&
	       has(out, "# delete group record tun0x113@1.2.3.4 esp0x115@1.2.3.4"),
	       "the whole chain would go: tun record, SA, group record");
	char *after = fake_state_text();

	tap_str(after, before, "and nothing went");
	free(after);
	free(before);
	free(out);
	free(err);
}

static void test_debug_hides_keys(void)
{
	char *argv[] = { "spi", "--debug", "--said", "esp.200@1.2.3.4", "--esp", "3des-md5-96",
			 "--enckey", "0x" K3DES, "--authkey", "0x" KMD5, NULL };
	char *out, *err;

	fake_reset();
	tap_ok(run(spi_main, argv, &out, &err) == 0, "--debug: the SA is added");
	tap_ok(has(out, "debug: NEWSA esp0x200@1.2.3.4") && has(out, "exited normally"), "--debug traces the steps");
	tap_ok(!has(out, K3DES) && !has(out, KMD5) && !has(out, "87658765") && !has(err, KMD5),
	       "--debug never prints key material");
	free(out);
	free(err);
}

/* SA flags appear as `ip xfrm state add` spells them. */
static void test_explain_flags(void)
{
	struct plan p = PLAN_INIT;
	struct op *op = plan_add(&p, OP_SA_ADD);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!op || said_parse("esp.300@1.2.3.4", NULL, &op->sa.id) || addr_parse("5.6.7.8", 0, NULL, &op->sa.src))
		abort();
	op->sa.lft.soft_bytes = op->sa.lft.hard_bytes = LIMIT_INF;
	op->sa.lft.soft_packets = op->sa.lft.hard_packets = LIMIT_INF;
	op->sa.flags.noecn = op->sa.flags.af_unspec = op->sa.flags.dont_encap_dscp = true;
	plan_explain(&p, f);
	fclose(f);
	tap_str(out, "ip xfrm state add src 5.6.7.8 dst 1.2.3.4 proto esp spi 0x00000300 reqid 0 mode transport"
		" flag noecn flag af-unspec extra-flag dont-encap-dscp\n", "SA flags in ip xfrm's words");
	free(out);
	plan_free(&p);
}

int main(void)
{
	test_explain_add();
	test_explain_del_group();
	test_debug_hides_keys();
	test_explain_flags();
	return tap_done();
}
