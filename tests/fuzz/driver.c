// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs a fuzz entry point without libFuzzer (gcc, ASan+UBSan builds; what
 * `make check` uses): every file of the corpus directories (or every line
 * and tab-separated field of other files) named on the command line, then
 * inputs mutated from them (bytes flipped, inserted, deleted, repeated,
 * dictionary tokens, pieces of other seeds) until FUZZ_SECONDS (default 10)
 * have passed. FUZZ_DICT names a libFuzzer dictionary; FUZZ_SEED the
 * random seed. No coverage guidance: a smoke run with a budget.
 *
 * Prints one TAP test point with the number of inputs. A crash (a failed
 * check aborts; ASan and UBSan abort too) writes the input that caused it
 * to FUZZ_CRASH_DIR (default build/fuzz/crashes) and prints its name;
 * there is then no "ok" line, which fails the run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

#define FUZZ_MAX_INPUT 4096

struct blob {
	uint8_t *data;
	size_t len;
};

struct blobs {
	struct blob *v;
	size_t n, cap;
};

static struct blobs seeds, dict;
static const char *name = "fuzz";
static const uint8_t *current;
static size_t current_len;
static uint64_t rng;

/* Sanitizers call this before they abort; so does our SIGABRT handler. */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void save_current(void)
{
	static const char hexd[] = "0123456789abcdef";
	const char *dir = getenv("FUZZ_CRASH_DIR");
	char path[512], msg[600];
	int fd, n;

	if (!current)
		return;
	if (!dir || !*dir)
		dir = "build/fuzz/crashes";
	mkdir(dir, 0755);
	n = snprintf(path, sizeof(path), "%s/%s-crash-%d", dir, name, (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, current, current_len) < 0)
			n = 0;
		close(fd);
		n = snprintf(msg, sizeof(msg), "# %s: crash input saved as %s (%zu bytes), first bytes:",
			     name, path, current_len);
		for (size_t i = 0; i < current_len && i < 32 && n + 4 < (int)sizeof(msg); i++) {
			msg[n++] = ' ';
			msg[n++] = hexd[current[i] >> 4];
			msg[n++] = hexd[current[i] & 15];
		}
		msg[n++] = '\n';
		if (write(STDOUT_FILENO, msg, (size_t)n) < 0)
			n = 0;
	}
	current = NULL;
}

static void on_abort(int sig)
{
	save_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void run_one(const uint8_t *data, size_t len)
{
	current = data;
	current_len = len;
	LLVMFuzzerTestOneInput(data, len);
	current = NULL;
}

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void push(struct blobs *b, const void *data, size_t len)
{
	if (len > FUZZ_MAX_INPUT)
		len = FUZZ_MAX_INPUT;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = realloc(b->v, b->cap * sizeof(*b->v));
		if (!b->v)
			abort();
	}
	b->v[b->n].data = malloc(len + 1);
	if (!b->v[b->n].data)
		abort();
	memcpy(b->v[b->n].data, data, len);
	b->v[b->n++].len = len;
}

static long read_file(const char *path, struct blob *out)
{
	FILE *f = fopen(path, "rb");
	uint8_t buf[FUZZ_MAX_INPUT];
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	out->data = malloc(n + 1);
	if (!out->data)
		abort();
	memcpy(out->data, buf, n);
	out->len = n;
	return (long)n;
}

/* A corpus directory: one input per file. */
static long add_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long count = 0;
	char path[1024];

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		struct blob b;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (read_file(path, &b) < 0)
			continue;
		push(&seeds, b.data, b.len);
		free(b.data);
		count++;
	}
	closedir(d);
	return count;
}

/* Any other file: each line, and each tab-separated field of it. */
static long add_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long count = 0;

	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *field, *save = NULL;

		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		push(&seeds, line, (size_t)len);
		count++;
		for (field = strtok_r(line, "\t", &save); field; field = strtok_r(NULL, "\t", &save)) {
			push(&seeds, field, strlen(field));
			count++;
		}
	}
	free(line);
	fclose(f);
	return count;
}

