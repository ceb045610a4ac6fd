// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The writers' lock (src/lock.c) in a directory of the test's own: made
 * 0700 with a 0600 file named by the network namespace; a second process
 * waits, is told the holder's pid once, and gets it when the holder lets
 * go (the file is gone then) or gives up at the timeout; a directory or
 * file that is not the caller's alone is refused; a caller who may not use
 * the directory falls back to an abstract socket, whose holder's pid is
 * told the same way. POSIX locks never conflict within one process, so
 * every contender is a child.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "src/lock.h"
#include "tests/unit/tap.h"

static char tmpdir[64];
static char sockname[64];

/* What a child saw. */
struct result {
	int ret;
	int is_file;
	pid_t holder;		/* from writers_lock_at's *holder */
	int notices;
	pid_t noticed;		/* the pid the waiting callback was given */
	long ms;		/* how long the lock took */
	long at;		/* when it was taken (CLOCK_MONOTONIC, ms) */
};

static void on_wait(void *arg, pid_t holder)
{
	struct result *r = arg;

	r->notices++;
	r->noticed = holder;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms)
{
	nanosleep(&(struct timespec){ ms / 1000, (ms % 1000) * 1000000L }, NULL);
}

struct child {
	pid_t pid;
	int fd;			/* reads its struct result */
};

/*
 * A child that takes the lock in dir (as nobody if drop and root), writes
 * its result, holds the lock hold_ms, lets go and exits.
 */
static struct child locker(const char *dir, unsigned int notice, unsigned int timeout,
			   long hold_ms, bool drop)
{
	struct child c = { -1, -1 };
	int p[2];

	if (pipe(p) < 0)
		return c;
	c.pid = fork();
	if (c.pid == 0) {
		struct result r = { 0 };
		struct lock_wait w = { notice, timeout, on_wait, &r };
		struct writers_lock l;
		long t0;

		close(p[0]);
		if (drop && geteuid() == 0 && (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
					       setresuid(65534, 65534, 65534)))
			_exit(3);
		t0 = now_ms();
		r.ret = writers_lock_at(&l, dir, sockname, &w, &r.holder);
		r.at = now_ms();
		r.ms = r.at - t0;
		r.is_file = writers_lock_is_file(&l);
		if (write(p[1], &r, sizeof(r)) != sizeof(r))
			_exit(2);
		if (r.ret == 0) {
			sleep_ms(hold_ms);
			writers_unlock(&l);
		}
		_exit(0);
	}
	close(p[1]);
	c.fd = p[0];
	return c;
}

/* The child's result (ret -EIO if it wrote none). */
static struct result result_of(struct child *c)
{
	struct result r = { .ret = -EIO };

	if (c->fd < 0 || read(c->fd, &r, sizeof(r)) != sizeof(r))
		r.ret = -EIO;
	return r;
}

static void reap(struct child *c)
{
	int st;

	if (c->fd >= 0)
		close(c->fd);
	if (c->pid > 0)
		waitpid(c->pid, &st, 0);
	c->fd = -1;
	c->pid = -1;
}

