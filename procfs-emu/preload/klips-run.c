// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klips-run: run a command with libklips-preload.so, so that it reads
 * /proc/net/ipsec_* from klips-procfs; or add the library to (remove it
 * from) /etc/ld.so.preload, for every program started after that.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIB_NAME "libklips-preload.so"
#ifndef KLIPS_PRELOAD_PATH
#define KLIPS_PRELOAD_PATH "/usr/lib/klips-compat/" LIB_NAME
#endif
#define SYSTEM_FILE "/etc/ld.so.preload"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: klips-run [-d DIR] COMMAND [ARGS...]\n"
		"       klips-run --system on|off|status [FILE]\n"
		"Run COMMAND so that it and its children read /proc/net/ipsec_*,\n"
		"/proc/net/ipsec/ (also through /proc/self/net) from klips-procfs's\n"
		"directory, DIR or $KLIPS_PROCDIR or /run/klips-compat/net. Statically\n"
		"linked and setuid programs cannot be reached this way.\n"
		"\n"
		"  -d, --dir DIR         the directory klips-procfs serves\n"
		"  --system on           add the library to FILE (default %s):\n"
		"                        every program started after that is redirected\n"
		"  --system off          remove it from FILE\n"
		"  --system status       say whether it is there (exit 0) or not (exit 1)\n"
		"  -h, --help            this text\n"
		"  -V, --version         the version\n",
		SYSTEM_FILE);
}

/* The library next to this program (build tree, or PREFIX/bin and PREFIX/lib), else the installed one. */
static int find_library(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(out, size, "%s/../lib/klips-compat/%s", exe, LIB_NAME) < (int)size &&
			    access(out, R_OK) == 0 && realpath(out, exe)) {
				snprintf(out, size, "%s", exe);
				return 0;
			}
		}
	}
	snprintf(out, size, "%s", KLIPS_PRELOAD_PATH);
	if (access(out, R_OK) == 0)
		return 0;
	fprintf(stderr, "klips-run: cannot find %s (looked next to this program and at %s)\n",
		LIB_NAME, KLIPS_PRELOAD_PATH);
	return -1;
}

/* LD_PRELOAD with lib first, keeping what was there (once). */
static int set_preload(const char *lib)
{
	const char *old = getenv("LD_PRELOAD");
	char *val;
	int r;

	if (old && *old) {
		if (strstr(old, lib))
			return 0;
		if (asprintf(&val, "%s %s", lib, old) < 0)
			return -1;
		r = setenv("LD_PRELOAD", val, 1);
		free(val);
		return r;
	}
	return setenv("LD_PRELOAD", lib, 1);
}

