// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Issue 18, in-process against the fake kernel: reserved and out-of-range
 * SPIs, 64-bit lifetimes, no key in any message, key text wiped from argv,
 * the process non-dumpable, --optionsfrom bounded and never blocking.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "compat/lgetopt.h"
#include "src/commands.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

#define K3DES "0x4043434545464649494a4a4c4c4f4f515152525454575758"
#define KMD5 "0x87658765876587658765876587658765"

static char tmpdir[64];
static char *out, *err;

/*
 * Runs a command on a writable copy of the words (separated by single
 * spaces; "''" is an empty word). *wiped: the key words (after --enckey
 * and --authkey, or after "--enckey=") are all empty afterwards.
 */
static int run(cmd_main_fn *cmd, const char *line, bool *wiped)
{
	char *copy = strdup(line), *argv[64], *save = NULL;
	size_t olen, elen;
	FILE *o, *e;
	int argc = 0, rc;

	free(out);
	free(err);
	o = open_memstream(&out, &olen);
	e = open_memstream(&err, &elen);
	for (char *w = strtok_r(copy, " ", &save); w && argc < 63; w = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(w, "''") ? w : w + 2;
	argv[argc] = NULL;
	rc = cmd(argc, argv, &(struct cmd_io){ o, e, &reference_resolver });
	fclose(o);
	fclose(e);
	if (wiped) {
		*wiped = true;
		for (int i = 1; i < argc; i++) {
			if (!strcmp(argv[i - 1], "--enckey") || !strcmp(argv[i - 1], "--authkey"))
				*wiped &= argv[i][0] == '\0';
			if (!strcmp(argv[i], "--enckey="))
				*wiped &= argv[i][9] == '\0';
		}
	}
	free(copy);
	return rc;
}

static struct said said_of(const char *text)
{
	struct said sa;

	if (said_parse(text, NULL, &sa))
		abort();
	return sa;
}

static void seed_sa(const char *text)
{
	struct said sa = said_of(text);
	struct ip_addr any;

	addr_any(sa.dst.family, &any);
	fake_add_sa(&sa, &any);
}

/* Refused: exit 1, exactly this on stderr, nothing asked of the kernel. */
static void refused(cmd_main_fn *cmd, const char *line, const char *want_err)
{
	int rc;

	fake_reset();
	rc = run(cmd, line, NULL);
	tap_ok(rc == 1 && fake.nlog == 0, "refused (exit %d, %d calls): %s", rc, fake.nlog, line);
	tap_str(err, want_err, "message for: %s", line);
}

/* --- reserved SPIs ------------------------------------------------------------ */

static void reserved_spis(void)
{
	static const struct {
		const char *said, *rest;
	} adds[] = {
		{ "esp.0@10.3.0.2", "--esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5 },
		{ "esp.ff@10.3.0.2", "--esp 3des --enckey " K3DES },
		{ "esp0xff@10.3.0.2", "--esp 3des --enckey " K3DES },
		{ "esp255@10.3.0.2", "--esp 3des --enckey " K3DES },
		{ "esp0377@10.3.0.2", "--esp 3des --enckey " K3DES },
		{ "ah.1@10.3.0.2", "--ah hmac-md5-96 --authkey " KMD5 },
		{ "comp.ff@10.3.0.2", "--comp deflate" },
		{ "tun.0@10.3.0.2", "--ip4 --src 10.3.0.1" },
		{ "esp:ff@3049::2", "--esp 3des --enckey " K3DES },
		{ "%passthrough", "--ip4 --src 10.3.0.1" },
	};
	char line[512], want[256];
	int rc;

	for (size_t i = 0; i < sizeof(adds) / sizeof(adds[0]); i++) {
		struct said sa = said_of(adds[i].said);

		snprintf(line, sizeof(line), "spi --said %s %s", adds[i].said, adds[i].rest);
		snprintf(want, sizeof(want), "spi: Illegal reserved spi: %s => 0x%x Must be larger than 0x100.\n",
			 adds[i].said, sa.spi);
		refused(spi_main, line, want);
	}
	fake_reset();
	rc = run(spi_main, "spi --said esp.100@10.3.0.2 --esp 3des --enckey " K3DES, NULL);
	tap_ok(rc == 0 && fake.nsas == 1 && fake.sas[0].id.spi == 0x100, "SPI 0x100 is made");

	fake_reset();
	seed_sa("esp.ff@1.2.3.4");
	rc = run(spi_main, "spi --said esp.ff@1.2.3.4 --del", NULL);
	tap_ok(rc == 0 && fake.nsas == 0, "an SA with a reserved SPI (made by others) can be deleted");
	tap_str(err, "spi: warning: esp.ff@1.2.3.4 has a reserved SPI (below 0x100), which spi never gives an SA; deleting it as Openswan 2.6.38 did\n",
		"with a warning");

	refused(spigrp_main, "spigrp --said esp.ff@1.2.3.4 esp.200@1.2.3.4",
		"spigrp: Illegal reserved spi: esp.ff@1.2.3.4 => 0xff Must be larger than 0x100.\n");
	refused(spigrp_main, "spigrp --said esp.200@1.2.3.4 tun.0@1.2.3.4",
		"spigrp: Illegal reserved spi: tun.0@1.2.3.4 => 0x0 Must be larger than 0x100.\n");
	refused(spigrp_main, "spigrp inet 1.2.3.4 0x200 tun inet 1.2.3.4 255 esp",
		"spigrp: Illegal reserved spi: 255 => 0xff Must be larger than 0x100.\n");
	refused(spigrp_main, "spigrp --said esp.0@1.2.3.4",
		"spigrp: Illegal reserved spi: esp.0@1.2.3.4 => 0x0 Must be larger than 0x100.\n");
}

/* --- out-of-range numbers ------------------------------------------------------- */

static void out_of_range(void)
{
	static const char *const big[] = {
		"0x100000000", "4294967296", "0x100000100", "-4294967296", "99999999999999999999",
		"040000000000", "-99999999999999999999",
	};
	char line[256], want[256];
	int rc;

	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		snprintf(line, sizeof(line), "spi --af inet --edst 1.2.3.4 --spi %s --proto esp --del", big[i]);
		snprintf(want, sizeof(want), "spi: Illegal spi: %s is more than 32 bits; an SPI is 0x100 to 0xffffffff.\n", big[i]);
		refused(spi_main, line, want);
		snprintf(line, sizeof(line), "spigrp inet 1.2.3.4 %s esp", big[i]);
		snprintf(want, sizeof(want), "spigrp: Badly formed spi: %s (more than 32 bits; an SPI is 0x100 to 0xffffffff)\n", big[i]);
		refused(spigrp_main, line, want);
	}
	refused(spi_main, "spi --said esp.100000000@1.2.3.4 --del",
		"spi: Error, SPI does not fit in 32 bits converting --sa argument:esp.100000000@1.2.3.4\n");
	refused(spi_main, "spi --said esp4294967552@1.2.3.4 --esp 3des --enckey " K3DES,
		"spi: Error, SPI does not fit in 32 bits converting --sa argument:esp4294967552@1.2.3.4\n");
	refused(spigrp_main, "spigrp --said esp.200@1.2.3.4 esp0x100000200@1.2.3.4",
		"spigrp: Error, SPI does not fit in 32 bits converting --sa argument:esp0x100000200@1.2.3.4\n");
	refused(spigrp_main, "spigrp --bundle out --said esp.100000200@1.2.3.4",
		"spigrp: Error, SPI does not fit in 32 bits converting --sa argument:esp.100000200@1.2.3.4\n");

	/* -N below 2^32: 2^32 - N, as every 2.6.38 build took it, with a warning */
	fake_reset();
	seed_sa("esp.ffffffff@1.2.3.4");
	rc = run(spi_main, "spi --af inet --edst 1.2.3.4 --spi -1 --proto esp --del", NULL);
	tap_ok(rc == 0 && fake.nsas == 0, "--spi -1 deletes SA 0xffffffff");
	tap_str(err, "spi: warning: --spi -1 taken as 0xffffffff, as Openswan 2.6.38 did (a negative number counts down from 2^32); give the SPI itself\n",
		"--spi -1 warns");
	refused(spi_main, "spi --af inet --edst 1.2.3.4 --spi -4294967041 --proto esp --del",
		"spi: Illegal reserved spi: -4294967041 => 0xff Must be larger than 0x100.\n");

	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --sport 65536",
		"spi: Invalid --sport parameter: 65536 is not a port (0 to 65535).\n");
	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --dport -1",
		"spi: Invalid --dport parameter: -1 is not a port (0 to 65535).\n");
	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --replay_window 0x100000040",
		"spi: Failed -- Illegal window size: arg=0x100000040, more than 32 bits, must be 1 <= size <= 64.\n");
	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --replay_window -4294967232",
		"spi: Failed -- Illegal window size: arg=-4294967232, more than 32 bits, must be 1 <= size <= 64.\n");
	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --natt 0x100000001",
		"spi: unknown NAT-T type 4294967297 (use none, nonike or nonesp)\n");

	fake_reset();
	rc = run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES
		 " --natt nonesp --sport 65535 --dport 0x1194 --replay_window 0x40", NULL);
	tap_ok(rc == 0 && fake.nlog == 1 && fake.log[0].sa.encap.dport == 65535 &&
	       fake.log[0].sa.encap.sport == 4500 && fake.log[0].sa.replay.window == 64,
	       "ports and window at their limits are taken (the legacy swapped port wiring)");
}

