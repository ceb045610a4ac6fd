// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>
#include <unistd.h>

#include "procfs-emu/preload/redirect.h"

/* s starts with the literal prefix p: returns what follows, or NULL. */
static const char *skip(const char *s, const char *p)
{
	size_t n = strlen(p);

	return strncmp(s, p, n) == 0 ? s + n : NULL;
}

/* A decimal pid with no leading zero, then "/": returns what follows and the value. */
static const char *skip_pid(const char *s, long *pid)
{
	long v = 0;
	const char *p = s;

	if (*p < '1' || *p > '9')
		return NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > 100000000L)
			return NULL;
		v = v * 10 + (*p - '0');
	}
	if (*p != '/')
		return NULL;
	*pid = v;
	return p + 1;
}

/* After "/proc/": the part from the ipsec name on, or NULL. */
static const char *klips_name(const char *rest)
{
	const char *name;
	long pid;

	if (!(name = skip(rest, "net/")) && !(name = skip(rest, "self/net/")) &&
	    !(name = skip(rest, "thread-self/net/"))) {
		rest = skip_pid(rest, &pid);
		/* Only our own: another process's /proc/PID/net is its namespace, not ours. */
		if (!rest || (pid != (long)getpid() && pid != (long)gettid()))
			return NULL;
		name = skip(rest, "net/");
	}
	if (!name || strncmp(name, "ipsec", 5) != 0)
		return NULL;
	if (name[5] != '\0' && name[5] != '/' && name[5] != '_')
		return NULL;
	return name;
}

int redirect_path(const char *path, const char *dir, size_t dirlen, char *out, size_t size)
{
	const char *rest, *name;
	size_t n;

	/* Most paths fail on the first two bytes, without a call. */
	if (!path || path[0] != '/' || path[1] != 'p')
		return 0;
	if (!(rest = skip(path, "/proc/")) || !(name = klips_name(rest)))
		return 0;
	n = strlen(name);
	if (dirlen + 1 + n + 1 > size)
		return -1;
	memcpy(out, dir, dirlen);
	out[dirlen] = '/';
	memcpy(out + dirlen + 1, name, n + 1);
	return 1;
}

size_t redirect_dir(const char *env, char *dir, size_t size)
{
	const char *src = env && env[0] == '/' && strlen(env) < size ? env : REDIRECT_DEFAULT_DIR;
	size_t n = strlen(src);

	while (n > 1 && src[n - 1] == '/')
		n--;
	memcpy(dir, src, n);
	dir[n] = '\0';
	return n;
}
