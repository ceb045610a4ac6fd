/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key and IV text: 0x hex (with _ between bytes), 0s base64, 0t text. */
#ifndef COMPAT_KEY_H
#define COMPAT_KEY_H

#include <stddef.h>
#include <stdint.h>

#define KEY_MAX_BYTES 512

struct key {
	size_t len;			/* bytes; 0 = no key given */
	uint8_t bytes[KEY_MAX_BYTES];
};

/*
 * ttodata(text, 0, ...) semantics (upper-case prefixes accepted here).
 * Returns NULL and fills buf/len, or the ttodata error text
 * ("input ends in mid-byte, perhaps truncated", "unknown character in input",
 * "bad (non-zero) padding at end of base64 input", ...), or
 * "data too long" when more than cap bytes would result.
 */
const char *data_parse(const char *text, uint8_t *buf, size_t cap, size_t *len);

enum key_status {
	KEY_OK = 0,
	KEY_BAD_PREFIX,		/* starts with '0' but not 0x/0t/0s (lower case) */
	KEY_BAD_SYNTAX,		/* data_parse() failed, or the text is empty */
};

/*
 * The spi tool's two-stage check: a leading '0' must be followed by a
 * lower-case x, t or s; then data_parse(). *why (if not NULL) receives the
 * data_parse() detail for KEY_BAD_SYNTAX (the tool itself prints only the
 * undetailed legacy message).
 */
enum key_status key_parse(const char *text, struct key *out, const char **why);

/*
 * Why text is not a valid key, for a message, without any of its
 * characters: its length and the kind and position of the error, e.g.
 * "[key not shown: 49 characters] input ends in mid-byte, perhaps
 * truncated (47 hex digits, an odd number)" or "[key not shown: 50
 * characters] unknown character in input at character 17" (counted from
 * 1, the prefix included). For a valid key only the length is given.
 */
void key_describe(const char *text, char *buf, size_t len);

/* Wipe key material (explicit_bzero). */
void key_wipe(struct key *key);

#endif
