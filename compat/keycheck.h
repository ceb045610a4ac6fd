/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key checks the kernel does not make: lengths, DES parity, weak keys. */
#ifndef COMPAT_KEYCHECK_H
#define COMPAT_KEYCHECK_H

#include <stddef.h>
#include <stdint.h>
#include "compat/alg.h"
#include "compat/key.h"

/*
 * Check the keys given for alg (enc for ESP ciphers, auth for AH and ESP
 * authentication; keys of length 0 are "not given" and not checked here).
 * Returns NULL when acceptable, else buf holding one line (no prefix, no
 * newline) that names the key, the problem and what is expected, e.g.
 * "invalid encryption keylen=64, must be between 192 and 192 bits" or
 * "encryption key: 3DES key part 2 of 3 is a weak DES key".
 */
const char *key_check(const struct sa_alg *alg, const struct key *enc,
		      const struct key *auth, char *buf, size_t len);

/* One DES key of DES_KEY_BYTES: the index of its first byte with even parity, or -1. */
#define DES_KEY_BYTES 8
int des_even_parity_byte(const uint8_t *key);

/* Whether it is one of the 4 weak or 12 semi-weak keys (exact bytes, parity included). */
enum des_weakness { DES_STRONG, DES_WEAK, DES_SEMI_WEAK };
enum des_weakness des_weakness(const uint8_t *key);

#endif
