// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "procfs-emu/source.h"
#include "src/kernel.h"
#include "src/listing.h"

/*
 * What each view shows: a listing of the reader's namespace, or the version
 * text. One row per view; a view without a row reads as EIO, never as
 * another view's text.
 */
static const struct view {
	enum { VIEW_NO_ROW, VIEW_LISTING, VIEW_VERSION } shows;
	enum listing_kind kind;
} views[PROCFS_NCONTENT] = {
	[PROCFS_SPI] = { VIEW_LISTING, LISTING_SPI },
	[PROCFS_SPIGRP] = { VIEW_LISTING, LISTING_SPIGRP },
	[PROCFS_EROUTE] = { VIEW_LISTING, LISTING_EROUTE },
	[PROCFS_TNCFG] = { VIEW_LISTING, LISTING_TNCFG },
	[PROCFS_VERSION] = { VIEW_VERSION, 0 },
};

struct klips_source {
	struct netns_pool *pool;
	netns_log_fn *log;
};

/* One namespace in use: its kernel connection and the last error of each view. */
struct served_ns {
	struct kernel *k;	/* NULL after a failed reopen: opened at the next read */
	int last_error[PROCFS_NCONTENT];
};

struct render_req {
	struct klips_source *src;
	enum procfs_content what;
	struct listing_text **text;
};

/* In the namespace's thread: the sockets belong to it from here on. */
static int ns_open(void *ctx, uint64_t ns, void **handle)
{
	struct served_ns *sv = calloc(1, sizeof(*sv));
	int err;

	(void)ctx, (void)ns;
	if (!sv)
		return -ENOMEM;
	err = kernel_open(&sv->k);
	if (err) {
		free(sv);
		return err;
	}
	*handle = sv;
	return 0;
}

static void ns_close(void *ctx, void *handle)
{
	struct served_ns *sv = handle;

	(void)ctx;
	if (!sv)
		return;
	kernel_close(sv->k);
	free(sv);
}

static const struct netns_ops ns_ops = { ns_open, ns_close };

static void backoff(int attempt)
{
	struct timespec ts = { 0, 1000000L << attempt };

	nanosleep(&ts, NULL);
}

/* A persistent failure is logged once per namespace and view, and so is the recovery. */
static void note_result(struct klips_source *src, struct served_ns *sv, uint64_t ns,
			enum procfs_content what, int err)
{
	int prev = sv->last_error[what];

	sv->last_error[what] = err;
	if (!src->log || prev == err)
		return;
	if (err)
		src->log("net:[%lu]: %s: cannot build the listing: %s", (unsigned long)ns,
			 procfs_content_name(what), strerror(-err));
	else
		src->log("net:[%lu]: %s: listing available again", (unsigned long)ns,
			 procfs_content_name(what));
}

/*
 * In the namespace's thread. Interrupted dumps are retried; after any other
 * failure the connection is made anew (here, so in the right namespace), so
 * that one bad answer does not stick to the namespace.
 */
static int render_in_ns(void *handle, uint64_t ns, void *arg)
{
	struct served_ns *sv = handle;
	struct render_req *r = arg;
	int err;

	for (int attempt = 0;; attempt++) {
		err = sv->k ? 0 : kernel_open(&sv->k);
		if (!err)
			err = listing_open_kernel(sv->k, views[r->what].kind, r->text);
		if (err && err != -EAGAIN && err != -EPERM && err != -EACCES && sv->k) {
			kernel_close(sv->k);
			sv->k = NULL;
		}
		if (err != -EAGAIN || attempt == SOURCE_AGAIN_RETRIES)
			break;
		backoff(attempt);
	}
	note_result(r->src, sv, ns, r->what, err);
	return err;
}

/*
 * The text is kept as the listing made it (src/listing.h: listing_text),
 * and reads copy from it: no second copy of a large listing.
 */
static int generate(void *ctx, enum procfs_content what, pid_t reader, void **body, size_t *len)
{
	struct klips_source *src = ctx;
	struct listing_text *t = NULL;
	struct render_req req = { src, what, &t };
	char *version;
	int err;

	*body = NULL;
	*len = 0;
	if ((unsigned int)what >= PROCFS_NCONTENT || views[what].shows == VIEW_NO_ROW)
		return -EIO;
	if (views[what].shows == VIEW_VERSION) {
		version = strdup(listing_version_text());
		t = version ? listing_text_flat(version, strlen(version)) : NULL;
		err = t ? 0 : -ENOMEM;
	} else {
		err = netns_pool_run(src->pool, reader, render_in_ns, &req);
	}
	if (err)
		return err;
	*body = t;
	*len = listing_text_len(t);
	return 0;
}

static size_t read_text(const void *body, char *buf, size_t size, size_t off)
{
	return listing_text_read(body, buf, size, off);
}

static void release_text(void *body)
{
	listing_text_free(body);
}

struct klips_source *klips_source_new(int pinned_netns, unsigned int idle_ms, netns_log_fn *log)
{
	struct klips_source *src = calloc(1, sizeof(*src));

	if (!src)
		return NULL;
	src->log = log;
	src->pool = netns_pool_new(&ns_ops, src, pinned_netns, idle_ms, log);
	if (!src->pool) {
		free(src);
		return NULL;
	}
	return src;
}

void klips_source_get(struct klips_source *s, struct procfs_source *out)
{
	*out = (struct procfs_source){
		.generate = generate,
		.read = read_text,
		.release = release_text,
		.ctx = s,
	};
}

unsigned int klips_source_namespaces(struct klips_source *s)
{
	return netns_pool_size(s->pool);
}

void klips_source_free(struct klips_source *s)
{
	if (!s)
		return;
	netns_pool_free(s->pool);
	free(s);
}
