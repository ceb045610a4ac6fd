// SPDX-License-Identifier: GPL-2.0-or-later
/* klips-procfs file logic without FUSE: tree, attributes, snapshots, errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs-emu/procfs.h"
#include "tests/unit/procfs_fake.h"
#include "tests/unit/tap.h"

static void setup(struct procfs *fs, struct procfs_fake *fake, mode_t mode)
{
	struct procfs_source src;

	memset(fake, 0, sizeof(*fake));
	procfs_fake_source(fake, &src);
	procfs_init(fs, &src, mode);
}

/* Read the whole handle in chunks of `chunk` bytes, as a reader would. */
static char *read_all(const struct procfs_handle *h, size_t chunk, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *out = malloc(cap + 1);
	ssize_t r;

	while (out) {
		if (n + chunk > cap) {
			char *grown = realloc(out, (cap = 2 * (n + chunk)) + 1);

			if (!grown)
				break;
			out = grown;
		}
		r = procfs_read(h, out + n, chunk, (off_t)n);
		if (r <= 0) {
			out[n] = '\0';
			*len = n;
			return out;
		}
		n += (size_t)r;
	}
	free(out);
	return NULL;
}

static void test_lookup(void)
{
	const char *const present[] = {
		"/", "/ipsec", "/ipsec/spi", "/ipsec/spi/all", "/ipsec/spigrp",
		"/ipsec/spigrp/all", "/ipsec/version", "/ipsec_spi", "/ipsec_spigrp",
		"/ipsec_version", "/ipsec/eroute", "/ipsec/eroute/all", "/ipsec_eroute",
		"/ipsec/tncfg", "/ipsec_tncfg",
	};
	const char *const absent[] = {
		"", "/ipsec/", "/ipsec_spi/x", "/ipsec/spi/al", "/ipsec_klipsdebug", "ipsec_spi",
		"/ipsec/spi/all/", "/IPSEC_SPI",
	};

	static const struct {
		const char *path;
		enum procfs_type type;
	} kinds[] = {
		{ "/", PROCFS_DIR }, { "/ipsec/spigrp", PROCFS_DIR }, { "/ipsec/spi/all", PROCFS_FILE },
		{ "/ipsec/version", PROCFS_FILE }, { "/ipsec_spigrp", PROCFS_LINK },
	};
	struct procfs_node node;

	for (size_t i = 0; i < sizeof(present) / sizeof(present[0]); i++)
		tap_ok(procfs_lookup(present[i], &node), "lookup finds %s", present[i]);
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		tap_ok(!procfs_lookup(absent[i], &node), "lookup refuses '%s'", absent[i]);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		tap_ok(procfs_lookup(kinds[i].path, &node) && node.type == kinds[i].type,
		       "%s is a %s", kinds[i].path,
		       kinds[i].type == PROCFS_DIR ? "directory" :
		       kinds[i].type == PROCFS_FILE ? "file" : "symlink");
	tap_ok(procfs_lookup("/ipsec_spigrp", &node) && node.file->content == PROCFS_SPIGRP,
	       "ipsec_spigrp links to the spigrp view");
	tap_str(procfs_content_name(PROCFS_SPI), "ipsec_spi", "content name for messages");
	tap_str(procfs_content_name(PROCFS_VERSION), "ipsec_version", "version name");
}