static mode_t umask_now(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

static void lock_path(char *buf, size_t len, const char *dir)
{
	struct stat st;

	stat("/proc/self/ns/net", &st);
	snprintf(buf, len, "%s/netns-%llu.lock", dir, (unsigned long long)st.st_ino);
}

static void test_file_lock(void)
{
	char dir[160], file[224], parent[128];
	struct stat st;
	struct child a, b;
	struct result ra, rb;

	snprintf(parent, sizeof(parent), "%s/run", tmpdir);
	snprintf(dir, sizeof(dir), "%s/lock", parent);
	lock_path(file, sizeof(file), dir);

	/* Held, the directory and file made as they must be. */
	a = locker(dir, 1000, 1000, 1500, false);
	ra = result_of(&a);
	tap_ok(ra.ret == 0 && ra.is_file, "the lock is taken in a fresh directory (%d, file %d)",
	       ra.ret, ra.is_file);
	memset(&st, 0, sizeof(st));
	stat(parent, &st);
	tap_ok(S_ISDIR(st.st_mode) && (st.st_mode & 0777) == (0755 & ~umask_now()),
	       "a missing parent is made 0755 (mode %o)", st.st_mode & 07777);
	memset(&st, 0, sizeof(st));
	stat(dir, &st);
	tap_ok(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0700 && st.st_uid == geteuid(),
	       "the directory is made 0700, the caller's (mode %o)", st.st_mode & 07777);
	memset(&st, 0, sizeof(st));
	stat(file, &st);
	tap_ok(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0600,
	       "the file is the namespace's, 0600 (mode %o)", st.st_mode & 07777);

	/* Another writer gives up at its timeout, told the holder's pid once. */
	b = locker(dir, 20, 300, 0, false);
	rb = result_of(&b);
	tap_ok(rb.ret == -ETIMEDOUT, "a second writer times out while it is held (%d)", rb.ret);
	tap_ok(rb.holder == a.pid, "the timeout names the holder's pid (%ld, holder %ld)",
	       (long)rb.holder, (long)a.pid);
	tap_ok(rb.notices == 1 && rb.noticed == a.pid,
	       "the waiting writer is told the holder's pid once (%d times, pid %ld)",
	       rb.notices, (long)rb.noticed);
	tap_ok(rb.ms >= 300, "it waited the timeout (%ld ms)", rb.ms);
	reap(&b);

	/* One that waits long enough gets it when the holder lets go. */
	b = locker(dir, 5000, 5000, 0, false);
	rb = result_of(&b);
	tap_ok(rb.ret == 0 && rb.notices == 0, "a waiting writer gets it when the holder lets go (%d)",
	       rb.ret);
	tap_ok(rb.at >= ra.at + 1500, "only after the holder let go (%ld ms after it took it)",
	       rb.at - ra.at);
	reap(&a);
	reap(&b);
	tap_ok(stat(file, &st) < 0 && errno == ENOENT, "the file is gone once nobody holds it");

	/* A file its holder unlinked is no lock: a writer takes a new one. */
	{
		int fd = open(file, O_RDWR | O_CREAT, 0600);
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		pid_t stale = fork();

		if (stale == 0) {
			fcntl(fd, F_SETLK, &fl);
			pause();
			_exit(0);
		}
		close(fd);
		sleep_ms(50);
		unlink(file);
		b = locker(dir, 1000, 1000, 0, false);
		rb = result_of(&b);
		tap_ok(rb.ret == 0, "a lock held on an unlinked file does not block (%d)", rb.ret);
		reap(&b);
		kill(stale, SIGKILL);
		waitpid(stale, NULL, 0);
	}
}

/*
 * Writers in a crowd: each takes the lock ROUNDS times and, holding it,
 * adds one to a counter in a file by reading and rewriting it. Every take
 * succeeds (a file unlinked under a waiter is no error) and no increment
 * is lost (no two held it at once).
 */
static void test_crowd(void)
{
	enum { WRITERS = 4, ROUNDS = 300 };
	char dir[160], counter[160];
	pid_t pids[WRITERS];
	int failed = 0, total = 0;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/crowd/lock", tmpdir);
	snprintf(counter, sizeof(counter), "%s/counter", tmpdir);
	f = fopen(counter, "w");
	if (f) {
		fputs("0\n", f);
		fclose(f);
	}
	for (int i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct lock_wait w = { 10000, 10000, NULL, NULL };
			int bad = 0;

			for (int r = 0; r < ROUNDS; r++) {
				struct writers_lock l;
				int n = -1, ret = writers_lock_at(&l, dir, sockname, &w, NULL);
				FILE *c;

				if (ret) {
					bad++;
					continue;
				}
				c = fopen(counter, "r+");
				if (!c || fscanf(c, "%d", &n) != 1)
					bad++;
				if (c) {
					rewind(c);
					fprintf(c, "%d\n", n + 1);
					fclose(c);
				}
				writers_unlock(&l);
			}
			_exit(bad > 255 ? 255 : bad);
		}
	}
	for (int i = 0; i < WRITERS; i++) {
		int st = 0;

		waitpid(pids[i], &st, 0);
		failed += WIFEXITED(st) ? WEXITSTATUS(st) : 1000;
	}
	f = fopen(counter, "r");
	if (!f || fscanf(f, "%d", &total) != 1)
		total = -1;
	if (f)
		fclose(f);
	tap_ok(failed == 0, "%d writers x %d rounds: every take succeeds (%d failed)", WRITERS, ROUNDS, failed);
	tap_ok(total == WRITERS * ROUNDS, "and none held it with another (%d of %d increments)",
	       total, WRITERS * ROUNDS);
}

/* writers_lock_at in dir from a child: its ret. */
static int lock_once(const char *dir)
{
	struct child c = locker(dir, 1000, 200, 0, false);
	struct result r = result_of(&c);

	reap(&c);
	return r.ret;
}

