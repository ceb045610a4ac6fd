// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat/alg.h"
#include "compat/said.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct cipher_alg ciphers[] = {
	{ "3des", "cbc(des3_ede)", 3, "3DES", 192, 192, 192, 64, KEYCHECK_3DES },
	{ "des", "cbc(des)", 2, NULL, 64, 64, 64, 64, KEYCHECK_DES },
	{ "aes", "cbc(aes)", 12, "AES", 128, 256, 128, 128, KEYCHECK_NONE },
	{ "twofish", "cbc(twofish)", 253, "TWOFISH", 128, 256, 128, 128, KEYCHECK_NONE },
	{ "serpent", "cbc(serpent)", 252, "SERPENT", 128, 256, 128, 128, KEYCHECK_NONE },
	{ "blowfish", "cbc(blowfish)", 7, NULL, 40, 448, 128, 64, KEYCHECK_NONE },
	{ "cast", "cbc(cast5)", 6, NULL, 40, 128, 128, 64, KEYCHECK_NONE },
	{ "null", "ecb(cipher_null)", 11, "NULL", 0, 0, 0, 0, KEYCHECK_NONE },
};

/* The kernel's .compat names, in the order of ciphers[]. */
static const char *const cipher_compat[ARRAY_SIZE(ciphers)] = {
	"des3_ede", "des", "aes", "twofish", "serpent", "blowfish", "cast5", "cipher_null",
};

static const struct auth_alg auths[] = {
	{ "md5", "hmac(md5)", 2, "HMAC_MD5", 128, 96 },
	{ "sha1", "hmac(sha1)", 3, "HMAC_SHA1", 160, 96 },
	{ "sha2_256", "hmac(sha256)", 5, "HMAC_SHA2_256", 256, 128 },
	{ "sha2_384", "hmac(sha384)", 6, "HMAC_SHA2_384", 384, 192 },
	{ "sha2_512", "hmac(sha512)", 7, "HMAC_SHA2_512", 512, 256 },
	{ "ripemd", "hmac(rmd160)", 8, NULL, 160, 96 },
};

/* Per auths[] entry: the kernel's .compat name and pluto's IKE number ("idN"). */
static const struct {
	const char *compat;
	unsigned int ike_id;
} auth_extra[ARRAY_SIZE(auths)] = {
	{ "md5", 1 }, { "sha1", 2 }, { "sha256", 5 }, { NULL, 6 }, { NULL, 7 }, { "rmd160", 8 },
};

static const struct {
	const char *alias;
	const char *name;
} auth_aliases[] = {
	{ "sha", "sha1" },
	{ "sha256", "sha2_256" },
};

static const struct comp_alg comps[] = {
	{ "deflate", "deflate", 2, "DEFLATE" },
	{ "lzs", "lzs", 3, "LZS" },
};

static const char *const modp_groups[] = {
	"modp768", "modp1024", "modp1536", "modp2048",
	"modp3072", "modp4096", "modp6144", "modp8192",
};

static const struct cipher_alg *cipher_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ciphers); i++)
		if (strcasecmp(name, ciphers[i].name) == 0)
			return &ciphers[i];
	return NULL;
}

static const struct cipher_alg *cipher_by_id(unsigned long id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ciphers); i++)
		if (ciphers[i].pfkey_id == id)
			return &ciphers[i];
	return NULL;
}

static const struct auth_alg *auth_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(auth_aliases); i++)
		if (strcasecmp(name, auth_aliases[i].alias) == 0)
			name = auth_aliases[i].name;
	for (i = 0; i < ARRAY_SIZE(auths); i++)
		if (strcasecmp(name, auths[i].name) == 0)
			return &auths[i];
	return NULL;
}

const struct cipher_alg *cipher_by_kernel(const char *kernel_name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ciphers); i++)
		if (strcmp(kernel_name, ciphers[i].kernel) == 0 ||
		    strcmp(kernel_name, cipher_compat[i]) == 0)
			return &ciphers[i];
	return NULL;
}

const struct auth_alg *auth_by_kernel(const char *kernel_name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(auths); i++)
		if (strcmp(kernel_name, auths[i].kernel) == 0 ||
		    (auth_extra[i].compat && strcmp(kernel_name, auth_extra[i].compat) == 0))
			return &auths[i];
	return NULL;
}

const struct comp_alg *comp_by_kernel(const char *kernel_name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(comps); i++)
		if (strcmp(kernel_name, comps[i].kernel) == 0)
			return &comps[i];
	return NULL;
}

static void sa_alg_init(uint8_t proto, struct sa_alg *out)
{
	memset(out, 0, sizeof(*out));
	out->proto = proto;
}

enum alg_status alg_parse_ah(const char *name, struct sa_alg *out)
{
	const char *auth;

