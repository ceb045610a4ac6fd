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

/* $(LIBEXECDIR)/ipsec, given by the Makefile. */
#ifndef IPSEC_EXECDIR
#define IPSEC_EXECDIR "/usr/libexec/ipsec"
#endif

static const char *const commands[][2] = {
	{ "spi", "manage IPsec SAs (KLIPS syntax, on XFRM)" },
	{ "spigrp", "group SAs (KLIPS syntax, on XFRM)" },
};

/*
 * Where the commands are: $IPSEC_EXECDIR if set (as in the originals),
 * else the first of these that holds `cmd': this program's directory (the
 * build tree), ../ipsec beside it (the installed layout, wherever DESTDIR
 * put it: this program is $(LIBEXECDIR)/klips-compat/ipsec), and the
 * directory compiled in.
 */
static int exec_dir(const char *cmd, char *buf, size_t len)
{
	const char *env = getenv("IPSEC_EXECDIR");
	char self[PATH_MAX], path[PATH_MAX + 64];
	const char *dirs[3];
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return -1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	snprintf(path, sizeof(path), "%s/../ipsec", self);
	dirs[0] = self;
	dirs[1] = path;
	dirs[2] = IPSEC_EXECDIR;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char try[PATH_MAX * 2 + 80];

		snprintf(try, sizeof(try), "%s/%s", dirs[i], cmd);
		if (access(try, X_OK) == 0) {
			/* realpath: argv[0] and messages show a clean path */
			if (!realpath(dirs[i], buf))
				snprintf(buf, len, "%s", dirs[i]);
			return 0;
		}
	}
	snprintf(buf, len, "%s", IPSEC_EXECDIR);
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
	if (strcmp(argv[1], "--directory") == 0) {
		if (exec_dir("spi", dir, sizeof(dir)) < 0)
			goto no_dir;
		printf("%s\n", dir);
		return 0;
	}
	if (argv[1][0] == '-' || strchr(argv[1], '/')) {
		fprintf(stderr, "ipsec: unknown option `%s' (`ipsec --help' for a list)\n", argv[1]);
		return 2;
	}
	if (exec_dir(argv[1], dir, sizeof(dir)) < 0)
		goto no_dir;
	snprintf(path, sizeof(path), "%s/%s", dir, argv[1]);
	if (access(path, X_OK) != 0) {
		fprintf(stderr, "ipsec: unknown IPsec command `%s' (`ipsec --help' for list)\n", argv[1]);
		return 1;
	}
	argv[1] = path;
	execv(path, argv + 1);
	fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
	return 1;
no_dir:
	fprintf(stderr, "ipsec: cannot find the directory of the commands: %s\n", strerror(errno));
	return 1;
}
