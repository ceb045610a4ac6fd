// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timeit: run the steps of a spec file round after round, time each step
 * with CLOCK_MONOTONIC and print one CSV line per label:
 *
 *   label,runs,median_us,min_us,max_us,rss_kb,minflt,out
 *
 * rss_kb is the median peak RSS of a spawned step (wait4; never below this
 * program's own, which posix_spawn's child shares until it execs), minflt
 * the median number of page faults of the step (the child's, or this
 * process's during a built-in), out the result of the last run of a
 * built-in step (bytes read or rendered, SAs dumped).
 *
 *   timeit [-n ROUNDS] [-w WARMUP] [-r RAW.csv] [-e ERRLOG] SPEC
 *
 * SPEC has one step per line, "LABEL WORD...", words separated by blanks (no
 * quoting), '#' starts a comment line. LABEL "-" runs the step untimed (it
 * must succeed), "~" untimed and its failure is ignored; "?LABEL" is timed
 * as LABEL whatever its exit status (`spi --version` exits 1). A step is a
 * program (spawned with stdin and stdout on /dev/null, stderr appended to
 * ERRLOG; a non-zero exit stops everything) or a built-in run inside this
 * process:
 *
 *   @dump        bare netlink SA dump (bench/nldump.c)
 *   @listing     listing_render(LISTING_SPI): what `ipsec spi` prints
 *   @listing-eroute  listing_render(LISTING_EROUTE): what `ipsec eroute` prints
 *   @read PATH   open PATH and read it to EOF, 128 KiB at a time
 *
 * Steps of one round run in file order, so commands compared with each
 * other alternate and share the machine's state. WARMUP rounds run first
 * and are not recorded. RAW.csv gets every timed run:
 * label,round,us,rss_kb,minflt.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench/nldump.h"
#include "src/listing.h"

#define MAX_STEPS 256
#define MAX_WORDS 64
#define READ_BUF (128 * 1024)

extern char **environ;

struct step {
	char *label;		/* "-" / "~": untimed */
	char *argv[MAX_WORDS + 1];
	int line;
};

struct series {
	const char *label;
	double *us;
	long *rss, *flt;
	size_t n;
	long long out;
};

static struct step steps[MAX_STEPS];
static size_t nsteps;
static struct series series[MAX_STEPS];
static size_t nseries;
static const char *errlog = "/dev/null";

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("timeit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void read_spec(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		struct step *s = &steps[nsteps];
		char *save = NULL, *w;
		int n = 0;

		lineno++;
		w = strtok_r(line, " \t\n", &save);
		if (!w || w[0] == '#')
			continue;
		if (nsteps == MAX_STEPS)
			die("%s: more than %d steps", path, MAX_STEPS);
		s->label = strdup(w);
		while ((w = strtok_r(NULL, " \t\n", &save)) && n < MAX_WORDS)
			s->argv[n++] = strdup(w);
		if (n == 0)
			die("%s: a step without a command (label %s)", path, s->label);
		s->line = lineno;
		nsteps++;
	}
	free(line);
	fclose(f);
}

static struct series *series_of(const char *label)
{
	for (size_t i = 0; i < nseries; i++)
		if (strcmp(series[i].label, label) == 0)
			return &series[i];
	series[nseries].label = label;
	return &series[nseries++];
}

static void record(struct series *s, double us, long rss, long flt, long long out)
{
	s->us = realloc(s->us, (s->n + 1) * sizeof(*s->us));
	s->rss = realloc(s->rss, (s->n + 1) * sizeof(*s->rss));
	s->flt = realloc(s->flt, (s->n + 1) * sizeof(*s->flt));
	if (!s->us || !s->rss || !s->flt)
		die("out of memory");
	s->us[s->n] = us;
	s->rss[s->n] = rss;
	s->flt[s->n++] = flt;
	s->out = out;
}

