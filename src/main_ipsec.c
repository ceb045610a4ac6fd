// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klips-compat's `ipsec` front-end: `ipsec spi ...` runs the spi program of
 * this package with the remaining arguments, like the originals' front-ends
 * did, so argv[0] is its full path. Where it took the place of another
 * front-end (strongSwan's or libreswan's, set aside as ipsec.distrib by
 * dpkg-divert or by make install FORCE_FRONTEND=yes), every command line
 * that does not name one of our commands goes to that one, unchanged.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* $(LIBEXECDIR)/ipsec, given by the Makefile. */
#ifndef IPSEC_EXECDIR
#define IPSEC_EXECDIR "/usr/libexec/ipsec"
#endif

/* Our commands, separated by spaces: the Makefile's IPSEC_COMMANDS. */
#ifndef IPSEC_COMMANDS
#define IPSEC_COMMANDS "spi spigrp"
#endif

/* The front-end we took the place of, relative to this program's directory. */
#ifndef IPSEC_ORIGINAL
#define IPSEC_ORIGINAL "../../sbin/ipsec.distrib"
#endif

static bool owned(const char *cmd)
{
	size_t len = strlen(cmd);

	for (const char *p = IPSEC_COMMANDS; *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");

		if (len > 0 && n == len && strncmp(p, cmd, n) == 0)
			return true;
		p += n;
	}
	return false;
}

/* The directory of this program, symbolic links resolved. */
static int self_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n < 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return 0;
}

/*
 * The front-end we took the place of, when it is there: its path, with the
 * directory made canonical (for the messages of a script, whose $0 it is).
 * Never this program itself.
 */
static int original(char *buf, size_t len)
{
	char self[PATH_MAX], dir[PATH_MAX * 2], real[PATH_MAX], me[PATH_MAX];
	const char *base = strrchr(IPSEC_ORIGINAL, '/');

	if (self_dir(self, sizeof(self)) < 0)
		return -1;
	base = base ? base + 1 : IPSEC_ORIGINAL;
	snprintf(dir, sizeof(dir), "%s/%.*s", self, (int)(base - IPSEC_ORIGINAL), IPSEC_ORIGINAL);
	if (!realpath(dir, real))
		return -1;
	snprintf(buf, len, "%s/%s", real, base);
	if (access(buf, X_OK) != 0 || !realpath(buf, real) || !realpath("/proc/self/exe", me))
		return -1;
	return strcmp(real, me) == 0 ? -1 : 0;
}

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

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	if (self_dir(self, sizeof(self)) < 0)
		return -1;
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
		   "commands: %s\n"
		   "`ipsec <command> --help` describes each one.\n",
		IPSEC_COMMANDS);
}

int main(int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];

	if (argc >= 2 && owned(argv[1]))
		goto run;
	if (original(path, sizeof(path)) == 0) {
		execv(path, argv);
		fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		help(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("klips-compat %s (the KLIPS commands %s on Linux XFRM)\n",
		       KLIPS_COMPAT_VERSION, IPSEC_COMMANDS);
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
	fprintf(stderr, "ipsec: unknown IPsec command `%s' (`ipsec --help' for list)\n", argv[1]);
	return 1;
run:
	if (exec_dir(argv[1], dir, sizeof(dir)) < 0)
		goto no_dir;
	snprintf(path, sizeof(path), "%s/%s", dir, argv[1]);
	argv[1] = path;
	execv(path, argv + 1);
	fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
	return 1;
no_dir:
	fprintf(stderr, "ipsec: cannot find the directory of the commands: %s\n", strerror(errno));
	return 1;
}
