// SPDX-License-Identifier: GPL-2.0-or-later
/* The algorithm table, --ah/--esp/--comp names and KERNEL_ALG strings. */
#include <stdio.h>
#include <string.h>

#include "compat/alg.h"
#include "compat/said.h"
#include "tests/unit/tap.h"

static const char *status_name(enum alg_status st)
{
	return st == ALG_OK ? "ok" : st == ALG_UNKNOWN ? "unknown" : "too-many";
}

/*
 * want: "unknown", "too-many N", or "CIPHER[/BITS]+AUTH" where AUTH is
 * "none" for no authentication.
 */
static void check_esp(const char *text, const char *want)
{
	struct sa_alg a;
	int n = -1;
	enum alg_status st = alg_parse_esp(text, &a, &n);
	char got[128];

	if (st == ALG_TOO_MANY)
		snprintf(got, sizeof(got), "too-many %d", n);
	else if (st != ALG_OK)
		snprintf(got, sizeof(got), "%s", status_name(st));
	else if (a.cipher_bits)
		snprintf(got, sizeof(got), "%s/%u+%s", a.cipher->name, a.cipher_bits,
			 a.auth ? a.auth->name : "none");
	else
		snprintf(got, sizeof(got), "%s+%s", a.cipher->name, a.auth ? a.auth->name : "none");
	tap_str(got, want, "--esp '%s'", text);
	if (st == ALG_OK)
		tap_ok(a.proto == SA_ESP && n == 1 && a.kernel_alg == (a.text != NULL) &&
		       (!a.text || a.text == text) && !a.comp,
		       "--esp '%s' proto, count, text", text);
}

static void probes(void)
{
	check_esp("3DES", "too-many 2");
	check_esp("aes", "too-many 2");
	check_esp("3des-md5,aes-sha1", "too-many 2");
	check_esp("aes-null", "aes+none");
	check_esp("aes128-sha1-96", "aes/128+sha1");
	check_esp("aes-sha1-96", "aes+sha1");
	check_esp("aes-sha1-x", "unknown");
	check_esp("foo-sha1", "unknown");
	check_esp("aes-foo", "unknown");
	check_esp("blowfish-xyz", "unknown");
	check_esp("des-md5-96", "des+md5");
	check_esp("twofish128-sha1-96", "twofish/128+sha1");
	check_esp("aes-sha2_256", "aes+sha2_256");
	check_esp("3des-md5", "3des+md5");
	check_esp("aes128-sha1", "aes/128+sha1");
	check_esp("aes-sha1", "aes+sha1");
	check_esp("twofish-sha1", "twofish+sha1");
}

static void grammar(void)
{
	check_esp("AES128-SHA1", "aes/128+sha1");
	check_esp(" \taes-sha1", "aes+sha1");
	check_esp("aes-sha1 ", "unknown");
	check_esp("aes-128-sha1", "aes/128+sha1");
	check_esp("aes128", "too-many 2");
	check_esp("aes-sha1-96-", "unknown");
	check_esp("aes-sha1-", "unknown");
	check_esp("aes-", "unknown");
	check_esp("aes,", "unknown");
	check_esp(",aes-sha1", "unknown");
	check_esp("aes--sha1", "unknown");
	check_esp("-", "unknown");
	check_esp("", "unknown");
	check_esp("aes-sha1,aes-sha1", "aes+sha1");
	check_esp("aes-sha1, aes-sha1", "aes+sha1");
	check_esp("aes-sha1,aes128-sha1", "too-many 2");
	check_esp("aes128-sha1,aes-sha1", "aes/128+sha1");
	check_esp("aes-sha1-96,aes-sha1-128", "too-many 2");
	check_esp("aes-sha1-96,aes-sha1", "aes+sha1");
	check_esp("aes,aes-md5", "too-many 2");
	check_esp("aes,aes-md5,aes-sha1", "too-many 2");
	check_esp("aes,3des", "too-many 4");
	check_esp("aes,foo", "unknown");
	check_esp("aes-md5!", "aes+md5");
	check_esp("aes-md5!!", "aes+md5");
	check_esp("aes-md5!x", "unknown");
	check_esp("aes-md5!,3des-sha1", "too-many 2");
	check_esp("aes-none", "too-many 2");
	check_esp("aes-NULL", "aes+none");
	check_esp("aes-n", "aes+none");
	check_esp("aes-nul", "aes+none");
	check_esp("aes-nullx", "unknown");
	check_esp("aes-id2", "aes+sha1");
	check_esp("aes-id5", "aes+sha2_256");
	check_esp("aes-id0", "too-many 2");
	check_esp("aes-id9", "unknown");
	check_esp("aes-ID2", "unknown");
	check_esp("id12-sha1", "aes+sha1");
	check_esp("id3-md5", "3des+md5");
	check_esp("id0-md5", "3des+md5");
	check_esp("id99-md5", "unknown");
	check_esp("ID12-sha1", "unknown");
	check_esp("aes-sha1;modp1024", "aes+sha1");
	check_esp("aes-sha1;MODP2048", "aes+sha1");
	check_esp("aes-sha1;modp999", "unknown");
	check_esp("aes-sha1;0", "aes+sha1");
	check_esp("aes-sha1;", "aes+sha1");
	check_esp("aes;modp1024", "too-many 2");
	check_esp("serpent256-sha2_512", "serpent/256+sha2_512");
	check_esp("cast128-ripemd", "cast/128+ripemd");
	check_esp("blowfish448-sha2_384", "blowfish/448+sha2_384");
	check_esp("null-sha", "null+sha1");
	check_esp("aes-sha256", "aes+sha2_256");
	check_esp("3des168-md5", "3des/168+md5");
	check_esp("aes99999999-sha1", "unknown");
	check_esp("aesaesaesaesaesaesaes-sha1", "unknown");
	check_esp("aes_ctr-sha1", "unknown");
	check_esp("aes-sha1-99999999999999999999", "aes+sha1");
	check_esp("a\xc3\xa9s-sha1", "unknown");
}

