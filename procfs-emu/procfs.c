// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs-emu/procfs.h"

/* The Openswan 2.x tree; the top-level names are symlinks into it, as in KLIPS. */
static const struct procfs_node nodes[] = {
	{ "/", PROCFS_DIR, 0, NULL },
	{ "/ipsec", PROCFS_DIR, 0, NULL },
	{ "/ipsec/eroute", PROCFS_DIR, 0, NULL },
	{ "/ipsec/eroute/all", PROCFS_FILE, PROCFS_EROUTE, NULL },
	{ "/ipsec/spi", PROCFS_DIR, 0, NULL },
	{ "/ipsec/spi/all", PROCFS_FILE, PROCFS_SPI, NULL },
	{ "/ipsec/spigrp", PROCFS_DIR, 0, NULL },
	{ "/ipsec/spigrp/all", PROCFS_FILE, PROCFS_SPIGRP, NULL },
	{ "/ipsec/version", PROCFS_FILE, PROCFS_VERSION, NULL },
	{ "/ipsec_eroute", PROCFS_LINK, 0, "ipsec/eroute/all" },
	{ "/ipsec_spi", PROCFS_LINK, 0, "ipsec/spi/all" },
	{ "/ipsec_spigrp", PROCFS_LINK, 0, "ipsec/spigrp/all" },
	{ "/ipsec_version", PROCFS_LINK, 0, "ipsec/version" },
};

#define NNODES (sizeof(nodes) / sizeof(nodes[0]))

static const char *const content_names[PROCFS_NCONTENT] = {
	[PROCFS_SPI] = "ipsec_spi",
	[PROCFS_SPIGRP] = "ipsec_spigrp",
	[PROCFS_VERSION] = "ipsec_version",
	[PROCFS_EROUTE] = "ipsec_eroute",
};

void procfs_init(struct procfs *fs, const struct procfs_source *source, mode_t mode,
		 procfs_log_fn *log)
{
	fs->source = *source;
	fs->mode = mode & 0777;
	fs->uid = geteuid();
	fs->gid = getegid();
	fs->log = log;
	for (int i = 0; i < PROCFS_NCONTENT; i++)
		atomic_init(&fs->last_error[i], 0);
}

const struct procfs_node *procfs_lookup(const char *path)
{
	for (size_t i = 0; i < NNODES; i++)
		if (strcmp(nodes[i].path, path) == 0)
			return &nodes[i];
	return NULL;
}

/* The name of path within dir if it is a direct child, else NULL. */
static const char *child_name(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	const char *name;

	if (strcmp(dir, "/") == 0)
		name = path + 1;
	else if (strncmp(path, dir, n) == 0 && path[n] == '/')
		name = path + n + 1;
	else
		return NULL;
	return *name && !strchr(name, '/') ? name : NULL;
}

static nlink_t dir_nlink(const char *dir)
{
	nlink_t n = 2;

	for (size_t i = 0; i < NNODES; i++)
		if (nodes[i].type == PROCFS_DIR && child_name(dir, nodes[i].path))
			n++;
	return n;
}

static mode_t file_mode(const struct procfs *fs, const struct procfs_node *node)
{
	return node->content == PROCFS_VERSION ? 0444 : fs->mode;
}

int procfs_getattr(const struct procfs *fs, const char *path, struct stat *st)
{
	const struct procfs_node *node = procfs_lookup(path);
	struct timespec now;

	if (!node)
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_REALTIME, &now);
	st->st_atim = st->st_mtim = st->st_ctim = now;
	st->st_uid = fs->uid;
	st->st_gid = fs->gid;
	switch (node->type) {
	case PROCFS_DIR:
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = dir_nlink(node->path);
		break;
	case PROCFS_FILE:
		/* Size 0 like procfs; readers read to EOF (direct_io). */
		st->st_mode = S_IFREG | file_mode(fs, node);
		st->st_nlink = 1;
		break;
	case PROCFS_LINK:
		st->st_mode = S_IFLNK | 0777;
		st->st_nlink = 1;
		st->st_size = strlen(node->target);
		break;
	}
	return 0;
}

