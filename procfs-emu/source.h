/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's procfs_source: the legacy listings of the reader's network
 * namespace (or of the pinned one), rendered by src/listing.c in that
 * namespace's thread (netns.h), over one netlink connection per namespace.
 */
#ifndef PROCFS_EMU_SOURCE_H
#define PROCFS_EMU_SOURCE_H

#include "procfs-emu/netns.h"
#include "procfs-emu/procfs.h"

#define SOURCE_AGAIN_RETRIES 3

struct klips_source;

/* pinned_netns: a namespace file serving every reader, or -1. NULL on error. */
struct klips_source *klips_source_new(int pinned_netns, unsigned int idle_ms, netns_log_fn *log);
void klips_source_get(struct klips_source *s, struct procfs_source *out);
/* Namespaces with open netlink sockets now. */
unsigned int klips_source_namespaces(struct klips_source *s);
void klips_source_free(struct klips_source *s);

#endif