static void fixed_names(void)
{
	struct sa_alg a;
	const struct cipher_alg *c;

	tap_ok(alg_parse_esp("3des", &a, NULL) == ALG_OK && !a.auth && !a.kernel_alg &&
	       !a.text && a.cipher_bits == 0, "3des (ntransforms may be NULL)");
	c = a.cipher;
	tap_ok(c && strcmp(c->kernel, "cbc(des3_ede)") == 0 && c->pfkey_id == 3 &&
	       strcmp(c->proc, "3DES") == 0 && c->key_min == 192 && c->key_max == 192 &&
	       c->iv_bits == 64 && c->check == KEYCHECK_3DES, "3des table entry");
	tap_ok(alg_parse_esp("3des-md5-96", &a, NULL) == ALG_OK && a.auth &&
	       strcmp(a.auth->kernel, "hmac(md5)") == 0 && a.auth->trunc_bits == 96 &&
	       a.auth->key_bits == 128 && !a.kernel_alg, "3des-md5-96");
	tap_ok(alg_parse_esp("3des-sha1-96", &a, NULL) == ALG_OK && a.auth &&
	       strcmp(a.auth->kernel, "hmac(sha1)") == 0 && a.auth->key_bits == 160 &&
	       a.auth->pfkey_id == 3 && strcmp(a.auth->proc, "HMAC_SHA1") == 0, "3des-sha1-96");

	tap_ok(alg_parse_ah("hmac-md5-96", &a) == ALG_OK && a.proto == SA_AH && !a.cipher &&
	       a.auth && a.auth->pfkey_id == 2 && strcmp(a.auth->proc, "HMAC_MD5") == 0 &&
	       a.auth->key_bits == 128 && a.auth->trunc_bits == 96, "--ah hmac-md5-96");
	tap_ok(alg_parse_ah("hmac-sha1-96", &a) == ALG_OK && a.auth &&
	       strcmp(a.auth->kernel, "hmac(sha1)") == 0 && a.auth->key_bits == 160,
	       "--ah hmac-sha1-96");
	tap_ok(alg_parse_ah("HMAC-MD5-96", &a) == ALG_UNKNOWN, "--ah is case-sensitive");
	tap_ok(alg_parse_ah("hmac-md5", &a) == ALG_UNKNOWN, "--ah hmac-md5 is unknown");
	tap_ok(alg_parse_ah("md5", &a) == ALG_UNKNOWN, "--ah md5 is unknown");
	tap_ok(alg_parse_ah("", &a) == ALG_UNKNOWN, "--ah '' is unknown");

	tap_ok(alg_parse_comp("deflate", &a) == ALG_OK && a.proto == SA_COMP && a.comp &&
	       a.comp->pfkey_id == 2 && strcmp(a.comp->proc, "DEFLATE") == 0 &&
	       strcmp(a.comp->kernel, "deflate") == 0, "--comp deflate");
	tap_ok(alg_parse_comp("lzs", &a) == ALG_OK && a.comp && a.comp->pfkey_id == 3 &&
	       strcmp(a.comp->proc, "LZS") == 0, "--comp lzs");
	tap_ok(alg_parse_comp("DEFLATE", &a) == ALG_UNKNOWN, "--comp is case-sensitive");
	tap_ok(alg_parse_comp("lzjh", &a) == ALG_UNKNOWN, "--comp lzjh is unknown");
}

static void cipher_entry(const char *name, const char *kernel, unsigned int id, const char *proc,
			 unsigned int min, unsigned int max, unsigned int def, unsigned int iv,
			 enum key_check_kind check)
{
	char text[64];
	struct sa_alg a;
	const struct cipher_alg *c;

	snprintf(text, sizeof(text), "%s-md5", name);
	alg_parse_esp(text, &a, NULL);
	c = a.cipher;
	tap_ok(c && strcmp(c->name, name) == 0 && strcmp(c->kernel, kernel) == 0 &&
	       c->pfkey_id == id && (proc ? c->proc && strcmp(c->proc, proc) == 0 : !c->proc) &&
	       c->key_min == min && c->key_max == max && c->key_default == def &&
	       c->iv_bits == iv && c->check == check && cipher_by_kernel(kernel) == c,
	       "cipher %s", name);
}