static void test_refused(void)
{
	char dir[128], file[192], other[128];

	snprintf(dir, sizeof(dir), "%s/wide", tmpdir);
	mkdir(dir, 0700);
	chmod(dir, 0755);
	tap_ok(lock_once(dir) == -EPERM, "a directory others may read is refused");

	snprintf(other, sizeof(other), "%s/shared", tmpdir);
	mkdir(other, 0700);
	chmod(other, 01777);
	snprintf(dir, sizeof(dir), "%s/shared/lock", tmpdir);
	tap_ok(lock_once(dir) == -EPERM, "a parent others may write is refused");
	tap_ok(access(dir, F_OK) < 0, "and nothing is made in it");

	snprintf(other, sizeof(other), "%s/target", tmpdir);
	mkdir(other, 0700);
	snprintf(dir, sizeof(dir), "%s/link", tmpdir);
	if (symlink(other, dir) < 0)
		tap_diag("symlink: %s", strerror(errno));
	tap_ok(lock_once(dir) == -EPERM, "a symbolic link in place of the directory is refused");

	snprintf(dir, sizeof(dir), "%s/files", tmpdir);
	mkdir(dir, 0700);
	lock_path(file, sizeof(file), dir);
	if (symlink(other, file) < 0)
		tap_diag("symlink: %s", strerror(errno));
	tap_ok(lock_once(dir) == -EPERM, "a symbolic link in place of the file is refused");
	unlink(file);
	mkfifo(file, 0600);
	tap_ok(lock_once(dir) == -EPERM, "a FIFO in place of the file is refused");
	unlink(file);
	close(open(file, O_CREAT | O_WRONLY, 0644));
	chmod(file, 0644);
	tap_ok(lock_once(dir) == -EPERM, "a file others may read is refused");
	unlink(file);

	if (geteuid() == 0) {
		snprintf(dir, sizeof(dir), "%s/nobodys", tmpdir);
		mkdir(dir, 0700);
		if (chown(dir, 65534, 65534) < 0)
			tap_diag("chown: %s", strerror(errno));
		tap_ok(lock_once(dir) == -EPERM, "a directory another user made is refused");
		lock_path(file, sizeof(file), dir);
		if (chown(dir, 0, 0) < 0)
			tap_diag("chown: %s", strerror(errno));
		close(open(file, O_CREAT | O_WRONLY, 0600));
		if (chown(file, 65534, 65534) < 0)
			tap_diag("chown: %s", strerror(errno));
		tap_ok(lock_once(dir) == -EPERM, "a file another user made is refused");
		unlink(file);
	} else {
		tap_ok(1, "a directory another user made is refused # SKIP needs root");
		tap_ok(1, "a file another user made is refused # SKIP needs root");
	}
}

/*
 * A caller who may not make or enter the directory (nobody, or a user
 * under a directory it may not write) uses the socket instead.
 */
static void test_fallback(void)
{
	char ro[128], dir[160];
	struct child a, b;
	struct result ra, rb;

	snprintf(ro, sizeof(ro), "%s/ro", tmpdir);
	mkdir(ro, 0500);
	snprintf(dir, sizeof(dir), "%s/lockdir", ro);
	a = locker(dir, 1000, 1000, 300, true);
	ra = result_of(&a);
	tap_ok(ra.ret == 0 && !ra.is_file, "a caller who may not use the directory takes the socket (%d, file %d)",
	       ra.ret, ra.is_file);
	b = locker(dir, 20, 100, 0, true);
	rb = result_of(&b);
	tap_ok(rb.ret == -ETIMEDOUT && rb.holder == a.pid && rb.noticed == a.pid,
	       "the socket serialises too and names its holder (%d, pid %ld, told %ld, holder %ld)",
	       rb.ret, (long)rb.holder, (long)rb.noticed, (long)a.pid);
	reap(&b);
	b = locker(dir, 5000, 5000, 0, true);
	rb = result_of(&b);
	tap_ok(rb.ret == 0, "and is free again when its holder exits (%d)", rb.ret);
	reap(&a);
	reap(&b);
	tap_ok(access(dir, F_OK) < 0, "nothing was made in the directory's place");
}

static void cleanup(void)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' && rm -rf '%s'", tmpdir, tmpdir);
	if (system(cmd) != 0)
		tap_diag("cannot remove %s", tmpdir);
}

int main(void)
{
	alarm(60);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_lock.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		tap_ok(0, "mkdtemp: %s", strerror(errno));
		return tap_done();
	}
	snprintf(sockname, sizeof(sockname), "klips-compat/test-lock.%ld", (long)getpid());
	test_file_lock();
	test_crowd();
	test_refused();
	test_fallback();
	cleanup();
	return tap_done();
}
