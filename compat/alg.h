/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The algorithm table: legacy names, kernel (XFRM) names, key sizes, /proc names. */
#ifndef COMPAT_ALG_H
#define COMPAT_ALG_H

#include <stdbool.h>
#include <stdint.h>

enum key_check_kind { KEYCHECK_NONE, KEYCHECK_DES, KEYCHECK_3DES };

struct cipher_alg {
	const char *name;	/* pluto/KERNEL_ALG name: "3des", "aes", "null" */
	const char *kernel;	/* XFRM name: "cbc(des3_ede)" */
	uint8_t pfkey_id;	/* SADB_EALG_*: 3DES 3, DES 2, AES 12, ... */
	const char *proc;	/* /proc transform part: "3DES" (ESP_3DES...); NULL: "ID<pfkey_id>" */
	uint16_t key_min, key_max;	/* bits the kernel accepts (ours to enforce) */
	uint16_t key_default;	/* bits when the name does not say */
	uint16_t iv_bits;
	enum key_check_kind check;
};

struct auth_alg {
	const char *name;	/* "md5", "sha1", "sha2_256" */
	const char *kernel;	/* "hmac(md5)" */
	uint8_t pfkey_id;	/* SADB_AALG_*: MD5 2, SHA1 3, SHA2_256 5, ... */
	const char *proc;	/* "HMAC_MD5" */
	uint16_t key_bits;	/* exact key length required */
	uint16_t trunc_bits;	/* ICV length: 96 for the legacy -96 names */
};

struct comp_alg {
	const char *name;	/* "deflate", "lzs" */
	const char *kernel;	/* "deflate", "lzs" */
	uint8_t pfkey_id;	/* SADB_X_CALG_*: DEFLATE 2, LZS 3 */
	const char *proc;	/* "DEFLATE" */
};

/* One resolved --ah / --esp / --comp choice. */
struct sa_alg {
	uint8_t proto;				/* SA_AH, SA_ESP, SA_COMP */
	const struct cipher_alg *cipher;	/* ESP only; never NULL for ESP */
	const struct auth_alg *auth;		/* AH: never NULL; ESP: NULL = no auth */
	const struct comp_alg *comp;		/* COMP only */
	uint16_t cipher_bits;	/* key length named in the string ("aes128"); 0 = not named */
	bool kernel_alg;	/* a KERNEL_ALG string, not one of the fixed legacy names */
	const char *text;	/* KERNEL_ALG: the --esp text as given (quoted by key_check), else NULL */
};

enum alg_status {
	ALG_OK = 0,
	ALG_UNKNOWN,		/* not a name the originals knew */
	ALG_TOO_MANY,		/* KERNEL_ALG string naming more than one transform */
};

/* "hmac-md5-96" | "hmac-sha1-96" (exact, case-sensitive). */
enum alg_status alg_parse_ah(const char *name, struct sa_alg *out);

/*
 * "3des" | "3des-md5-96" | "3des-sha1-96" exactly, else a KERNEL_ALG string
 * "ENC[BITS][-AUTH[-BITS]][,...]" (case-insensitive names, Openswan 2.6):
 * ALG_TOO_MANY with *ntransforms set when it names more than one transform
 * (an ENC without AUTH means md5 and sha1, i.e. two).
 */
enum alg_status alg_parse_esp(const char *name, struct sa_alg *out, int *ntransforms);

/* "deflate" | "lzs" (exact). */
enum alg_status alg_parse_comp(const char *name, struct sa_alg *out);

/* Reverse lookups for listings (kernel name -> entry), NULL if unknown. */
const struct cipher_alg *cipher_by_kernel(const char *kernel_name);
const struct auth_alg *auth_by_kernel(const char *kernel_name);
const struct comp_alg *comp_by_kernel(const char *kernel_name);

#endif
