// SPDX-License-Identifier: GPL-2.0-or-later
/* life_parse: the --life grammar and spi's exact messages, pointers included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/life.h"
#include "tests/unit/tap.h"

static char msg[1024];

static enum life_status run(const char *optarg, struct life *life)
{
	return life_parse(optarg, life, msg, sizeof(msg));
}

static void check_ok(const char *optarg, enum life_severity sev, enum life_type type,
		     uint64_t value)
{
	struct life life = { 0 };
	enum life_status st = run(optarg, &life);

	tap_ok(st == LIFE_OK && life.value[sev][type] == value && life.given[sev][type] == optarg &&
	       !life.wrapped[sev][type],
	       "--life '%s' sets %llu (status %d, value %llu) %s", optarg, (unsigned long long)value,
	       st, (unsigned long long)life.value[sev][type], msg);
}

/* A negative value: what 2.6.38 made of it, marked for the tool's warning. */
static void check_wrapped(const char *optarg, enum life_severity sev, enum life_type type,
			  uint64_t value)
{
	struct life life = { 0 };
	enum life_status st = run(optarg, &life);

	tap_ok(st == LIFE_OK && life.value[sev][type] == value && life.wrapped[sev][type],
	       "--life '%s' is taken as %llu, marked wrapped (status %d, value %llu)", optarg,
	       (unsigned long long)value, st, (unsigned long long)life.value[sev][type]);
}

static void check_err(const char *optarg, enum life_status want_st, const char *want)
{
	struct life life = { 0 };
	enum life_status st = run(optarg, &life);

	tap_ok(st == want_st, "--life '%s' status %d (got %d)", optarg, want_st, st);
	tap_str(msg, want, "--life '%s' message", optarg);
}

static void probes(void)
{
	static const char list[] = "soft-addtime=30,hard-addtime=60,hard-packets=4";
	static const char spaced[] = "soft-bytes=1000 hard-bytes=2000";
	struct life life = { 0 };

	check_ok("soft-bytes=384", LIFE_SOFT, LIFE_BYTES, 384);
	check_ok("hard-allocations=2", LIFE_HARD, LIFE_ALLOCATIONS, 2);
	check_ok("soft-bytes=0x100", LIFE_SOFT, LIFE_BYTES, 256);
	check_ok("soft-usetime=010", LIFE_SOFT, LIFE_USETIME, 8);
	/* 64 bits, as XFRM keeps them (2.6.38: 0, 4294967295, 705032704) */
	check_ok("hard-bytes=4294967296", LIFE_HARD, LIFE_BYTES, 4294967296u);
	check_ok("hard-bytes=0x1ffffffff", LIFE_HARD, LIFE_BYTES, 0x1ffffffffu);
	check_ok("hard-bytes=5000000000", LIFE_HARD, LIFE_BYTES, 5000000000u);
	check_ok("soft-addtime=0x100000000", LIFE_SOFT, LIFE_ADDTIME, 0x100000000u);
	check_ok("hard-packets=18446744073709551615", LIFE_HARD, LIFE_PACKETS, UINT64_MAX);
	check_ok("hard-bytes=01777777777777777777777", LIFE_HARD, LIFE_BYTES, UINT64_MAX);
	check_ok("hard-bytes=-0", LIFE_HARD, LIFE_BYTES, 0);
	check_wrapped("hard-bytes=-1", LIFE_HARD, LIFE_BYTES, 4294967295u);
	check_wrapped("soft-usetime=-4294967295", LIFE_SOFT, LIFE_USETIME, 1);
	check_wrapped("hard-addtime=-0x10", LIFE_HARD, LIFE_ADDTIME, 4294967280u);
	check_ok("hard-packets=5", LIFE_HARD, LIFE_PACKETS, 5);
	check_ok("soft-bytes= 5", LIFE_SOFT, LIFE_BYTES, 5);
	check_ok("soft-bytes=0", LIFE_SOFT, LIFE_BYTES, 0);

	tap_ok(run(list, &life) == LIFE_OK && life.value[LIFE_SOFT][LIFE_ADDTIME] == 30 &&
	       life.value[LIFE_HARD][LIFE_ADDTIME] == 60 &&
	       life.value[LIFE_HARD][LIFE_PACKETS] == 4 &&
	       life.given[LIFE_SOFT][LIFE_ADDTIME] == list &&
	       life.given[LIFE_HARD][LIFE_ADDTIME] == list + 16 &&
	       life.given[LIFE_HARD][LIFE_PACKETS] == list + 32, "comma list");
	tap_ok(life_any(&life, LIFE_SOFT) && life_any(&life, LIFE_HARD), "life_any both");

	memset(&life, 0, sizeof(life));
	tap_ok(run(spaced, &life) == LIFE_OK && life.value[LIFE_SOFT][LIFE_BYTES] == 1000 &&
	       life.value[LIFE_HARD][LIFE_BYTES] == 2000, "space separated list");
	tap_ok(run("hard-usetime=99", &life) == LIFE_OK &&
	       life.value[LIFE_HARD][LIFE_USETIME] == 99 &&
	       life.value[LIFE_SOFT][LIFE_BYTES] == 1000, "a second --life accumulates");

	memset(&life, 0, sizeof(life));
	tap_ok(run("hard-packets=5", &life) == LIFE_OK && !life_any(&life, LIFE_SOFT) &&
	       life_any(&life, LIFE_HARD), "life_any hard only");
}