	if (strcmp(name, "hmac-md5-96") == 0)
		auth = "md5";
	else if (strcmp(name, "hmac-sha1-96") == 0)
		auth = "sha1";
	else
		return ALG_UNKNOWN;
	sa_alg_init(SA_AH, out);
	out->auth = auth_by_name(auth);
	return ALG_OK;
}

enum alg_status alg_parse_comp(const char *name, struct sa_alg *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		if (strcmp(name, comps[i].name) == 0) {
			sa_alg_init(SA_COMP, out);
			out->comp = &comps[i];
			return ALG_OK;
		}
	}
	return ALG_UNKNOWN;
}

/*
 * KERNEL_ALG strings: pluto's alg_info_esp_create_from_str() as spi called
 * it (no manual-conn permission), reduced to what spi can observe: whether
 * the text parses, how many transforms it names after pluto's defaulting
 * (no auth means md5 and sha1) and duplicate removal, and the first one.
 */
#define NAME_MAX_LEN 16
#define MAX_TRANSFORMS 64
#define AUTH_ABSENT (-1)	/* none named, or "none": md5 and sha1 */
#define AUTH_NULL 0		/* "null": no authentication */
#define AUTH_UNKNOWN (-2)

enum esp_state {
	ST_INI, ST_EA, ST_EA_END, ST_EK, ST_EK_END,
	ST_AA, ST_AA_END, ST_AK, ST_AK_END, ST_STRICT,
};

struct esp_transform {
	const struct cipher_alg *cipher;
	unsigned long ek_bits;
	int auth;		/* index into auths[] + 1, AUTH_NULL or AUTH_ABSENT */
	unsigned long ak_bits;
};

struct esp_parser {
	enum esp_state state;
	char enc[NAME_MAX_LEN + 1], auth[NAME_MAX_LEN + 1];
	size_t enc_len, auth_len;
	unsigned long eklen, aklen;
	bool too_long;
	struct esp_transform list[MAX_TRANSFORMS];
	int count;
};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_c_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void append(char *buf, size_t *len, char c, bool *too_long)
{
	if (*len < NAME_MAX_LEN)
		buf[(*len)++] = c;
	else
		*too_long = true;
}

/* Saturates; a key length this large is refused later (encryption) or unused (auth). */
static void add_digit(unsigned long *v, char c)
{
	if (*v <= 1000000)
		*v = *v * 10 + (unsigned long)(c - '0');
}

static int resolve_auth(const char *name)
{
	const struct auth_alg *a;
	size_t len = strlen(name), i;

	a = auth_by_name(name);
	if (a)
		return (int)(a - auths) + 1;
	if (strcasecmp(name, "none") == 0)
		return AUTH_ABSENT;
	/* pluto compared only strlen(name) characters with "null" */
	if (len <= 4 && strncasecmp(name, "null", len) == 0)
		return AUTH_NULL;
	if (strncmp(name, "id", 2) == 0 && len > 2 && len <= 6 &&
	    strspn(name + 2, "0123456789") == len - 2) {
		unsigned long id = strtoul(name + 2, NULL, 10);

		if (id == 0)
			return AUTH_ABSENT;
		for (i = 0; i < ARRAY_SIZE(auths); i++)
			if (auth_extra[i].ike_id == id)
				return (int)i + 1;
	}
	return AUTH_UNKNOWN;
}

static void add_transform(struct esp_parser *ps, const struct esp_transform *t)
{
	int i;

	for (i = 0; i < ps->count && i < MAX_TRANSFORMS; i++) {
		const struct esp_transform *e = &ps->list[i];

		if (e->cipher == t->cipher && (!t->ek_bits || e->ek_bits == t->ek_bits) &&
		    e->auth == t->auth && (!t->ak_bits || e->ak_bits == t->ak_bits))
			return;
	}
	if (ps->count < MAX_TRANSFORMS)
		ps->list[ps->count] = *t;
	ps->count++;
}

static bool finish_transform(struct esp_parser *ps)
{
	struct esp_transform t = { .ek_bits = ps->eklen, .ak_bits = ps->aklen };

	ps->enc[ps->enc_len] = '\0';
	ps->auth[ps->auth_len] = '\0';
	if (ps->too_long || ps->eklen > UINT16_MAX)
		return false;
	if (strcmp(ps->enc, "id") == 0) {
		t.cipher = cipher_by_id(ps->eklen ? ps->eklen : 3);
		t.ek_bits = 0;
	} else {
		t.cipher = cipher_by_name(ps->enc);
	}
	if (!t.cipher)
		return false;

	t.auth = ps->auth_len ? resolve_auth(ps->auth) : AUTH_ABSENT;
	if (t.auth == AUTH_UNKNOWN)
		return false;
	if (t.auth != AUTH_ABSENT) {
		add_transform(ps, &t);
	} else {
		t.auth = 1;	/* md5 */
		add_transform(ps, &t);
		t.auth = 2;	/* sha1 */
		add_transform(ps, &t);
	}

	ps->state = ST_INI;
	ps->enc_len = ps->auth_len = 0;
	ps->eklen = ps->aklen = 0;
	return true;
}