static void test_getattr(void)
{
	struct procfs_fake fake;
	struct procfs fs;
	struct stat st;

	setup(&fs, &fake, PROCFS_DEFAULT_MODE);
	tap_ok(procfs_getattr(&fs, "/", &st) == 0 && st.st_mode == (S_IFDIR | 0555) &&
	       st.st_nlink == 3, "root: dir 0555, nlink 3");
	tap_ok(procfs_getattr(&fs, "/ipsec", &st) == 0 && st.st_mode == (S_IFDIR | 0555) &&
	       st.st_nlink == 5, "ipsec: dir 0555, nlink 5");
	tap_ok(procfs_getattr(&fs, "/ipsec/spi/all", &st) == 0 &&
	       st.st_mode == (S_IFREG | 0400) && st.st_size == 0 && st.st_nlink == 1,
	       "spi/all: regular, 0400 by default (as KLIPS), size 0");
	tap_ok(st.st_uid == geteuid() && st.st_gid == getegid(), "owner is the daemon's");
	tap_ok(st.st_mtime > 0, "mtime set");
	tap_ok(procfs_getattr(&fs, "/ipsec_spi", &st) == 0 && st.st_mode == (S_IFLNK | 0777) &&
	       st.st_size == (off_t)strlen("ipsec/spi/all"), "ipsec_spi: symlink, size of target");
	tap_ok(procfs_getattr(&fs, "/nope", &st) == -ENOENT, "missing: ENOENT");
	tap_ok(fake.calls == 0, "getattr never generates");

	tap_ok(procfs_getattr(&fs, "/ipsec/spigrp/all", &st) == 0 &&
	       st.st_mode == (S_IFREG | 0400), "spigrp/all: 0400 by default");
	tap_ok(procfs_getattr(&fs, "/ipsec/version", &st) == 0 &&
	       st.st_mode == (S_IFREG | 0444), "version: 0444 by default");
	setup(&fs, &fake, 0444);
	tap_ok(procfs_getattr(&fs, "/ipsec/spigrp/all", &st) == 0 &&
	       st.st_mode == (S_IFREG | 0444), "mode option 0444 applies to spigrp");
	tap_ok(procfs_getattr(&fs, "/ipsec/version", &st) == 0 &&
	       st.st_mode == (S_IFREG | 0444), "version stays 0444 (as in KLIPS)");
	setup(&fs, &fake, 0100444);
	tap_ok(procfs_getattr(&fs, "/ipsec/spi/all", &st) == 0 &&
	       st.st_mode == (S_IFREG | 0444), "mode keeps permission bits only");
}

static void test_readlink(void)
{
	char buf[64];

	tap_ok(procfs_readlink("/ipsec_spi", buf, sizeof(buf)) == 0 &&
	       strcmp(buf, "ipsec/spi/all") == 0, "ipsec_spi -> ipsec/spi/all");
	tap_ok(procfs_readlink("/ipsec_spigrp", buf, sizeof(buf)) == 0 &&
	       strcmp(buf, "ipsec/spigrp/all") == 0, "ipsec_spigrp -> ipsec/spigrp/all");
	tap_ok(procfs_readlink("/ipsec_version", buf, sizeof(buf)) == 0 &&
	       strcmp(buf, "ipsec/version") == 0, "ipsec_version -> ipsec/version");
	tap_ok(procfs_readlink("/ipsec_spi", buf, 6) == 0 && strcmp(buf, "ipsec") == 0,
	       "readlink truncates to the buffer");
	tap_ok(procfs_readlink("/ipsec/spi/all", buf, sizeof(buf)) == -EINVAL,
	       "readlink of a file: EINVAL");
	tap_ok(procfs_readlink("/x", buf, sizeof(buf)) == -ENOENT, "readlink missing: ENOENT");
}

struct names {
	char text[256];
	int stop_after;
};

static int collect(void *ctx, const char *name)
{
	struct names *n = ctx;

	strcat(n->text, name);
	strcat(n->text, " ");
	return --n->stop_after == 0;
}

static void test_readdir(void)
{
	struct names n;

	memset(&n, 0, sizeof(n));
	tap_ok(procfs_readdir("/", collect, &n) == 0, "readdir /");
	tap_str(n.text, ". .. ipsec ipsec_eroute ipsec_spi ipsec_spigrp ipsec_tncfg ipsec_version ", "root entries");
	memset(&n, 0, sizeof(n));
	procfs_readdir("/ipsec", collect, &n);
	tap_str(n.text, ". .. eroute spi spigrp tncfg version ", "ipsec entries");
	memset(&n, 0, sizeof(n));
	procfs_readdir("/ipsec/spigrp", collect, &n);
	tap_str(n.text, ". .. all ", "ipsec/spigrp entries");
	memset(&n, 0, sizeof(n));
	n.stop_after = 3;
	procfs_readdir("/", collect, &n);
	tap_str(n.text, ". .. ipsec ", "readdir stops when the filler is full");
	tap_ok(procfs_readdir("/ipsec/version", collect, &n) == -ENOTDIR, "readdir file: ENOTDIR");
	tap_ok(procfs_readdir("/x", collect, &n) == -ENOENT, "readdir missing: ENOENT");
}

