// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DES checks are written here rather than called from OpenSSL: they are
 * a parity count and a table of 16 keys, and linking libcrypto for them cost
 * every `spi` start its loading (80 ms under user-mode Linux, see
 * bench/RESULTS.md). tests/unit/test_keycheck_openssl.c checks them against
 * OpenSSL's DES_check_key_parity() and DES_is_weak_key().
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "compat/keycheck.h"
#include "compat/said.h"

/* The weak keys (encryption is its own inverse), then the semi-weak pairs (FIPS 74). */
static const uint8_t weak_keys[16][DES_KEY_BYTES] = {
	{ 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01 },
	{ 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe },
	{ 0x1f, 0x1f, 0x1f, 0x1f, 0x0e, 0x0e, 0x0e, 0x0e },
	{ 0xe0, 0xe0, 0xe0, 0xe0, 0xf1, 0xf1, 0xf1, 0xf1 },
	{ 0x01, 0xfe, 0x01, 0xfe, 0x01, 0xfe, 0x01, 0xfe },
	{ 0xfe, 0x01, 0xfe, 0x01, 0xfe, 0x01, 0xfe, 0x01 },
	{ 0x1f, 0xe0, 0x1f, 0xe0, 0x0e, 0xf1, 0x0e, 0xf1 },
	{ 0xe0, 0x1f, 0xe0, 0x1f, 0xf1, 0x0e, 0xf1, 0x0e },
	{ 0x01, 0xe0, 0x01, 0xe0, 0x01, 0xf1, 0x01, 0xf1 },
	{ 0xe0, 0x01, 0xe0, 0x01, 0xf1, 0x01, 0xf1, 0x01 },
	{ 0x1f, 0xfe, 0x1f, 0xfe, 0x0e, 0xfe, 0x0e, 0xfe },
	{ 0xfe, 0x1f, 0xfe, 0x1f, 0xfe, 0x0e, 0xfe, 0x0e },
	{ 0x01, 0x1f, 0x01, 0x1f, 0x01, 0x0e, 0x01, 0x0e },
	{ 0x1f, 0x01, 0x1f, 0x01, 0x0e, 0x01, 0x0e, 0x01 },
	{ 0xe0, 0xfe, 0xe0, 0xfe, 0xf1, 0xfe, 0xf1, 0xfe },
	{ 0xfe, 0xe0, 0xfe, 0xe0, 0xfe, 0xf1, 0xfe, 0xf1 },
};

int des_even_parity_byte(const uint8_t *key)
{
	for (int i = 0; i < DES_KEY_BYTES; i++)
		if (__builtin_parity(key[i]) == 0)
			return i;
	return -1;
}

enum des_weakness des_weakness(const uint8_t *key)
{
	for (size_t i = 0; i < sizeof(weak_keys) / sizeof(weak_keys[0]); i++)
		if (memcmp(key, weak_keys[i], DES_KEY_BYTES) == 0)
			return i < 4 ? DES_WEAK : DES_SEMI_WEAK;
	return DES_STRONG;
}

/* One DES key (part of a 3DES key when nparts is 3). */
static const char *check_des_part(const uint8_t *key, int part, int nparts,
				  char *buf, size_t len)
{
	enum des_weakness w;
	char what[32];
	int i;

	if (nparts > 1)
		snprintf(what, sizeof(what), "3DES key part %d of %d", part, nparts);
	else
		snprintf(what, sizeof(what), "DES key");
	i = des_even_parity_byte(key);
	if (i >= 0) {
		snprintf(buf, len,
			 "encryption key: %s has even parity in byte %d; every byte needs odd parity",
			 what, i + 1);
		return buf;
	}
	w = des_weakness(key);
	if (w != DES_STRONG) {
		snprintf(buf, len, "encryption key: %s is a %s DES key",
			 what, w == DES_WEAK ? "weak" : "semi-weak");
		return buf;
	}
	return NULL;
}

static const char *check_3des(const uint8_t *key, char *buf, size_t len)
{
	static const int pairs[3][2] = { { 0, 1 }, { 1, 2 }, { 0, 2 } };
	int i;

	for (i = 0; i < 3; i++)
		if (check_des_part(key + i * DES_KEY_BYTES, i + 1, 3, buf, len))
			return buf;
	for (i = 0; i < 3; i++) {
		const uint8_t *a = key + pairs[i][0] * DES_KEY_BYTES;
		const uint8_t *b = key + pairs[i][1] * DES_KEY_BYTES;

		if (memcmp(a, b, DES_KEY_BYTES) == 0) {
			snprintf(buf, len,
				 "encryption key: 3DES key parts %d and %d of 3 are equal; the three parts must all differ",
				 pairs[i][0] + 1, pairs[i][1] + 1);
			return buf;
		}
	}
	return NULL;
}

static const char *check_enc(const struct sa_alg *alg, const struct key *enc,
			     char *buf, size_t len)
{
	const struct cipher_alg *c = alg->cipher;
	int bits = (int)(enc->len * 8);

	if (alg->cipher_bits && bits != alg->cipher_bits) {
		char name[32];
		const char *text = alg->text;

		if (!text) {
			snprintf(name, sizeof(name), "%s%u", c->name, alg->cipher_bits);
			text = name;
		}
		snprintf(buf, len,
			 "invalid encryption keylen=%d, required %d by encrypt algo string=\"%s\"",
			 bits, alg->cipher_bits, text);
		return buf;
	}
	if (bits < c->key_min || bits > c->key_max) {
		snprintf(buf, len, "invalid encryption keylen=%d, must be between %d and %d bits",
			 bits, c->key_min, c->key_max);
		return buf;
	}
	/* the kernel's aes and twofish take 128, 192 or 256 bits, nothing between */
	if ((strcmp(c->name, "aes") == 0 || strcmp(c->name, "twofish") == 0) && bits % 64) {
		snprintf(buf, len, "invalid encryption keylen=%d, %s keys must be 128, 192 or 256 bits",
			 bits, c->name);
		return buf;
	}
	switch (c->check) {
	case KEYCHECK_DES:
		return check_des_part(enc->bytes, 1, 1, buf, len);
	case KEYCHECK_3DES:
		return check_3des(enc->bytes, buf, len);
	default:
		return NULL;
	}
}

const char *key_check(const struct sa_alg *alg, const struct key *enc,
		      const struct key *auth, char *buf, size_t len)
{
	if (alg->proto == SA_ESP && alg->cipher && enc && enc->len > 0 &&
	    check_enc(alg, enc, buf, len))
		return buf;
	if ((alg->proto == SA_ESP || alg->proto == SA_AH) && alg->auth && auth &&
	    auth->len > 0 && auth->len * 8 != alg->auth->key_bits) {
		snprintf(buf, len, "invalid auth keylen=%d, must be between %d and %d bits",
			 (int)(auth->len * 8), alg->auth->key_bits, alg->auth->key_bits);
		return buf;
	}
	return NULL;
}
