/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers' lock: one per network namespace, so that two commands that
 * change XFRM state never plan from the same snapshot. Readers (listings,
 * --explain) do not take it.
 *
 * It is a POSIX record lock on /run/klips-compat/lock/netns-<inode>.lock,
 * in a directory only its owner (root) may enter (its parent, shared with
 * klips-procfs's mount points, written by root alone), named by the inode
 * of the namespace (/proc/self/ns/net): a user who may not write there
 * cannot take it, hold it or plant anything in its place. Its holder unlinks the
 * file before letting go (a waiter that locked an unlinked file tries
 * again), so files do not pile up. A caller who cannot use the directory
 * at all (not root, e.g. a user with CAP_NET_ADMIN only in a network
 * namespace of its own) falls back to an abstract unix socket, which is
 * per namespace too: the kernel refuses anyone else's change anyway.
 */
#ifndef SRC_LOCK_H
#define SRC_LOCK_H

#include <stdbool.h>
#include <sys/types.h>

#define WRITERS_LOCK_DIR "/run/klips-compat/lock"
#define WRITERS_LOCK_SOCKET "klips-compat/xfrm-writers"

struct writers_lock {
	int fd;			/* the locked file or the bound socket; -1: not held */
	int dirfd;		/* the directory (file lock only) */
	char name[40];		/* the file's name in it */
};

#define WRITERS_LOCK_INIT { .fd = -1, .dirfd = -1 }

struct lock_wait {
	unsigned int notice_ms;	/* call waiting() once when it takes longer */
	unsigned int timeout_ms;
	void (*waiting)(void *arg, pid_t holder);
	void *arg;
};

/*
 * Takes the lock of the caller's network namespace, waiting as *w says.
 * 0, or -errno: -ETIMEDOUT when someone held it all along, -EPERM when the
 * directory or the file is not the caller's alone (owner, mode 0700/0600,
 * a regular file with one link) or its parent can be written by others. *holder (if not NULL): the pid that held
 * it when last seen, 0 if unknown (another pid namespace, or the socket
 * holder had not listened yet).
 */
int writers_lock(struct writers_lock *l, const struct lock_wait *w, pid_t *holder);

/* The same in DIR (an absolute path; its parent made 0755 if missing), with the fallback socket's abstract name SOCKNAME. */
int writers_lock_at(struct writers_lock *l, const char *dir, const char *sockname,
		    const struct lock_wait *w, pid_t *holder);

/* True when *l is the file lock (false: the fallback socket, or not held). */
bool writers_lock_is_file(const struct writers_lock *l);

/* Lets it go (not held: nothing to do); *l is WRITERS_LOCK_INIT again. */
void writers_unlock(struct writers_lock *l);

#endif