static void auth_entry(const char *name, const char *kernel, unsigned int id, const char *proc,
		       unsigned int bits, unsigned int trunc)
{
	char text[64];
	struct sa_alg a;
	const struct auth_alg *au;

	snprintf(text, sizeof(text), "aes-%s", name);
	alg_parse_esp(text, &a, NULL);
	au = a.auth;
	tap_ok(au && strcmp(au->name, name) == 0 && strcmp(au->kernel, kernel) == 0 &&
	       au->pfkey_id == id && (proc ? au->proc && strcmp(au->proc, proc) == 0 : !au->proc) &&
	       au->key_bits == bits && au->trunc_bits == trunc && auth_by_kernel(kernel) == au,
	       "auth %s", name);
}

static void table(void)
{
	cipher_entry("3des", "cbc(des3_ede)", 3, "3DES", 192, 192, 192, 64, KEYCHECK_3DES);
	cipher_entry("des", "cbc(des)", 2, NULL, 64, 64, 64, 64, KEYCHECK_DES);
	cipher_entry("aes", "cbc(aes)", 12, "AES", 128, 256, 128, 128, KEYCHECK_NONE);
	cipher_entry("twofish", "cbc(twofish)", 253, "TWOFISH", 128, 256, 128, 128, KEYCHECK_NONE);
	cipher_entry("serpent", "cbc(serpent)", 252, "SERPENT", 128, 256, 128, 128, KEYCHECK_NONE);
	cipher_entry("blowfish", "cbc(blowfish)", 7, NULL, 40, 448, 128, 64, KEYCHECK_NONE);
	cipher_entry("cast", "cbc(cast5)", 6, NULL, 40, 128, 128, 64, KEYCHECK_NONE);
	cipher_entry("null", "ecb(cipher_null)", 11, "NULL", 0, 0, 0, 0, KEYCHECK_NONE);

	auth_entry("md5", "hmac(md5)", 2, "HMAC_MD5", 128, 96);
	auth_entry("sha1", "hmac(sha1)", 3, "HMAC_SHA1", 160, 96);
	auth_entry("sha2_256", "hmac(sha256)", 5, "HMAC_SHA2_256", 256, 128);
	auth_entry("sha2_384", "hmac(sha384)", 6, "HMAC_SHA2_384", 384, 192);
	auth_entry("sha2_512", "hmac(sha512)", 7, "HMAC_SHA2_512", 512, 256);
	auth_entry("ripemd", "hmac(rmd160)", 8, NULL, 160, 96);
}

static void reverse_lookups(void)
{
	static const struct {
		const char *kernel, *name;
	} ciphers[] = {
		{ "des3_ede", "3des" }, { "des", "des" }, { "aes", "aes" }, { "cast5", "cast" },
		{ "blowfish", "blowfish" }, { "twofish", "twofish" }, { "serpent", "serpent" },
		{ "cipher_null", "null" },
	}, auths[] = {
		{ "md5", "md5" }, { "sha1", "sha1" }, { "sha256", "sha2_256" }, { "rmd160", "ripemd" },
	};
	size_t i;

	for (i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++) {
		const struct cipher_alg *c = cipher_by_kernel(ciphers[i].kernel);

		tap_ok(c && strcmp(c->name, ciphers[i].name) == 0, "cipher_by_kernel(\"%s\")",
		       ciphers[i].kernel);
	}
	for (i = 0; i < sizeof(auths) / sizeof(auths[0]); i++) {
		const struct auth_alg *a = auth_by_kernel(auths[i].kernel);

		tap_ok(a && strcmp(a->name, auths[i].name) == 0, "auth_by_kernel(\"%s\")",
		       auths[i].kernel);
	}
	tap_ok(comp_by_kernel("deflate") && comp_by_kernel("deflate")->pfkey_id == 2,
	       "comp_by_kernel(\"deflate\")");
	tap_ok(comp_by_kernel("lzs") && comp_by_kernel("lzs")->pfkey_id == 3,
	       "comp_by_kernel(\"lzs\")");
	tap_ok(!comp_by_kernel("lzjh"), "comp_by_kernel(\"lzjh\") is NULL");
	tap_ok(!cipher_by_kernel("cbc(camellia)"), "cipher_by_kernel(\"cbc(camellia)\") is NULL");
	tap_ok(!cipher_by_kernel("CBC(AES)"), "kernel names are case-sensitive");
	tap_ok(!auth_by_kernel("digest_null"), "auth_by_kernel(\"digest_null\") is NULL");
	tap_ok(!auth_by_kernel("hmac(sm3)"), "auth_by_kernel(\"hmac(sm3)\") is NULL");
}

int main(void)
{
	probes();
	grammar();
	fixed_names();
	table();
	reverse_lookups();
	return tap_done();
}
