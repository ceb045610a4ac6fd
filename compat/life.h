/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --life soft|hard-allocations|bytes|addtime|usetime|packets=N[,...] */
#ifndef COMPAT_LIFE_H
#define COMPAT_LIFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum life_severity { LIFE_SOFT, LIFE_HARD, LIFE_SEVERITIES };
enum life_type {
	LIFE_ALLOCATIONS, LIFE_BYTES, LIFE_ADDTIME, LIFE_USETIME, LIFE_PACKETS,
	LIFE_TYPES
};

struct life {
	/* The limit as written, 64 bits like XFRM's (the originals kept 32). */
	uint64_t value[LIFE_SEVERITIES][LIFE_TYPES];
	/* A negative value ("-1"): value holds what the originals made of it,
	 * 2^32 minus the number (-1 is 4294967295); the tool warns. */
	bool wrapped[LIFE_SEVERITIES][LIFE_TYPES];
	/* Where each item was given: a pointer into the option text it came
	 * from (the legacy "already defined as:0p%p" message prints it), or
	 * NULL when not given. Zero-initialise before the first option. */
	const char *given[LIFE_SEVERITIES][LIFE_TYPES];
};

enum life_status {
	LIFE_OK = 0,
	LIFE_USAGE,	/* syntax error: the tool prints msg, then usage, exit 255 */
	LIFE_INVALID,	/* redefinition, bad or out-of-range number: msg, exit 1 */
};

/*
 * Parse one --life argument into *life; several options accumulate.
 * Items are separated by ',' or white space. On error, msg receives the
 * legacy message without the "<prog>: " prefix and without the newline.
 * A value beyond 64 bits, or a negative one below -4294967295, is refused
 * (LIFE_INVALID); a negative one from -1 to -4294967295 is taken as the
 * originals took it (2^32 minus the number) and marked in life->wrapped.
 * optarg must stay valid as long as *life is used.
 */
enum life_status life_parse(const char *optarg, struct life *life,
			    char *msg, size_t msglen);

/* True when any item of that severity was given. */
int life_any(const struct life *life, enum life_severity sev);

#endif