/* libFuzzer's dictionary format: [name=]"value" per line, \\, \" and \xNN escapes. */
static void load_dict(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '"'), out[1024];
		size_t n = 0;

		if (line[0] == '#' || !p)
			continue;
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1] == 'x' && p[2] && p[3]) {
				char hex[3] = { p[2], p[3], 0 };

				out[n++] = (char)strtol(hex, NULL, 16);
				p += 3;
			} else if (*p == '\\' && p[1]) {
				out[n++] = *++p;
			} else {
				out[n++] = *p;
			}
		}
		if (n)
			push(&dict, out, n);
	}
	fclose(f);
}

static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
	static uint8_t piece[FUZZ_MAX_INPUT];
	int rounds = 1 + (int)(next_random() % 6);

	while (rounds--) {
		size_t pos = len ? next_random() % (len + 1) : 0, n;
		const struct blob *b;

		switch (next_random() % 8) {
		case 0:	/* flip a bit */
			if (len)
				buf[pos % len] ^= (uint8_t)(1u << (next_random() % 8));
			break;
		case 1:	/* set a byte */
			if (len)
				buf[pos % len] = (uint8_t)next_random();
			break;
		case 2:	/* delete a piece */
			n = len - pos ? 1 + next_random() % (len - pos) % 16 : 0;
			memmove(buf + pos, buf + pos + n, len - pos - n);
			len -= n;
			break;
		case 3:	/* insert random bytes */
			n = 1 + next_random() % 4;
			if (len + n > cap)
				break;
			memmove(buf + pos + n, buf + pos, len - pos);
			for (size_t i = 0; i < n; i++)
				buf[pos + i] = (uint8_t)next_random();
			len += n;
			break;
		case 4:	/* repeat a piece */
			if (!len)
				break;
			n = 1 + next_random() % len;
			if (len + n > cap)
				break;
			memcpy(piece, buf + next_random() % (len - n + 1), n);
			memmove(buf + pos + n, buf + pos, len - pos);
			memcpy(buf + pos, piece, n);
			len += n;
			break;
		case 5:	/* a dictionary token */
		case 6:	/* a piece of another seed */
			b = NULL;
			if (dict.n && next_random() % 2)
				b = &dict.v[next_random() % dict.n];
			n = b ? b->len : 0;
			if (!b && seeds.n) {
				b = &seeds.v[next_random() % seeds.n];
				n = b->len ? 1 + next_random() % b->len : 0;
			}
			if (!n || len + n > cap)
				break;
			memmove(buf + pos + n, buf + pos, len - pos);
			memcpy(buf + pos, b->data + next_random() % (b->len - n + 1), n);
			len += n;
			break;
		default: /* cut */
			len = pos;
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	const char *s = getenv("FUZZ_SECONDS"), *d = getenv("FUZZ_DICT"), *seed = getenv("FUZZ_SEED");
	double seconds = s && *s ? atof(s) : 10;
	uint8_t *buf = malloc(FUZZ_MAX_INPUT);
	struct timespec start, now;
	long count = 0, n;
	struct stat st;
	int i;

	name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	rng = seed && *seed ? strtoull(seed, NULL, 0) | 1 : 0x9e3779b97f4a7c15ull;
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(save_current);
	signal(SIGABRT, on_abort);
	if (d && *d)
		load_dict(d);
	for (i = 1; i < argc; i++) {
		n = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? add_dir(argv[i]) : add_lines(argv[i]);
		if (n < 0) {
			printf("not ok 1 - %s: cannot read %s\n1..1\n", name, argv[i]);
			free(buf);
			return 1;
		}
	}
	for (size_t k = 0; k < seeds.n; k++, count++)
		run_one(seeds.v[k].data, seeds.v[k].len);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		size_t len = 0;

		if (seeds.n) {
			const struct blob *b = &seeds.v[next_random() % seeds.n];

			memcpy(buf, b->data, b->len);
			len = b->len;
		}
		len = mutate(buf, len, FUZZ_MAX_INPUT);
		run_one(buf, len);
		count++;
		if (count % 64 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((double)(now.tv_sec - start.tv_sec) +
			    (double)(now.tv_nsec - start.tv_nsec) / 1e9 >= seconds)
				break;
		}
	}
	printf("ok 1 - %s: %ld inputs (%zu seeds, %zu dictionary tokens, %.0f s)\n1..1\n", name,
	       count, seeds.n, dict.n, seconds);
	free(buf);
	return 0;
}