/* --- 64-bit lifetimes ------------------------------------------------------------ */

static void lifetimes(void)
{
	const struct lifetime *l;
	int rc;

	fake_reset();
	rc = run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES
		 " --life hard-bytes=5000000000,soft-bytes=4294967296,hard-addtime=0x100000000,hard-packets=5000000000,soft-usetime=4294967297",
		 NULL);
	l = &fake.log[0].sa.lft;
	tap_ok(rc == 0 && fake.nlog == 1 && l->hard_bytes == 5000000000u &&
	       l->soft_bytes == 4294967296u && l->hard_add == 0x100000000u &&
	       l->hard_packets == 5000000000u && l->soft_use == 4294967297u && !err[0],
	       "limits over 32 bits reach the kernel as given");

	fake_reset();
	rc = run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --life hard-bytes=18446744073709551615", NULL);
	tap_ok(rc == 0 && fake.log[0].sa.lft.hard_bytes == LIMIT_INF, "2^64-1 bytes is XFRM's no-limit");

	fake_reset();
	rc = run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --life hard-bytes=-1,soft-addtime=-2", NULL);
	tap_ok(rc == 0 && fake.log[0].sa.lft.hard_bytes == 4294967295u &&
	       fake.log[0].sa.lft.soft_add == 4294967294u, "-1 is 4294967295, as 2.6.38 took it");
	tap_str(err, "spi: warning: --life soft-addtime=-2 taken as 4294967294, as Openswan 2.6.38 did (a negative number counts down from 2^32); give the limit itself\n"
		"spi: warning: --life hard-bytes=-1 taken as 4294967295, as Openswan 2.6.38 did (a negative number counts down from 2^32); give the limit itself\n",
		"with a warning per value");

	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES " --life hard-bytes=18446744073709551616",
		"spi: Invalid value in lifetime option parameter: 'hard-bytes=18446744073709551616' is out of range (0 to 18446744073709551615).\n");
}

