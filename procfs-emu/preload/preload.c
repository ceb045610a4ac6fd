// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libklips-preload.so: makes /proc/net/ipsec_* and /proc/net/ipsec/ (and
 * their /proc/self, /proc/thread-self and /proc/PID spellings) read from
 * klips-procfs's directory, for programs that name them literally. Loaded
 * by klips-run (LD_PRELOAD) or, opt-in, by /etc/ld.so.preload.
 *
 * Each wrapper below is the libc function of the same name; for any path
 * that redirect_path() does not match it calls that function unchanged
 * (same arguments, same errno, no allocation, nothing but a string compare
 * and, for /proc/DIGITS, getpid/gettid). For a matched path it calls the
 * libc function on the new path, and a dead daemon's mount (ENOTCONN,
 * ECONNABORTED) reads as ENOENT, what the reader got when KLIPS was absent.
 *
 * The set is what glibc 2.36 programs call (objdump -T of coreutils, grep,
 * sed, gawk, mawk, perl, python3, bash, dash, busybox): glibc's own
 * internal calls (fopen -> open, opendir -> openat, euidaccess -> access)
 * are not interposable, so each entry point is wrapped. The __xstat family
 * serves programs built against glibc before 2.33.
 */
/* Our own names, not the headers' 64-bit or fortified redirections. */
#undef _FILE_OFFSET_BITS
#undef _FORTIFY_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procfs-emu/preload/redirect.h"

#define EXPORT __attribute__((visibility("default")))

/* glibc's entry points that its headers no longer (or only when fortifying) declare. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
int __xstat(int ver, const char *path, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags);
ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen);
ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len, size_t buflen);

/* The version of the __xstat family, which glibc 2.33+ keeps as compat symbols only. */
#if defined(__x86_64__)
#define XSTAT_VERSION "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define XSTAT_VERSION "GLIBC_2.17"
#elif defined(__i386__) || defined(__arm__)
#define XSTAT_VERSION "GLIBC_2.0"
#endif

static char dir[PATH_MAX];
static size_t dirlen;

/* The next definition of each wrapped function (libc's), found once. */
#define REAL(name) static __typeof__(name) *real_##name
REAL(open); REAL(open64); REAL(__open_2); REAL(__open64_2);
REAL(openat); REAL(openat64); REAL(__openat_2); REAL(__openat64_2);
REAL(fopen); REAL(fopen64); REAL(freopen); REAL(freopen64);
REAL(stat); REAL(stat64); REAL(lstat); REAL(lstat64); REAL(fstatat); REAL(fstatat64);
REAL(statx);
REAL(__xstat); REAL(__xstat64); REAL(__lxstat); REAL(__lxstat64);
REAL(__fxstatat); REAL(__fxstatat64);
REAL(access); REAL(faccessat); REAL(eaccess); REAL(euidaccess);
REAL(opendir); REAL(readlink); REAL(readlinkat); REAL(__readlink_chk);
REAL(__readlinkat_chk); REAL(chdir);

static void *next(const char *name, bool compat)
{
#ifdef XSTAT_VERSION
	if (compat)
		return dlvsym(RTLD_NEXT, name, XSTAT_VERSION);
#endif
	return compat ? NULL : dlsym(RTLD_NEXT, name);
}

