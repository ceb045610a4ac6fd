// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs-emu/procfs.h"

/*
 * The Openswan 2.6 tree, one row per file: the file, the top-level name
 * KLIPS made a symlink to it, what it shows, and whether it is public.
 */
static const struct procfs_file files[] = {
	{ "/ipsec/eroute/all", "/ipsec_eroute", PROCFS_EROUTE, false },
	{ "/ipsec/spi/all", "/ipsec_spi", PROCFS_SPI, false },
	{ "/ipsec/spigrp/all", "/ipsec_spigrp", PROCFS_SPIGRP, false },
	{ "/ipsec/tncfg", "/ipsec_tncfg", PROCFS_TNCFG, false },
	{ "/ipsec/version", "/ipsec_version", PROCFS_VERSION, true },
};

#define NFILES (sizeof(files) / sizeof(files[0]))

/* Longest name of one directory entry in the tree. */
#define NAME_MAX_TREE 64

void procfs_init(struct procfs *fs, const struct procfs_source *source, mode_t mode)
{
	fs->source = *source;
	fs->mode = mode & 0777;
	fs->uid = geteuid();
	fs->gid = getegid();
}

const char *procfs_content_name(enum procfs_content what)
{
	for (size_t i = 0; i < NFILES; i++)
		if (files[i].content == what)
			return files[i].link ? files[i].link + 1 : files[i].path + 1;
	return "?";
}

/* path is a directory: "/" or a proper prefix of some file's path. */
static bool is_dir(const char *path)
{
	size_t n = strlen(path);

	if (strcmp(path, "/") == 0)
		return true;
	for (size_t i = 0; i < NFILES; i++)
		if (n && strncmp(files[i].path, path, n) == 0 && files[i].path[n] == '/')
			return true;
	return false;
}

bool procfs_lookup(const char *path, struct procfs_node *node)
{
	for (size_t i = 0; i < NFILES; i++) {
		if (strcmp(files[i].path, path) == 0) {
			*node = (struct procfs_node){ PROCFS_FILE, &files[i] };
			return true;
		}
		if (files[i].link && strcmp(files[i].link, path) == 0) {
			*node = (struct procfs_node){ PROCFS_LINK, &files[i] };
			return true;
		}
	}
	/* "/ipsec/" is not a name here: the kernel never asks with a final slash. */
	if (path[0] != '/' || (path[1] && (path[strlen(path) - 1] == '/' || !is_dir(path))))
		return false;
	*node = (struct procfs_node){ PROCFS_DIR, NULL };
	return true;
}

/*
 * The entry of directory dir that full (a file's path or link) passes
 * through or ends at, copied to name; false if full is not under dir.
 */
static bool child_name(const char *dir, const char *full, char name[NAME_MAX_TREE])
{
	size_t n = strcmp(dir, "/") == 0 ? 0 : strlen(dir);
	const char *start, *end;

	if (!full || strncmp(full, dir, n) != 0 || full[n] != '/')
		return false;
	start = full + n + 1;
	end = strchrnul(start, '/');
	if (end == start || (size_t)(end - start) >= NAME_MAX_TREE)
		return false;
	memcpy(name, start, (size_t)(end - start));
	name[end - start] = '\0';
	return true;
}

/* Calls fn for every distinct entry of dir, in table order; stops if fn != 0. */
static int for_each_child(const char *dir, int (*fn)(void *ctx, const char *dir, const char *name),
			  void *ctx)
{
	char name[NAME_MAX_TREE], seen[NAME_MAX_TREE];
	int r;

	for (size_t i = 0; i < NFILES; i++) {
		const char *full[2] = { files[i].path, files[i].link };

		for (int k = 0; k < 2; k++) {
			bool dup = false;

			if (!child_name(dir, full[k], name))
				continue;
			/* Earlier rows (and this row's path) may name it already. */
			for (size_t j = 0; j <= i && !dup; j++) {
				const char *other[2] = { files[j].path, files[j].link };

				for (int l = 0; l < (j < i ? 2 : k); l++)
					if (child_name(dir, other[l], seen) && strcmp(seen, name) == 0)
						dup = true;
			}
			if (!dup && (r = fn(ctx, dir, name)) != 0)
				return r;
		}
	}
	return 0;
}