static bool at_terminator(struct esp_parser *ps, char c)
{
	switch (ps->state) {
	case ST_EA:
	case ST_EK:
	case ST_AA:
	case ST_AK:
	case ST_STRICT:
		break;
	default:
		return false;
	}
	if (c == '!') {
		ps->state = ST_STRICT;
		return true;
	}
	return finish_transform(ps);
}

/* One character of the state machine; false on a syntax error. */
static bool esp_step(struct esp_parser *ps, char c)
{
	if (c == '\0' || c == '!' || c == ',')
		return at_terminator(ps, c);

	switch (ps->state) {
	case ST_INI:
		if (is_c_space(c))
			return true;
		if (!is_alpha(c) && !is_digit(c))
			return false;
		append(ps->enc, &ps->enc_len, c, &ps->too_long);
		ps->state = ST_EA;
		return true;
	case ST_EA:
		if (is_alpha(c) || c == '_') {
			append(ps->enc, &ps->enc_len, c, &ps->too_long);
			return true;
		}
		if (is_digit(c)) {
			ps->state = ST_EK;
			return esp_step(ps, c);
		}
		if (c != '-')
			return false;
		ps->state = ST_EA_END;
		return true;
	case ST_EA_END:
		if (is_digit(c))
			ps->state = ST_EK;
		else if (is_alpha(c))
			ps->state = ST_AA;
		else
			return false;
		return esp_step(ps, c);
	case ST_EK:
		if (c == '-') {
			ps->state = ST_EK_END;
			return true;
		}
		if (!is_digit(c))
			return false;
		add_digit(&ps->eklen, c);
		return true;
	case ST_EK_END:
		if (!is_alpha(c))
			return false;
		ps->state = ST_AA;
		return esp_step(ps, c);
	case ST_AA:
		if (c == '-') {
			ps->state = ST_AA_END;
			return true;
		}
		if (!is_alpha(c) && !is_digit(c) && c != '_')
			return false;
		append(ps->auth, &ps->auth_len, c, &ps->too_long);
		return true;
	case ST_AA_END:
		if (!is_digit(c))
			return false;
		ps->state = ST_AK;
		return esp_step(ps, c);
	case ST_AK:
		if (c == '-') {
			ps->state = ST_AK_END;
			return true;
		}
		if (!is_digit(c))
			return false;
		add_digit(&ps->aklen, c);
		return true;
	default:
		return false;
	}
}

/* pluto cut the text at the first ';' and took the rest as a PFS group. */
static bool pfs_group_ok(const char *group)
{
	size_t i;

	if (group[0] == '\0' || group[0] == '0')
		return true;
	for (i = 0; i < ARRAY_SIZE(modp_groups); i++)
		if (strcasecmp(group, modp_groups[i]) == 0)
			return true;
	return false;
}

static bool parse_kernel_alg(const char *text, struct esp_parser *ps)
{
	const char *semi = strchr(text, ';');
	size_t len = semi ? (size_t)(semi - text) : strlen(text), i;

	memset(ps, 0, sizeof(*ps));
	if (semi && !pfs_group_ok(semi + 1))
		return false;
	for (i = 0; i <= len; i++)
		if (!esp_step(ps, i < len ? text[i] : '\0'))
			return false;
	return true;
}

enum alg_status alg_parse_esp(const char *name, struct sa_alg *out, int *ntransforms)
{
	struct esp_parser ps;
	const char *auth = NULL;

	if (ntransforms)
		*ntransforms = 0;
	if (strcmp(name, "3des") == 0 || strcmp(name, "3des-md5-96") == 0 ||
	    strcmp(name, "3des-sha1-96") == 0) {
		sa_alg_init(SA_ESP, out);
		out->cipher = cipher_by_name("3des");
		if (name[4] == '-')
			auth = name[5] == 'm' ? "md5" : "sha1";
		out->auth = auth ? auth_by_name(auth) : NULL;
		if (ntransforms)
			*ntransforms = 1;
		return ALG_OK;
	}

	if (!parse_kernel_alg(name, &ps))
		return ALG_UNKNOWN;
	if (ntransforms)
		*ntransforms = ps.count;
	if (ps.count > 1)
		return ALG_TOO_MANY;

	sa_alg_init(SA_ESP, out);
	out->cipher = ps.list[0].cipher;
	out->auth = ps.list[0].auth > 0 ? &auths[ps.list[0].auth - 1] : NULL;
	out->cipher_bits = (uint16_t)ps.list[0].ek_bits;
	out->kernel_alg = true;
	out->text = name;
	return ALG_OK;
}
