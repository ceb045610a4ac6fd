// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "src/group.h"
#include "tests/fuzz/cmd.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/fake_kernel.h"

#define MAX_LINES 6
#define MAX_WORDS 48

/* Keys of the baseline SAs and of the fixtures: never to be printed. */
#define K3DES "0x4043434545464649494a4a4c4c4f4f515152525454575758"
#define KMD5 "0x87658765876587658765876587658765"
#define KSHA1 "0x8765876587658765876587658765876587658765"
#define KAES "0xaaaabbbbccccdddd4043434545464649"
#define FIX_ENC "0x494a4a4c4c4f4f5151525254545757584043434545464649"
#define FIX_AUTH "0x00112233445566778899aabbccddeeff"
#define FIX_BAD "0x494a4a4c4c4f4f515152525454575758404343454546464"

static const char *const secrets[] = { K3DES, KMD5, KSHA1, KAES, FIX_ENC, FIX_AUTH, FIX_BAD };

static const int errs[16] = { FUZZ_ERRNOS };

static struct fake_kernel baseline;
static bool ready;

static void write_fixture(const char *name, const char *text)
{
	char path[128], tmp[160];
	int fd;

	snprintf(path, sizeof(path), FUZZ_FIXTURES "/%s", name);
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd))
		abort();
	if (rename(tmp, path))	/* atomic: parallel fuzzers read whole files */
		abort();
}

static int run_line(cmd_main_fn *cmd, const char *line, FILE *out)
{
	char *copy = strdup(line), *argv[32], *save = NULL;
	int argc = 0, rc;

	for (char *w = strtok_r(copy, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	rc = cmd(argc, argv, &(struct cmd_io){ out, out, &fuzz_resolver });
	free(copy);
	return rc;
}

static void setup(void)
{
	static const char *const spis[] = {
		"spi --said esp.200@10.0.0.2 --src 10.0.0.1 --esp 3des-md5-96 --enckey " K3DES " --authkey " KMD5,
		"spi --said ah.201@10.0.0.2 --src 10.0.0.1 --ah hmac-md5-96 --authkey " KMD5,
		"spi --said comp.202@10.0.0.2 --src 10.0.0.1 --comp deflate",
		"spi --said tun.203@10.0.0.2 --ip4 --src 10.0.0.1",
		"spi --said esp.300@10.0.0.3 --esp 3des --enckey " K3DES " --life hard-bytes=5000000000",
		"spi --said esp:400@3049::2 --esp aes128-sha1-96 --enckey " KAES " --authkey " KSHA1,
		"spi --said ah.500@10.0.0.5 --src 10.0.0.1 --ah hmac-sha1-96 --authkey " KSHA1,
	};
	FILE *null = fopen("/dev/null", "w");
	char line[2200];

	if (!null)
		abort();
	mkdir("build", 0755);
	mkdir("build/fuzz", 0755);
	mkdir(FUZZ_FIXTURES, 0700);
	mkdir(FUZZ_FIXTURES "/dir", 0700);
	if (mkfifo(FUZZ_FIXTURES "/fifo", 0600) && errno != EEXIST)
		abort();
	write_fixture("add.opts", "--said esp.210@10.0.0.2\n--esp 3des-md5-96\n--enckey " FIX_ENC "\n--authkey " FIX_AUTH "\n");
	write_fixture("badkey.opts", "--said esp.211@10.0.0.2 --esp 3des --enckey " FIX_BAD "\n");
	write_fixture("self.opts", "--optionsfrom " FUZZ_FIXTURES "/self.opts\n");
	snprintf(line, sizeof(line), "--said esp.200@10.0.0.2\n--%02000d\n", 0);
	write_fixture("long.opts", line);
	write_fixture("del.opts", "# a comment\n--said esp.300@10.0.0.3\n--del\n");

	fake_reset();
	fake_add_local("10.0.0.1");
	fake_add_local("3049::1");
	for (size_t i = 0; i < sizeof(spis) / sizeof(spis[0]); i++)
		if (run_line(spi_main, spis[i], null))
			abort();
	if (run_line(spigrp_main, "spigrp --said tun.203@10.0.0.2 esp.200@10.0.0.2 ah.201@10.0.0.2", null))
		abort();
	fclose(null);
	fake.nlog = 0;
	fake.calls = 0;
	baseline = fake;
	ready = true;
}

static uint64_t mix(uint64_t h, const void *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ ((const uint8_t *)data)[i]) * 1099511628211ull;
	return h;
}

static uint64_t mix_said(uint64_t h, const struct said *id)
{
	h = mix(h, &id->proto, 1);
	h = mix(h, &id->spi, 4);
	h = mix(h, &id->dst.family, sizeof(id->dst.family));
	return mix(h, id->dst.a, 16);
}

/*
 * The fake kernel's SAs and records as one number that ignores their order
 * (a sum of one hash per entry): what fake_state_text() compares, without
 * its allocations (they cost most of a run under ASan).
 */
static uint64_t state_hash(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < fake.nsas; i++) {
		const struct sa_state *sa = &fake.sas[i];
		const struct sa_keys *k = &fake.keys[i];
		uint64_t h = mix_said(1469598103934665603ull, &sa->id);

		h = mix(h, &sa->src.family, sizeof(sa->src.family));
		h = mix(h, sa->src.a, 16);
		h = mix(h, &sa->mode, 1);
		h = mix(h, &sa->flags, 4);
		h = mix(h, sa->enc, strlen(sa->enc) + 1);
		h = mix(h, sa->auth, strlen(sa->auth) + 1);
		h = mix(h, sa->comp, strlen(sa->comp) + 1);
		h = mix(h, k->enc.bytes, k->enc.len);
		h = mix(h, &k->enc.len, sizeof(k->enc.len));
		h = mix(h, k->auth.bytes, k->auth.len);
		h = mix(h, &k->auth.len, sizeof(k->auth.len));
		h = mix(h, &sa->replay.window, 4);
		h = mix(h, &sa->cur.bytes, 8);
		h = mix(h, &sa->cur.packets, 8);
		sum += h;
	}
	for (int i = 0; i < fake.nrecs; i++) {
		const struct record *r = &fake.recs[i];
		struct said m[MEMBERS_MAX];
		uint64_t h = mix(1099511628211ull, &r->kind, sizeof(r->kind));
		int cnt = r->kind == RECORD_GROUP ? record_members(r, m) : 0;

		h = mix_said(h, &r->head);
		for (int j = 0; j < cnt; j++)
			h = mix_said(h, &m[j]);
		sum += h;
	}
	return sum;
}