static int count_subdir(void *ctx, const char *dir, const char *name)
{
	char path[2 * NAME_MAX_TREE + 64];

	snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name);
	if (is_dir(path))
		++*(nlink_t *)ctx;
	return 0;
}

static nlink_t dir_nlink(const char *dir)
{
	nlink_t n = 2;

	for_each_child(dir, count_subdir, &n);
	return n;
}

int procfs_getattr(const struct procfs *fs, const char *path, struct stat *st)
{
	struct procfs_node node;
	struct timespec now;

	if (!procfs_lookup(path, &node))
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_REALTIME, &now);
	st->st_atim = st->st_mtim = st->st_ctim = now;
	st->st_uid = fs->uid;
	st->st_gid = fs->gid;
	switch (node.type) {
	case PROCFS_DIR:
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = dir_nlink(path);
		break;
	case PROCFS_FILE:
		/* Size 0 like procfs; readers read to EOF (direct_io). */
		st->st_mode = S_IFREG | (node.file->public ? 0444 : fs->mode);
		st->st_nlink = 1;
		break;
	case PROCFS_LINK:
		st->st_mode = S_IFLNK | 0777;
		st->st_nlink = 1;
		st->st_size = (off_t)strlen(node.file->path + 1);
		break;
	}
	return 0;
}

int procfs_readlink(const char *path, char *buf, size_t size)
{
	struct procfs_node node;

	if (!procfs_lookup(path, &node))
		return -ENOENT;
	if (node.type != PROCFS_LINK || size == 0)
		return -EINVAL;
	/* Links are top-level: the target is the file's path, relative. FUSE
	 * wants a NUL-terminated, possibly truncated, string. */
	strncpy(buf, node.file->path + 1, size - 1);
	buf[size - 1] = '\0';
	return 0;
}

struct fill_ctx {
	int (*fill)(void *ctx, const char *name);
	void *ctx;
};

static int fill_child(void *ctx, const char *dir, const char *name)
{
	struct fill_ctx *f = ctx;

	(void)dir;
	return f->fill(f->ctx, name) ? 1 : 0;
}

int procfs_readdir(const char *path, int (*fill)(void *ctx, const char *name), void *ctx)
{
	struct fill_ctx f = { fill, ctx };
	struct procfs_node node;

	if (!procfs_lookup(path, &node))
		return -ENOENT;
	if (node.type != PROCFS_DIR)
		return -ENOTDIR;
	if (fill(ctx, ".") || fill(ctx, ".."))
		return 0;
	for_each_child(path, fill_child, &f);
	return 0;
}

int procfs_reader_errno(int err)
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

int procfs_open(struct procfs *fs, const char *path, int flags, pid_t reader,
		struct procfs_handle **out)
{
	struct procfs_node node;
	struct procfs_handle *h;
	int err;

	if (!procfs_lookup(path, &node))
		return -ENOENT;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return -EROFS;
	if (node.type == PROCFS_DIR)
		return -EISDIR;
	if (node.type == PROCFS_LINK)
		return -ELOOP;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->source = &fs->source;
	err = fs->source.generate(fs->source.ctx, node.file->content, reader, &h->body, &h->len);
	/* Never an empty or partial text for a failed dump. */
	if (err > 0 || (!err && !h->body && h->len))
		err = -EIO;
	if (err) {
		procfs_release(h);
		return procfs_reader_errno(err);
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
	if (h->source->read)
		return (ssize_t)h->source->read(h->body, buf, n, (size_t)off);
	memcpy(buf, (const char *)h->body + off, n);
	return (ssize_t)n;
}

void procfs_release(struct procfs_handle *h)
{
	if (!h)
		return;
	if (h->body && h->source->release)
		h->source->release(h->body);
	else
		free(h->body);
	free(h);
}
