// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "compat/key.h"
#include "compat/number.h"

enum { BAD_CHAR = -1, BAD_PAD = -2 };


static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int decode_hex(const char *in, uint8_t *out)
{
	int hi = legacy_digit(in[0], 16), lo = legacy_digit(in[1], 16);

	if (hi < 0 || lo < 0)
		return BAD_CHAR;
	out[0] = (uint8_t)(hi << 4 | lo);
	return 1;
}

/* One group of four; "xx==" and "xxx=" end early (the padding may come anywhere). */
static int decode_b64(const char *in, uint8_t *out)
{
	int v[4], i;

	for (i = 0; i < 4; i++)
		v[i] = b64_value(in[i]);
	if (v[0] < 0 || v[1] < 0)
		return BAD_CHAR;
	out[0] = (uint8_t)(v[0] << 2 | v[1] >> 4);
	if (v[2] < 0) {
		if (in[2] != '=' || in[3] != '=')
			return BAD_CHAR;
		return (v[1] & 0x0f) ? BAD_PAD : 1;
	}
	out[1] = (uint8_t)((v[1] & 0x0f) << 4 | v[2] >> 2);
	if (v[3] < 0) {
		if (in[3] != '=')
			return BAD_CHAR;
		return (v[2] & 0x03) ? BAD_PAD : 2;
	}
	out[2] = (uint8_t)((v[2] & 0x03) << 6 | v[3]);
	return 3;
}

static int decode_text(const char *in, uint8_t *out)
{
	out[0] = (uint8_t)in[0];
	return 1;
}

/* Which character of a group decode refused: the first one outside the
 * alphabet, or for base64 the first '=' when it is only misplaced padding. */
static size_t bad_char_at(const char *group_text, size_t group)
{
	size_t i, pad = group;

	for (i = 0; i < group; i++) {
		char c = group_text[i];

		if (group == 4 && c == '=') {
			if (pad == group)
				pad = i;
			continue;
		}
		if ((group == 2 ? legacy_digit(c, 16) : b64_value(c)) < 0)
			return i;
	}
	return pad < group ? pad : 0;
}

/* data_parse(), and where in text the error was found. */
static const char *parse(const char *text, uint8_t *buf, size_t cap, size_t *len, size_t *at)
{
	int (*decode)(const char *, uint8_t *);
	size_t group, remaining = strlen(text), done = 0;
	const char *p = text;
	bool underscores = false;

	*at = 0;
	if (remaining < 2)
		return "input too short to be valid";
	if (p[0] != '0')
		return "input does not begin with format prefix";
	switch (p[1]) {
	case 'x':
	case 'X':
		decode = decode_hex;
		group = 2;
		underscores = true;
		break;
	case 's':
	case 'S':
		decode = decode_b64;
		group = 4;
		break;
	case 't':
	case 'T':
		decode = decode_text;
		group = 1;
		break;
	default:
		*at = 1;
		return "unknown format prefix";
	}
	p += 2;
	remaining -= 2;

	while (remaining > 0) {
		uint8_t out[3];
		int n, i;

		*at = (size_t)(p - text);
		if (remaining < group)
			return "input ends in mid-byte, perhaps truncated";
		n = decode(p, out);
		for (i = 0; i < n; i++, done++)
			if (done < cap)
				buf[done] = out[i];
		explicit_bzero(out, sizeof(out));
		if (n == BAD_CHAR) {
			*at += bad_char_at(p, group);
			return "unknown character in input";
		}
		if (n == BAD_PAD)
			return "bad (non-zero) padding at end of base64 input";
		p += group;
		remaining -= group;
		/* one '_' between bytes, never as the last character */
		if (underscores && remaining > 1 && *p == '_') {
			p++;
			remaining--;
		}
	}

	*at = (size_t)(p - text);
	if (done == 0)
		return "no data bytes specified by input";
	if (done > cap)
		return "data too long";
	*len = done;
	return NULL;
}

const char *data_parse(const char *text, uint8_t *buf, size_t cap, size_t *len)
{
	size_t at;

	return parse(text, buf, cap, len, &at);
}

void key_describe(const char *text, char *buf, size_t buflen)
{
	struct key scratch;
	size_t n = strlen(text), at, digits = 0;
	const char *err, *chars = n == 1 ? "character" : "characters";

	if (text[0] == '0' && text[1] != 'x' && text[1] != 't' && text[1] != 's') {
		snprintf(buf, buflen, "[key not shown: %zu %s, '0' and no lower-case x, t or s after it]",
			 n, chars);
		return;
	}
	err = parse(text, scratch.bytes, sizeof(scratch.bytes), &scratch.len, &at);
	explicit_bzero(&scratch, sizeof(scratch));
	if (!err) {
		snprintf(buf, buflen, "[key not shown: %zu %s]", n, chars);
	} else if (strcmp(err, "unknown character in input") == 0) {
		snprintf(buf, buflen, "[key not shown: %zu %s] %s at character %zu", n, chars, err, at + 1);
	} else if (strcmp(err, "input ends in mid-byte, perhaps truncated") == 0 && text[1] == 'x' &&
		   text[n - 1] == '_') {
		snprintf(buf, buflen, "[key not shown: %zu %s] %s (a '_' ends it)", n, chars, err);
	} else if (strcmp(err, "input ends in mid-byte, perhaps truncated") == 0) {
		for (const char *p = text + 2; *p; p++)
			digits += *p != '_';
		snprintf(buf, buflen, "[key not shown: %zu %s] %s (%zu %s)", n, chars, err, digits,
			 text[1] == 's' ? "base64 characters, not a multiple of 4" : "hex digits, an odd number");
	} else if (strcmp(err, "data too long") == 0) {
		snprintf(buf, buflen, "[key not shown: %zu %s] %s (more than %d bytes)", n, chars, err,
			 KEY_MAX_BYTES);
	} else {
		snprintf(buf, buflen, "[key not shown: %zu %s] %s", n, chars, err);
	}
}

enum key_status key_parse(const char *text, struct key *out, const char **why)
{
	const char *err;

	out->len = 0;
	if (why)
		*why = NULL;
	if (text[0] == '0' && text[1] != 'x' && text[1] != 't' && text[1] != 's')
		return KEY_BAD_PREFIX;
	err = data_parse(text, out->bytes, sizeof(out->bytes), &out->len);
	if (err) {
		key_wipe(out);
		if (why)
			*why = err;
		return KEY_BAD_SYNTAX;
	}
	return KEY_OK;
}

void key_wipe(struct key *key)
{
	explicit_bzero(key, sizeof(*key));
}