/* The file execvp would run for cmd, or NULL. */
static const char *resolve(const char *cmd, char *buf, size_t size)
{
	const char *path = getenv("PATH"), *p, *end;

	if (strchr(cmd, '/'))
		return cmd;
	for (p = path ? path : "/usr/bin:/bin"; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		if (snprintf(buf, size, "%.*s/%s", (int)(end - p), end == p ? "." : p, cmd) >= (int)size)
			continue;
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

/* An ELF file without an interpreter: a static binary, which ignores LD_PRELOAD. */
static bool is_static_elf(const char *file)
{
	unsigned char id[EI_NIDENT];
	bool is64, dynamic = false;
	Elf64_Ehdr e64;
	Elf32_Ehdr e32;
	uint64_t phoff;
	unsigned int phnum, phentsize;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (pread(fd, id, sizeof(id), 0) != (ssize_t)sizeof(id) || memcmp(id, ELFMAG, SELFMAG) != 0 ||
	    (id[EI_CLASS] != ELFCLASS64 && id[EI_CLASS] != ELFCLASS32)) {
		close(fd);
		return false;
	}
	is64 = id[EI_CLASS] == ELFCLASS64;
	if (is64 ? pread(fd, &e64, sizeof(e64), 0) != (ssize_t)sizeof(e64) :
		   pread(fd, &e32, sizeof(e32), 0) != (ssize_t)sizeof(e32)) {
		close(fd);
		return false;
	}
	phoff = is64 ? e64.e_phoff : e32.e_phoff;
	phnum = is64 ? e64.e_phnum : e32.e_phnum;
	phentsize = is64 ? e64.e_phentsize : e32.e_phentsize;
	for (unsigned int i = 0; i < phnum && i < 256 && !dynamic; i++) {
		uint32_t type;

		if (pread(fd, &type, sizeof(type), (off_t)(phoff + (uint64_t)i * phentsize)) !=
		    (ssize_t)sizeof(type))
			break;
		dynamic = type == PT_INTERP;
	}
	close(fd);
	return !dynamic;
}

static void warn_unreachable(const char *cmd)
{
	char buf[PATH_MAX];
	const char *file = resolve(cmd, buf, sizeof(buf));
	struct stat st;

	if (!file)
		return;
	if (is_static_elf(file))
		fprintf(stderr, "klips-run: warning: %s is statically linked: its reads of "
			"/proc/net/ipsec_* are not redirected\n", file);
	else if (stat(file, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)))
		fprintf(stderr, "klips-run: warning: %s is setuid or setgid: the loader ignores "
			"LD_PRELOAD for it\n", file);
}

/* Is line (without its newline) our library, whatever its directory? */
static bool is_ours(const char *line, size_t len)
{
	size_t n = strlen("/" LIB_NAME);

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	return len > n && memcmp(line + len - n, "/" LIB_NAME, n) == 0 &&
	       !memchr(line, ' ', len) && !memchr(line, '\t', len);
}

static char *slurp(const char *file, size_t *len)
{
	FILE *f = fopen(file, "re");
	char *text = NULL;
	size_t cap = 0;
	FILE *out;
	char chunk[4096];
	size_t n;

	*len = 0;
	if (!f)
		return errno == ENOENT ? strdup("") : NULL;
	out = open_memstream(&text, &cap);
	if (!out) {
		fclose(f);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, out);
	if (ferror(f) || fclose(out)) {
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	*len = cap;
	return text;
}

/* Write text to file atomically (a temporary file renamed over it), mode 0644. */
static int replace_file(const char *file, const char *text, size_t len)
{
	char tmp[PATH_MAX];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.klips-run.XXXXXX", file) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0644) < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) < 0 ||
	    close(fd) < 0 || rename(tmp, file) < 0) {
		int err = errno;

		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}

/* --system on|off|status [FILE]: exit status. */
static int system_wide(const char *what, const char *file)
{
	char lib[PATH_MAX];
	size_t len, kept = 0;
	char *text, *out;
	bool present = false;
	const char *line, *nl;

	if (strcmp(what, "on") && strcmp(what, "off") && strcmp(what, "status")) {
		fprintf(stderr, "klips-run: --system wants on, off or status, not `%s'\n", what);
		return 2;
	}
	text = slurp(file, &len);
	if (!text) {
		fprintf(stderr, "klips-run: %s: %s\n", file, strerror(errno));
		return 1;
	}
	out = malloc(len + PATH_MAX + 2);
	if (!out) {
		free(text);
		fprintf(stderr, "klips-run: %s\n", strerror(ENOMEM));
		return 1;
	}
	/* The other lines, as they are; ours dropped. */
	for (line = text; line < text + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(text + len - line));
		if (!nl)
			nl = text + len;
		if (is_ours(line, (size_t)(nl - line))) {
			present = true;
			continue;
		}
		memcpy(out + kept, line, (size_t)(nl - line));
		kept += (size_t)(nl - line);
		out[kept++] = '\n';
	}
	free(text);
	if (strcmp(what, "status") == 0) {
		printf("%s: %s\n", file, present ? "on (libklips-preload.so is preloaded)" : "off");
		free(out);
		return present ? 0 : 1;
	}
	if (strcmp(what, "on") == 0) {
		if (find_library(lib, sizeof(lib)) < 0) {
			free(out);
			return 1;
		}
		kept += (size_t)sprintf(out + kept, "%s\n", lib);
	}
	/* An emptied file goes: ld.so.preload is absent on a normal system. */
	if (kept == 0 ? unlink(file) < 0 && errno != ENOENT : replace_file(file, out, kept) < 0) {
		fprintf(stderr, "klips-run: %s: %s\n", file, strerror(errno));
		free(out);
		return 1;
	}
	free(out);
	if (strcmp(what, "on") == 0)
		printf("%s: on: every program started from now on reads /proc/net/ipsec_* from klips-procfs\n",
		       file);
	else
		printf("%s: off\n", file);
	return 0;
}

int main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "system", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dirarg = NULL, *system = NULL;
	char lib[PATH_MAX], dir[PATH_MAX];
	int c;

	/* "+": options end at COMMAND, whose own options are its own. */
	while ((c = getopt_long(argc, argv, "+d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dirarg = optarg;
			break;
		case 's':
			system = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("klips-run %s\n", KLIPS_COMPAT_VERSION);
			return 0;
		default:
			usage(stderr);
			return 125;
		}
	}
	if (system) {
		if (argc - optind > 1 || dirarg) {
			usage(stderr);
			return 2;
		}
		return system_wide(system, optind < argc ? argv[optind] : SYSTEM_FILE);
	}
	if (optind >= argc) {
		usage(stderr);
		return 125;
	}
	if (find_library(lib, sizeof(lib)) < 0 || set_preload(lib) < 0)
		return 125;
	if (dirarg) {
		/* The library takes absolute paths only: it may run in another directory. */
		if (dirarg[0] != '/' && (!getcwd(dir, sizeof(dir)) ||
		    strlen(dir) + 1 + strlen(dirarg) >= sizeof(dir))) {
			fprintf(stderr, "klips-run: %s: %s\n", dirarg, strerror(errno ? errno : ENAMETOOLONG));
			return 125;
		}
		if (dirarg[0] != '/')
			strcat(strcat(dir, "/"), dirarg);
		else
			snprintf(dir, sizeof(dir), "%s", dirarg);
		if (setenv("KLIPS_PROCDIR", dir, 1) < 0)
			return 125;
	}
	warn_unreachable(argv[optind]);
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "klips-run: %s: %s\n", argv[optind], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
