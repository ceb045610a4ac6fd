/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file logic of klips-procfs, without FUSE: the tree, attributes,
 * per-open snapshots and the errors readers see. The text comes from a
 * procfs_source (the shared listing renderer in the daemon, a fake in tests).
 */
#ifndef PROCFS_EMU_PROCFS_H
#define PROCFS_EMU_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * What a file shows. A new view: one value here, one row in procfs.c's
 * files[] (its path and KLIPS symlink), one in source.c's views[] (what it
 * renders: a src/listing.c kind).
 */
enum procfs_content {
	PROCFS_SPI,
	PROCFS_SPIGRP,
	PROCFS_VERSION,
	PROCFS_EROUTE,
	PROCFS_TNCFG,
	PROCFS_NCONTENT,
};

struct procfs_source {
	/*
	 * The whole text of one file as process `reader` (the FUSE caller, 0
	 * if unknown) must see it: *body holds its *len bytes (NULL allowed
	 * when *len is 0), or -errno. Called once per open, from the FUSE
	 * thread serving it; the source retries interrupted dumps itself.
	 */
	int (*generate)(void *ctx, enum procfs_content what, pid_t reader, void **body, size_t *len);
	/*
	 * Up to size bytes of the text from off (< its length) into buf; the
	 * count. May run in several threads at once on one body. NULL: the
	 * body is the text itself, one malloc'd buffer.
	 */
	size_t (*read)(const void *body, char *buf, size_t size, size_t off);
	/* Frees a body (never NULL). NULL: free(). */
	void (*release)(void *body);
	void *ctx;
};

struct procfs {
	struct procfs_source source;
	mode_t mode;		/* every file but the public ones (version: 0444) */
	uid_t uid;
	gid_t gid;
};

enum procfs_type { PROCFS_DIR, PROCFS_FILE, PROCFS_LINK };

/*
 * One row per file. Directories follow from the paths; `link`, if set, is
 * a top-level name that KLIPS made a symlink to the file.
 */
struct procfs_file {
	const char *path;	/* absolute within the mount: "/ipsec/spi/all" */
	const char *link;	/* "/ipsec_spi", or NULL */
	enum procfs_content content;
	bool public;		/* always 0444 (KLIPS: the version file) */
};

struct procfs_node {
	enum procfs_type type;
	const struct procfs_file *file;	/* PROCFS_FILE and PROCFS_LINK */
};

/* One open file: the text generated at open, served until release. */
struct procfs_handle {
	void *body;
	size_t len;
	const struct procfs_source *source;
};

/* KLIPS made the SA files root-only; --mode widens them on purpose. */
#define PROCFS_DEFAULT_MODE 0400

void procfs_init(struct procfs *fs, const struct procfs_source *source, mode_t mode);

/* The KLIPS name of a content ("ipsec_spi"), for messages. */
const char *procfs_content_name(enum procfs_content what);

bool procfs_lookup(const char *path, struct procfs_node *node);
int procfs_getattr(const struct procfs *fs, const char *path, struct stat *st);
int procfs_readlink(const char *path, char *buf, size_t size);

/* Calls fill(ctx, name) for ".", ".." and every child; stops if fill != 0. */
int procfs_readdir(const char *path, int (*fill)(void *ctx, const char *name), void *ctx);

int procfs_open(struct procfs *fs, const char *path, int flags, pid_t reader,
		struct procfs_handle **out);
ssize_t procfs_read(const struct procfs_handle *h, char *buf, size_t size, off_t off);
void procfs_release(struct procfs_handle *h);

/* What a reader sees when the source fails with err: EACCES, ENOMEM or EIO. */
int procfs_reader_errno(int err);

#endif
