// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "procfs-emu/netns.h"

/* Why a reader's namespace could not be used; each (cause, errno) is logged once. */
enum cause { CAUSE_NOPID, CAUSE_PROC, CAUSE_THREAD, CAUSE_SETNS, CAUSE_OPEN, NCAUSES };
#define ERRNO_SLOTS 256

struct job {
	netns_fn *fn;
	void *arg;
	int result;
	bool done;
};

enum entry_state { STARTING, READY, GONE };

/* One namespace in use. Every field is under the pool's lock. */
struct entry {
	struct entry *next;	/* in pool->list while it takes new work */
	struct netns_pool *pool;
	dev_t dev;
	ino_t ino;
	int fd;			/* the namespace, until the thread joined it */
	pid_t reader;		/* the reader that made it, for messages */
	pthread_cond_t wake;	/* its thread: a job, or the end */
	struct job *job;	/* posted, not taken yet */
	unsigned int users;	/* callers holding it */
	bool thread_alive;
	enum entry_state state;
	int err;		/* GONE before READY: why */
};

struct netns_pool {
	pthread_mutex_t lock;
	pthread_cond_t changed;	/* for callers: a job done, a job taken, a thread gone */
	struct entry *list;
	unsigned int threads;
	bool stopping;
	const struct netns_ops *ops;
	void *ctx;
	int pinned;
	struct stat pinned_st;
	unsigned int idle_ms;
	netns_log_fn *log;
	bool logged[NCAUSES][ERRNO_SLOTS];
};

/* Under the lock. */
static bool first_time(struct netns_pool *p, enum cause c, int err)
{
	bool *slot = &p->logged[c][(unsigned int)err % ERRNO_SLOTS];
	bool first = !*slot;

	*slot = true;
	return first && p->log;
}

static void deadline_in(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static bool past(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > ts->tv_sec || (now.tv_sec == ts->tv_sec && now.tv_nsec >= ts->tv_nsec);
}

static void unlist(struct entry *e)
{
	for (struct entry **pp = &e->pool->list; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	}
	e->next = NULL;
}

/* Under the lock: the last of the thread and the callers frees the entry. */
static void put_entry(struct entry *e)
{
	if (e->thread_alive || e->users)
		return;
	if (e->fd >= 0)
		close(e->fd);
	pthread_cond_destroy(&e->wake);
	free(e);
}

static void *entry_thread(void *arg)
{
	struct entry *e = arg;
	struct netns_pool *p = e->pool;
	void *handle = NULL;
	struct timespec deadline;
	int err = 0;

	if (setns(e->fd, CLONE_NEWNET) < 0)
		err = errno;
	pthread_mutex_lock(&p->lock);
	close(e->fd);
	e->fd = -1;
	if (err) {
		if (first_time(p, CAUSE_SETNS, err))
			p->log("cannot enter network namespace net:[%lu] (of reader %d): %s; its readers get EIO",
			       (unsigned long)e->ino, (int)e->reader, strerror(err));
		e->err = -EIO;
		goto end;
	}
	pthread_mutex_unlock(&p->lock);
	err = p->ops->open(p->ctx, e->ino, &handle);
	pthread_mutex_lock(&p->lock);
	if (err) {
		if (first_time(p, CAUSE_OPEN, -err))
			p->log("network namespace net:[%lu]: cannot open its netlink sockets: %s",
			       (unsigned long)e->ino, strerror(-err));
		e->err = err;
		goto end;
	}
	e->state = READY;
	deadline_in(&deadline, p->idle_ms);
	for (;;) {
		struct job *job = e->job;

		if (job) {
			e->job = NULL;
			pthread_cond_broadcast(&p->changed);	/* the slot is free */
			pthread_mutex_unlock(&p->lock);
			job->result = job->fn(handle, e->ino, job->arg);
			pthread_mutex_lock(&p->lock);
			job->done = true;
			pthread_cond_broadcast(&p->changed);
			deadline_in(&deadline, p->idle_ms);
			continue;
		}
		if (p->stopping || (!e->users && past(&deadline)))
			break;
		/* The last caller to let go wakes us (netns_pool_run). */
		if (e->users)
			pthread_cond_wait(&e->wake, &p->lock);
		else
			pthread_cond_timedwait(&e->wake, &p->lock, &deadline);
	}
	/* No new work from here: new readers make a new entry. */
	unlist(e);
	e->state = GONE;
	pthread_mutex_unlock(&p->lock);
	p->ops->close(p->ctx, handle);
	pthread_mutex_lock(&p->lock);
end:
	/* Callers still holding it see GONE (and e->err if it never started). */
	unlist(e);
	e->state = GONE;
	e->thread_alive = false;
	p->threads--;
	pthread_cond_broadcast(&p->changed);
	put_entry(e);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Under the lock: a new entry and its thread, which takes fd. NULL (fd closed) on failure. */
static struct entry *start_entry(struct netns_pool *p, int fd, const struct stat *st, pid_t reader)
{
	struct entry *e = calloc(1, sizeof(*e));
	pthread_condattr_t ca;
	pthread_attr_t attr;
	pthread_t tid;
	int err;

	if (!e) {
		close(fd);
		return NULL;
	}
	*e = (struct entry){ .pool = p, .dev = st->st_dev, .ino = st->st_ino, .fd = fd,
			     .reader = reader, .thread_alive = true, .state = STARTING };
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&e->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&tid, &attr, entry_thread, e);
	pthread_attr_destroy(&attr);
	if (err) {
		if (first_time(p, CAUSE_THREAD, err))
			p->log("cannot start a thread for network namespace net:[%lu]: %s",
			       (unsigned long)e->ino, strerror(err));
		e->thread_alive = false;
		put_entry(e);
		return NULL;
	}
	p->threads++;
	e->next = p->list;
	p->list = e;
	return e;
}

/* The identity of the reader's namespace (or the pinned one), and where it is. */
static int reader_ns(struct netns_pool *p, pid_t reader, struct stat *st, char path[64])
{
	int err;

	if (p->pinned >= 0) {
		*st = p->pinned_st;
		return 0;
	}
	if (reader <= 0) {
		pthread_mutex_lock(&p->lock);
		if (first_time(p, CAUSE_NOPID, 0))
			p->log("a reader outside this pid namespace (pid 0): its network namespace cannot be found; it gets EIO");
		pthread_mutex_unlock(&p->lock);
		return -EIO;
	}
	snprintf(path, 64, "/proc/%d/ns/net", (int)reader);
	if (stat(path, st) == 0)
		return 0;
	err = errno;
	pthread_mutex_lock(&p->lock);
	if (first_time(p, CAUSE_PROC, err))
		p->log("reader %d: cannot use %s: %s; it gets EIO", (int)reader, path, strerror(err));
	pthread_mutex_unlock(&p->lock);
	return -EIO;
}

/* Under the lock: the entry of a namespace not in use yet, and its thread. */
static struct entry *new_entry(struct netns_pool *p, const struct stat *st, const char *path,
			       pid_t reader)
{
	int fd = p->pinned >= 0 ? fcntl(p->pinned, F_DUPFD_CLOEXEC, 3) :
		 open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (first_time(p, CAUSE_PROC, errno))
			p->log("reader %d: cannot open %s: %s; it gets EIO", (int)reader,
			       p->pinned >= 0 ? "the network namespace" : path, strerror(errno));
		return NULL;
	}
	return start_entry(p, fd, st, reader);
}

