// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klips-procfs: the legacy KLIPS /proc/net/ipsec_* files, served by FUSE
 * from netlink dumps of the network namespace the daemon runs in.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs-emu/daemon.h"
#include "procfs-emu/procfs.h"
#include "src/listing.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: klips-procfs [options] [MOUNTPOINT]\n"
		"Serve the legacy KLIPS files ipsec_spi, ipsec_spigrp, ipsec_version (and the\n"
		"ipsec/ tree) of this network namespace at MOUNTPOINT, by default $%s or\n"
		"%s.\n"
		"\n"
		"  -f, --foreground      stay in the foreground (default: detach once mounted)\n"
		"  -n, --netns NAME      serve network namespace NAME (/run/netns/NAME) or the\n"
		"                        one of a path such as /proc/PID/ns/net\n"
		"  -m, --mode MODE       permissions of ipsec_spi and ipsec_spigrp, octal, read\n"
		"                        bits only (default 0444; KLIPS used 0400)\n"
		"  -p, --pidfile FILE    write the serving process's pid to FILE\n"
		"  -o OPTIONS            more libfuse mount options\n"
		"  -d, --debug           trace FUSE requests on stderr (implies -f)\n"
		"  -h, --help            this text\n"
		"  -V, --version         the version\n",
		PROCFS_DIR_ENV, PROCFS_DEFAULT_DIR);
}

struct options {
	struct procfs_daemon daemon;
	const char *netns;
	mode_t mode;
};

static int parse_mode(const char *text, mode_t *mode)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 8);
	if (errno || end == text || *end || (v & ~0444UL)) {
		fprintf(stderr, "klips-procfs: invalid mode `%s': octal read bits only, e.g. 0444 or 0400\n",
			text);
		return -1;
	}
	*mode = (mode_t)v;
	return 0;
}

/* 0: go on, 1: done (help/version), -1: usage error. */
static int parse_options(int argc, char *argv[], struct options *o)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "netns", required_argument, NULL, 'n' },
		{ "mode", required_argument, NULL, 'm' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv(PROCFS_DIR_ENV);
	int c;

	o->daemon.mountpoint = env && *env ? env : PROCFS_DEFAULT_DIR;
	o->mode = PROCFS_DEFAULT_MODE;
	while ((c = getopt_long(argc, argv, "fn:m:p:o:dhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->daemon.foreground = true;
			break;
		case 'n':
			o->netns = optarg;
			break;
		case 'm':
			if (parse_mode(optarg, &o->mode) < 0)
				return -1;
			break;
		case 'p':
			o->daemon.pidfile = optarg;
			break;
		case 'o':
			o->daemon.fuse_opts = optarg;
			break;
		case 'd':
			o->daemon.debug = true;
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

/* Before any thread exists: FUSE workers inherit the namespace. */
static int enter_netns(const char *name)
{
	char path[4096];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "klips-procfs: cannot enter network namespace `%s': %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int listing_source(void *ctx, enum procfs_content what, char **text, size_t *len)
{
	(void)ctx;
	switch (what) {
	case PROCFS_SPI:
		return listing_render(LISTING_SPI, text, len);
	case PROCFS_SPIGRP:
		return listing_render(LISTING_SPIGRP, text, len);
	case PROCFS_EROUTE:
		return listing_render(LISTING_EROUTE, text, len);
	default:
		*text = strdup(listing_version_text());
		if (!*text)
			return -ENOMEM;
		*len = strlen(*text);
		return 0;
	}
}

int main(int argc, char *argv[])
{
	const struct procfs_source source = { listing_source, NULL };
	struct options o = { 0 };
	struct procfs fs;
	int r = parse_options(argc, argv, &o);

	if (r)
		return r > 0 ? 0 : 1;
	if (o.netns && enter_netns(o.netns) < 0)
		return 1;
	procfs_init(&fs, &source, o.mode, procfs_log_stderr);
	/* Says early (once) if this namespace cannot be dumped, e.g. no CAP_NET_ADMIN. */
	procfs_probe(&fs, PROCFS_SPI);
	return procfs_serve(&o.daemon, &fs) == 0 ? 0 : 1;
}