static void messages(void)
{
	static const char redef[] = "soft-bytes=1,soft-bytes=2";
	static const char badsev[] = "medium-bytes=1";
	static const char noval[] = "soft-bytes=";
	static const char trail[] = "soft-bytes=12,";
	static const char empty[] = "";
	static const char gap[] = "soft-bytes= ,hard-bytes=1";
	struct life life = { 0 };
	char want[512];

	snprintf(want, sizeof(want),
		 "Error, lifetime parameter redefined:soft-bytes=2, already defined as:0p%p",
		 (const void *)redef);
	check_err(redef, LIFE_INVALID, want);

	snprintf(want, sizeof(want),
		 "missing lifetime severity in medium-bytes=1, optargt=0p%p, optargp=0p%p, sizeof(\"soft\")=5",
		 (const void *)badsev, (const void *)badsev);
	check_err(badsev, LIFE_USAGE, want);

	check_err("soft_bytes=1", LIFE_USAGE,
		  "expected '-' after severity of lifetime parameter to --life option.");
	check_err("softX-bytes=1", LIFE_USAGE,
		  "expected '-' after severity of lifetime parameter to --life option.");
	check_err("soft-octets=1", LIFE_USAGE, "missing lifetime type after '-' in soft-octets=1");
	check_err("soft-bytes:1", LIFE_USAGE,
		  "expected '=' after type of lifetime parameter to --life option.");
	check_err("soft-bytesXYZ=5", LIFE_USAGE,
		  "expected '=' after type of lifetime parameter to --life option.");

	snprintf(want, sizeof(want),
		 "expected value after '=' in --life option. optargt=0p%p, optargt+strlen(optargt)=0p%p, optargp=0p%p",
		 (const void *)noval, (const void *)(noval + 11), (const void *)(noval + 11));
	check_err(noval, LIFE_USAGE, want);

	check_err("hard-bytes=99999999999999999999999", LIFE_INVALID,
		  "Invalid value in lifetime option parameter: 'hard-bytes=99999999999999999999999' is out of range (0 to 18446744073709551615).");
	check_err("soft-bytes=5,hard-packets=18446744073709551616,hard-bytes=1", LIFE_INVALID,
		  "Invalid value in lifetime option parameter: 'hard-packets=18446744073709551616' is out of range (0 to 18446744073709551615).");
	check_err("hard-bytes=0x10000000000000000", LIFE_INVALID,
		  "Invalid value in lifetime option parameter: 'hard-bytes=0x10000000000000000' is out of range (0 to 18446744073709551615).");
	check_err("hard-bytes=-4294967296", LIFE_INVALID,
		  "Invalid value in lifetime option parameter: 'hard-bytes=-4294967296' is out of range (0 to 18446744073709551615).");
	check_err("soft-bytes=12k", LIFE_INVALID,
		  "Invalid character='k' at offset 13 in lifetime option parameter: 'soft-bytes=12k', parameter string is 14 characters long, 2 valid value characters found.");
	check_err("hard-addtime=5,soft-bytes=12k", LIFE_INVALID,
		  "Invalid character='k' at offset 28 in lifetime option parameter: 'hard-addtime=5,soft-bytes=12k', parameter string is 29 characters long, 2 valid value characters found.");
	check_err("soft-bytes=5\thard-bytes=6", LIFE_INVALID,
		  "Invalid character='\t' at offset 12 in lifetime option parameter: 'soft-bytes=5\thard-bytes=6', parameter string is 25 characters long, 13 valid value characters found.");
	check_err("soft-bytes=-", LIFE_INVALID,
		  "Invalid character='-' at offset 11 in lifetime option parameter: 'soft-bytes=-', parameter string is 12 characters long, 0 valid value characters found.");
	check_err("soft-bytes= 5x", LIFE_INVALID,
		  "Invalid character='x' at offset 13 in lifetime option parameter: 'soft-bytes= 5x', parameter string is 14 characters long, -1 valid value characters found.");
	check_err("soft-bytes=0x", LIFE_INVALID,
		  "Invalid character='x' at offset 12 in lifetime option parameter: 'soft-bytes=0x', parameter string is 13 characters long, 1 valid value characters found.");

	snprintf(want, sizeof(want),
		 "missing lifetime severity in , optargt=0p%p, optargp=0p%p, sizeof(\"soft\")=5",
		 (const void *)(trail + 14), (const void *)(trail + 14));
	check_err(trail, LIFE_USAGE, want);

	snprintf(want, sizeof(want),
		 "missing lifetime severity in , optargt=0p%p, optargp=0p%p, sizeof(\"soft\")=5",
		 (const void *)empty, (const void *)empty);
	check_err(empty, LIFE_USAGE, want);

	snprintf(want, sizeof(want),
		 "missing lifetime severity in ,hard-bytes=1, optargt=0p%p, optargp=0p%p, sizeof(\"soft\")=5",
		 (const void *)(gap + 12), (const void *)(gap + 12));
	check_err(gap, LIFE_USAGE, want);

	/* redefinition across two options names the first option's text */
	tap_ok(run("hard-bytes=1", &life) == LIFE_OK, "first --life");
	{
		static const char second[] = "soft-bytes=3 hard-bytes=2";
		const char *first = life.given[LIFE_HARD][LIFE_BYTES];

		snprintf(want, sizeof(want),
			 "Error, lifetime parameter redefined:hard-bytes=2, already defined as:0p%p",
			 (const void *)first);
		tap_ok(run(second, &life) == LIFE_INVALID, "second --life redefines");
		tap_str(msg, want, "redefinition across options");
	}

	tap_ok(life_parse("soft-bytes=12k", &life, msg, 8) == LIFE_INVALID && strlen(msg) == 7,
	       "messages are cut to the buffer");
}