static void test_read_small(void)
{
	struct procfs_fake fake;
	struct procfs_handle *h = NULL;
	struct procfs fs;
	char buf[16], *all;
	size_t len;

	setup(&fs, &fake, PROCFS_DEFAULT_MODE);
	fake.text[PROCFS_SPIGRP] = "tun0x113@10.1.0.2 esp0x115@10.1.0.2 \n";
	tap_ok(procfs_open(&fs, "/ipsec/spigrp/all", O_RDONLY, 4242, &h) == 0 && h, "open spigrp");
	all = read_all(h, 1, &len);
	tap_str(all, fake.text[PROCFS_SPIGRP], "1-byte reads give the whole text");
	free(all);
	tap_ok(procfs_read(h, buf, sizeof(buf), 0) == 16 && memcmp(buf, "tun0x113@10.1.0.", 16) == 0,
	       "read is bounded by size");
	tap_ok(procfs_read(h, buf, sizeof(buf), 27) == 10 && memcmp(buf, "10.1.0.2 \n", 10) == 0,
	       "read near the end returns the rest");
	tap_ok(procfs_read(h, buf, sizeof(buf), 37) == 0, "read at EOF: 0");
	tap_ok(procfs_read(h, buf, sizeof(buf), 1 << 20) == 0, "read past EOF: 0");
	tap_ok(procfs_read(h, buf, 0, 0) == 0, "read of 0 bytes: 0");
	tap_ok(procfs_read(h, buf, sizeof(buf), -1) == -EINVAL, "negative offset: EINVAL");
	tap_ok(fake.calls == 1, "one generation per open");
	procfs_release(h);
	procfs_release(NULL);

	fake.text[PROCFS_SPI] = "";
	h = NULL;
	tap_ok(procfs_open(&fs, "/ipsec/spi/all", O_RDONLY, 4242, &h) == 0 && h && h->len == 0,
	       "empty table: open succeeds, empty file");
	tap_ok(h && procfs_read(h, buf, sizeof(buf), 0) == 0, "empty file reads 0");
	procfs_release(h);
}

static void test_read_large(void)
{
	const size_t lines = 6400;	/* 200 KiB: more than the 128 KiB readahead */
	const size_t chunks[] = { 1, 7, 4096, 65536, 131072, 1 << 20 };
	struct procfs_fake fake;
	struct procfs_handle *h = NULL;
	struct procfs fs;
	char *want, *got;
	size_t wlen, glen;

	setup(&fs, &fake, PROCFS_DEFAULT_MODE);
	fake.lines = lines;
	want = procfs_fake_text(1, lines, &wlen);
	tap_ok(procfs_open(&fs, "/ipsec/spi/all", O_RDONLY, 4242, &h) == 0 && h && h->len == wlen,
	       "large listing: %zu bytes", wlen);
	for (size_t i = 0; h && i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		got = read_all(h, chunks[i], &glen);
		tap_ok(got && glen == wlen && memcmp(got, want, wlen) == 0,
		       "large listing read in %zu-byte chunks is exact", chunks[i]);
		free(got);
	}
	tap_ok(fake.calls == 1, "re-reading a handle does not regenerate");
	procfs_release(h);
	free(want);
}

/*
 * A source that keeps its text in its own shape (the daemon's
 * listing_text): reads go through its read hook with offsets clipped to
 * the length, and its release hook frees the body once per handle.
 */
struct hooked {
	char text[64];
	int reads, released;
};

static struct hooked hooked;

static int hooked_generate(void *ctx, enum procfs_content what, pid_t reader, void **body,
			   size_t *len)
{
	(void)ctx, (void)what, (void)reader;
	snprintf(hooked.text, sizeof(hooked.text), "esp0x200@10.1.0.2 ESP_3DES\n");
	*body = &hooked;
	*len = strlen(hooked.text);
	return 0;
}

static size_t hooked_read(const void *body, char *buf, size_t size, size_t off)
{
	struct hooked *h = (struct hooked *)body;

	h->reads++;
	memcpy(buf, h->text + off, size);
	return size;
}

static void hooked_release(void *body)
{
	((struct hooked *)body)->released++;
}

static void test_read_hooks(void)
{
	const struct procfs_source src = {
		.generate = hooked_generate,
		.read = hooked_read,
		.release = hooked_release,
	};
	struct procfs_handle *h = NULL;
	struct procfs fs;
	char *got;
	size_t len;

	procfs_init(&fs, &src, PROCFS_DEFAULT_MODE);
	tap_ok(procfs_open(&fs, "/ipsec/spi/all", O_RDONLY, 4242, &h) == 0 && h && h->len == 27,
	       "a source with read hooks: open");
	got = h ? read_all(h, 5, &len) : NULL;
	tap_ok(got && len == 27 && strcmp(got, hooked.text) == 0 && hooked.reads == 6,
	       "reads go through the source's hook, clipped to the text");
	free(got);
	procfs_release(h);
	tap_ok(hooked.released == 1, "the body is released by the source's hook, once");
}

