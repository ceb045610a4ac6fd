// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klips-procfs: the legacy KLIPS /proc/net/ipsec_* files, served by FUSE
 * from netlink dumps of each reader's network namespace (or of one, pinned).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "procfs-emu/daemon.h"
#include "procfs-emu/procfs.h"
#include "procfs-emu/source.h"
#include "src/listing.h"

#define IDLE_DEFAULT 10		/* seconds a namespace's sockets outlive its last read */
#define IDLE_MAX 86400

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: klips-procfs [-f] [-d] [-n NETNS] [-m MODE] [-i SECONDS] [-p PIDFILE] [-o OPTIONS] [MOUNTPOINT]\n"
		"Serve the legacy KLIPS files ipsec_spi, ipsec_spigrp, ipsec_version (and the\n"
		"ipsec/ tree) at MOUNTPOINT, by default $%s or %s.\n"
		"Each reader sees the SAs of its own network namespace.\n"
		"\n"
		"  -f, --foreground      stay in the foreground (default: detach once mounted)\n"
		"  -d, --debug           trace FUSE requests on stderr (implies -f)\n"
		"  -n, --netns NETNS     serve network namespace NETNS (/run/netns/NETNS, or a\n"
		"                        path such as /proc/PID/ns/net) to every reader\n"
		"  -m, --mode MODE       permissions of ipsec_spi and ipsec_spigrp, octal, read\n"
		"                        bits only (default 0400, as KLIPS; 0444 for everyone)\n"
		"  -i, --idle SECONDS    keep a namespace's netlink sockets that long after its\n"
		"                        last read (default %d; 0: close after each read)\n"
		"  -p, --pidfile PIDFILE write the serving process's pid to PIDFILE\n"
		"  -o OPTIONS            more libfuse mount options\n"
		"  -h, --help            this text\n"
		"  -V, --version         the version\n",
		PROCFS_DIR_ENV, PROCFS_DEFAULT_DIR, IDLE_DEFAULT);
}

struct options {
	struct procfs_daemon daemon;
	const char *netns;
	mode_t mode;
	unsigned int idle;
};

static int parse_mode(const char *text, mode_t *mode)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 8);
	if (errno || end == text || *end || (v & ~0444UL)) {
		fprintf(stderr, "klips-procfs: invalid mode `%s': octal read bits only, e.g. 0400 or 0444\n",
			text);
		return -1;
	}
	*mode = (mode_t)v;
	return 0;
}

static int parse_idle(const char *text, unsigned int *idle)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v > IDLE_MAX) {
		fprintf(stderr, "klips-procfs: invalid idle time `%s': seconds, 0 to %d\n", text,
			IDLE_MAX);
		return -1;
	}
	*idle = (unsigned int)v;
	return 0;
}

/* 0: go on, 1: done (help/version), -1: usage error. */
static int parse_options(int argc, char *argv[], struct options *o)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "netns", required_argument, NULL, 'n' },
		{ "mode", required_argument, NULL, 'm' },
		{ "idle", required_argument, NULL, 'i' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv(PROCFS_DIR_ENV);
	int c;

	o->daemon.mountpoint = env && *env ? env : PROCFS_DEFAULT_DIR;
	o->mode = PROCFS_DEFAULT_MODE;
	o->idle = IDLE_DEFAULT;
	while ((c = getopt_long(argc, argv, "fdn:m:i:p:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->daemon.foreground = true;
			break;
		case 'd':
			o->daemon.debug = true;
			break;
		case 'n':
			o->netns = optarg;
			break;
		case 'm':
			if (parse_mode(optarg, &o->mode) < 0)
				return -1;
			break;
		case 'i':
			if (parse_idle(optarg, &o->idle) < 0)
				return -1;
			break;
		case 'p':
			o->daemon.pidfile = optarg;
			break;
		case 'o':
			o->daemon.fuse_opts = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("klips-procfs %s\n", KLIPS_COMPAT_VERSION);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc)
		o->daemon.mountpoint = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "klips-procfs: unexpected argument `%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

/*
 * --netns: the main thread joins it before any thread exists (so the start
 * probe dumps it), and the namespace file stays open for the readers'.
 */
static int pin_netns(const char *name, char *path, size_t size)
{
	int fd;

	if (strchr(name, '/'))
		snprintf(path, size, "%s", name);
	else
		snprintf(path, size, "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "klips-procfs: cannot enter network namespace `%s': %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/*
 * The readers' pids name their namespaces in /proc: that /proc must be of
 * this pid namespace, or /proc/PID would be someone else.
 */
static int check_proc(void)
{
	char self[32];
	ssize_t n = readlink("/proc/self", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		if (strtol(self, NULL, 10) == (long)getpid())
			return 0;
	}
	fprintf(stderr, "klips-procfs: /proc is not the one of this pid namespace, so the readers' "
		"network namespaces cannot be found; mount it, or serve one namespace with --netns\n");
	return -1;
}

/*
 * Says early (once) if this namespace cannot be dumped, e.g. no
 * CAP_NET_ADMIN: one question to XFRM, not a whole listing.
 */
static void probe(void)
{
	int err = listing_probe();

	if (err)
		procfs_log("%s: cannot build the listing: %s", procfs_content_name(PROCFS_SPI),
			   strerror(-err));
}

int main(int argc, char *argv[])
{
	struct options o = { 0 };
	struct procfs_source source;
	struct klips_source *src;
	char nspath[PATH_MAX], serving[PATH_MAX + 64];
	struct procfs fs;
	int r, pinned = -1;

	/* Dumps carry key bytes (wiped at once): never in a core file, never ptrace'd. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	r = parse_options(argc, argv, &o);
	if (r)
		return r > 0 ? 0 : 1;
	if (o.netns) {
		pinned = pin_netns(o.netns, nspath, sizeof(nspath));
		if (pinned < 0)
			return 1;
		snprintf(serving, sizeof(serving), "network namespace %s", nspath);
	} else {
		if (check_proc() < 0)
			return 1;
		snprintf(serving, sizeof(serving), "each reader's network namespace");
	}
	o.daemon.serving = serving;
	src = klips_source_new(pinned, o.idle * 1000, procfs_log);
	if (pinned >= 0)
		close(pinned);
	if (!src) {
		fprintf(stderr, "klips-procfs: %s\n", strerror(errno));
		return 1;
	}
	klips_source_get(src, &source);
	procfs_init(&fs, &source, o.mode);
	probe();
	r = procfs_serve(&o.daemon, &fs);
	klips_source_free(src);
	return r == 0 ? 0 : 1;
}
