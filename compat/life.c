// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "compat/life.h"
#include "compat/number.h"

static const char *const severity_names[LIFE_SEVERITIES] = { "soft", "hard" };
static const char *const type_names[LIFE_TYPES] = {
	"allocations", "bytes", "addtime", "usetime", "packets",
};

/* Index of the first name that text starts with (prefix match), or -1. */
static int match_prefix(const char *text, const char *const *names, int n, size_t *len)
{
	int i;

	for (i = 0; i < n; i++) {
		*len = strlen(names[i]);
		if (strncmp(text, names[i], *len) == 0)
			return i;
	}
	return -1;
}

static bool is_c_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * One "SEVERITY-TYPE=VALUE" item starting at item. On success *next is the
 * character that ended the value. The messages and the numbers in them are
 * those of spi's parse_life_options(), pointers included.
 */
static enum life_status parse_item(const char *optarg, const char *item,
				   struct life *life, const char **next,
				   char *msg, size_t msglen)
{
	const char *p = item, *value;
	size_t len, consumed, span;
	struct legacy_num v;
	uint32_t low;
	int sev, type;

	sev = match_prefix(p, severity_names, LIFE_SEVERITIES, &len);
	if (sev < 0) {
		snprintf(msg, msglen,
			 "missing lifetime severity in %s, optargt=0p%p, optargp=0p%p, sizeof(\"soft\")=5",
			 item, (const void *)item, (const void *)p);
		return LIFE_USAGE;
	}
	p += len;
	if (*p++ != '-') {
		snprintf(msg, msglen,
			 "expected '-' after severity of lifetime parameter to --life option.");
		return LIFE_USAGE;
	}
	type = match_prefix(p, type_names, LIFE_TYPES, &len);
	if (type < 0) {
		snprintf(msg, msglen, "missing lifetime type after '-' in %s", item);
		return LIFE_USAGE;
	}
	p += len;
	if (life->given[sev][type]) {
		snprintf(msg, msglen,
			 "Error, lifetime parameter redefined:%s, already defined as:0p%p",
			 item, (const void *)life->given[sev][type]);
		return LIFE_INVALID;
	}
	if (*p++ != '=') {
		snprintf(msg, msglen,
			 "expected '=' after type of lifetime parameter to --life option.");
		return LIFE_USAGE;
	}
	value = p;
	if (*value == '\0') {
		snprintf(msg, msglen,
			 "expected value after '=' in --life option. optargt=0p%p, optargt+strlen(optargt)=0p%p, optargp=0p%p",
			 (const void *)item, (const void *)(item + strlen(item)),
			 (const void *)value);
		return LIFE_USAGE;
	}

	consumed = legacy_number(value, &v);
	span = strcspn(value, ", ");
	if (value[consumed] != '\0' && consumed != span) {
		snprintf(msg, msglen,
			 "Invalid character='%c' at offset %d in lifetime option parameter: '%s', parameter string is %d characters long, %d valid value characters found.",
			 value[consumed], (int)(value + consumed - optarg), optarg,
			 (int)strlen(optarg), (int)span - 1);
		return LIFE_INVALID;
	}
	/* 64 bits as written; a negative number as the originals took it */
	if (legacy_num_fits(&v, 64)) {
		life->value[sev][type] = v.value;
		life->wrapped[sev][type] = false;
	} else if (legacy_num_u32(&v, &low, &life->wrapped[sev][type])) {
		life->value[sev][type] = low;
	} else {
		snprintf(msg, msglen,
			 "Invalid value in lifetime option parameter: '%.*s' is out of range (0 to %llu).",
			 (int)(value + consumed - item), item, (unsigned long long)UINT64_MAX);
		return LIFE_INVALID;
	}
	life->given[sev][type] = item;
	*next = value + consumed;
	return LIFE_OK;
}

enum life_status life_parse(const char *optarg, struct life *life,
			    char *msg, size_t msglen)
{
	const char *item = optarg, *end;
	enum life_status st;

	if (msglen)
		msg[0] = '\0';
	for (;;) {
		st = parse_item(optarg, item, life, &end, msg, msglen);
		if (st != LIFE_OK)
			return st;
		if (*end != ',' && !is_c_space(*end))
			return LIFE_OK;
		item = end + 1;
	}
}

int life_any(const struct life *life, enum life_severity sev)
{
	int t;

	for (t = 0; t < LIFE_TYPES; t++)
		if (life->given[sev][t])
			return 1;
	return 0;
}
