// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klips-procfs through a real FUSE mount (root and /dev/fuse needed, else
 * skipped), with the fake source in shared memory so the test can change
 * it while the daemon runs in a child process.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs-emu/daemon.h"
#include "procfs-emu/ops.h"
#include "procfs-emu/procfs.h"
#include "tests/unit/procfs_fake.h"
#include "tests/unit/tap.h"

#define LINES 6400		/* 200 KiB per listing */
#define GROUPS "tun0x113@10.1.0.2 esp0x115@10.1.0.2 \nesp0x115@10.1.0.2 \n"
#define VERSION_TEXT "Openswan version 2.6.38 (klips-compat test)\n"

struct env {
	char dir[256];
	char mnt[300];
	char sock[300];
	struct procfs_fake *fake;	/* shared with the daemon child */
	int notify_fd;
	pid_t daemon;
};

static void path_of(const struct env *e, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", e->mnt, name);
}

static void test_refusing_handlers(void)
{
	const struct fuse_operations *ops = procfs_fuse_ops();
	struct fuse_file_info fi = { 0 };
	struct timespec ts[2] = { { 0, 0 }, { 0, 0 } };

	tap_ok(ops->write("/ipsec/spi/all", "x", 1, 0, &fi) == -EROFS, "handler: write EROFS");
	tap_ok(ops->create("/new", 0644, &fi) == -EROFS, "handler: create EROFS");
	tap_ok(ops->mknod("/new", S_IFIFO | 0644, 0) == -EROFS, "handler: mknod EROFS");
	tap_ok(ops->mkdir("/d", 0755) == -EROFS, "handler: mkdir EROFS");
	tap_ok(ops->unlink("/ipsec_spi") == -EROFS, "handler: unlink EROFS");
	tap_ok(ops->rmdir("/ipsec") == -EROFS, "handler: rmdir EROFS");
	tap_ok(ops->symlink("a", "/l") == -EROFS, "handler: symlink EROFS");
	tap_ok(ops->link("/ipsec/version", "/l") == -EROFS, "handler: link EROFS");
	tap_ok(ops->rename("/ipsec_spi", "/x", 0) == -EROFS, "handler: rename EROFS");
	tap_ok(ops->chmod("/ipsec/spi/all", 0600, NULL) == -EROFS, "handler: chmod EROFS");
	tap_ok(ops->chown("/ipsec/spi/all", 1, 1, NULL) == -EROFS, "handler: chown EROFS");
	tap_ok(ops->truncate("/ipsec/spi/all", 0, NULL) == -EROFS, "handler: truncate EROFS");
	tap_ok(ops->utimens("/ipsec/spi/all", ts, NULL) == -EROFS, "handler: utimens EROFS");
	tap_ok(ops->setxattr("/ipsec/spi/all", "user.x", "1", 1, 0) == -EROFS,
	       "handler: setxattr EROFS");
	tap_ok(ops->removexattr("/ipsec/spi/all", "user.x") == -EROFS,
	       "handler: removexattr EROFS");
	tap_ok(ops->fallocate("/ipsec/spi/all", 0, 0, 1, &fi) == -EROFS,
	       "handler: fallocate EROFS");
	tap_ok(!ops->flush, "no flush handler: close() never waits on the daemon");
}

static int bind_notify_socket(struct env *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { 10, 0 };
	size_t n = strlen(e->sock);
	int fd;

	if (n >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, e->sock, n);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return -1;
	return fd;
}

