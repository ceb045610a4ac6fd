// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klips-procfs's namespace threads (procfs-emu/netns.c): work runs inside
 * the reader's network namespace, one thread per namespace, one job at a
 * time, closed after the idle time; errors give EIO and are logged once.
 * Root is needed (setns); without it the tests are skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs-emu/netns.h"
#include "tests/unit/tap.h"

static atomic_int opens, closes, open_err, inside, overlap;
static int log_count;
static char log_last[512];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void capture_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void capture_log(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&log_lock);
	va_start(ap, fmt);
	vsnprintf(log_last, sizeof(log_last), fmt, ap);
	va_end(ap);
	log_count++;
	pthread_mutex_unlock(&log_lock);
}

static ino_t ns_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* The handle: the namespace the opening thread was in. */
static int t_open(void *ctx, uint64_t ns, void **handle)
{
	ino_t *h;

	(void)ctx, (void)ns;
	if (atomic_load(&open_err))
		return atomic_load(&open_err);
	h = malloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	*h = ns_of("/proc/thread-self/ns/net");
	atomic_fetch_add(&opens, 1);
	*handle = h;
	return 0;
}

static void t_close(void *ctx, void *handle)
{
	(void)ctx;
	free(handle);
	atomic_fetch_add(&closes, 1);
}

static const struct netns_ops ops = { t_open, t_close };

struct where {
	ino_t opened_in, runs_in;
	uint64_t ns;
	int sleep_us;
};

static int t_fn(void *handle, uint64_t ns, void *arg)
{
	struct where *w = arg;

	if (atomic_fetch_add(&inside, 1) != 0)
		atomic_store(&overlap, 1);
	w->opened_in = *(ino_t *)handle;
	w->runs_in = ns_of("/proc/thread-self/ns/net");
	w->ns = ns;
	if (w->sleep_us)
		usleep((useconds_t)w->sleep_us);
	atomic_fetch_sub(&inside, 1);
	return 7;
}

static void reset(void)
{
	atomic_store(&opens, 0);
	atomic_store(&closes, 0);
	atomic_store(&open_err, 0);
	atomic_store(&overlap, 0);
	log_count = 0;
	log_last[0] = '\0';
}

/* A child in a network namespace of its own, until killed. */
static pid_t netns_child(ino_t *ino)
{
	int p[2];
	pid_t pid;
	char c;
	char path[64];

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[0]);
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1) {
		close(p[0]);
		return -1;
	}
	close(p[0]);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	*ino = ns_of(path);
	return pid;
}

