// SPDX-License-Identifier: GPL-2.0-or-later
/* key_check: lengths, DES parity, weak and semi-weak keys, repeated 3DES parts. */
#include <stdio.h>
#include <string.h>

#include "compat/keycheck.h"
#include "compat/said.h"
#include "tests/unit/tap.h"

#define GOOD_3DES "0x4043434545464649494a4a4c4c4f4f515152525454575758"
#define MD5_KEY "0x87658765876587658765876587658765"
#define SHA1_KEY "0x8765876587658765876587658765876587658765"

static void parse_key(const char *text, struct key *k)
{
	if (!text) {
		memset(k, 0, sizeof(*k));
		return;
	}
	if (key_parse(text, k, NULL) != KEY_OK)
		tap_diag("bad test key %s", text);
}

/* want NULL for an accepted combination */
static void check(const char *esp, const char *enc, const char *auth, const char *want)
{
	struct sa_alg alg;
	struct key ek, ak;
	char buf[256];
	const char *got;

	if (strncmp(esp, "ah:", 3) == 0)
		alg_parse_ah(esp + 3, &alg);
	else if (strncmp(esp, "comp:", 5) == 0)
		alg_parse_comp(esp + 5, &alg);
	else if (alg_parse_esp(esp, &alg, NULL) != ALG_OK)
		tap_diag("bad test algorithm %s", esp);
	parse_key(enc, &ek);
	parse_key(auth, &ak);
	got = key_check(&alg, &ek, &ak, buf, sizeof(buf));
	tap_str(got, want, "%s enc=%.20s auth=%.12s", esp, enc ? enc : "-", auth ? auth : "-");
	key_wipe(&ek);
	key_wipe(&ak);
}

static void des3(void)
{
	check("3des", GOOD_3DES, NULL, NULL);
	check("3des-md5-96", GOOD_3DES, MD5_KEY, NULL);
	check("3des-sha1-96", GOOD_3DES, SHA1_KEY, NULL);
	check("3des", "0x4043434545464649", NULL,
	      "invalid encryption keylen=64, must be between 192 and 192 bits");
	check("3des", GOOD_3DES "40", NULL,
	      "invalid encryption keylen=200, must be between 192 and 192 bits");
	check("3des", "0x4043434545464649494a4a4c4c4f4f515152525454575759", NULL,
	      "encryption key: 3DES key part 3 of 3 has even parity in byte 8; every byte needs odd parity");
	check("3des", "0x4143434545464649494a4a4c4c4f4f515152525454575758", NULL,
	      "encryption key: 3DES key part 1 of 3 has even parity in byte 1; every byte needs odd parity");
	check("3des", "0x40434345454646490101010101010101" "5152525454575758", NULL,
	      "encryption key: 3DES key part 2 of 3 is a weak DES key");
	check("3des", "0x0101010101010101" "494a4a4c4c4f4f515152525454575758", NULL,
	      "encryption key: 3DES key part 1 of 3 is a weak DES key");
	check("3des", "0x4043434545464649494a4a4c4c4f4f51" "e0e0e0e0f1f1f1f1", NULL,
	      "encryption key: 3DES key part 3 of 3 is a weak DES key");
	check("3des", "0x01fe01fe01fe01fe" "494a4a4c4c4f4f515152525454575758", NULL,
	      "encryption key: 3DES key part 1 of 3 is a semi-weak DES key");
	check("3des", "0x4043434545464649" "1fe01fe00ef10ef1" "5152525454575758", NULL,
	      "encryption key: 3DES key part 2 of 3 is a semi-weak DES key");
	check("3des", "0x40434345454646494043434545464649" "5152525454575758", NULL,
	      "encryption key: 3DES key parts 1 and 2 of 3 are equal; the three parts must all differ");
	check("3des", "0x4043434545464649" "494a4a4c4c4f4f51494a4a4c4c4f4f51", NULL,
	      "encryption key: 3DES key parts 2 and 3 of 3 are equal; the three parts must all differ");
	check("3des", "0x4043434545464649494a4a4c4c4f4f514043434545464649", NULL,
	      "encryption key: 3DES key parts 1 and 3 of 3 are equal; the three parts must all differ");
	/* parity is reported before a weak or repeated part further on */
	check("3des", "0x4043434545464648" "0101010101010101" "4043434545464648", NULL,
	      "encryption key: 3DES key part 1 of 3 has even parity in byte 8; every byte needs odd parity");
}

static void des(void)
{
	check("des-md5-96", "0x4043434545464646", MD5_KEY, NULL);
	check("des-md5", "0x4043434545464647", MD5_KEY,
	      "encryption key: DES key has even parity in byte 8; every byte needs odd parity");
	check("des-md5", "0xfefefefefefefefe", MD5_KEY, "encryption key: DES key is a weak DES key");
	check("des-md5", "0x1f1f1f1f0e0e0e0e", MD5_KEY, "encryption key: DES key is a weak DES key");
	check("des-md5", "0xe0fee0fef1fef1fe", MD5_KEY,
	      "encryption key: DES key is a semi-weak DES key");
	check("des-md5", GOOD_3DES, MD5_KEY,
	      "invalid encryption keylen=192, must be between 64 and 64 bits");
	check("des-md5", "0x4043434545464646", SHA1_KEY,
	      "invalid auth keylen=160, must be between 128 and 128 bits");
}

