// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs a fuzz entry point without libFuzzer: every line and every
 * tab-separated field of the files named on the command line, then
 * deterministic pseudo-random inputs. Prints one TAP test point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

#define RANDOM_INPUTS 600

static const char *const tokens[] = {
	"esp", "ah", "comp", "tun", "int", ".", ":", "@", "0x", "0X", "0s", "0t", "0h", "%pass",
	"%passthrough6", "1.2.3.4", "::", "::1", "3049:9::1", "fe80::1%eth0", "255", "256",
	"ffffffff", "100000000", "12345678901234567", "--", "-", "=", ",", " ", "\t", "\n",
	"--said", "--sa", "--d", "--del", "--optionsfrom", "--spi", "--life", "soft", "hard",
	"-bytes", "-addtime", "-packets", "=5", "0x100", "aes", "3des", "-sha1", "-md5", "-96",
	"128", "null", "!", ";modp1024", "id", "QQ==", "QR==", "_", "#", "\"", "dual", "gw4",
	"gw6", "hmac-md5-96", "deflate", "lzs", "\xc3\xa9", "\xff", "0",
};

static unsigned int rng = 2166136261u;

static unsigned int next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static size_t random_input(uint8_t *buf, size_t cap)
{
	size_t len = 0, n = 1 + next_random() % 24, i;

	if (next_random() % 4 == 0) {
		n = next_random() % cap;
		for (i = 0; i < n; i++)
			buf[i] = (uint8_t)next_random();
		return n;
	}
	/* a selector byte first: several targets use byte 0 as a mode */
	buf[len++] = (uint8_t)next_random();
	for (i = 0; i < n; i++) {
		const char *t = tokens[next_random() % (sizeof(tokens) / sizeof(tokens[0]))];
		size_t tl = strlen(t);

		if (len + tl > cap)
			break;
		memcpy(buf + len, t, tl);
		len += tl;
	}
	return len;
}

static long feed_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long count = 0;

	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *field, *save = NULL;

		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		LLVMFuzzerTestOneInput((const uint8_t *)line, (size_t)len);
		count++;
		for (field = strtok_r(line, "\t", &save); field; field = strtok_r(NULL, "\t", &save)) {
			LLVMFuzzerTestOneInput((const uint8_t *)field, strlen(field));
			count++;
		}
	}
	free(line);
	fclose(f);
	return count;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	uint8_t buf[512];
	long count = 0, n;
	int i;

	for (i = 1; i < argc; i++) {
		n = feed_file(argv[i]);
		if (n < 0) {
			printf("not ok 1 - %s: cannot read %s\n1..1\n", name, argv[i]);
			return 1;
		}
		count += n;
	}
	for (i = 0; i < RANDOM_INPUTS; i++) {
		LLVMFuzzerTestOneInput(buf, random_input(buf, sizeof(buf)));
		count++;
	}
	printf("ok 1 - %s: %ld inputs\n1..1\n", name, count);
	return 0;
}