/* Start the daemon in a child; wait for its READY=1. */
static int start_daemon(struct env *e, mode_t mode)
{
	struct procfs_daemon d = { .mountpoint = e->mnt, .foreground = true };
	char msg[128];
	ssize_t n;

	e->daemon = fork();
	if (e->daemon < 0)
		return -1;
	if (e->daemon == 0) {
		struct procfs_source src;
		struct procfs fs;

		/* Do not outlive a test that died half-way. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		close(e->notify_fd);
		setenv("NOTIFY_SOCKET", e->sock, 1);
		procfs_fake_source(e->fake, &src);
		procfs_init(&fs, &src, mode);
		_exit(procfs_serve(&d, &fs) == 0 ? 0 : 1);
	}
	/* Skip what an earlier daemon said on its way out (STOPPING=1). */
	while ((n = recv(e->notify_fd, msg, sizeof(msg) - 1, 0)) > 0) {
		msg[n] = '\0';
		if (strncmp(msg, "READY=1", 7) == 0)
			return 0;
	}
	return -1;
}

static int stop_daemon(struct env *e, int sig)
{
	int status;

	kill(e->daemon, sig);
	if (waitpid(e->daemon, &status, 0) < 0)
		return -1;
	if (sig == SIGKILL)
		return WIFSIGNALED(status) ? 0 : -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *read_fd(int fd, size_t chunk, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t r;

	while (buf) {
		if (n + chunk > cap) {
			char *grown = realloc(buf, (cap = 2 * (n + chunk)) + 1);

			if (!grown)
				break;
			buf = grown;
		}
		r = read(fd, buf + n, chunk);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (r == 0) {
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		n += (size_t)r;
	}
	free(buf);
	return NULL;
}

static char *read_path(const struct env *e, const char *name, size_t chunk, size_t *len, int *err)
{
	char path[400];
	char *text;
	int fd;

	path_of(e, name, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	text = read_fd(fd, chunk, len);
	*err = text ? 0 : errno;
	close(fd);
	return text;
}

/* A generated listing is complete and from one call: LINES lines, one call number. */
static int one_snapshot(const char *text, size_t len)
{
	size_t want_len;
	unsigned int call;
	char *want;
	int ok;

	if (len != LINES * PROCFS_FAKE_LINE || memchr(text, '\0', len) ||
	    sscanf(text, "call %u", &call) != 1)
		return 0;
	want = procfs_fake_text(call, LINES, &want_len);
	ok = want && want_len == len && memcmp(want, text, len) == 0;
	free(want);
	return ok;
}

static void test_attributes(const struct env *e)
{
	char path[400], target[64];
	struct stat st;
	ssize_t n;

	path_of(e, "ipsec/spi/all", path, sizeof(path));
	tap_ok(stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0400 &&
	       st.st_size == 0, "mounted: ipsec/spi/all regular, 0400 (the default), size 0");
	path_of(e, "ipsec_spi", path, sizeof(path));
	tap_ok(lstat(path, &st) == 0 && S_ISLNK(st.st_mode), "mounted: ipsec_spi is a symlink");
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	tap_str(target, "ipsec/spi/all", "mounted: ipsec_spi target");
	tap_ok(stat(path, &st) == 0 && S_ISREG(st.st_mode), "mounted: test -f ipsec_spi holds");
	path_of(e, "ipsec_spigrp", path, sizeof(path));
	tap_ok(access(path, R_OK) == 0, "mounted: ipsec_spigrp readable");
}

static void test_reads(const struct env *e)
{
	const size_t chunks[] = { 4096, 65536, 131072, 1 << 20 };
	char *text;
	size_t len;
	int err;

	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		text = read_path(e, "ipsec_spi", chunks[i], &len, &err);
		tap_ok(text && one_snapshot(text, len),
		       "mounted: %zu-byte reads give one complete 200 KiB listing", chunks[i]);
		free(text);
	}
	text = read_path(e, "ipsec_spigrp", 1, &len, &err);
	tap_str(text, GROUPS, "mounted: 1-byte reads of ipsec_spigrp");
	free(text);
	text = read_path(e, "ipsec/version", 7, &len, &err);
	tap_str(text, VERSION_TEXT, "mounted: ipsec/version");
	free(text);
}

static void test_direct_and_seek(const struct env *e)
{
	char path[400], small[64];
	void *buf = NULL;
	ssize_t n;
	int fd;

	path_of(e, "ipsec_spi", path, sizeof(path));
	fd = open(path, O_RDONLY | O_DIRECT);
	if (posix_memalign(&buf, 4096, 65536) != 0)
		buf = NULL;
	n = fd >= 0 && buf ? read(fd, buf, 65536) : -1;
	tap_ok(n == 65536 && memcmp(buf, "call ", 5) == 0, "mounted: O_DIRECT read");
	free(buf);
	if (fd >= 0)
		close(fd);

	path_of(e, "ipsec_spigrp", path, sizeof(path));
	fd = open(path, O_RDONLY);
	tap_ok(fd >= 0 && lseek(fd, 18, SEEK_SET) == 18 && read(fd, small, 17) == 17 &&
	       memcmp(small, "esp0x115@10.1.0.2", 17) == 0, "mounted: lseek then read");
	tap_ok(fd >= 0 && pread(fd, small, sizeof(small), 1 << 20) == 0, "mounted: pread past EOF: 0");
	tap_ok(fd >= 0 && pread(fd, small, sizeof(small), (off_t)strlen(GROUPS)) == 0,
	       "mounted: pread at EOF: 0");
	if (fd >= 0)
		close(fd);
}

static void test_snapshot(const struct env *e)
{
	char path[400], first[4096], again[4096];
	char *rest, *other;
	size_t rlen, olen;
	int fd, err;
	unsigned int c1 = 0, c2 = 0;

	path_of(e, "ipsec_spi", path, sizeof(path));
	fd = open(path, O_RDONLY);
	tap_ok(fd >= 0 && read(fd, first, sizeof(first)) == sizeof(first), "snapshot: first 4 KiB");
	other = read_path(e, "ipsec_spi", 65536, &olen, &err);
	rest = fd >= 0 ? read_fd(fd, 1000, &rlen) : NULL;
	sscanf(first, "call %u", &c1);
	if (other)
		sscanf(other, "call %u", &c2);
	tap_ok(other && c2 != c1, "snapshot: a second open sees a new listing (%u, %u)", c1, c2);
	if (rest) {
		char *whole = malloc(sizeof(first) + rlen);

		memcpy(whole, first, sizeof(first));
		memcpy(whole + sizeof(first), rest, rlen);
		tap_ok(one_snapshot(whole, sizeof(first) + rlen),
		       "snapshot: the first open ends with its own listing");
		free(whole);
	} else {
		tap_ok(0, "snapshot: the first open ends with its own listing");
	}
	tap_ok(fd >= 0 && pread(fd, again, sizeof(again), 0) == sizeof(again) &&
	       memcmp(again, first, sizeof(first)) == 0, "snapshot: pread at 0 is unchanged");
	free(rest);
	free(other);
	if (fd >= 0)
		close(fd);
}

static void test_refused(const struct env *e)
{
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	char file[400], symlnk[400], fresh[400], dir[400];

	path_of(e, "ipsec/spi/all", file, sizeof(file));
	path_of(e, "ipsec_spi", symlnk, sizeof(symlnk));
	path_of(e, "new", fresh, sizeof(fresh));
	path_of(e, "ipsec", dir, sizeof(dir));
#define REFUSED(call, what) \
	do { \
		int r_ = (call), e_ = errno; \
		tap_ok(r_ < 0 && e_ == EROFS, "mounted: %s refused: EROFS (%s)", what, \
		       r_ < 0 ? strerror(e_) : "succeeded"); \
	} while (0)
	REFUSED(open(file, O_WRONLY), "open for writing");
	REFUSED(open(symlnk, O_RDWR), "open read-write through the symlink");
	REFUSED(open(file, O_RDONLY | O_TRUNC), "open with O_TRUNC");
	REFUSED(open(fresh, O_WRONLY | O_CREAT, 0644), "create");
	REFUSED(truncate(file, 0), "truncate");
	REFUSED(chmod(file, 0600), "chmod");
	REFUSED(chown(file, 1, 1), "chown");
	REFUSED(utimensat(AT_FDCWD, file, ts, 0), "utimens");
	REFUSED(mkdir(fresh, 0755), "mkdir");
	REFUSED(unlink(symlnk), "unlink");
	REFUSED(rmdir(dir), "rmdir");
	REFUSED(rename(symlnk, fresh), "rename");
	REFUSED(symlink("x", fresh), "symlink");
	REFUSED(link(file, fresh), "link");
	REFUSED(mknod(fresh, S_IFIFO | 0644, 0), "mknod");
#undef REFUSED
}

static void test_errors(struct env *e)
{
	size_t len;
	char *text;
	int err;

	e->fake->fail_err = -EIO;
	atomic_store(&e->fake->fail_left, -1);
	text = read_path(e, "ipsec_spi", 4096, &len, &err);
	tap_ok(!text && err == EIO, "mounted: failing dump: open fails with EIO (%s)", strerror(err));
	free(text);
	e->fake->fail_err = -EPERM;
	text = read_path(e, "ipsec_spigrp", 4096, &len, &err);
	tap_ok(!text && err == EACCES, "mounted: EPERM dump: EACCES (%s)", strerror(err));
	free(text);
	atomic_store(&e->fake->fail_left, 0);
	text = read_path(e, "ipsec_spigrp", 4096, &len, &err);
	tap_str(text, GROUPS, "mounted: works again after failures");
	free(text);
	tap_ok(atomic_load(&e->fake->last_reader) == (int)getpid(),
	       "mounted: the source is told the reader's pid (%d)", atomic_load(&e->fake->last_reader));
}

struct reader {
	const struct env *e;
	int rounds, bad;
};

static void *reader_thread(void *arg)
{
	struct reader *r = arg;

	for (int i = 0; i < r->rounds; i++) {
		size_t len;
		int err;
		char *text = read_path(r->e, "ipsec/spi/all", 4096 << (i % 6), &len, &err);

		if (!text || !one_snapshot(text, len))
			r->bad++;
		free(text);
	}
	return NULL;
}

static void test_parallel(const struct env *e)
{
	struct reader readers[6];
	pthread_t threads[6];
	int bad = 0, started = 0;

	for (int i = 0; i < 6; i++) {
		readers[i] = (struct reader){ e, 40, 0 };
		if (pthread_create(&threads[i], NULL, reader_thread, &readers[i]) == 0)
			started++;
		else
			break;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		bad += readers[i].bad;
	}
	tap_ok(started == 6 && bad == 0, "mounted: 6 parallel readers x 40 reads, all complete (%d bad)",
	       bad);
}

/* Mode 0400 (denied): other users get EACCES; 0444: they read. The version is public. */
static void test_unprivileged_reader(const struct env *e, bool denied)
{
	char spi[400], version[400];
	pid_t pid;
	int status;

	path_of(e, "ipsec_spi", spi, sizeof(spi));
	path_of(e, "ipsec_version", version, sizeof(version));
	pid = fork();
	if (pid == 0) {
		int fd;

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(3);
		fd = open(spi, O_RDONLY);
		if (denied ? fd >= 0 || errno != EACCES : fd < 0)
			_exit(1);
		_exit(open(version, O_RDONLY) >= 0 ? 0 : 2);
	}
	tap_ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0, "mode %s: other users %s, the version stays readable",
	       denied ? "0400" : "0444", denied ? "get EACCES" : "read");
}

static int is_mounted(const char *path)
{
	char parent[400];
	struct stat a, b;

	snprintf(parent, sizeof(parent), "%s/..", path);
	return stat(path, &a) == 0 && stat(parent, &b) == 0 && a.st_dev != b.st_dev;
}

static void test_lifecycle(struct env *e)
{
	struct statfs sf;
	struct stat st;
	char *text, path[400];
	size_t len;
	int r, err, fd;

	tap_ok(stop_daemon(e, SIGTERM) == 0, "SIGTERM: the daemon exits 0");
	tap_ok(!is_mounted(e->mnt), "SIGTERM: unmounted");
	tap_ok(stat(e->mnt, &st) < 0 && errno == ENOENT, "SIGTERM: the mount point it made is removed");

	tap_ok(start_daemon(e, PROCFS_DEFAULT_MODE) == 0, "started again");
	tap_ok(stop_daemon(e, SIGINT) == 0 && !is_mounted(e->mnt), "SIGINT: exits 0, unmounted");

	/* Nothing touches the dead mount: stat would still answer from its cache. */
	tap_ok(start_daemon(e, PROCFS_DEFAULT_MODE) == 0, "started again");
	tap_ok(stop_daemon(e, SIGKILL) == 0, "SIGKILL");
	tap_ok(start_daemon(e, PROCFS_DEFAULT_MODE) == 0,
	       "restarted at once over the untouched dead mount: serves");
	text = read_path(e, "ipsec_spigrp", 4096, &len, &err);
	tap_str(text, GROUPS, "after restart: readable");
	free(text);

	/* Killed while a reader holds a file open, which it then reads. */
	path_of(e, "ipsec/spi/all", path, sizeof(path));
	fd = open(path, O_RDONLY);
	tap_ok(fd >= 0 && stop_daemon(e, SIGKILL) == 0, "SIGKILL with a file open");
	errno = 0;
	r = statfs(e->mnt, &sf);
	tap_ok(r < 0 && errno == ENOTCONN, "after SIGKILL the mount is stale (%s)", strerror(errno));
	tap_ok(start_daemon(e, 0444) == 0, "a new daemon detaches the stale mount and serves");
	text = read_path(e, "ipsec_spigrp", 4096, &len, &err);
	tap_str(text, GROUPS, "after restart: readable");
	free(text);
	if (fd >= 0)
		close(fd);
	test_unprivileged_reader(e, false);
	tap_ok(stop_daemon(e, SIGTERM) == 0 && !is_mounted(e->mnt), "final stop, unmounted");
}

static int setup_env(struct env *e)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(e->dir, sizeof(e->dir), "%s/procfs-fuse-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(e->dir) || chmod(e->dir, 0755) < 0)
		return -1;
	snprintf(e->mnt, sizeof(e->mnt), "%s/net", e->dir);
	snprintf(e->sock, sizeof(e->sock), "%s/notify", e->dir);
	e->fake = mmap(NULL, sizeof(*e->fake), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (e->fake == MAP_FAILED)
		return -1;
	memset(e->fake, 0, sizeof(*e->fake));
	e->fake->lines = LINES;
	e->fake->text[PROCFS_SPIGRP] = GROUPS;
	e->fake->text[PROCFS_VERSION] = VERSION_TEXT;
	e->notify_fd = bind_notify_socket(e);
	return e->notify_fd < 0 ? -1 : 0;
}

static void cleanup_env(struct env *e)
{
	if (e->notify_fd >= 0)
		close(e->notify_fd);
	unlink(e->sock);
	rmdir(e->mnt);
	rmdir(e->dir);
}

int main(void)
{
	struct env e = { .notify_fd = -1 };

	alarm(120);
	test_refusing_handlers();
	if (geteuid() != 0 || access("/dev/fuse", R_OK | W_OK) != 0) {
		tap_ok(1, "mount tests # SKIP need root and /dev/fuse");
		return tap_done();
	}
	if (setup_env(&e) < 0 || start_daemon(&e, PROCFS_DEFAULT_MODE) < 0) {
		tap_ok(0, "daemon starts and reports READY=1 (%s)", strerror(errno));
		cleanup_env(&e);
		return tap_done();
	}
	tap_ok(is_mounted(e.mnt), "mounted at %s", e.mnt);
	test_attributes(&e);
	test_reads(&e);
	test_direct_and_seek(&e);
	test_snapshot(&e);
	test_refused(&e);
	test_errors(&e);
	test_parallel(&e);
	test_unprivileged_reader(&e, true);
	test_lifecycle(&e);
	cleanup_env(&e);
	return tap_done();
}
