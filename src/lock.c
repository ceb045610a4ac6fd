// SPDX-License-Identifier: GPL-2.0-or-later
/* The writers' lock (src/lock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "src/lock.h"

/* The lock file's name: the network namespace's inode. */
static int netns_lock_name(char *buf, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st) < 0)
		return -errno;
	snprintf(buf, len, "netns-%llu.lock", (unsigned long long)st.st_ino);
	return 0;
}

/*
 * The caller's own: owner, no access for others, and (files) no other
 * link. A file may have none left: its holder unlinked it since it was
 * opened, and locking it then makes file_try open the path again.
 */
static bool only_mine(const struct stat *st, bool dir)
{
	if (st->st_uid != geteuid() || (st->st_mode & 077))
		return false;
	return dir ? S_ISDIR(st->st_mode) : S_ISREG(st->st_mode) && st->st_nlink <= 1;
}

/* A parent nobody else can change: the caller's (or root's), written by no other. */
static bool safe_parent(const struct stat *st)
{
	return S_ISDIR(st->st_mode) && (st->st_uid == geteuid() || st->st_uid == 0) &&
	       !(st->st_mode & 002) && (!(st->st_mode & 020) || st->st_gid == 0);
}

static bool denied(int err)
{
	return err == EACCES || err == EPERM || err == EROFS || err == ENOENT;
}

/*
 * DIR, made (0700) if missing, in its parent (made 0755 if missing: the
 * parent is shared, e.g. with klips-procfs's mount points); -EPERM if
 * either can be changed by someone else; *unusable when the caller may
 * not make or enter them at all (then the socket).
 */
