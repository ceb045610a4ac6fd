// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "procfs-emu/daemon.h"
#include "procfs-emu/ops.h"

extern char **environ;

static bool use_syslog;

void procfs_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(LOG_WARNING, fmt, ap);
		va_end(ap);
		return;
	}
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write per line: threads do not interleave. */
	dprintf(STDERR_FILENO, "klips-procfs: %.*s", n, line);
}

/* mkdir -p; *made counts the directories made (the deepest ones, down to the leaf). */
static int mkdir_p(const char *path, int *made)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	*made = 0;
	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1;; p++) {
		if (*p && *p != '/')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, 0755) == 0)
				++*made;
			else if (errno != EEXIST)
				return -1;
			*p = c;
		}
		if (!*p)
			return 0;
	}
}

/* Remove the `made` deepest directories of path, the leaf first, if empty. */
static void rmdir_made(const char *path, int made)
{
	char buf[PATH_MAX];
	char *slash;

	if (made <= 0 || strlen(path) >= sizeof(buf))
		return;
	strcpy(buf, path);
	while (made-- > 0 && rmdir(buf) == 0) {
		slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			break;
		*slash = '\0';
	}
}

static int is_mount_root(const char *path)
{
	struct statx stx;
	struct stat here, up;
	char parent[PATH_MAX];

	if (statx(AT_FDCWD, path, AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &stx) == 0 &&
	    (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return !!(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	if (snprintf(parent, sizeof(parent), "%s/..", path) >= (int)sizeof(parent))
		return -1;
	if (stat(path, &here) < 0 || stat(parent, &up) < 0)
		return -1;
	return here.st_dev != up.st_dev || here.st_ino == up.st_ino;
}

/*
 * A FUSE mount whose daemon died answers ENOTCONN (ECONNABORTED while the
 * connection is torn down). statfs always asks the daemon; stat may be
 * answered from the attribute cache for a second after the death, and then
 * the dead mount looks alive.
 */
static bool is_stale(const char *path)
{
	struct statfs sf;

	return statfs(path, &sf) < 0 && (errno == ENOTCONN || errno == ECONNABORTED);
}

static int detach_stale(const char *path)
{
	char *const argv[] = { "fusermount3", "-u", "-z", (char *)path, NULL };
	pid_t pid;
	int status;

	procfs_log("%s: stale mount (daemon gone), detaching it", path);
	if (umount2(path, MNT_DETACH) == 0)
		return 0;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Stale mounts detached (stacked ones too), the directory made if missing. */
static int prepare_mountpoint(const char *path, int *made)
{
	struct stat st;
	int mounted;

	*made = 0;
	for (int i = 0; is_stale(path); i++) {
		if (i == 8 || detach_stale(path) < 0) {
			procfs_log("%s: cannot detach the stale mount; try `fusermount3 -uz %s'",
				   path, path);
			return -1;
		}
	}
	if (stat(path, &st) < 0) {
		if (errno != ENOENT || mkdir_p(path, made) < 0 || stat(path, &st) < 0) {
			procfs_log("%s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (!S_ISDIR(st.st_mode)) {
		procfs_log("%s: not a directory", path);
		return -1;
	}
	mounted = is_mount_root(path);
	if (mounted != 0) {
		procfs_log("%s: %s", path, mounted > 0 ?
			   "something is already mounted there (another klips-procfs?)" :
			   strerror(errno));
		return -1;
	}
	return 0;
}

static int build_args(const struct procfs_daemon *d, struct fuse_args *args)
{
	char opts[256];

	/* ro: the kernel refuses every change with EROFS before asking us. */
	snprintf(opts, sizeof(opts),
		 "ro,default_permissions,fsname=klips-procfs,subtype=klips-procfs%s",
		 geteuid() == 0 ? ",allow_other" : "");
	if (fuse_opt_add_arg(args, "klips-procfs") ||
	    (d->fuse_opts && (fuse_opt_add_arg(args, "-o") || fuse_opt_add_arg(args, d->fuse_opts))) ||
	    fuse_opt_add_arg(args, "-o") || fuse_opt_add_arg(args, opts) ||
	    (d->debug && fuse_opt_add_arg(args, "-d")))
		return -1;
	return 0;
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -1;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f) == 0 ? 0 : -1;
}

/* systemd Type=notify without libsystemd: one datagram to $NOTIFY_SOCKET. */
static void notify_systemd(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@'))
		return;
	n = strlen(path);
	if (n >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, n);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa,
	       (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
	close(fd);
}

enum fork_role { ROLE_CHILD, ROLE_PARENT_OK, ROLE_PARENT_FAILED, ROLE_NO_FORK };

/*
 * Background mode: the child serves; the parent waits until the child says
 * it is serving (pidfile written), so "klips-procfs && use it" is safe.
 */
static enum fork_role daemonize(int *ready_fd, pid_t *child)
{
	int pipefd[2];
	pid_t pid;
	char c;
	ssize_t n;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return ROLE_NO_FORK;
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return ROLE_NO_FORK;
	}
	if (pid > 0) {
		*child = pid;
		close(pipefd[1]);
		while ((n = read(pipefd[0], &c, 1)) < 0 && errno == EINTR)
			;
		close(pipefd[0]);
		return n == 1 ? ROLE_PARENT_OK : ROLE_PARENT_FAILED;
	}
	close(pipefd[0]);
	setsid();
	/* Do not keep the starting directory busy; "/" always exists. */
	if (chdir("/") < 0)
		procfs_log("chdir /: %s", strerror(errno));
	*ready_fd = pipefd[1];
	return ROLE_CHILD;
}

static void detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

static void report_ready(const struct procfs_daemon *d, int ready_fd)
{
	char ok[64];

	if (ready_fd >= 0) {
		openlog("klips-procfs", LOG_PID, LOG_DAEMON);
		use_syslog = true;
		detach_stdio();
		if (write(ready_fd, "", 1) < 0)
			syslog(LOG_WARNING, "cannot report readiness: %m");
		close(ready_fd);
	}
	procfs_log("serving %s at %s", d->serving ? d->serving : "the files", d->mountpoint);
	snprintf(ok, sizeof(ok), "READY=1\nMAINPID=%d", (int)getpid());
	notify_systemd(ok);
}

/* Mounted, in the serving process: run until a signal or an unmount. */
static int serve_mounted(const struct procfs_daemon *d, struct fuse *fuse, int ready_fd)
{
	struct fuse_session *se = fuse_get_session(fuse);
	int err;

	if (d->pidfile && write_pidfile(d->pidfile) < 0) {
		procfs_log("%s: %s", d->pidfile, strerror(errno));
		return -1;
	}
	/*
	 * libfuse keeps an inherited SIG_IGN, and shells start background jobs
	 * with SIGINT ignored: stopping must always work. SIGHUP stays as
	 * inherited, so nohup keeps its meaning.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (fuse_set_signal_handlers(se) != 0) {
		procfs_log("cannot install signal handlers");
		return -1;
	}
	report_ready(d, ready_fd);
	/* Handlers share nothing mutable, so requests may run in parallel. */
	err = fuse_loop_mt(fuse, 0);
	notify_systemd("STOPPING=1");
	fuse_remove_signal_handlers(se);
	if (d->pidfile)
		unlink(d->pidfile);
	if (err < 0) {
		procfs_log("serving %s failed: %s", d->mountpoint, strerror(-err));
		return -1;
	}
	return 0;
}

/* Absolute, because the background process leaves the working directory. */
static char *absolute(const char *path)
{
	char *cwd, *abs;

	if (path[0] == '/')
		return strdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd || asprintf(&abs, "%s/%s", cwd, path) < 0)
		abs = NULL;
	free(cwd);
	return abs;
}

int procfs_serve(const struct procfs_daemon *d, struct procfs *fs)
{
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	struct procfs_daemon served = *d;
	struct fuse *fuse = NULL;
	char *mountpoint = NULL, *pidfile = NULL;
	enum fork_role role = ROLE_CHILD;
	int ready_fd = -1, ret = -1, made;
	pid_t child = 0;

	if (prepare_mountpoint(d->mountpoint, &made) < 0)
		return -1;
	mountpoint = realpath(d->mountpoint, NULL);
	if (d->pidfile)
		pidfile = absolute(d->pidfile);
	if (!mountpoint || (d->pidfile && !pidfile) || build_args(d, &args) < 0) {
		procfs_log("%s: %s", d->mountpoint, strerror(errno));
		goto out;
	}
	served.mountpoint = mountpoint;
	served.pidfile = pidfile;
	fuse = fuse_new(&args, procfs_fuse_ops(), sizeof(struct fuse_operations), fs);
	if (!fuse)
		goto out;
	if (fuse_mount(fuse, mountpoint) != 0)
		goto out;
	if (!d->foreground && !d->debug)
		role = daemonize(&ready_fd, &child);
	if (role == ROLE_CHILD) {
		ret = serve_mounted(&served, fuse, ready_fd);
		fuse_unmount(fuse);
	} else if (role == ROLE_NO_FORK) {
		procfs_log("cannot start the background process: %s", strerror(errno));
		fuse_unmount(fuse);
	} else {
		/* The child owns the mount (and unmounts it if it failed). */
		made = 0;
		ret = role == ROLE_PARENT_OK ? 0 : -1;
		if (ret)
			procfs_log("%s: the background process did not start", mountpoint);
		else
			printf("klips-procfs: serving %s at %s (pid %d)\n",
			       d->serving ? d->serving : "the files", mountpoint, (int)child);
	}
out:
	/* Whoever unmounted removes the mount point if this daemon made it. */
	if (made)
		rmdir_made(mountpoint ? mountpoint : d->mountpoint, made);
	if (ready_fd >= 0)
		close(ready_fd);
	if (fuse)
		fuse_destroy(fuse);
	fuse_opt_free_args(&args);
	free(mountpoint);
	free(pidfile);
	return ret;
}
