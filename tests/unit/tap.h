/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small TAP producer for the unit tests (one program per test file). */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Record one test point: "ok N - name" or "not ok N - name". Returns ok. */
bool tap_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "# ..." diagnostic line. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One test point comparing strings; on mismatch prints both (escaped). */
bool tap_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * A number below n (0 when n is 0) from the xorshift64 generator *state
 * (never 0): the generated tables and messages of the tests, the same
 * every run for a given seed.
 */
uint32_t tap_rand(uint64_t *state, uint32_t n);

/* Print the plan line; returns the exit status for main(). */
int tap_done(void);

/* Decode the corpus escapes "\\\\", "\\t", "\\n" (left to right) in place. */
char *tap_unescape(char *s);

/*
 * Read a tab-separated file: calls row(fields, nfields, ctx) for every line
 * after the header. Fields point into a buffer freed after the call.
 * Returns the number of rows, or -1 if the file cannot be read.
 */
int tap_read_tsv(const char *path, void (*row)(char **f, int n, void *ctx), void *ctx);

/*
 * Split shell text as the corpus writes command lines (blanks separate,
 * single and double quotes group, no escapes) into at most max malloc'd
 * words; returns their number.
 */
int tap_split_words(const char *s, char **words, int max);

/* Directory of the test vectors: $KLIPS_VECTORS or "tests/vectors". */
const char *tap_vectors_dir(void);

#endif