static void kernel_alg(void)
{
	/* the ka-* probes of the corpus */
	check("aes128-sha1-96", "0x4043434545464649494a4a4c4c4f4f50", MD5_KEY,
	      "invalid auth keylen=128, must be between 160 and 160 bits");
	check("aes128-sha1", "0x4043434545464649494a4a4c4c4f4f504043434545464649494a4a4c4c4f4f50",
	      SHA1_KEY, "invalid encryption keylen=256, required 128 by encrypt algo string=\"aes128-sha1\"");
	check("aes-sha1", "0x40434345", SHA1_KEY,
	      "invalid encryption keylen=32, must be between 128 and 256 bits");
	check("aes-sha1", "0x4043434545464649494a4a4c4c4f4f50", SHA1_KEY, NULL);
	check("3des-md5", GOOD_3DES, MD5_KEY, NULL);
	check("3des-md5", "0x4043434545464649", MD5_KEY,
	      "invalid encryption keylen=64, must be between 192 and 192 bits");
	check("aes-null", "0x4043434545464649494a4a4c4c4f4f50", NULL, NULL);

	check("aes-sha1", "0x4043434545464649494a4a4c4c4f4f5040434345", SHA1_KEY,
	      "invalid encryption keylen=160, aes keys must be 128, 192 or 256 bits");
	check("aes-sha1", "0x4043434545464649494a4a4c4c4f4f504043434545464649", SHA1_KEY, NULL);
	check("twofish-sha1", "0x4043434545464649494a4a4c4c4f4f5040434345", SHA1_KEY,
	      "invalid encryption keylen=160, twofish keys must be 128, 192 or 256 bits");
	check("serpent-sha1", "0x4043434545464649494a4a4c4c4f4f5040434345", SHA1_KEY, NULL);
	check("blowfish-md5", "0x4043434545", MD5_KEY, NULL);
	check("blowfish-md5", "0x40434345", MD5_KEY,
	      "invalid encryption keylen=32, must be between 40 and 448 bits");
	check("cast-md5", "0x4043434545464649494a4a4c4c4f4f5040", MD5_KEY,
	      "invalid encryption keylen=136, must be between 40 and 128 bits");
	check("null-md5", "0x40", MD5_KEY, "invalid encryption keylen=8, must be between 0 and 0 bits");
	check("null-md5", NULL, MD5_KEY, NULL);
	check("aes-sha2_256", "0x4043434545464649494a4a4c4c4f4f50", SHA1_KEY,
	      "invalid auth keylen=160, must be between 256 and 256 bits");
	check("aes-sha2_512", "0x4043434545464649494a4a4c4c4f4f50",
	      "0x" "4043434545464649494a4a4c4c4f4f50" "4043434545464649494a4a4c4c4f4f50"
	      "4043434545464649494a4a4c4c4f4f50" "4043434545464649494a4a4c4c4f4f50", NULL);
	/* both wrong: encryption is reported first, as spi did */
	check("aes128-sha1", "0x40434345", MD5_KEY,
	      "invalid encryption keylen=32, required 128 by encrypt algo string=\"aes128-sha1\"");
}

static void other(void)
{
	struct sa_alg alg;
	struct key ek, ak;
	char buf[256];

	check("ah:hmac-md5-96", NULL, MD5_KEY, NULL);
	check("ah:hmac-md5-96", NULL, SHA1_KEY,
	      "invalid auth keylen=160, must be between 128 and 128 bits");
	check("ah:hmac-sha1-96", NULL, MD5_KEY,
	      "invalid auth keylen=128, must be between 160 and 160 bits");
	check("ah:hmac-sha1-96", "0x40", SHA1_KEY, NULL);
	check("comp:deflate", "0x40", "0x40", NULL);
	check("3des", NULL, NULL, NULL);
	check("3des-md5-96", NULL, NULL, NULL);

	/* a hand-made sa_alg without text: the string is rebuilt from the parts */
	alg_parse_esp("aes-sha1", &alg, NULL);
	alg.cipher_bits = 192;
	alg.text = NULL;
	parse_key("0x4043434545464649494a4a4c4c4f4f50", &ek);
	parse_key(SHA1_KEY, &ak);
	tap_str(key_check(&alg, &ek, &ak, buf, sizeof(buf)),
		"invalid encryption keylen=128, required 192 by encrypt algo string=\"aes192\"",
		"cipher_bits without text");
	tap_ok(key_check(&alg, &ek, &ak, buf, 16) == buf && strlen(buf) == 15,
	       "message cut to the buffer");
	tap_ok(key_check(&alg, NULL, NULL, buf, sizeof(buf)) == NULL, "NULL keys are not given");
}

int main(void)
{
	des3();
	des();
	kernel_alg();
	other();
	return tap_done();
}
