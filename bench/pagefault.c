// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What one page fault costs on this kernel: first touches of fresh
 * anonymous memory, one byte per page, timed. Under user-mode Linux every
 * fault is a round trip through the host (ptrace and a host mmap), which
 * is what the listings at many SAs pay for their memory (bench/RESULTS.md).
 *
 *   pagefault [MB]     prints "<us per page> <pages>" (median of 5 rounds)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = (size_t)(argc > 1 ? atoi(argv[1]) : 8) << 20;
	size_t pages = len / (size_t)page;
	double us[5];

	if (len == 0 || page <= 0) {
		fprintf(stderr, "usage: pagefault [MB]\n");
		return 2;
	}
	for (int r = 0; r < 5; r++) {
		volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		double t;

		if (p == MAP_FAILED) {
			perror("pagefault: mmap");
			return 1;
		}
		t = now_us();
		for (size_t i = 0; i < len; i += (size_t)page)
			p[i] = 1;
		us[r] = (now_us() - t) / (double)pages;
		munmap((void *)p, len);
	}
	qsort(us, 5, sizeof(us[0]), cmp);
	printf("%.2f %zu\n", us[2], pages);
	return 0;
}