/* --- keys never in messages, wiped from argv ------------------------------------------- */

/* No run of 6 characters of the key's data (after its prefix) in s. */
static bool shows_key(const char *s, const char *key)
{
	size_t n = strlen(key);

	for (size_t i = 2; i + 6 <= n; i++) {
		char piece[7];

		memcpy(piece, key + i, 6);
		piece[6] = '\0';
		if (strstr(s, piece))
			return true;
	}
	return false;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		tap_ok(false, "write %s", path);
}

static void keys_not_shown(void)
{
	static const char *const keys[] = {
		/* one digit short, a bad digit, bad underscores, no prefix, bad base64, upper case */
		"0x4043434545464649494a4a4c4c4f4f51515252545457575",
		"0x4043434545464649494a4a4c4c4f4f5151525254545757g8",
		"0x40434345_45464649494a4a4c4c4f4f515152525454575758_",
		"0x40434345__45464649494a4a4c4c4f4f515152525454575758",
		"4043434545464649494a4a4c4c4f4f515152525454575758",
		"0sQENDRUVGRklJSkpMTE9PUVFSUlRUV1d",
		"0X4043434545464649494a4a4c4c4f4f515152525454575758",
		"0x4043434545464649494a4a4c4c4f4f515152525454575758ff",
		/* good syntax, wrong for the algorithm (length, parity) */
		"0x40434345454646494",
		"0x4143434545464649494a4a4c4c4f4f515152525454575758",
	};
	char line[512], path[128], text[512];
	bool wiped, all_wiped = true;
	int leaks = 0, n = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		/* each followed by the key */
		const char *forms[] = {
			"spi --said esp.200@1.2.3.4 --esp 3des --enckey ",
			"spi --said esp.200@1.2.3.4 --esp 3des-md5-96 --enckey " K3DES " --authkey ",
			"spi --said esp.200@1.2.3.4 --esp 3des --enckey=",
			"spi --said esp.200@1.2.3.4 --esp 3des --enckye=",
			"spi --said esp.200@1.2.3.4 --esp 3des --e=",
			"spi --debug --said esp.200@1.2.3.4 --ah hmac-md5-96 --authkey ",
		};

		for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
			fake_reset();
			snprintf(line, sizeof(line), "%s%s", forms[f], keys[i]);
			run(spi_main, line, &wiped);
			all_wiped &= wiped;
			n++;
			if (shows_key(err, keys[i]) || shows_key(out, keys[i])) {
				if (leaks++ < 3)
					tap_diag("%s -> %s%s", line, out, err);
			}
		}
		/* the same from --optionsfrom */
		snprintf(path, sizeof(path), "%s/opts", tmpdir);
		snprintf(text, sizeof(text), "--esp 3des-md5-96\n--enckey %s\n--authkey %s\n", keys[i], keys[i]);
		write_file(path, text);
		snprintf(line, sizeof(line), "spi --said esp.200@1.2.3.4 --optionsfrom %s", path);
		fake_reset();
		run(spi_main, line, NULL);
		n++;
		if (shows_key(err, keys[i]) || shows_key(out, keys[i])) {
			if (leaks++ < 3)
				tap_diag("%s -> %s%s", line, out, err);
		}
	}
	tap_ok(leaks == 0, "%d malformed or refused keys: none shown in any message (%d shown)", n, leaks);
	tap_ok(all_wiped, "every key word in argv is wiped once read");

	fake_reset();
	run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckye=" K3DES, NULL);
	tap_ok(strstr(err, "spi: unrecognized option '--enckye=(value not shown)'\n") == err,
	       "a misspelt --enckey=KEY: the option named, the value not shown");
	run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --e=" K3DES, NULL);
	tap_ok(strstr(err, "spi: option '--e=(value not shown)' is ambiguous; possibilities:") == err,
	       "an ambiguous --e=KEY: the value not shown");
	run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --foo", NULL);
	tap_ok(strstr(err, "spi: unrecognized option '--foo'\n") == err, "an option without a value is shown whole");

	/* a key option word swallowed as another option's argument */
	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --dport --enckey=" K3DES,
		"spi: Invalid character in source parameter: --enckey=\n");
	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --replay_window --auth=" KMD5,
		"spi: Invalid character in replay_window parameter: --auth=\n");
	fake_reset();
	run(spi_main, "spi --label --enc=" K3DES " --said esp.200@1.2.3.4 --esp 3des --enckey 0x01", NULL);
	tap_ok(strstr(err, "spi --label --enc=: ") == err && !shows_key(err, K3DES),
	       "--label --enc=KEY: the label keeps no key");

	/* the legacy prefixes stay, for scripts that grep them */
	refused(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey 0x4043434545464649494a4a4c4c4f4f51515252545457575",
		"spi: unknown format or syntax error in encryption key: [key not shown: 49 characters] input ends in mid-byte, perhaps truncated (47 hex digits, an odd number)\n");
	refused(spi_main, "spi --said ah.200@1.2.3.4 --ah hmac-md5-96 --authkey 0X8765",
		"spi: Authentication key must have a '0x', '0t' or '0s' prefix to select the format: [key not shown: 6 characters, '0' and no lower-case x, t or s after it]\n");
}

