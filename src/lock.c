// SPDX-License-Identifier: GPL-2.0-or-later
/* The writers' lock (src/lock.h). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "src/lock.h"

/*
 * An abstract unix socket name is per network namespace and goes away with
 * its process, so binding one is a lock that needs no file and cannot go
 * stale. Waits up to 30 s.
 */
int netns_lock(int *fd)
{
	static const char name[] = "\0klips-compat/xfrm-writers";
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + sizeof(name) - 1);
	struct timespec pause = { 0, 2 * 1000 * 1000 };
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -errno;
	memcpy(sun.sun_path, name, sizeof(name) - 1);
	for (int waited_ms = 0; bind(s, (struct sockaddr *)&sun, len) < 0; waited_ms += 2) {
		if (errno != EADDRINUSE || waited_ms >= 30000) {
			int err = errno;

			close(s);
			return -err;
		}
		nanosleep(&pause, NULL);
	}
	*fd = s;
	return 0;
}

void netns_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
