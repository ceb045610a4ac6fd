// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkcorpus VECTORS OUT: the fuzz targets' seed corpora, from the project's
 * vectors (probes.tsv: command lines and their words; conversions.tsv: the
 * converters' inputs), a few command lines on the fuzz kernel's SAs, and
 * the regression inputs of tests/fuzz/regress/TARGET/. One directory per
 * target under OUT, one file per input (named by a hash of it).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compat/key.h"
#include "tests/fuzz/cmd.h"
#include "tests/unit/tap.h"

enum { C_TOOL = 2, C_ARGS = 3, C_NOTES = 15 };

static const char *out_dir;
static int written;

static void emit(const char *target, const void *data, size_t len)
{
	char path[512];
	uint64_t h = 1469598103934665603ull;
	FILE *f;

	for (size_t i = 0; i < len; i++)
		h = (h ^ ((const uint8_t *)data)[i]) * 1099511628211ull;
	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%016llx", out_dir, target, (unsigned long long)h);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "mkcorpus: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	written++;
}

static void emit_str(const char *target, const char *s)
{
	emit(target, s, strlen(s));
}

/* One byte, then text. */
static void emit_byte(const char *target, uint8_t b, const char *text)
{
	char buf[4200];
	size_t n = strlen(text);

	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	buf[0] = (char)b;
	memcpy(buf + 1, text, n);
	emit(target, buf, n + 1);
}

/* The command-line seed: header bytes, then the words ('' for an empty one). */
static void emit_command(const char *target, char **w, int n, uint8_t h0, uint8_t h1)
{
	char buf[4096];
	size_t len = 2;

	buf[0] = (char)h0;
	buf[1] = (char)h1;
	for (int i = 0; i < n; i++) {
		const char *word = *w[i] ? w[i] : "''";

		if (!strcmp(word, "/tmp/run/opts.txt"))
			word = FUZZ_FIXTURES "/del.opts";
		if (len + strlen(word) + 2 > sizeof(buf))
			break;
		if (i)
			buf[len++] = ' ';
		memcpy(buf + len, word, strlen(word));
		len += strlen(word);
	}
	emit(target, buf, len);
}

static int errno_index(int err)
{
	static const int errs[16] = { FUZZ_ERRNOS };

	for (int i = 0; i < 16; i++)
		if (errs[i] == err)
			return i;
	return -1;
}

static bool is_one_of(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return true;
	return false;
}

static void probe_row(char **f, int nf, void *ctx)
{
	static const char *const addr_opts[] = { "--edst", "--src", "--dst", NULL };
	static const char *const key_opts[] = { "--enckey", "--authkey", "--iv", NULL };
	static const char *const num_opts[] = { "--spi", "--replay_window", "--sport", "--dport",
						"--natt", "--saref", "--outif", NULL };
	char *w[128], lines[4096] = "", opts[4096] = "", alg[256] = "";
	const char *enc = NULL, *auth = NULL, *p;
	uint8_t h0 = 0, h1 = 0;
	int n, mode = -1;

	(void)ctx;
	if (nf <= C_ARGS || (strcmp(f[C_TOOL], "spi") && strcmp(f[C_TOOL], "spigrp")))
		return;
	n = tap_split_words(f[C_ARGS], w, 128);
	if (nf > C_NOTES && (p = strstr(f[C_NOTES], "fails with errno="))) {
		int i = errno_index(atoi(p + strlen("fails with errno=")));

		if (i >= 0 && strstr(f[C_NOTES], "write()")) {
			h0 = 1;
			h1 = (uint8_t)i;
		} else if (i >= 0) {
			h0 = 0x10;
			h1 = (uint8_t)(i << 4);
		}
	}
	emit_command(!strcmp(f[C_TOOL], "spi") ? "fuzz_spi" : "fuzz_spigrp", w, n, h0, h1);

	for (int i = 0; i < n; i++) {
		const char *next = i + 1 < n ? w[i + 1] : NULL;

		/* lgetopt: the words, one per line */
		snprintf(lines + strlen(lines), sizeof(lines) - strlen(lines), "%s%s", i ? "\n" : "", w[i]);
		/* optionsfrom: an option and its argument per line */
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts), "%s%s",
			 i == 0 ? "" : w[i][0] == '-' && w[i][1] == '-' ? "\n" : " ", w[i]);
		if (strchr(w[i], '@') || w[i][0] == '%')
			emit_str("fuzz_said", w[i]);
		if (!next)
			continue;
		if (is_one_of(w[i], addr_opts)) {
			emit_byte("fuzz_addr", 0, next);
			emit_byte("fuzz_addr", 1, next);
			emit_byte("fuzz_addr", 2, next);
		}
		if (is_one_of(w[i], key_opts)) {
			emit_byte("fuzz_key", 0xff, next);
			emit_byte("fuzz_key", 16, next);
		}
		if (!strcmp(w[i], "--enckey"))
			enc = next;
		if (!strcmp(w[i], "--authkey"))
			auth = next;
		if (is_one_of(w[i], num_opts))
			emit_str("fuzz_number", next);
		if (!strcmp(w[i], "--life")) {
			emit_str("fuzz_life", next);
			for (p = strchr(next, '='); p; p = strchr(p + 1, '='))
				emit(("fuzz_number"), p + 1, strcspn(p + 1, ", "));
		}
		if (!strcmp(w[i], "--ah") || !strcmp(w[i], "--comp") || !strcmp(w[i], "--esp")) {
			mode = !strcmp(w[i], "--ah") ? 0 : !strcmp(w[i], "--comp") ? 1 : 2;
			snprintf(alg, sizeof(alg), "%s", next);
		}
	}
	if (!strcmp(f[C_TOOL], "spigrp"))
		for (int i = 0; i + 3 < n; i += 4) {
			emit_str("fuzz_number", w[i + 2]);
			emit_byte("fuzz_addr", 1, w[i + 1]);
		}
	if (!strcmp(f[C_TOOL], "spi")) {
		emit_str("fuzz_getopt", lines);
		emit_str("fuzz_optionsfrom", opts);
		emit_str("fuzz_optfile", opts);
	}
	/* alg: mode byte, the encryption key's length, the name, "\n", the keys' bytes */
	if (mode >= 0) {
		uint8_t buf[2 + 256 + 1 + 2 * KEY_MAX_BYTES];
		size_t len = 2, elen = 0, alen = 0;

		buf[0] = (uint8_t)mode;
		memcpy(buf + len, alg, strlen(alg));
		len += strlen(alg);
		buf[len++] = '\n';
		if (enc && data_parse(enc, buf + len, KEY_MAX_BYTES, &elen))
			elen = 0;
		len += elen;
		if (auth && data_parse(auth, buf + len, KEY_MAX_BYTES, &alen))
			alen = 0;
		len += alen;
		buf[1] = (uint8_t)elen;
		emit("fuzz_alg", buf, len);
	}
	for (int i = 0; i < n; i++)
		free(w[i]);
}