static int open_dir(const char *dir, bool *unusable)
{
	char parent[256];
	const char *base = strrchr(dir, '/');
	struct stat st;
	int pfd, fd, err;

	if (!base || base == dir || base[1] == '\0' || (size_t)(base - dir) >= sizeof(parent))
		return -EINVAL;
	memcpy(parent, dir, (size_t)(base - dir));
	parent[base - dir] = '\0';
	base++;
	if (mkdir(parent, 0755) < 0 && errno != EEXIST) {
		err = errno;
		*unusable = denied(err);
		return -err;
	}
	pfd = open(parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0) {
		err = errno;
		*unusable = err == EACCES;
		return err == ENOTDIR || err == ELOOP ? -EPERM : -err;
	}
	if (fstat(pfd, &st) < 0 || !safe_parent(&st)) {
		close(pfd);
		return -EPERM;
	}
	if (mkdirat(pfd, base, 0700) < 0 && errno != EEXIST) {
		err = errno;
		close(pfd);
		*unusable = denied(err);
		return -err;
	}
	fd = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	err = errno;
	close(pfd);
	if (fd < 0) {
		*unusable = err == EACCES;
		return err == ENOTDIR || err == ELOOP ? -EPERM : -err;
	}
	if (fstat(fd, &st) < 0 || !only_mine(&st, true)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

static int open_file(int dirfd, const char *name)
{
	struct stat st;
	int fd = openat(dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);

	if (fd < 0)
		return errno == ELOOP || errno == ENXIO ? -EPERM : -errno;
	if (fstat(fd, &st) < 0 || !only_mine(&st, false)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

/*
 * One try at the file: 0 held, -EAGAIN busy, -errno. A lock on a file its
 * holder has since unlinked is no lock: the file is opened again.
 */
static int file_try(struct writers_lock *l)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct stat mine, there;

	for (;;) {
		if (l->fd < 0) {
			int fd = open_file(l->dirfd, l->name);

			if (fd < 0)
				return fd;
			l->fd = fd;
		}
		if (fcntl(l->fd, F_SETLK, &fl) < 0)
			return errno == EACCES ? -EAGAIN : -errno;
		if (fstat(l->fd, &mine) == 0 &&
		    fstatat(l->dirfd, l->name, &there, AT_SYMLINK_NOFOLLOW) == 0 &&
		    mine.st_ino == there.st_ino && mine.st_dev == there.st_dev)
			return 0;
		close(l->fd);
		l->fd = -1;
	}
}

static pid_t file_holder(const struct writers_lock *l)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	if (l->fd < 0 || fcntl(l->fd, F_GETLK, &fl) < 0 || fl.l_type == F_UNLCK)
		return 0;
	return fl.l_pid > 0 ? fl.l_pid : 0;
}

static socklen_t socket_addr(const char *name, struct sockaddr_un *sun)
{
	size_t n = strnlen(name, sizeof(sun->sun_path) - 1);

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path + 1, name, n);	/* sun_path[0] == 0: abstract */
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static int socket_try(int s, const struct sockaddr_un *sun, socklen_t len)
{
	if (bind(s, (const struct sockaddr *)sun, len) < 0)
		return errno == EADDRINUSE ? -EAGAIN : -errno;
	/* Listening lets a waiter ask who holds it (SO_PEERCRED). */
	listen(s, 64);
	return 0;
}

static pid_t socket_holder(const struct sockaddr_un *sun, socklen_t len)
{
	struct ucred cred = { 0 };
	socklen_t clen = sizeof(cred);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	pid_t pid = 0;

	if (s < 0)
		return 0;
	if (connect(s, (const struct sockaddr *)sun, len) == 0 &&
	    getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0 && cred.pid > 0)
		pid = cred.pid;
	close(s);
	return pid;
}

static unsigned long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (unsigned long)((now.tv_sec - since->tv_sec) * 1000 +
			       (now.tv_nsec - since->tv_nsec) / 1000000);
}

int writers_lock_at(struct writers_lock *l, const char *dir, const char *sockname,
		    const struct lock_wait *w, pid_t *holder)
{
	struct sockaddr_un sun;
	socklen_t len = 0;
	struct timespec start;
	bool unusable = false, told = false;
	pid_t who = 0;
	int ret;

	*l = (struct writers_lock)WRITERS_LOCK_INIT;
	if (holder)
		*holder = 0;
	ret = netns_lock_name(l->name, sizeof(l->name));
	if (ret)
		return ret;
	l->dirfd = open_dir(dir, &unusable);
	if (l->dirfd < 0) {
		ret = l->dirfd;
		l->dirfd = -1;
		if (!unusable)
			return ret;
		l->name[0] = '\0';
		len = socket_addr(sockname, &sun);
		l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (l->fd < 0)
			return -errno;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		unsigned long ms;

		ret = l->dirfd >= 0 ? file_try(l) : socket_try(l->fd, &sun, len);
		if (ret != -EAGAIN)
			break;
		ms = elapsed_ms(&start);
		if (ms >= w->timeout_ms || (!told && ms >= w->notice_ms)) {
			who = l->dirfd >= 0 ? file_holder(l) : socket_holder(&sun, len);
			if (ms >= w->timeout_ms) {
				ret = -ETIMEDOUT;
				break;
			}
			told = true;
			if (w->waiting)
				w->waiting(w->arg, who);
		}
		nanosleep(&(struct timespec){ 0, (ms < 200 ? 2 : 10) * 1000 * 1000 }, NULL);
	}
	if (ret) {
		if (holder)
			*holder = who;
		l->name[0] = '\0';	/* never unlink what is not held */
		writers_unlock(l);
	}
	return ret;
}

int writers_lock(struct writers_lock *l, const struct lock_wait *w, pid_t *holder)
{
	return writers_lock_at(l, WRITERS_LOCK_DIR, WRITERS_LOCK_SOCKET, w, holder);
}

bool writers_lock_is_file(const struct writers_lock *l)
{
	return l->fd >= 0 && l->dirfd >= 0;
}

void writers_unlock(struct writers_lock *l)
{
	/* Unlinked while held: nobody waits on a file that stays. */
	if (writers_lock_is_file(l) && l->name[0])
		unlinkat(l->dirfd, l->name, 0);
	if (l->fd >= 0)
		close(l->fd);
	if (l->dirfd >= 0)
		close(l->dirfd);
	*l = (struct writers_lock)WRITERS_LOCK_INIT;
}
