// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Calls every libc entry point libklips-preload.so wraps, on the path given,
 * and prints one line per call: "NAME OK DETAIL" or "NAME ERR errno-name".
 * Built without sanitizers (tests/unit/test_preload.c runs it with
 * LD_PRELOAD set) and without _FILE_OFFSET_BITS, so that both the plain and
 * the 64 names are called.
 */
#undef _FILE_OFFSET_BITS
#undef _FORTIFY_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen);
ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len, size_t buflen);

/* What programs built against glibc < 2.33 call for stat(). */
#if defined(__x86_64__)
int old_xstat(int ver, const char *path, struct stat *st);
__asm__(".symver old_xstat,__xstat@GLIBC_2.2.5");
#define HAVE_OLD_XSTAT 1
#endif

static const char *path;

static void report(const char *name, int failed, const char *detail)
{
	if (failed)
		printf("%s ERR %s\n", name, strerrorname_np(errno));
	else
		printf("%s OK %s\n", name, detail ? detail : "");
}

/* The first line of an fd's text, as detail. */
static void report_fd(const char *name, int fd)
{
	char buf[256];
	ssize_t n;

	if (fd < 0) {
		report(name, 1, NULL);
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	report(name, 0, buf);
}

static void report_file(const char *name, FILE *f)
{
	char buf[256] = "";

	if (!f) {
		report(name, 1, NULL);
		return;
	}
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	report(name, 0, buf);
}

static const char *kind(mode_t mode)
{
	return S_ISREG(mode) ? "reg" : S_ISDIR(mode) ? "dir" : S_ISLNK(mode) ? "lnk" : "?";
}

/* The call first, then its result's file type (arguments have no order). */
#define REPORT_STAT(name, call, mode) \
	do { \
		int r_ = (call); \
		report(name, r_ < 0, kind(mode)); \
	} while (0)

int main(int argc, char *argv[])
{
	struct stat st;
	struct stat64 st64;
	struct statx stx;
	char buf[256];
	ssize_t n;
	DIR *d;
	FILE *f;

	if (argc != 2)
		return 2;
	path = argv[1];
	report_fd("open", open(path, O_RDONLY));
	report_fd("open64", open64(path, O_RDONLY));
	report_fd("__open_2", __open_2(path, O_RDONLY));
	report_fd("__open64_2", __open64_2(path, O_RDONLY));
	report_fd("openat", openat(AT_FDCWD, path, O_RDONLY));
	report_fd("openat64", openat64(123456, path, O_RDONLY));
	report_fd("__openat_2", __openat_2(AT_FDCWD, path, O_RDONLY));
	report_fd("__openat64_2", __openat64_2(AT_FDCWD, path, O_RDONLY));
	report_file("fopen", fopen(path, "r"));
	report_file("fopen64", fopen64(path, "re"));
	f = fopen("/dev/null", "r");
	report_file("freopen", f ? freopen(path, "r", f) : NULL);
	f = fopen("/dev/null", "r");
	report_file("freopen64", f ? freopen64(path, "r", f) : NULL);
	REPORT_STAT("stat", stat(path, &st), st.st_mode);
	REPORT_STAT("stat64", stat64(path, &st64), st64.st_mode);
	REPORT_STAT("lstat", lstat(path, &st), st.st_mode);
	REPORT_STAT("lstat64", lstat64(path, &st64), st64.st_mode);
	REPORT_STAT("fstatat", fstatat(AT_FDCWD, path, &st, 0), st.st_mode);
	REPORT_STAT("fstatat64", fstatat64(AT_FDCWD, path, &st64, AT_SYMLINK_NOFOLLOW), st64.st_mode);
	REPORT_STAT("statx", statx(AT_FDCWD, path, 0, STATX_TYPE, &stx), stx.stx_mode);
#ifdef HAVE_OLD_XSTAT
	REPORT_STAT("__xstat", old_xstat(1, path, &st), st.st_mode);
#else
	report("__xstat", 0, "reg");
#endif
	report("access", access(path, R_OK) < 0, NULL);
	report("faccessat", faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) < 0, NULL);
	report("eaccess", eaccess(path, R_OK) < 0, NULL);
	report("euidaccess", euidaccess(path, R_OK) < 0, NULL);
	d = opendir(path);
	report("opendir", !d, NULL);
	if (d)
		closedir(d);
	n = readlink(path, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	report("readlink", n < 0, buf);
	n = readlinkat(AT_FDCWD, path, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	report("readlinkat", n < 0, buf);
	n = __readlink_chk(path, buf, sizeof(buf) - 1, sizeof(buf));
	buf[n > 0 ? n : 0] = '\0';
	report("__readlink_chk", n < 0, buf);
	n = __readlinkat_chk(AT_FDCWD, path, buf, sizeof(buf) - 1, sizeof(buf));
	buf[n > 0 ? n : 0] = '\0';
	report("__readlinkat_chk", n < 0, buf);
	report("chdir", chdir(path) < 0, NULL);
	/* errno is left alone by successful calls, redirected or not. */
	errno = 77;
	if (stat("/", &st) == 0 && stat(path, &st) == 0 && access(path, F_OK) == 0)
		report("errno-kept", errno != 77, errno == 77 ? "77" : NULL);
	else
		report("errno-kept", 1, NULL);
	return 0;
}