static void conversion_row(char **f, int nf, void *ctx)
{
	(void)ctx;
	if (nf < 2)
		return;
	if (!strncmp(f[0], "ttosa", 5)) {
		emit_str("fuzz_said", f[1]);
	} else if (!strncmp(f[0], "ttoaddr", 7)) {
		uint8_t fam = strstr(f[0], "INET6") ? 2 : strstr(f[0], "INET") ? 1 : 0;

		emit_byte("fuzz_addr", fam, f[1]);
	} else if (!strncmp(f[0], "ttodata", 7)) {
		emit_byte("fuzz_key", 0xff, f[1]);
		emit_byte("fuzz_key", 8, f[1]);
	}
}

/* Command lines on the SAs the fuzz kernel starts with (tests/fuzz/cmd.c). */
static void handmade(void)
{
	static const char *const spi[] = {
		"--said esp.200@10.0.0.2 --del",
		"--said ah.201@10.0.0.2 --del",
		"--said tun.203@10.0.0.2 --del",
		"--clear",
		"--clear --proto ah",
		"--clear --proto tun",
		"",
		"--label x",
		"--debug --said esp.210@10.0.0.2 --src 10.0.0.1 --esp 3des-sha1-96 --enckey 0x494a4a4c4c4f4f5151525254545757584043434545464649 --authkey 0x00112233445566778899aabbccddeeff00112233",
		"--explain --said esp.200@10.0.0.2 --del",
		"--optionsfrom " FUZZ_FIXTURES "/add.opts",
		"--optionsfrom " FUZZ_FIXTURES "/badkey.opts",
		"--optionsfrom " FUZZ_FIXTURES "/long.opts",
		"--optionsfrom " FUZZ_FIXTURES "/self.opts",
		"--optionsfrom " FUZZ_FIXTURES "/fifo",
		"--optionsfrom " FUZZ_FIXTURES "/dir",
		"--said esp.0@10.0.0.2 --esp 3des --enckey 0x494a4a4c4c4f4f5151525254545757584043434545464649",
		"--af inet --edst 10.0.0.2 --spi 0x100000200 --proto esp --del",
		"--said esp.220@10.0.0.2 --esp 3des --enckey 0x494a4a4c4c4f4f5151525254545757584043434545464649 --life hard-bytes=5000000000,soft-bytes=-1",
		"--said esp.200@10.0.0.2 --esp 3des --enckye=0x494a4a4c4c4f4f5151525254545757584043434545464649",
		"--said comp.230@10.0.0.2 --comp lzs\nspigrp --said comp.230@10.0.0.2 esp.300@10.0.0.3",
		"--said tun.240@10.0.0.5 --ip4 --src 10.0.0.1\nspigrp --said tun.240@10.0.0.5 ah.500@10.0.0.5\n--said ah.500@10.0.0.5 --del",
	};
	static const char *const grp[] = {
		"--said tun.203@10.0.0.2",
		"--said esp.200@10.0.0.2",
		"--said esp.300@10.0.0.3",
		"--said ah.500@10.0.0.5 esp.300@10.0.0.3",
		"inet 10.0.0.3 0x300 esp inet 10.0.0.5 0x500 ah",
		"--debug --label l --said comp.202@10.0.0.2 ah.500@10.0.0.5",
		"--bundle out --said tun.203@10.0.0.2",
		"--bundle in --said esp.300@10.0.0.3",
		"",
		"--said esp.0@10.0.0.2 esp.300@10.0.0.3",
		"inet6 3049::2 0x400 esp",
		"--said esp:400@3049::2 esp.300@10.0.0.3",
	};
	char buf[1024];

	for (size_t i = 0; i < sizeof(spi) / sizeof(spi[0]); i++)
		for (uint8_t h0 = 0; h0 < 4; h0++) {
			buf[0] = (char)h0;
			buf[1] = (char)(h0 == 3 ? 0x10 : h0);
			snprintf(buf + 2, sizeof(buf) - 2, "%s", spi[i]);
			emit("fuzz_spi", buf, 2 + strlen(buf + 2));
		}
	for (size_t i = 0; i < sizeof(grp) / sizeof(grp[0]); i++)
		for (uint8_t h0 = 0; h0 < 6; h0++) {
			buf[0] = (char)h0;
			buf[1] = (char)(h0 & 1 ? 0 : 3);
			snprintf(buf + 2, sizeof(buf) - 2, "%s", grp[i]);
			emit("fuzz_spigrp", buf, 2 + strlen(buf + 2));
		}
	for (const char *const *n = (const char *const[]){ "0", "-1", "-0", "0x100", "0xffffffff",
			"4294967296", "-4294967295", "-4294967296", "18446744073709551615",
			"18446744073709551616", "01777777777777777777777", "0x", " 42", "0999", NULL }; *n; n++)
		emit_str("fuzz_number", *n);
	for (const char *const *n = (const char *const[]){ "10.0.0.0/8", "0/0", "%default",
			"192.168.1.0/255.255.255.0", "10.1.2.3", "3049:1::/64", "::/0", "::1",
			"1.2.3.4/33", "10.0.0.0/255.0.255.0", "tcp", "udp", "25", "smtp", "0x1f", NULL };
	     *n; n++)
		emit_str("fuzz_subnet", *n);
}

