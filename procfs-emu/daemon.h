/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Mount, serve and unmount: stale-mount recovery, background mode with a
 * pidfile, systemd readiness, clean unmount on SIGTERM/SIGINT/SIGHUP, and
 * the mount point removed at the end if the daemon made it.
 */
#ifndef PROCFS_EMU_DAEMON_H
#define PROCFS_EMU_DAEMON_H

#include <stdbool.h>

#include "procfs-emu/procfs.h"

#define PROCFS_DEFAULT_DIR "/run/klips-compat/net"
#define PROCFS_DIR_ENV "KLIPS_PROCDIR"

struct procfs_daemon {
	const char *mountpoint;
	const char *serving;	/* what is served, for the start message */
	const char *pidfile;	/* NULL: none */
	const char *fuse_opts;	/* extra -o options for libfuse, or NULL */
	bool foreground;
	bool debug;		/* libfuse's -d: trace requests (implies foreground) */
};

/*
 * Serve fs at d->mountpoint until a signal or an external unmount. In
 * background mode this returns in the starting process as soon as the child
 * serves (0) or has failed (-1); the child returns when it stops.
 * Returns 0 or -1 (after a message on stderr or in syslog).
 */
int procfs_serve(const struct procfs_daemon *d, struct procfs *fs);

/*
 * The daemon's log: standard error until the background process detaches,
 * syslog after that. One line per call, safe from any thread.
 */
void procfs_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