/*
 * The key material of a key text, when it is worth searching for: at least
 * 14 characters after the prefix, 8 of them letters or digits.
 */
static const char *payload(const char *key)
{
	size_t n = strlen(key), alnum = 0;

	for (size_t i = 2; i < n; i++)
		alnum += isalnum((unsigned char)key[i]) != 0;
	return n >= 16 && key[0] == '0' && alnum >= 8 ? key + 2 : NULL;
}

static bool in_other_word(char **argv, int argc, int self, const char *s)
{
	for (int i = 0; i < argc; i++)
		if (i != self && strstr(argv[i], s))
			return true;
	return false;
}

/* The key text of argv[i] for spi: after --enckey or --authkey, or their "=". */
static char *key_of(char **argv, int i)
{
	if (i > 0 && (!strcmp(argv[i - 1], "--enckey") || !strcmp(argv[i - 1], "--authkey")))
		return argv[i];
	if (!strncmp(argv[i], "--enckey=", 9))
		return argv[i] + 9;
	if (!strncmp(argv[i], "--authkey=", 10))
		return argv[i] + 10;
	return NULL;
}

static char rotate(char c, const char *set, size_t by)
{
	const char *p = strchr(set, c);

	return p && c ? set[((size_t)(p - set) + by) % strlen(set)] : c;
}

/*
 * Another key of the same shape: every letter and digit turned into
 * another of its kind (hex digits into hex digits for 0x keys), so that the
 * command takes the same path as far as it can.
 */
static void canary(char *key)
{
	bool hex = key[1] == 'x' || key[1] == 'X';

	for (char *p = key + 2; *p; p++) {
		char c = *p;

		if (c >= '0' && c <= '9')
			*p = rotate(c, "0123456789", 3);
		else if (hex)
			*p = rotate(rotate(c, "abcdef", 2), "ABCDEF", 2);
		else
			*p = rotate(rotate(rotate(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 7),
					   "abcdefghijklmnopqrstuvwxyz", 7), "+/", 1);
	}
}

/* Does text hold a key of spi's argv (one not also typed as part of another word)? */
static bool shows_key(char **argv, int argc, const char *text)
{
	for (int i = 0; i < argc; i++) {
		const char *key = key_of(argv, i), *p = key ? payload(key) : NULL;

		if (p && !in_other_word(argv, argc, i, p) && strstr(text, p))
			return true;
	}
	return false;
}

/* The keys of the SAs and fixtures never appear, unless typed. */
static void check_secrets(char **argv, int argc, const char *text)
{
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		const char *p = payload(secrets[i]);

		if (!in_other_word(argv, argc, -1, p))
			FUZZ_CHECK(!strstr(text, p));
	}
}