int netns_pool_run(struct netns_pool *p, pid_t reader, netns_fn *fn, void *arg)
{
	struct job job = { fn, arg, 0, false };
	struct entry *e;
	struct stat st;
	char path[64];
	int ret = reader_ns(p, reader, &st, path);

	if (ret)
		return ret;
	pthread_mutex_lock(&p->lock);
	if (p->stopping) {
		pthread_mutex_unlock(&p->lock);
		return -ESHUTDOWN;
	}
	for (e = p->list; e; e = e->next)
		if (e->dev == st.st_dev && e->ino == st.st_ino)
			break;
	if (!e && !(e = new_entry(p, &st, path, reader))) {
		pthread_mutex_unlock(&p->lock);
		return -EIO;
	}
	e->users++;
	while (e->job && e->state != GONE)
		pthread_cond_wait(&p->changed, &p->lock);
	if (e->state != GONE) {
		e->job = &job;
		pthread_cond_signal(&e->wake);
		while (!job.done && e->state != GONE)
			pthread_cond_wait(&p->changed, &p->lock);
	}
	if (job.done) {
		ret = job.result;
	} else {
		/* It never started (setns or open failed), or the pool ends. */
		ret = e->err ? e->err : -ESHUTDOWN;
		if (e->job == &job)
			e->job = NULL;
	}
	if (--e->users == 0)
		pthread_cond_signal(&e->wake);
	put_entry(e);
	pthread_mutex_unlock(&p->lock);
	return ret;
}

unsigned int netns_pool_size(struct netns_pool *p)
{
	unsigned int n;

	pthread_mutex_lock(&p->lock);
	n = p->threads;
	pthread_mutex_unlock(&p->lock);
	return n;
}

struct netns_pool *netns_pool_new(const struct netns_ops *ops, void *ctx, int pinned,
				  unsigned int idle_ms, netns_log_fn *log)
{
	struct netns_pool *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->ops = ops;
	p->ctx = ctx;
	p->pinned = -1;
	p->idle_ms = idle_ms;
	p->log = log;
	if (pinned >= 0) {
		p->pinned = fcntl(pinned, F_DUPFD_CLOEXEC, 3);
		if (p->pinned < 0 || fstat(p->pinned, &p->pinned_st) < 0) {
			if (p->pinned >= 0)
				close(p->pinned);
			free(p);
			return NULL;
		}
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	return p;
}

void netns_pool_free(struct netns_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	for (struct entry *e = p->list; e; e = e->next)
		pthread_cond_signal(&e->wake);
	while (p->threads)
		pthread_cond_wait(&p->changed, &p->lock);
	pthread_mutex_unlock(&p->lock);
	pthread_cond_destroy(&p->changed);
	pthread_mutex_destroy(&p->lock);
	if (p->pinned >= 0)
		close(p->pinned);
	free(p);
}