static void stop_child(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

static int wait_size(struct netns_pool *p, unsigned int want, int ms)
{
	for (int i = 0; i < ms / 10; i++) {
		if (netns_pool_size(p) == want)
			return 1;
		usleep(10000);
	}
	return netns_pool_size(p) == want;
}

static void test_own_and_other(void)
{
	ino_t mine = ns_of("/proc/self/ns/net"), other = 0;
	struct netns_pool *p;
	struct where w = { 0 };
	pid_t child;
	int r;

	reset();
	p = netns_pool_new(&ops, NULL, -1, 60000, capture_log);
	r = netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(r == 7, "own namespace: the job's result is returned");
	tap_ok(w.opened_in == mine && w.runs_in == mine && w.ns == mine,
	       "own namespace: opened and run there, told its inode");
	r = netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(r == 7 && atomic_load(&opens) == 1 && netns_pool_size(p) == 1,
	       "a second read of the same namespace reuses its thread and handle");

	child = netns_child(&other);
	tap_ok(child > 0 && other && other != mine, "a child in a namespace of its own");
	memset(&w, 0, sizeof(w));
	r = netns_pool_run(p, child, t_fn, &w);
	tap_ok(r == 7 && w.opened_in == other && w.runs_in == other && w.ns == other,
	       "the child's reads run in the child's namespace");
	tap_ok(atomic_load(&opens) == 2 && netns_pool_size(p) == 2, "two namespaces, two threads");
	r = netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(r == 7 && w.runs_in == mine, "and ours still in ours");
	tap_ok(ns_of("/proc/thread-self/ns/net") == mine, "the caller's thread never changes namespace");
	stop_child(child);
	netns_pool_free(p);
	tap_ok(atomic_load(&closes) == 2, "freeing the pool closes every handle, in its thread");
	tap_ok(log_count == 0, "nothing logged (%s)", log_last);
}

static void test_idle(void)
{
	ino_t other = 0;
	struct netns_pool *p;
	struct where w = { 0 };
	pid_t child;

	reset();
	p = netns_pool_new(&ops, NULL, -1, 200, capture_log);
	child = netns_child(&other);
	netns_pool_run(p, getpid(), t_fn, &w);
	netns_pool_run(p, child, t_fn, &w);
	tap_ok(netns_pool_size(p) == 2, "idle 200 ms: two namespaces in use");
	stop_child(child);
	tap_ok(wait_size(p, 0, 2000) && atomic_load(&closes) == 2,
	       "idle 200 ms: both closed after it (a deleted namespace is let go)");
	netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(atomic_load(&opens) == 3 && w.runs_in == ns_of("/proc/self/ns/net"),
	       "a read after that opens anew");
	netns_pool_free(p);

	reset();
	p = netns_pool_new(&ops, NULL, -1, 0, capture_log);
	for (int i = 0; i < 5; i++)
		netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(wait_size(p, 0, 2000) && atomic_load(&closes) == atomic_load(&opens),
	       "idle 0: closed after each read (%d opens)", atomic_load(&opens));
	netns_pool_free(p);
}

struct hammer {
	struct netns_pool *p;
	pid_t reader;
	ino_t want;
	int bad;
};

static void *hammer_thread(void *arg)
{
	struct hammer *h = arg;

	for (int i = 0; i < 40; i++) {
		struct where w = { .sleep_us = 200 };

		if (netns_pool_run(h->p, h->reader, t_fn, &w) != 7 || w.runs_in != h->want)
			h->bad++;
	}
	return NULL;
}

static void test_parallel(void)
{
	ino_t mine = ns_of("/proc/self/ns/net"), other = 0;
	struct hammer h[8];
	pthread_t t[8];
	struct netns_pool *p;
	pid_t child;
	int bad = 0, started = 0;

	reset();
	p = netns_pool_new(&ops, NULL, -1, 60000, capture_log);
	child = netns_child(&other);
	for (int i = 0; i < 8; i++) {
		h[i] = (struct hammer){ p, i % 2 ? child : getpid(), i % 2 ? other : mine, 0 };
		if (pthread_create(&t[i], NULL, hammer_thread, &h[i]) == 0)
			started++;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(t[i], NULL);
		bad += h[i].bad;
	}
	tap_ok(started == 8 && bad == 0, "8 threads x 40 reads over 2 namespaces: each in its own (%d bad)",
	       bad);
	tap_ok(atomic_load(&opens) == 2, "one open per namespace (%d)", atomic_load(&opens));
	stop_child(child);
	netns_pool_free(p);
	/* Jobs of one namespace never overlap; of two, they may. */
	reset();
	p = netns_pool_new(&ops, NULL, -1, 60000, capture_log);
	started = 0;
	for (int i = 0; i < 4; i++) {
		h[i] = (struct hammer){ p, getpid(), mine, 0 };
		if (pthread_create(&t[i], NULL, hammer_thread, &h[i]) == 0)
			started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	tap_ok(!atomic_load(&overlap), "one namespace: one job at a time");
	netns_pool_free(p);
}

static void test_errors(void)
{
	struct netns_pool *p;
	struct where w = { 0 };
	int r, fd;

	reset();
	p = netns_pool_new(&ops, NULL, -1, 60000, capture_log);
	r = netns_pool_run(p, 0, t_fn, &w);
	netns_pool_run(p, 0, t_fn, &w);
	tap_ok(r == -EIO && log_count == 1 && strstr(log_last, "pid 0"),
	       "a reader with pid 0: EIO, said once (%s)", log_last);
	r = netns_pool_run(p, 0x3ffffff, t_fn, &w);
	netns_pool_run(p, 0x3ffffff, t_fn, &w);
	tap_ok(r == -EIO && log_count == 2 && strstr(log_last, "No such file"),
	       "a reader that is gone: EIO, said once (%s)", log_last);
	atomic_store(&open_err, -EMFILE);
	r = netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(r == -EMFILE, "open fails: its error");
	r = netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(r == -EMFILE && log_count == 3 && strstr(log_last, "Too many open files"),
	       "and again, said once (%s)", log_last);
	atomic_store(&open_err, 0);
	tap_ok(netns_pool_run(p, getpid(), t_fn, &w) == 7, "a failed open is tried again next time");
	netns_pool_free(p);

	/* A namespace that cannot be entered: a file that is not one. */
	reset();
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	p = netns_pool_new(&ops, NULL, fd, 60000, capture_log);
	close(fd);
	r = netns_pool_run(p, getpid(), t_fn, &w);
	netns_pool_run(p, getpid(), t_fn, &w);
	tap_ok(r == -EIO && log_count == 1 && strstr(log_last, "cannot enter network namespace"),
	       "setns fails: EIO, the reason said once (%s)", log_last);
	tap_ok(wait_size(p, 0, 2000) && atomic_load(&opens) == 0, "nothing kept for it");
	netns_pool_free(p);
}

static void test_pinned(void)
{
	ino_t other = 0;
	struct netns_pool *p;
	struct where w = { 0 };
	char path[64];
	pid_t child;
	int fd;

	reset();
	child = netns_child(&other);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)child);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	p = netns_pool_new(&ops, NULL, fd, 60000, capture_log);
	close(fd);
	stop_child(child);
	tap_ok(netns_pool_run(p, getpid(), t_fn, &w) == 7 && w.runs_in == other,
	       "pinned: every reader gets the pinned namespace, even after its last process ended");
	tap_ok(netns_pool_run(p, 0, t_fn, &w) == 7 && w.runs_in == other,
	       "pinned: a reader's pid does not matter");
	netns_pool_free(p);
}

int main(void)
{
	alarm(120);
	if (geteuid() != 0) {
		tap_ok(1, "namespace threads # SKIP need root (setns)");
		return tap_done();
	}
	test_own_and_other();
	test_idle();
	test_parallel();
	test_errors();
	test_pinned();
	return tap_done();
}
