// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "compat/optionsfrom.h"
#include "src/secrets.h"

void secrets_hold(void)
{
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void secrets_wipe_str(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
}

static const char *file_kind(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO:
		return "a FIFO";
	case S_IFDIR:
		return "a directory";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFSOCK:
		return "a socket";
	}
	return "not a file";
}

/* Every complete line of buf[0..*used) to w; the rest moves to the front. */
static const char *take_lines(struct optionsfrom_words *w, char *buf, size_t *used)
{
	size_t start = 0, rest;
	const char *err = NULL;
	char *nl;

	while (!err && (nl = memchr(buf + start, '\n', *used - start))) {
		err = optionsfrom_line(w, buf + start, (size_t)(nl - buf) - start, true);
		start = (size_t)(nl - buf) + 1;
	}
	rest = *used - start;
	memmove(buf, buf + start, rest);
	explicit_bzero(buf + rest, *used - rest);
	*used = rest;
	/* Whatever ends it, a line this long is over the limit already. */
	if (!err && rest >= OPTIONSFROM_LINE_LIMIT)
		err = "error in line read";
	return err;
}

/*
 * 2 KiB: a partial line (at most OPTIONSFROM_LINE_LIMIT - 1 bytes are kept
 * between reads) plus at least 1 KiB read at once.
 */
#define READ_BUF 2048

static const char *read_words(int fd, struct optionsfrom_words *w)
{
	char buf[READ_BUF];
	size_t used = 0;
	const char *err = NULL;

	for (;;) {
		ssize_t n = read(fd, buf + used, sizeof(buf) - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = "unable to read file";
			break;
		}
		if (n == 0) {
			if (used)
				err = optionsfrom_line(w, buf, used, false);
			break;
		}
		used += (size_t)n;
		err = take_lines(w, buf, &used);
		if (err)
			break;
	}
	explicit_bzero(buf, sizeof(buf));
	if (!err && !optionsfrom_finish(w))
		err = "unable to allocate memory";
	return err;
}

const char *optfile_read(const char *path, char ***words, int *count, char *msg, size_t len)
{
	struct optionsfrom_words w = { 0 };
	struct stat st;
	const char *err;
	int fd;

	*words = NULL;
	*count = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return "unable to open file";
	if (fstat(fd, &st) < 0) {
		close(fd);
		return "unable to open file";
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(msg, len, "unable to open file: %s is %s, not a regular file",
			 path, file_kind(st.st_mode));
		return msg;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	err = read_words(fd, &w);
	close(fd);
	if (err) {
		optionsfrom_free(w.v);
		return err;
	}
	*words = w.v;
	*count = w.n;
	return NULL;
}