/* --- found by fuzzing ----------------------------------------------------------------------- */

/* fuzz_spi: the hint after a failed flush named the SA of an op that has none. */
static void fuzz_findings(void)
{
	static const struct {
		const char *line;
		int err;
		const char *hint;
	} cases[] = {
		{ "spi --clear", EPROTONOSUPPORT,
		  "spi: the kernel has no IPsec transform (Requested type not found): load it with `modprobe xfrm_user`\n" },
		{ "spi --clear --proto esp", EPROTONOSUPPORT,
		  "spi: the kernel has no esp transform (Requested type not found): load it with `modprobe esp4`\n" },
		{ "spi --clear --proto ah", EINVAL,
		  "spi: the kernel refused the SA: invalid parameters (see the kernel log)\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc, calls;
		const char *last;

		fake_reset();
		seed_sa("esp.200@1.2.3.4");
		seed_sa("ah.201@1.2.3.4");
		/* make the last call (the flush) fail */
		fake.fail_call = 1;
		fake.fail_err = cases[i].err;
		rc = run(spi_main, cases[i].line, NULL);
		calls = fake.calls;
		last = strrchr(err, '\n') ? err : "";
		for (const char *p = err; (p = strchr(p, '\n')) && p[1]; p++)
			last = p + 1;
		tap_ok(rc == 1 && calls == 1 && fake.nsas == 2, "%s, the flush failing with %d: refused (%d)",
		       cases[i].line, cases[i].err, rc);
		tap_str(last, cases[i].hint, "and the hint names the protocol");
	}
}

/* --- non-dumpable ----------------------------------------------------------------------- */

static void dumpable(void)
{
	char line[256], path[128];

	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	tap_ok(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1, "the test process starts dumpable");
	fake_reset();
	run(spi_main, "spi --said esp.200@1.2.3.4 --esp 3des --enckey " K3DES, NULL);
	tap_ok(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0, "spi with a key leaves it non-dumpable");

	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	snprintf(path, sizeof(path), "%s/keys", tmpdir);
	write_file(path, "--said esp.201@1.2.3.4\n--esp 3des\n--enckey " K3DES "\n");
	snprintf(line, sizeof(line), "spi --optionsfrom %s", path);
	tap_ok(run(spi_main, line, NULL) == 0 && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0,
	       "spi with keys from --optionsfrom: non-dumpable");

	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	run(spigrp_main, "spigrp --said esp.200@1.2.3.4 esp.201@1.2.3.4", NULL);
	tap_ok(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0,
	       "spigrp (it reads keys back to re-create SAs): non-dumpable");

	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	run(spi_main, "spi --said esp.200@1.2.3.4 --del", NULL);
	tap_ok(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0, "spi --del (keys read back for undo): non-dumpable");
}

/* --- --optionsfrom ------------------------------------------------------------------------- */

/* Bytes this process has read (read(2) and the like) so far. */
static unsigned long long rchar(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	unsigned long long v = 0;
	char key[32];

	while (f && fscanf(f, "%31s %llu", key, &v) == 2 && strcmp(key, "rchar:"))
		;
	if (f)
		fclose(f);
	return v;
}

static void optionsfrom_limits(void)
{
	char fifo[128], line[256], want[256], path[128];
	unsigned long long before;
	int fd, rc;

	snprintf(fifo, sizeof(fifo), "%s/fifo", tmpdir);
	tap_ok(mkfifo(fifo, 0600) == 0, "mkfifo");
	alarm(20);	/* a hang fails the test instead of blocking it */
	snprintf(line, sizeof(line), "spi --optionsfrom %s", fifo);
	fake_reset();
	rc = run(spi_main, line, NULL);
	alarm(0);
	snprintf(want, sizeof(want), "spi: optionsfrom failed: unable to open file: %s is a FIFO, not a regular file\n", fifo);
	tap_ok(rc == 2, "a FIFO with no writer: refused at once, exit 2 (%d)", rc);
	tap_str(err, want, "the FIFO message");

	snprintf(line, sizeof(line), "spi --optionsfrom %s", tmpdir);
	rc = run(spi_main, line, NULL);
	snprintf(want, sizeof(want), "spi: optionsfrom failed: unable to open file: %s is a directory, not a regular file\n", tmpdir);
	tap_ok(rc == 2, "a directory: exit 2");
	tap_str(err, want, "the directory message");
	rc = run(spi_main, "spi --optionsfrom /dev/zero", NULL);
	tap_ok(rc == 2, "/dev/zero: exit 2");
	tap_str(err, "spi: optionsfrom failed: unable to open file: /dev/zero is a character device, not a regular file\n",
		"the device message");
	snprintf(line, sizeof(line), "spi --optionsfrom %s/missing", tmpdir);
	rc = run(spi_main, line, NULL);
	tap_ok(rc == 2, "a missing file: exit 2");
	tap_str(err, "spi: optionsfrom failed: unable to open file\n", "the legacy message");

	/* 50 MB without a newline (sparse: no disk used), and after a good line */
	snprintf(path, sizeof(path), "%s/big", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	tap_ok(fd >= 0 && ftruncate(fd, 50 << 20) == 0, "a 50 MB file of one line");
	close(fd);
	snprintf(line, sizeof(line), "spi --optionsfrom %s", path);
	before = rchar();
	rc = run(spi_main, line, NULL);
	tap_ok(rc == 2 && rchar() - before < 16384,
	       "a 50 MB line: refused after reading %llu bytes (exit %d)", rchar() - before, rc);
	tap_str(err, "spi: optionsfrom failed: error in line read\n", "the legacy message");

	fd = open(path, O_WRONLY | O_TRUNC);
	tap_ok(fd >= 0 && write(fd, "--del\n--said esp.200@1.2.3.4\n", 29) == 29 &&
	       ftruncate(fd, 50 << 20) == 0, "two good lines, then 50 MB");
	close(fd);
	before = rchar();
	rc = run(spi_main, line, NULL);
	tap_ok(rc == 2 && rchar() - before < 16384,
	       "stops at the first over-long line (%llu bytes read)", rchar() - before);

	/* the longest line allowed, at the end of a file without a newline */
	fd = open(path, O_WRONLY | O_TRUNC);
	{
		char buf[1100];

		memset(buf, ' ', sizeof(buf));
		memcpy(buf, "--del", 5);
		tap_ok(fd >= 0 && write(fd, "--said esp.200@1.2.3.4\n", 23) == 23 &&
		       write(fd, buf, 1022) == 1022, "a last line of 1022 characters");
	}
	close(fd);
	fake_reset();
	seed_sa("esp.200@1.2.3.4");
	rc = run(spi_main, line, NULL);
	tap_ok(rc == 0 && fake.nsas == 0, "is read (exit %d, %d SAs) %s", rc, fake.nsas, err);
	unlink(path);
	unlink(fifo);
}

static void cleanup(void)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/opts", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/keys", tmpdir);
	unlink(path);
	rmdir(tmpdir);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/klips-hardening.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		tap_ok(false, "mkdtemp");
		return tap_done();
	}
	dumpable();
	reserved_spis();
	out_of_range();
	lifetimes();
	keys_not_shown();
	fuzz_findings();
	optionsfrom_limits();
	cleanup();
	free(out);
	free(err);
	return tap_done();
}
