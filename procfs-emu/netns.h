/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Work done in the network namespace of a reader. Each namespace in use has
 * one thread that joined it (setns) and keeps what ops->open made there:
 * the netlink sockets, which belong to the namespace they were made in and
 * keep it after that. The FUSE threads never change namespace. Namespaces
 * are told apart by their inode (/proc/PID/ns/net), and a namespace's
 * thread ends, closing what it opened, after `idle_ms` without work: an
 * open socket keeps its namespace alive, so a deleted namespace is freed at
 * most that long after its last read.
 */
#ifndef PROCFS_EMU_NETNS_H
#define PROCFS_EMU_NETNS_H

#include <stdint.h>
#include <sys/types.h>

typedef void netns_log_fn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct netns_ops {
	/* In the namespace's thread, once, before any work: 0 or -errno. */
	int (*open)(void *ctx, uint64_t ns, void **handle);
	/* In the same thread, when it ends. */
	void (*close)(void *ctx, void *handle);
};

/* Runs in the namespace's thread, one at a time; ns is the namespace's inode. */
typedef int netns_fn(void *handle, uint64_t ns, void *arg);

struct netns_pool;

/*
 * pinned: a network namespace file (kept open by the pool) that serves
 * every reader, or -1 for each reader's own namespace. NULL on error.
 */
struct netns_pool *netns_pool_new(const struct netns_ops *ops, void *ctx, int pinned,
				  unsigned int idle_ms, netns_log_fn *log);

/*
 * fn(handle, ns, arg) in the thread of the network namespace of process
 * `reader` (the pinned one if any), and what fn returns. -EIO if that
 * namespace cannot be found or entered (the cause is logged once), what
 * ops->open returned if it failed there, -ESHUTDOWN while the pool ends.
 */
int netns_pool_run(struct netns_pool *p, pid_t reader, netns_fn *fn, void *arg);

/* Namespaces with a thread now. */
unsigned int netns_pool_size(struct netns_pool *p);

/* Ends every thread (after the work in progress) and frees the pool. */
void netns_pool_free(struct netns_pool *p);

#endif