static int spawn(const struct step *s, long *rss, long *flt)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	pid_t pid;
	int status, err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, errlog, O_WRONLY | O_APPEND | O_CREAT, 0644);
	err = posix_spawnp(&pid, s->argv[0], &fa, NULL, s->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		die("cannot run %s: %s", s->argv[0], strerror(err));
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
	*rss = ru.ru_maxrss;
	*flt = ru.ru_minflt;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int read_file(const char *path, long long *out)
{
	static char buf[READ_BUF];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	*out = 0;
	if (fd < 0)
		return errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		*out += n;
	if (n < 0) {
		int err = errno;

		close(fd);
		return err;
	}
	close(fd);
	return 0;
}

static long self_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* 0 or an exit status / errno; *out what a built-in produced. */
static int builtin(const struct step *s, long long *out)
{
	const char *cmd = s->argv[0];

	if (strcmp(cmd, "@dump") == 0) {
		size_t sas, bytes;
		int ret = nldump(&sas, &bytes);

		*out = (long long)sas;
		return -ret;
	}
	if (strcmp(cmd, "@listing") == 0 || strcmp(cmd, "@listing-eroute") == 0) {
		char *text;
		size_t len;
		int ret = listing_render(cmd[8] ? LISTING_EROUTE : LISTING_SPI, &text, &len);

		free(text);
		*out = (long long)len;
		return -ret;
	}
	if (strcmp(cmd, "@read") == 0) {
		if (!s->argv[1])
			die("%s: @read needs a path", s->label);
		return read_file(s->argv[1], out);
	}
	die("unknown built-in %s", cmd);
}

static int run_step(const struct step *s, long *rss, long *flt, long long *out)
{
	long before;
	int ret;

	*rss = 0;
	*out = -1;
	if (s->argv[0][0] != '@')
		return spawn(s, rss, flt);
	before = self_faults();
	ret = builtin(s, out);
	*flt = self_faults() - before;
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	long rounds = 11, warmup = 1;
	FILE *raw = NULL;
	int c;

	while ((c = getopt(argc, argv, "n:w:r:e:")) != -1) {
		switch (c) {
		case 'n':
			rounds = strtol(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtol(optarg, NULL, 10);
			break;
		case 'r':
			raw = fopen(optarg, "a");
			if (!raw)
				die("%s: %s", optarg, strerror(errno));
			break;
		case 'e':
			errlog = optarg;
			break;
		default:
			fprintf(stderr, "usage: timeit [-n ROUNDS] [-w WARMUP] [-r RAW.csv] [-e ERRLOG] SPEC\n");
			return 2;
		}
	}
	if (optind != argc - 1 || rounds < 1 || warmup < 0) {
		fprintf(stderr, "usage: timeit [-n ROUNDS] [-w WARMUP] [-r RAW.csv] [-e ERRLOG] SPEC\n");
		return 2;
	}
	read_spec(argv[optind]);
	for (long r = -warmup; r < rounds; r++) {
		for (size_t i = 0; i < nsteps; i++) {
			const struct step *s = &steps[i];
			const char *label;
			bool timed = strcmp(s->label, "-") && strcmp(s->label, "~");
			bool may_fail = s->label[0] == '~' || s->label[0] == '?';
			long long out;
			long rss, flt;
			double t0 = now_us();
			int ret = run_step(s, &rss, &flt, &out);
			double us = now_us() - t0;

			if (ret && !may_fail) {
				die("line %d: `%s' failed (status %d); see %s", s->line, s->argv[0], ret,
				    errlog);
			}
			if (!timed || r < 0)
				continue;
			label = s->label + (s->label[0] == '?');
			record(series_of(label), us, rss, flt, out);
			if (raw)
				fprintf(raw, "%s,%ld,%.1f,%ld,%ld\n", label, r, us, rss, flt);
		}
	}
	if (raw)
		fclose(raw);
	printf("label,runs,median_us,min_us,max_us,rss_kb,minflt,out\n");
	for (size_t i = 0; i < nseries; i++) {
		struct series *s = &series[i];
		double med = median(s->us, s->n);

		qsort(s->rss, s->n, sizeof(*s->rss), cmp_long);
		qsort(s->flt, s->n, sizeof(*s->flt), cmp_long);
		printf("%s,%zu,%.1f,%.1f,%.1f,%ld,%ld,%lld\n", s->label, s->n, med, s->us[0],
		       s->us[s->n - 1], s->rss[s->n / 2], s->flt[s->n / 2], s->out);
	}
	return 0;
}