/* All ten items in one list, then an eleventh that repeats one. */
static void many_items(void)
{
	static const char *const sev[] = { "soft", "hard" };
	static const char *const type[] = { "allocations", "bytes", "addtime", "usetime", "packets" };
	struct life life = { 0 };
	char list[2048] = "", *big;
	int s, t, ok = 1;
	size_t i;

	for (s = 0; s < 2; s++)
		for (t = 0; t < 5; t++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s-%s=%d",
				 list[0] ? (t % 2 ? "," : " ") : "", sev[s], type[t], s * 10 + t + 1);
	tap_ok(run(list, &life) == LIFE_OK, "ten items: %s", list);
	for (s = 0; s < 2; s++)
		for (t = 0; t < 5; t++)
			ok &= life.value[s][t] == (uint64_t)(s * 10 + t + 1) && life.given[s][t];
	tap_ok(ok, "ten items all stored");

	strcat(list, ",soft-bytes=99");
	memset(&life, 0, sizeof(life));
	tap_ok(run(list, &life) == LIFE_INVALID && strstr(msg, "redefined:soft-bytes=99"),
	       "eleventh item redefines");

	/* a long list of one item: the second already repeats the first */
	big = malloc(100000);
	big[0] = '\0';
	for (i = 0; strlen(big) < 99000; i++)
		sprintf(big + strlen(big), "%ssoft-bytes=%zu", i ? "," : "", i);
	memset(&life, 0, sizeof(life));
	tap_ok(run(big, &life) == LIFE_INVALID && life.value[LIFE_SOFT][LIFE_BYTES] == 0,
	       "long list stops at the first repetition");
	free(big);
}

int main(void)
{
	probes();
	messages();
	many_items();
	return tap_done();
}
