/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file logic of klips-procfs, without FUSE: the fixed tree, attributes,
 * per-open snapshots and the errors readers see. The text comes from a
 * procfs_source (the shared listing renderer in the daemon, a fake in tests).
 */
#ifndef PROCFS_EMU_PROCFS_H
#define PROCFS_EMU_PROCFS_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

enum procfs_content {
	PROCFS_SPI,
	PROCFS_SPIGRP,
	PROCFS_VERSION,
	PROCFS_EROUTE,
	PROCFS_NCONTENT,
};

struct procfs_source {
	/*
	 * The whole text of one file in a malloc'd buffer (NULL allowed when
	 * *len is 0), or -errno. Called once per open, in the calling thread.
	 */
	int (*generate)(void *ctx, enum procfs_content what, char **text, size_t *len);
	void *ctx;
};

typedef void procfs_log_fn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct procfs {
	struct procfs_source source;
	mode_t mode;		/* ipsec_spi, ipsec_spigrp, ipsec_eroute; version is 0444 */
	uid_t uid;
	gid_t gid;
	procfs_log_fn *log;	/* NULL: silent */
	/* Last errno seen per file, so a persistent failure is logged once. */
	atomic_int last_error[PROCFS_NCONTENT];
};

enum procfs_type { PROCFS_DIR, PROCFS_FILE, PROCFS_LINK };

struct procfs_node {
	const char *path;	/* absolute within the mount: "/ipsec/spi/all" */
	enum procfs_type type;
	enum procfs_content content;	/* PROCFS_FILE */
	const char *target;		/* PROCFS_LINK, relative */
};

/* One open file: the text generated at open, served until release. */
struct procfs_handle {
	char *text;
	size_t len;
};

#define PROCFS_DEFAULT_MODE 0444
#define PROCFS_AGAIN_RETRIES 3

void procfs_init(struct procfs *fs, const struct procfs_source *source, mode_t mode,
		 procfs_log_fn *log);

const struct procfs_node *procfs_lookup(const char *path);
int procfs_getattr(const struct procfs *fs, const char *path, struct stat *st);
int procfs_readlink(const char *path, char *buf, size_t size);

/* Calls fill(ctx, name) for ".", ".." and every child; stops if fill != 0. */
int procfs_readdir(const char *path, int (*fill)(void *ctx, const char *name), void *ctx);

int procfs_open(struct procfs *fs, const char *path, int flags, struct procfs_handle **out);
ssize_t procfs_read(const struct procfs_handle *h, char *buf, size_t size, off_t off);
void procfs_release(struct procfs_handle *h);

/* Generate a file once at start-up so a daemon that cannot dump says so early. */
int procfs_probe(struct procfs *fs, enum procfs_content what);

#endif