int procfs_readlink(const char *path, char *buf, size_t size)
{
	const struct procfs_node *node = procfs_lookup(path);

	if (!node)
		return -ENOENT;
	if (node->type != PROCFS_LINK)
		return -EINVAL;
	if (size == 0)
		return -EINVAL;
	/* FUSE wants a NUL-terminated, possibly truncated, string. */
	strncpy(buf, node->target, size - 1);
	buf[size - 1] = '\0';
	return 0;
}

int procfs_readdir(const char *path, int (*fill)(void *ctx, const char *name), void *ctx)
{
	const struct procfs_node *dir = procfs_lookup(path);

	if (!dir)
		return -ENOENT;
	if (dir->type != PROCFS_DIR)
		return -ENOTDIR;
	if (fill(ctx, ".") || fill(ctx, ".."))
		return 0;
	for (size_t i = 0; i < NNODES; i++) {
		const char *name = child_name(dir->path, nodes[i].path);

		if (name && fill(ctx, name))
			break;
	}
	return 0;
}

static void note_result(struct procfs *fs, enum procfs_content what, int err)
{
	int prev = atomic_exchange(&fs->last_error[what], err);

	if (!fs->log || prev == err)
		return;
	if (err)
		fs->log("%s: cannot build the listing: %s", content_names[what], strerror(-err));
	else
		fs->log("%s: listing available again", content_names[what]);
}

static void backoff(int attempt)
{
	struct timespec ts = { 0, 1000000L << attempt };

	nanosleep(&ts, NULL);
}

/*
 * The renderer already retries interrupted dumps; a few more tries here keep
 * a reader from failing while the SAD churns, and never yield a partial text.
 */
static int generate(struct procfs *fs, enum procfs_content what, char **text, size_t *len)
{
	int err;

	for (int attempt = 0;; attempt++) {
		*text = NULL;
		*len = 0;
		err = fs->source.generate(fs->source.ctx, what, text, len);
		if (err != -EAGAIN || attempt == PROCFS_AGAIN_RETRIES)
			break;
		backoff(attempt);
	}
	if (err > 0 || (!err && !*text && *len))
		err = -EIO;
	if (err) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
	note_result(fs, what, err);
	return err;
}

/* What a reader sees when the listing cannot be built: never an empty file. */
static int reader_errno(int err)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		return -EACCES;
	case -ENOMEM:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

int procfs_open(struct procfs *fs, const char *path, int flags, struct procfs_handle **out)
{
	const struct procfs_node *node = procfs_lookup(path);
	struct procfs_handle *h;
	int err;

	if (!node)
		return -ENOENT;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return -EROFS;
	if (node->type == PROCFS_DIR)
		return -EISDIR;
	if (node->type == PROCFS_LINK)
		return -ELOOP;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	err = generate(fs, node->content, &h->text, &h->len);
	if (err) {
		free(h);
		return reader_errno(err);
	}
	*out = h;
	return 0;
}

ssize_t procfs_read(const struct procfs_handle *h, char *buf, size_t size, off_t off)
{
	size_t n;

	if (off < 0)
		return -EINVAL;
	if ((uint64_t)off >= h->len)
		return 0;
	n = h->len - (size_t)off;
	if (n > size)
		n = size;
	memcpy(buf, h->text + off, n);
	return (ssize_t)n;
}

void procfs_release(struct procfs_handle *h)
{
	if (!h)
		return;
	free(h->text);
	free(h);
}

int procfs_probe(struct procfs *fs, enum procfs_content what)
{
	char *text;
	size_t len;
	int err = generate(fs, what, &text, &len);

	free(text);
	return err ? reader_errno(err) : 0;
}