static void check_groups(void)
{
	for (int i = 0; i < fake.nrecs; i++) {
		struct said a[MEMBERS_MAX], b[MEMBERS_MAX];
		int na;

		if (fake.recs[i].kind != RECORD_GROUP)
			continue;
		na = record_members(&fake.recs[i], a);
		for (int j = i + 1; j < fake.nrecs; j++) {
			int nb;

			if (fake.recs[j].kind != RECORD_GROUP)
				continue;
			nb = record_members(&fake.recs[j], b);
			for (int x = 0; x < na; x++)
				for (int y = 0; y < nb; y++)
					FUZZ_CHECK(said_cmp(&a[x], &b[y]) != 0);
		}
	}
}

/* Runs a copy of argv (the commands wipe key words) and returns the output. */
static int run_copy(cmd_main_fn *cmd, char **argv, int argc, char **text)
{
	char *copy[MAX_WORDS + 2];
	size_t len = 0;
	FILE *out;
	int rc;

	for (int i = 0; i < argc; i++)
		copy[i] = strdup(argv[i]);
	copy[argc] = NULL;
	*text = NULL;
	out = open_memstream(text, &len);
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	rc = cmd(argc, copy, &(struct cmd_io){ out, out, &fuzz_resolver });
	fclose(out);
	for (int i = 0; i < argc; i++)
		free(copy[i]);
	return rc;
}

/*
 * A key's text in spi's output may be chance (the usage holds
 * "-replay_window", a key could be "0x-replay_window"): run the command
 * again, from the same kernel, with every key turned into another of the
 * same shape. Only an echo shows that one too.
 */
static void check_keys(char **argv, int argc, const char *text, const struct fake_kernel *before)
{
	char *alt[MAX_WORDS + 2], *text2;

	if (!shows_key(argv, argc, text))
		return;
	for (int i = 0; i < argc; i++) {
		char *key = key_of(argv, i);

		alt[i] = strdup(argv[i]);
		if (key && payload(key))
			canary(alt[i] + (key - argv[i]));
	}
	alt[argc] = NULL;
	fake = *before;
	run_copy(spi_main, alt, argc, &text2);
	FUZZ_CHECK(!shows_key(alt, argc, text2));
	free(text2);
	for (int i = 0; i < argc; i++)
		free(alt[i]);
}

static void run_command(char *line, cmd_main_fn *dflt, const char *dflt_name)
{
	static struct fake_kernel before_run;
	char *words[MAX_WORDS + 2], *argv[MAX_WORDS + 2], *save = NULL, *text;
	cmd_main_fn *cmd = dflt;
	uint64_t before;
	int n = 0, argc = 0, rc;

	words[n++] = (char *)dflt_name;
	for (char *w = strtok_r(line, " \t", &save); w && n < MAX_WORDS; w = strtok_r(NULL, " \t", &save))
		words[n++] = strcmp(w, "''") ? w : w + 2;
	if (n > 1 && (!strcmp(words[1], "spi") || !strcmp(words[1], "spigrp"))) {
		cmd = !strcmp(words[1], "spi") ? spi_main : spigrp_main;
		argv[argc++] = words[1];
		for (int i = 2; i < n; i++)
			argv[argc++] = words[i];
	} else {
		for (int i = 0; i < n; i++)
			argv[argc++] = words[i];
	}
	argv[argc] = NULL;

	before = state_hash();
	if (cmd == spi_main)
		before_run = fake;
	rc = run_copy(cmd, argv, argc, &text);

	FUZZ_CHECK(rc == 0 || rc == 1 || rc == 2 || rc == 255);
	FUZZ_CHECK(fake.opened == 0);
	FUZZ_CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
	if (rc != 0)
		FUZZ_CHECK(state_hash() == before);
	check_groups();
	check_secrets(argv, argc, text);
	if (cmd == spi_main)
		check_keys(argv, argc, text, &before_run);
	free(text);
}

int fuzz_commands(const uint8_t *data, size_t size, cmd_main_fn *dflt, const char *dflt_name)
{
	char *text, *line, *save = NULL;
	int lines = 0;

	if (!ready)
		setup();
	if (size < 2)
		return 0;
	fake = baseline;
	if (data[0] & 0x0f) {
		fake.fail_call = data[0] & 0x0f;
		fake.fail_err = errs[data[1] & 0x0f];
	}
	if (data[0] & 0x10)
		fake.open_err = errs[data[1] >> 4];
	if (data[0] & 0x20)
		fake.list_err = errs[data[1] >> 4];
	text = fuzz_cstring(data + 2, size - 2);
	for (line = strtok_r(text, "\n", &save); line && lines < MAX_LINES;
	     line = strtok_r(NULL, "\n", &save), lines++)
		run_command(line, dflt, dflt_name);
	free(text);
	return 0;
}