#define RESOLVE(name, compat) \
	(real_##name ? real_##name : (real_##name = (__typeof__(name) *)next(#name, compat)))

static void init_dir(void)
{
	if (!dirlen)
		dirlen = redirect_dir(getenv("KLIPS_PROCDIR"), dir, sizeof(dir));
}

__attribute__((constructor)) static void init(void)
{
	init_dir();
	RESOLVE(open, 0); RESOLVE(open64, 0); RESOLVE(__open_2, 0); RESOLVE(__open64_2, 0);
	RESOLVE(openat, 0); RESOLVE(openat64, 0); RESOLVE(__openat_2, 0); RESOLVE(__openat64_2, 0);
	RESOLVE(fopen, 0); RESOLVE(fopen64, 0); RESOLVE(freopen, 0); RESOLVE(freopen64, 0);
	RESOLVE(stat, 0); RESOLVE(stat64, 0); RESOLVE(lstat, 0); RESOLVE(lstat64, 0);
	RESOLVE(fstatat, 0); RESOLVE(fstatat64, 0); RESOLVE(statx, 0);
	RESOLVE(__xstat, 1); RESOLVE(__xstat64, 1); RESOLVE(__lxstat, 1); RESOLVE(__lxstat64, 1);
	RESOLVE(__fxstatat, 1); RESOLVE(__fxstatat64, 1);
	RESOLVE(access, 0); RESOLVE(faccessat, 0); RESOLVE(eaccess, 0); RESOLVE(euidaccess, 0);
	RESOLVE(opendir, 0); RESOLVE(readlink, 0); RESOLVE(readlinkat, 0);
	RESOLVE(__readlink_chk, 0); RESOLVE(__readlinkat_chk, 0); RESOLVE(chdir, 0);
}

/*
 * Sets *path to the served path (in buf) if it is a KLIPS name. -1 with
 * ENAMETOOLONG if the served path would not fit; 0 otherwise.
 */
static int redirect(const char **path, char *buf)
{
	int r;

	/* Most paths are told apart by two bytes, here, without a call. */
	if (!*path || (*path)[0] != '/' || (*path)[1] != 'p')
		return 0;
	if (!dirlen)
		init_dir();
	r = redirect_path(*path, dir, dirlen, buf, PATH_MAX);
	if (r < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (r > 0)
		*path = buf;
	return 0;
}

/* A dead daemon's mount: the file is absent, as without KLIPS. */
static void dead_as_absent(const char *path, const char *buf)
{
	if (path == buf && (errno == ENOTCONN || errno == ECONNABORTED))
		errno = ENOENT;
}

/* The result of a call on a possibly redirected path: r, with errno mended on failure. */
#define FINISH(failed, r) \
	do { \
		if (failed) \
			dead_as_absent(path, buf); \
		return r; \
	} while (0)

#define MISSING(ret) \
	do { \
		errno = ENOSYS; \
		return ret; \
	} while (0)

/* open and friends: the mode is there only with O_CREAT or O_TMPFILE. */
#define MODE_ARG(flags, mode) \
	do { \
		if ((flags) & O_CREAT || ((flags) & O_TMPFILE) == O_TMPFILE) { \
			va_list ap_; \
			va_start(ap_, flags); \
			mode = va_arg(ap_, mode_t); \
			va_end(ap_); \
		} \
	} while (0)

/* open and openat: params end with `int flags, ...`; args pass them on with the mode. */
#define WRAP_OPENS(name, params, args) \
	EXPORT int name params \
	{ \
		char buf[PATH_MAX]; \
		mode_t mode = 0; \
		int r; \
		MODE_ARG(flags, mode); \
		if (redirect(&path, buf) < 0) \
			return -1; \
		if (!RESOLVE(name, 0)) \
			MISSING(-1); \
		r = real_##name args; \
		FINISH(r < 0, r); \
	}

#define WRAP_OPEN(name) WRAP_OPENS(name, (const char *path, int flags, ...), (path, flags, mode))
#define WRAP_OPENAT(name) \
	WRAP_OPENS(name, (int dirfd, const char *path, int flags, ...), (dirfd, path, flags, mode))

/* The rest share one shape: a `path` parameter, and `failed` tells a failure from r. */
#define WRAP(ret, name, compat, params, args, failed) \
	EXPORT ret name params \
	{ \
		char buf[PATH_MAX]; \
		ret r; \
		if (redirect(&path, buf) < 0) \
			return (ret)FAIL_##ret; \
		if (!RESOLVE(name, compat)) \
			MISSING((ret)FAIL_##ret); \
		r = real_##name args; \
		FINISH(failed, r); \
	}

#define FAIL_int -1
#define FAIL_ssize_t -1
#define FAIL_FILE_p NULL
#define FAIL_DIR_p NULL

WRAP_OPEN(open)
WRAP_OPEN(open64)
WRAP_OPENAT(openat)
WRAP_OPENAT(openat64)

typedef FILE *FILE_p;
typedef DIR *DIR_p;

WRAP(int, __open_2, 0, (const char *path, int flags), (path, flags), r < 0)
WRAP(int, __open64_2, 0, (const char *path, int flags), (path, flags), r < 0)
WRAP(int, __openat_2, 0, (int dirfd, const char *path, int flags), (dirfd, path, flags), r < 0)
WRAP(int, __openat64_2, 0, (int dirfd, const char *path, int flags), (dirfd, path, flags), r < 0)
WRAP(FILE_p, fopen, 0, (const char *path, const char *mode), (path, mode), !r)
WRAP(FILE_p, fopen64, 0, (const char *path, const char *mode), (path, mode), !r)
WRAP(FILE_p, freopen, 0, (const char *path, const char *mode, FILE *f), (path, mode, f), !r)
WRAP(FILE_p, freopen64, 0, (const char *path, const char *mode, FILE *f), (path, mode, f), !r)
WRAP(int, stat, 0, (const char *path, struct stat *st), (path, st), r < 0)
WRAP(int, stat64, 0, (const char *path, struct stat64 *st), (path, st), r < 0)
WRAP(int, lstat, 0, (const char *path, struct stat *st), (path, st), r < 0)
WRAP(int, lstat64, 0, (const char *path, struct stat64 *st), (path, st), r < 0)
WRAP(int, fstatat, 0, (int dirfd, const char *path, struct stat *st, int flags),
     (dirfd, path, st, flags), r < 0)
WRAP(int, fstatat64, 0, (int dirfd, const char *path, struct stat64 *st, int flags),
     (dirfd, path, st, flags), r < 0)
WRAP(int, statx, 0, (int dirfd, const char *path, int flags, unsigned int mask, struct statx *stx),
     (dirfd, path, flags, mask, stx), r < 0)
WRAP(int, __xstat, 1, (int ver, const char *path, struct stat *st), (ver, path, st), r < 0)
WRAP(int, __xstat64, 1, (int ver, const char *path, struct stat64 *st), (ver, path, st), r < 0)
WRAP(int, __lxstat, 1, (int ver, const char *path, struct stat *st), (ver, path, st), r < 0)
WRAP(int, __lxstat64, 1, (int ver, const char *path, struct stat64 *st), (ver, path, st), r < 0)
WRAP(int, __fxstatat, 1, (int ver, int dirfd, const char *path, struct stat *st, int flags),
     (ver, dirfd, path, st, flags), r < 0)
WRAP(int, __fxstatat64, 1, (int ver, int dirfd, const char *path, struct stat64 *st, int flags),
     (ver, dirfd, path, st, flags), r < 0)
WRAP(int, access, 0, (const char *path, int how), (path, how), r < 0)
WRAP(int, faccessat, 0, (int dirfd, const char *path, int how, int flags),
     (dirfd, path, how, flags), r < 0)
WRAP(int, eaccess, 0, (const char *path, int how), (path, how), r < 0)
WRAP(int, euidaccess, 0, (const char *path, int how), (path, how), r < 0)
WRAP(DIR_p, opendir, 0, (const char *path), (path), !r)
WRAP(ssize_t, readlink, 0, (const char *path, char *out, size_t len), (path, out, len), r < 0)
WRAP(ssize_t, readlinkat, 0, (int dirfd, const char *path, char *out, size_t len),
     (dirfd, path, out, len), r < 0)
WRAP(ssize_t, __readlink_chk, 0, (const char *path, char *out, size_t len, size_t outlen),
     (path, out, len, outlen), r < 0)
WRAP(ssize_t, __readlinkat_chk, 0,
     (int dirfd, const char *path, char *out, size_t len, size_t outlen),
     (dirfd, path, out, len, outlen), r < 0)
WRAP(int, chdir, 0, (const char *path), (path), r < 0)
