/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The FUSE operations of klips-procfs (high-level API) over procfs.c. */
#ifndef PROCFS_EMU_OPS_H
#define PROCFS_EMU_OPS_H

#define FUSE_USE_VERSION 31
#include <fuse.h>

/* fuse_new()'s private data must be the struct procfs. */
const struct fuse_operations *procfs_fuse_ops(void);

#endif
