// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compat/keycheck.c's DES parity and weak-key checks against OpenSSL's
 * DES_check_key_parity() and DES_is_weak_key(), the reference they replace.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/des.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "compat/keycheck.h"
#include "tests/unit/tap.h"

static bool ours_parity_ok(const uint8_t *k)
{
	return des_even_parity_byte(k) < 0;
}

static bool ours_weak(const uint8_t *k)
{
	return des_weakness(k) != DES_STRONG;
}

static bool ssl_parity_ok(const uint8_t *k)
{
	DES_cblock b;

	memcpy(b, k, sizeof(b));
	return DES_check_key_parity(&b);
}

static bool ssl_weak(const uint8_t *k)
{
	DES_cblock b;

	memcpy(b, k, sizeof(b));
	return DES_is_weak_key(&b);
}

/* Number of keys on which we and OpenSSL differ, the first one in first. */
struct tally {
	unsigned long keys, differ;
	uint8_t first[DES_KEY_BYTES];
};

static void compare(struct tally *t, const uint8_t *k)
{
	t->keys++;
	if (ours_parity_ok(k) == ssl_parity_ok(k) && ours_weak(k) == ssl_weak(k))
		return;
	if (!t->differ++)
		memcpy(t->first, k, DES_KEY_BYTES);
}

static void report(const struct tally *t, const char *what)
{
	tap_ok(t->keys > 0 && t->differ == 0, "%s: %lu keys, %lu differ from OpenSSL", what,
	       t->keys, t->differ);
	if (t->differ)
		tap_diag("first: %02x%02x%02x%02x%02x%02x%02x%02x", t->first[0], t->first[1],
			 t->first[2], t->first[3], t->first[4], t->first[5], t->first[6], t->first[7]);
}

int main(void)
{
	static const uint8_t alphabet[] = { 0x01, 0xfe, 0x1f, 0xe0, 0x0e, 0xf1 };
	struct tally t;
	uint8_t k[DES_KEY_BYTES];
	unsigned long weak = 0, semi = 0;
	uint64_t x = 0x9e3779b97f4a7c15u;

	/* every byte value in every position of an odd-parity key */
	memset(&t, 0, sizeof(t));
	for (int pos = 0; pos < DES_KEY_BYTES; pos++)
		for (int v = 0; v < 256; v++) {
			memcpy(k, "\x13\x25\x37\x49\x5b\x6d\x7f\x80", DES_KEY_BYTES);
			k[pos] = (uint8_t)v;
			compare(&t, k);
		}
	report(&t, "parity, each byte value at each position");

	/* every key spelled with the bytes of the weak and semi-weak keys */
	memset(&t, 0, sizeof(t));
	for (unsigned long n = 0; n < 1679616; n++) {	/* 6^8 */
		unsigned long m = n;

		for (int i = 0; i < DES_KEY_BYTES; i++, m /= 6)
			k[i] = alphabet[m % 6];
		compare(&t, k);
		weak += des_weakness(k) == DES_WEAK;
		semi += des_weakness(k) == DES_SEMI_WEAK;
	}
	report(&t, "keys over {01 fe 1f e0 0e f1}");
	tap_ok(weak == 4 && semi == 12, "4 weak and 12 semi-weak keys among them (%lu, %lu)",
	       weak, semi);

	/* one bit away from each weak key, and pseudo-random odd-parity keys */
	memset(&t, 0, sizeof(t));
	for (unsigned long n = 0; n < 1679616; n++) {
		unsigned long m = n;

		for (int i = 0; i < DES_KEY_BYTES; i++, m /= 6)
			k[i] = alphabet[m % 6];
		if (des_weakness(k) == DES_STRONG)
			continue;
		for (int bit = 0; bit < 64; bit++) {
			k[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			compare(&t, k);
			k[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
	}
	for (int n = 0; n < 100000; n++) {
		DES_cblock b;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memcpy(b, &x, sizeof(b));
		DES_set_odd_parity(&b);
		compare(&t, b);
	}
	report(&t, "one bit from each weak key, and random odd-parity keys");
	return tap_done();
}
