// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A small `ipsec` front-end for systems without libreswan's or strongSwan's:
 * `ipsec spi ...` runs the spi program of this package with the remaining
 * arguments, like the originals' front-ends did, so argv[0] is its full path.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const commands[][2] = {
	{ "spi", "manage IPsec SAs (KLIPS syntax, on XFRM)" },
	{ "spigrp", "group SAs (KLIPS syntax, on XFRM)" },
};

/* $IPSEC_EXECDIR, else the directory this program was started from. */
static int exec_dir(char *buf, size_t len)
{
	const char *env = getenv("IPSEC_EXECDIR");
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	n = readlink("/proc/self/exe", buf, len - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return 0;
}

static void help(FILE *f)
{
	fprintf(f, "usage: ipsec <command> [arguments]\n"
		   "       ipsec --help | --version | --directory\n"
		   "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i][0], commands[i][1]);
	fprintf(f, "`ipsec <command> --help` describes each one.\n");
}

int main(int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		help(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("klips-compat %s (KLIPS `ipsec spi` and `ipsec spigrp` on Linux XFRM)\n",
		       KLIPS_COMPAT_VERSION);
		return 0;
	}
	if (exec_dir(dir, sizeof(dir)) < 0) {
		fprintf(stderr, "ipsec: cannot find the directory of the commands: %s\n", strerror(errno));
		return 1;
	}
	if (strcmp(argv[1], "--directory") == 0) {
		printf("%s\n", dir);
		return 0;
	}
	if (argv[1][0] == '-' || strchr(argv[1], '/')) {
		fprintf(stderr, "ipsec: unknown option `%s' (`ipsec --help' for a list)\n", argv[1]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, argv[1]);
	if (access(path, X_OK) != 0) {
		fprintf(stderr, "ipsec: unknown IPsec command `%s' (`ipsec --help' for list)\n", argv[1]);
		return 1;
	}
	argv[1] = path;
	execv(path, argv + 1);
	fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
	return 1;
}
