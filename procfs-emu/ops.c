// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>

#include "procfs-emu/ops.h"
#include "procfs-emu/procfs.h"

static struct procfs *fs_of_request(void)
{
	return fuse_get_context()->private_data;
}

static struct procfs_handle *handle_of(const struct fuse_file_info *fi)
{
	return (struct procfs_handle *)(uintptr_t)fi->fh;
}

static void *op_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->kernel_cache = 0;
	/* The links never change: the kernel may keep their targets (one request less per open). */
	if (conn->capable & FUSE_CAP_CACHE_SYMLINKS)
		conn->want |= FUSE_CAP_CACHE_SYMLINKS;
	return fs_of_request();
}

static int op_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	(void)fi;
	return procfs_getattr(fs_of_request(), path, st);
}

static int op_readlink(const char *path, char *buf, size_t size)
{
	return procfs_readlink(path, buf, size);
}

struct dir_fill {
	void *buf;
	fuse_fill_dir_t filler;
};

static int fill_entry(void *ctx, const char *name)
{
	struct dir_fill *d = ctx;

	return d->filler(d->buf, name, NULL, 0, 0);
}

static int op_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t off,
		      struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct dir_fill d = { buf, filler };

	(void)off;
	(void)fi;
	(void)flags;
	return procfs_readdir(path, fill_entry, &d);
}

static int op_open(const char *path, struct fuse_file_info *fi)
{
	struct fuse_context *ctx = fuse_get_context();
	struct procfs_handle *h;
	/* The reader's pid (in the daemon's pid namespace) picks its network namespace. */
	int err = procfs_open(ctx->private_data, path, fi->flags, ctx->pid, &h);

	if (err)
		return err;
	fi->fh = (uintptr_t)h;
	/* Size is 0 as on procfs: without direct_io the kernel reads nothing. */
	fi->direct_io = 1;
	fi->keep_cache = 0;
#if FUSE_VERSION >= FUSE_MAKE_VERSION(3, 11)
	/* close() must never wait for the daemon (lxcfs hung in FLUSH). */
	fi->noflush = 1;
#endif
	return 0;
}

static int op_read(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	(void)path;
	return (int)procfs_read(handle_of(fi), buf, size, off);
}

static int op_release(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	procfs_release(handle_of(fi));
	return 0;
}

/*
 * The mount is read-only, so the kernel answers EROFS before asking us;
 * these keep the answer the same if it ever does.
 */
static int op_write(const char *path, const char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	(void)path, (void)buf, (void)size, (void)off, (void)fi;
	return -EROFS;
}

static int op_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	(void)path, (void)mode, (void)fi;
	return -EROFS;
}

static int op_mknod(const char *path, mode_t mode, dev_t dev)
{
	(void)path, (void)mode, (void)dev;
	return -EROFS;
}

static int op_mkdir(const char *path, mode_t mode)
{
	(void)path, (void)mode;
	return -EROFS;
}

static int op_remove(const char *path)
{
	(void)path;
	return -EROFS;
}

static int op_link(const char *from, const char *to)
{
	(void)from, (void)to;
	return -EROFS;
}

static int op_rename(const char *from, const char *to, unsigned int flags)
{
	(void)from, (void)to, (void)flags;
	return -EROFS;
}

static int op_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	(void)path, (void)mode, (void)fi;
	return -EROFS;
}

static int op_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
	(void)path, (void)uid, (void)gid, (void)fi;
	return -EROFS;
}

static int op_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	(void)path, (void)size, (void)fi;
	return -EROFS;
}

static int op_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi)
{
	(void)path, (void)tv, (void)fi;
	return -EROFS;
}

static int op_setxattr(const char *path, const char *name, const char *value, size_t size,
		       int flags)
{
	(void)path, (void)name, (void)value, (void)size, (void)flags;
	return -EROFS;
}

static int op_removexattr(const char *path, const char *name)
{
	(void)path, (void)name;
	return -EROFS;
}

static int op_fallocate(const char *path, int mode, off_t off, off_t len,
			struct fuse_file_info *fi)
{
	(void)path, (void)mode, (void)off, (void)len, (void)fi;
	return -EROFS;
}

static const struct fuse_operations procfs_ops = {
	.init = op_init,
	.getattr = op_getattr,
	.readlink = op_readlink,
	.readdir = op_readdir,
	.open = op_open,
	.read = op_read,
	.release = op_release,
	.write = op_write,
	.create = op_create,
	.mknod = op_mknod,
	.mkdir = op_mkdir,
	.unlink = op_remove,
	.rmdir = op_remove,
	.symlink = op_link,
	.link = op_link,
	.rename = op_rename,
	.chmod = op_chmod,
	.chown = op_chown,
	.truncate = op_truncate,
	.utimens = op_utimens,
	.setxattr = op_setxattr,
	.removexattr = op_removexattr,
	.fallocate = op_fallocate,
};

const struct fuse_operations *procfs_fuse_ops(void)
{
	return &procfs_ops;
}
