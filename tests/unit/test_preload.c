// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The preload library and klips-run: which paths are redirected, every
 * wrapped libc call (build/tests/preload-calls run with the library),
 * unchanged behaviour elsewhere, the absent daemon, static binaries and
 * the system-wide switch. No root, no FUSE: a plain directory stands in for
 * klips-procfs. Run from the top of the tree, after make.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs-emu/preload/redirect.h"
#include "tests/unit/tap.h"

#define RUN_REL "build/bin/klips-run"
#define CALLS_REL "build/tests/preload-calls"
#define RUN run_bin
#define CALLS calls_bin
#define SPI_TEXT "esp0x101@192.0.2.1 ESP_3DES_HMAC_MD5: dir=in src=192.0.2.2\n"
#define GRP_TEXT "tun0x113@10.1.0.2 esp0x115@10.1.0.2 \n"

static char tmp[PATH_MAX], fake[PATH_MAX + 16];
/* Absolute: one test runs from another directory. */
static char run_bin[PATH_MAX], calls_bin[PATH_MAX];

static void test_paths(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "/proc/net/ipsec_spi", "/d/ipsec_spi" },
		{ "/proc/net/ipsec_spigrp", "/d/ipsec_spigrp" },
		{ "/proc/net/ipsec_eroute", "/d/ipsec_eroute" },
		{ "/proc/net/ipsec", "/d/ipsec" },
		{ "/proc/net/ipsec/", "/d/ipsec/" },
		{ "/proc/net/ipsec/spi/all", "/d/ipsec/spi/all" },
		{ "/proc/net/ipsec/eroute/all", "/d/ipsec/eroute/all" },
		{ "/proc/self/net/ipsec_spi", "/d/ipsec_spi" },
		{ "/proc/self/net/ipsec/version", "/d/ipsec/version" },
		{ "/proc/thread-self/net/ipsec_tncfg", "/d/ipsec_tncfg" },
		{ "/proc/net/ipsecx", NULL },
		{ "/proc/net/ipse", NULL },
		{ "/proc/net/dev", NULL },
		{ "/proc/net/", NULL },
		{ "/proc/net", NULL },
		{ "/proc/self/net/tcp", NULL },
		{ "/proc/1/net/ipsec_spi", NULL },
		{ "/proc/01/net/ipsec_spi", NULL },
		{ "/proc/12345678901234567890/net/ipsec_spi", NULL },
		{ "/proc/self/ipsec_spi", NULL },
		{ "proc/net/ipsec_spi", NULL },
		{ "net/ipsec_spi", NULL },
		{ "/run/proc/net/ipsec_spi", NULL },
		{ "//proc/net/ipsec_spi", NULL },
		{ "", NULL },
	};
	char out[64], own[64], small[13];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = redirect_path(cases[i].in, "/d", 2, out, sizeof(out));

		if (cases[i].out)
			tap_ok(r == 1 && strcmp(out, cases[i].out) == 0, "'%s' -> %s", cases[i].in,
			       cases[i].out);
		else
			tap_ok(r == 0, "'%s' is left alone", cases[i].in);
	}
	tap_ok(redirect_path(NULL, "/d", 2, out, sizeof(out)) == 0, "NULL is left alone");
	snprintf(own, sizeof(own), "/proc/%d/net/ipsec_spi", (int)getpid());
	tap_ok(redirect_path(own, "/d", 2, out, sizeof(out)) == 1 && strcmp(out, "/d/ipsec_spi") == 0,
	       "/proc/<own pid>/net/ipsec_spi is redirected");
	snprintf(own, sizeof(own), "/proc/%d/net/ipsec_spi", (int)getppid());
	tap_ok(redirect_path(own, "/d", 2, out, sizeof(out)) == 0,
	       "/proc/<another pid>/net/ipsec_spi is not (another namespace, maybe)");
	tap_ok(redirect_path("/proc/net/ipsec_spi", "/d", 2, small, sizeof(small)) == 1,
	       "a result that just fits");
	tap_ok(redirect_path("/proc/net/ipsec_spigrp", "/d", 2, small, sizeof(small)) == -1,
	       "a result that does not fit: -1");
}

static void test_dir(void)
{
	char dir[64];

	tap_ok(redirect_dir(NULL, dir, sizeof(dir)) == strlen(REDIRECT_DEFAULT_DIR) &&
	       strcmp(dir, REDIRECT_DEFAULT_DIR) == 0, "no KLIPS_PROCDIR: the default");
	redirect_dir("/srv/k//", dir, sizeof(dir));
	tap_str(dir, "/srv/k", "KLIPS_PROCDIR without its final slashes");
	redirect_dir("relative/dir", dir, sizeof(dir));
	tap_str(dir, REDIRECT_DEFAULT_DIR, "a relative KLIPS_PROCDIR is not used");
	redirect_dir("", dir, sizeof(dir));
	tap_str(dir, REDIRECT_DEFAULT_DIR, "an empty KLIPS_PROCDIR is not used");
}

