// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pathcalls: the cost of path calls, for bench/preload. Runs N stat() and N
 * open()+close() of PATH (and N access() of it) inside one process and
 * prints "stat_ns open_ns access_ns" per call (best of 5 batches of N: the
 * least disturbed by other load). Run with and without libklips-preload.so
 * to see what the library adds to each call.
 *
 *   pathcalls N PATH
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char *argv[])
{
	double best[3] = { 1e30, 1e30, 1e30 };
	struct stat st;
	long n;

	if (argc != 3 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: pathcalls N PATH\n");
		return 2;
	}
	for (int b = 0; b < 5; b++) {
		double t0 = now_ns(), t;

		for (long i = 0; i < n; i++)
			if (stat(argv[2], &st) < 0)
				return perror(argv[2]), 1;
		t = (now_ns() - t0) / n;
		best[0] = t < best[0] ? t : best[0];
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			int fd = open(argv[2], O_RDONLY);

			if (fd < 0)
				return perror(argv[2]), 1;
			close(fd);
		}
		t = (now_ns() - t0) / n;
		best[1] = t < best[1] ? t : best[1];
		t0 = now_ns();
		for (long i = 0; i < n; i++)
			if (access(argv[2], R_OK) < 0)
				return perror(argv[2]), 1;
		t = (now_ns() - t0) / n;
		best[2] = t < best[2] ? t : best[2];
	}
	printf("%.0f %.0f %.0f\n", best[0], best[1], best[2]);
	return 0;
}