static void test_snapshot(void)
{
	struct procfs_fake fake;
	struct procfs_handle *a = NULL, *b = NULL;
	struct procfs fs;
	char half[4096], *rest, *wa, *wb;
	size_t la, lb, lr;
	ssize_t r;

	setup(&fs, &fake, PROCFS_DEFAULT_MODE);
	fake.lines = 256;
	wa = procfs_fake_text(1, fake.lines, &la);
	wb = procfs_fake_text(2, fake.lines, &lb);
	procfs_open(&fs, "/ipsec/spi/all", O_RDONLY, 4242, &a);
	r = a ? procfs_read(a, half, sizeof(half), 0) : -1;
	tap_ok(r == sizeof(half) && memcmp(half, wa, sizeof(half)) == 0, "first half of open #1");
	procfs_open(&fs, "/ipsec/spi/all", O_RDONLY, 4242, &b);
	tap_ok(b && b->len == lb && memcmp(b->body, wb, lb) == 0, "open #2 sees the new content");
	rest = NULL;
	if (a) {
		rest = malloc(la);
		lr = 0;
		while (rest && (r = procfs_read(a, rest + lr, 1000, (off_t)(sizeof(half) + lr))) > 0)
			lr += (size_t)r;
	}
	tap_ok(rest && lr == la - sizeof(half) && memcmp(rest, wa + sizeof(half), lr) == 0,
	       "open #1 finishes with its own snapshot");
	tap_ok(a && procfs_read(a, half, 32, 0) == 32 && memcmp(half, wa, 32) == 0,
	       "pread at 0 of open #1 is still snapshot #1");
	tap_ok(fake.calls == 2, "two opens, two generations");
	free(rest);
	free(wa);
	free(wb);
	procfs_release(a);
	procfs_release(b);
}

static void test_errors(void)
{
	static const struct {
		int source, reader;
	} map[] = {
		{ -EIO, -EIO }, { -EPERM, -EACCES }, { -EACCES, -EACCES }, { -ENOMEM, -ENOMEM },
		{ -ENOBUFS, -EIO }, { -ECONNREFUSED, -EIO }, { -EINVAL, -EIO }, { 7, -EIO },
	};
	struct procfs_fake fake;
	struct procfs_handle *h;
	struct procfs fs;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		setup(&fs, &fake, PROCFS_DEFAULT_MODE);
		fake.fail_err = map[i].source;
		fake.fail_left = -1;
		h = NULL;
		tap_ok(procfs_open(&fs, "/ipsec/spi/all", O_RDONLY, 4242, &h) == map[i].reader && !h,
		       "source %d: open fails with %d, no handle", map[i].source, map[i].reader);
	}

	setup(&fs, &fake, PROCFS_DEFAULT_MODE);
	fake.fail_err = -EAGAIN;
	fake.fail_left = -1;
	h = NULL;
	tap_ok(procfs_open(&fs, "/ipsec/spi/all", O_RDONLY, 4242, &h) == -EIO && !h,
	       "an interrupted dump the source gave up on: EIO");
	tap_ok(fake.calls == 1, "the source is asked once per open (it retries itself)");
	tap_ok(fake.last_reader == 4242, "the source is told the reader's pid");
}

static void test_refused(void)
{
	const int flags[] = { O_WRONLY, O_RDWR, O_RDONLY | O_TRUNC, O_WRONLY | O_APPEND,
			      O_WRONLY | O_CREAT };
	struct procfs_fake fake;
	struct procfs_handle *h = NULL;
	struct procfs fs;

	setup(&fs, &fake, PROCFS_DEFAULT_MODE);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		tap_ok(procfs_open(&fs, "/ipsec/spi/all", flags[i], 1, &h) == -EROFS,
		       "open with flags 0%o: EROFS", flags[i]);
	tap_ok(fake.calls == 0, "refused opens do not dump");
	tap_ok(procfs_open(&fs, "/ipsec", O_RDONLY, 4242, &h) == -EISDIR, "open dir: EISDIR");
	tap_ok(procfs_open(&fs, "/ipsec_spi", O_RDONLY, 4242, &h) == -ELOOP, "open link itself: ELOOP");
	tap_ok(procfs_open(&fs, "/ipsec_klipsdebug", O_RDONLY, 4242, &h) == -ENOENT, "open missing: ENOENT");
	tap_ok(procfs_open(&fs, "/ipsec/version", O_RDONLY | O_NONBLOCK, 1, &h) == 0,
	       "read-only open with other flags works");
	procfs_release(h);
}

int main(void)
{
	test_lookup();
	test_getattr();
	test_readlink();
	test_readdir();
	test_read_small();
	test_read_large();
	test_read_hooks();
	test_snapshot();
	test_errors();
	test_refused();
	return tap_done();
}