/* tests/fuzz/regress/TARGET/FILE: inputs that once failed, kept as seeds. */
static void regressions(const char *dir)
{
	DIR *d = opendir(dir), *t;
	struct dirent *e, *g;
	char path[1024];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		t = opendir(path);
		if (!t)
			continue;
		while ((g = readdir(t))) {
			char file[1400], data[8192];
			FILE *f;
			size_t n;

			if (g->d_name[0] == '.')
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, g->d_name);
			f = fopen(file, "rb");
			if (!f)
				continue;
			n = fread(data, 1, sizeof(data), f);
			fclose(f);
			emit(e->d_name, data, n);
		}
		closedir(t);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	char path[512];

	if (argc != 4) {
		fprintf(stderr, "usage: mkcorpus VECTORS-DIR REGRESS-DIR OUT-DIR\n");
		return 2;
	}
	out_dir = argv[3];
	mkdir(out_dir, 0755);
	snprintf(path, sizeof(path), "%s/probes.tsv", argv[1]);
	if (tap_read_tsv(path, probe_row, NULL) < 0) {
		fprintf(stderr, "mkcorpus: cannot read %s\n", path);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/conversions.tsv", argv[1]);
	if (tap_read_tsv(path, conversion_row, NULL) < 0) {
		fprintf(stderr, "mkcorpus: cannot read %s\n", path);
		return 1;
	}
	handmade();
	regressions(argv[2]);
	printf("mkcorpus: %d seed inputs in %s\n", written, out_dir);
	return 0;
}