static void test_errno_kept(void)
{
	char out[64];

	errno = 4242;
	redirect_path("/proc/net/dev", "/d", 2, out, sizeof(out));
	redirect_path("/proc/1/net/ipsec_spi", "/d", 2, out, sizeof(out));
	redirect_path("/proc/net/ipsec_spi", "/d", 2, out, sizeof(out));
	tap_ok(errno == 4242, "the matcher never touches errno");
}

/* Run argv (with KLIPS_PROCDIR=dir if dir), stdout and stderr into out. Exit status, or -1. */
static int run(const char *dir, char *const argv[], char *out, size_t size)
{
	int pipefd[2], status;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(pipefd) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		if (dir)
			setenv("KLIPS_PROCDIR", dir, 1);
		else
			unsetenv("KLIPS_PROCDIR");
		unsetenv("LD_PRELOAD");
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((r = read(pipefd[0], out + n, size - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* The file's text (at most size - 1 bytes) in text; "" if it cannot be read. */
static void read_file(const char *path, char *text, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(text, 1, size - 1, f) : 0;

	text[n] = '\0';
	if (f)
		fclose(f);
}

static int make_fake(void)
{
	const char *t = getenv("TMPDIR");
	char p[PATH_MAX + 64];

	snprintf(tmp, sizeof(tmp), "%s/preload-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(fake, sizeof(fake), "%s/net", tmp);
	snprintf(p, sizeof(p), "%s/ipsec/spi", fake);
	if (mkdir(fake, 0755) || mkdir((snprintf(p, sizeof(p), "%s/ipsec", fake), p), 0755))
		return -1;
	snprintf(p, sizeof(p), "%s/ipsec/spi", fake);
	if (mkdir(p, 0755))
		return -1;
	snprintf(p, sizeof(p), "%s/ipsec/spigrp", fake);
	if (mkdir(p, 0755))
		return -1;
	snprintf(p, sizeof(p), "%s/ipsec/spi/all", fake);
	if (write_file(p, SPI_TEXT))
		return -1;
	snprintf(p, sizeof(p), "%s/ipsec/spigrp/all", fake);
	if (write_file(p, GRP_TEXT))
		return -1;
	snprintf(p, sizeof(p), "%s/ipsec_spi", fake);
	if (symlink("ipsec/spi/all", p))
		return -1;
	snprintf(p, sizeof(p), "%s/ipsec_spigrp", fake);
	return symlink("ipsec/spigrp/all", p);
}

static void remove_fake(void)
{
	char *const argv[] = { "rm", "-rf", tmp, NULL };
	char out[256];

	if (tmp[0])
		run(NULL, argv, out, sizeof(out));
}

/* The line of NAME in preload-calls' output, or "". */
static const char *line_of(const char *out, const char *name, char *buf, size_t size)
{
	size_t n = strlen(name);

	for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, name, n) == 0 && p[n] == ' ') {
			snprintf(buf, size, "%.*s", (int)strcspn(p, "\n"), p);
			return buf;
		}
	}
	return "";
}

static void test_calls(void)
{
	static const struct {
		const char *name, *want;
	} file[] = {
		{ "open", "OK esp0x101" }, { "open64", "OK esp0x101" }, { "__open_2", "OK esp0x101" },
		{ "__open64_2", "OK esp0x101" }, { "openat", "OK esp0x101" },
		{ "openat64", "OK esp0x101" }, { "__openat_2", "OK esp0x101" },
		{ "__openat64_2", "OK esp0x101" }, { "fopen", "OK esp0x101" },
		{ "fopen64", "OK esp0x101" }, { "freopen", "OK esp0x101" },
		{ "freopen64", "OK esp0x101" }, { "stat", "OK reg" }, { "stat64", "OK reg" },
		{ "lstat", "OK lnk" }, { "lstat64", "OK lnk" }, { "fstatat", "OK reg" },
		{ "fstatat64", "OK lnk" }, { "statx", "OK reg" }, { "__xstat", "OK reg" },
		{ "access", "OK" }, { "faccessat", "OK" }, { "eaccess", "OK" },
		{ "euidaccess", "OK" }, { "opendir", "ERR ENOTDIR" },
		{ "readlink", "OK ipsec/spi/all" }, { "readlinkat", "OK ipsec/spi/all" },
		{ "__readlink_chk", "OK ipsec/spi/all" }, { "__readlinkat_chk", "OK ipsec/spi/all" },
		{ "chdir", "ERR ENOTDIR" }, { "errno-kept", "OK 77" },
	};
	char *const spi[] = { RUN, CALLS, "/proc/net/ipsec_spi", NULL };
	char *const dir[] = { RUN, CALLS, "/proc/self/net/ipsec", NULL };
	char *const dev[] = { RUN, CALLS, "/proc/net/dev", NULL };
	char *const dev_plain[] = { CALLS, "/proc/net/dev", NULL };
	char *const grp[] = { RUN, CALLS, "/proc/thread-self/net/ipsec_spigrp", NULL };
	static char out[8192], out2[8192];
	char line[PATH_MAX + 16], want[256];
	int r;

	r = run(fake, spi, out, sizeof(out));
	tap_ok(r == 0, "preload-calls /proc/net/ipsec_spi under klips-run (exit %d)", r);
	for (size_t i = 0; i < sizeof(file) / sizeof(file[0]); i++) {
		snprintf(want, sizeof(want), "%s %s", file[i].name, file[i].want);
		tap_ok(strncmp(line_of(out, file[i].name, line, sizeof(line)), want, strlen(want)) == 0,
		       "%s(\"/proc/net/ipsec_spi\") is served: %s", file[i].name, line);
	}
	run(fake, dir, out, sizeof(out));
	tap_str(line_of(out, "opendir", line, sizeof(line)), "opendir OK ",
		"opendir(\"/proc/self/net/ipsec\") is served");
	tap_str(line_of(out, "chdir", line, sizeof(line)), "chdir OK ",
		"chdir(\"/proc/self/net/ipsec\") is served");
	tap_str(line_of(out, "lstat", line, sizeof(line)), "lstat OK dir", "lstat of the directory");
	run(fake, grp, out, sizeof(out));
	tap_str(line_of(out, "fopen", line, sizeof(line)), "fopen OK tun0x113@10.1.0.2 esp0x115@10.1.0.2 ",
		"/proc/thread-self/net/ipsec_spigrp is served");

	/* Nothing else changes: the same answers, errors and all, with and without. */
	run(fake, dev, out, sizeof(out));
	run(NULL, dev_plain, out2, sizeof(out2));
	tap_ok(out[0] && strcmp(out, out2) == 0, "/proc/net/dev: every call answers as without the library");
	tap_str(line_of(out, "opendir", line, sizeof(line)), "opendir ERR ENOTDIR",
		"(an error is the same error)");

	/* No daemon: what the reader got without KLIPS. */
	snprintf(line, sizeof(line), "%s/none", tmp);
	run(line, spi, out, sizeof(out));
	tap_ok(strstr(out, "open ERR ENOENT") && strstr(out, "fopen ERR ENOENT") &&
	       strstr(out, "stat ERR ENOENT") && strstr(out, "access ERR ENOENT") &&
	       strstr(out, "opendir ERR ENOENT"), "no daemon (no directory): ENOENT everywhere");
}

static void test_programs(void)
{
	char *const cat[] = { RUN, "cat", "/proc/net/ipsec_spi", NULL };
	char *const bash[] = { RUN, "bash", "-c",
			       "read -r l </proc/net/ipsec_spigrp && echo \"$l\" && "
			       "[ -d /proc/net/ipsec/spi ] && [ -f /proc/net/ipsec_spi ] && "
			       "[ -L /proc/net/ipsec_spi ] && [ -r /proc/self/net/ipsec_spi ] && echo tests",
			       NULL };
	char *const py[] = { RUN, "python3", "-c",
			     "import sys; sys.stdout.write(open('/proc/net/ipsec_spi').read())", NULL };
	char *const nodir[] = { RUN, "-d", "/nonexistent/klips", "cat", "/proc/net/ipsec_spi", NULL };
	char *const missing[] = { RUN, "/nonexistent/command", NULL };
	char *const noargs[] = { RUN, NULL };
	char *const help[] = { RUN, "--help", NULL };
	char *const relative[] = { RUN, "-d", "net", "sh", "-c", "echo $KLIPS_PROCDIR", NULL };
	char out[4096], want[PATH_MAX + 32];
	int r;

	r = run(fake, cat, out, sizeof(out));
	tap_ok(r == 0 && strcmp(out, SPI_TEXT) == 0, "klips-run cat /proc/net/ipsec_spi");
	r = run(fake, bash, out, sizeof(out));
	tap_ok(r == 0 && strcmp(out, "tun0x113@10.1.0.2 esp0x115@10.1.0.2\ntests\n") == 0,
	       "klips-run bash: read <, [ -d ], [ -f ], [ -L ], [ -r ]");
	if (access("/usr/bin/python3", X_OK) == 0) {
		r = run(fake, py, out, sizeof(out));
		tap_ok(r == 0 && strcmp(out, SPI_TEXT) == 0, "klips-run python3 open().read()");
	} else {
		tap_ok(1, "klips-run python3 # SKIP no python3");
	}
	r = run(fake, nodir, out, sizeof(out));
	tap_ok(r == 1 && strstr(out, "No such file or directory"),
	       "-d a directory that is not there: ENOENT");
	r = run(fake, missing, out, sizeof(out));
	tap_ok(r == 127 && strstr(out, "/nonexistent/command"), "a missing command: exit 127");
	tap_ok(run(fake, noargs, out, sizeof(out)) == 125 && strstr(out, "Usage: klips-run"),
	       "no command: usage, exit 125");
	tap_ok(run(fake, help, out, sizeof(out)) == 0 && strncmp(out, "Usage: klips-run", 16) == 0,
	       "--help");
	if (getcwd(want, sizeof(want)) && chdir(tmp) == 0) {
		char cwd[PATH_MAX], expect[PATH_MAX + 16];

		r = getcwd(cwd, sizeof(cwd)) ? run(NULL, relative, out, sizeof(out)) : -1;
		snprintf(expect, sizeof(expect), "%s/net\n", cwd);
		tap_ok(r == 0 && strcmp(out, expect) == 0, "-d DIR relative: made absolute");
		if (chdir(want) < 0)
			tap_ok(0, "back to %s", want);
	}
}

/* busybox-static (tools/deps check installs it) ignores LD_PRELOAD: documented, shown here. */
static void test_static(void)
{
	char *const bb[] = { RUN, "/bin/busybox", "cat", "/proc/net/ipsec_spi", NULL };
	char out[4096];
	int r;

	if (access("/bin/busybox", X_OK) != 0) {
		tap_ok(0, "/bin/busybox (busybox-static) is installed: tools/deps check");
		return;
	}
	r = run(fake, bb, out, sizeof(out));
	tap_ok(r != 0 && strstr(out, "warning: /bin/busybox is statically linked") &&
	       strstr(out, "No such file"), "static busybox: klips-run warns, and it misses the file");
}

static void test_system(void)
{
	char file[PATH_MAX + 32], text[1024], out[4096];
	char *const on[] = { RUN, "--system", "on", file, NULL };
	char *const off[] = { RUN, "--system", "off", file, NULL };
	char *const status[] = { RUN, "--system", "status", file, NULL };
	char *const bad[] = { RUN, "--system", "maybe", file, NULL };

	snprintf(file, sizeof(file), "%s/ld.so.preload", tmp);
	tap_ok(run(NULL, status, out, sizeof(out)) == 1 && strstr(out, "off"),
	       "--system status without the file: off, exit 1");
	write_file(file, "/usr/lib/other.so\n");
	tap_ok(run(NULL, on, out, sizeof(out)) == 0, "--system on");
	tap_ok(run(NULL, on, out, sizeof(out)) == 0, "--system on again");
	read_file(file, text, sizeof(text));
	tap_ok(strncmp(text, "/usr/lib/other.so\n/", 19) == 0 && strstr(text, "/libklips-preload.so\n") &&
	       !strstr(strstr(text, "libklips-preload.so") + 1, "libklips-preload.so"),
	       "the library is added once, after the other lines");
	tap_ok(run(NULL, status, out, sizeof(out)) == 0 && strstr(out, ": on"), "--system status: on, exit 0");
	tap_ok(run(NULL, off, out, sizeof(out)) == 0, "--system off");
	read_file(file, text, sizeof(text));
	tap_str(text, "/usr/lib/other.so\n", "--system off leaves the other lines");
	write_file(file, "/opt/old/libklips-preload.so\n");
	run(NULL, off, out, sizeof(out));
	tap_ok(access(file, F_OK) < 0 && errno == ENOENT, "--system off: a file left empty is removed");
	tap_ok(run(NULL, bad, out, sizeof(out)) == 2, "--system with a wrong word: exit 2");
}

int main(void)
{
	test_paths();
	test_dir();
	test_errno_kept();
	if (!realpath(RUN_REL, run_bin) || !realpath(CALLS_REL, calls_bin)) {
		tap_ok(0, "%s and %s are built (make)", RUN_REL, CALLS_REL);
		return tap_done();
	}
	if (make_fake() < 0) {
		tap_ok(0, "a stand-in directory in TMPDIR (%s)", strerror(errno));
		remove_fake();
		return tap_done();
	}
	test_calls();
	test_programs();
	test_static();
	test_system();
	remove_fake();
	return tap_done();
}
