// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/keycheck.h"
#include "compat/said.h"
#include "tests/fuzz/fuzz.h"

/*
 * Byte 0 picks --ah/--esp/--comp, byte 1 the encryption key length; the
 * first line is the algorithm, the rest of the input the two keys.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sa_alg alg;
	struct key enc = { 0 }, auth = { 0 };
	enum alg_status st;
	char *text, *nl, buf[256];
	size_t rest, elen;
	int n = 0;

	if (size < 2)
		return 0;
	text = fuzz_cstring(data + 2, size - 2);
	nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	switch (data[0] % 3) {
	case 0:
		st = alg_parse_ah(text, &alg);
		break;
	case 1:
		st = alg_parse_comp(text, &alg);
		break;
	default:
		st = alg_parse_esp(text, &alg, &n);
		FUZZ_CHECK(st != ALG_TOO_MANY || n > 1);
		FUZZ_CHECK(st != ALG_OK || n == 1);
		break;
	}
	if (st == ALG_OK) {
		FUZZ_CHECK(alg.proto != SA_ESP || alg.cipher);
		FUZZ_CHECK(alg.proto != SA_AH || alg.auth);
		FUZZ_CHECK(alg.proto != SA_COMP || alg.comp);
		rest = nl ? size - 2 - (size_t)(nl + 1 - text) : 0;
		elen = data[1] < rest ? data[1] : rest;
		if (nl) {
			memcpy(enc.bytes, nl + 1, elen);
			enc.len = elen;
			auth.len = rest - elen < KEY_MAX_BYTES ? rest - elen : KEY_MAX_BYTES;
			memcpy(auth.bytes, nl + 1 + elen, auth.len);
		}
		if (key_check(&alg, &enc, &auth, buf, sizeof(buf)))
			FUZZ_CHECK(strlen(buf) < sizeof(buf));
	}
	free(text);
	return 0;
}
