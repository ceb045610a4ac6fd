// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>

#include "compat/lgetopt.h"
#include "src/cmd_spi.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/getopt_table.h"

/* spi's own table (src/cmd_spi_options.c), and the same for glibc. */
static const struct lopt *const lopts = spi_opts;
static struct option options[64];
static char *inserted[] = { "--del", "word", "--spi" };

#define MAX_WORDS 40
#define HIDDEN "=(value not shown)'"
#define MAX_CALLS 100

/*
 * Words are the input's lines. lgetopt and glibc's getopt_long (quiet)
 * must agree on every return, optind and optarg, and on the final order;
 * an --optionsfrom inserts three words in both.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size), *save = NULL, *w;
	char *mine[MAX_WORDS + 1], *ref[MAX_WORDS + 1], **rv = ref, **owned = NULL, **rowned = NULL;
	char *hid[MAX_WORDS + 1], **howned = NULL;
	int argc = 1, rargc, calls, inserts = 0;
	struct lgetopt g, h;

	if (!options[0].name)
		getopt_table(lopts, options, sizeof(options) / sizeof(options[0]));
	mine[0] = "prog";
	for (w = strtok_r(text, "\n", &save); w && argc < MAX_WORDS; w = strtok_r(NULL, "\n", &save))
		mine[argc++] = w;
	mine[argc] = NULL;
	memcpy(ref, mine, sizeof(mine));
	memcpy(hid, mine, sizeof(mine));
	rargc = argc;

	lgetopt_init(&g, argc, mine);
	lgetopt_init(&h, argc, hid);
	h.hide_values = true;
	optind = 0;
	opterr = 0;
	for (calls = 0; calls < MAX_CALLS; calls++) {
		int c = lgetopt_next(&g, lopts), r = getopt_long(rargc, rv, "", options, NULL);
		int hc = lgetopt_next(&h, lopts);

		FUZZ_CHECK(c == r && g.optind == optind);
		FUZZ_CHECK(g.optarg == optarg || (g.optarg && optarg && !strcmp(g.optarg, optarg)));
		FUZZ_CHECK(c != '?' || g.msg[0]);
		FUZZ_CHECK(g.optind >= 0 && g.optind <= g.argc);
		/* hiding values changes only the two messages that echo a word */
		FUZZ_CHECK(hc == c && h.optind == g.optind && h.optarg == g.optarg);
		if (strcmp(g.msg, h.msg) && strlen(g.msg) < sizeof(g.msg) - 1) {
			/* h.msg is g.msg's start, the marker, and g.msg's end: no value */
			const char *mark = strstr(h.msg, HIDDEN), *tail = mark ? mark + strlen(HIDDEN) : "";
			size_t at = mark ? (size_t)(mark - h.msg) : 0, glen = strlen(g.msg);

			FUZZ_CHECK(mark && !strncmp(g.msg, h.msg, at) && g.msg[at] == '=');
			FUZZ_CHECK(strlen(tail) <= glen - at - 1 &&
				   !strcmp(g.msg + glen - strlen(tail), tail));
		}
		if (c == -1)
			break;
		if (c == '+' && inserts++ < 3) {
			char **old = owned, **nv;
			int i;

			FUZZ_CHECK(lgetopt_insert(&g, inserted, 3, &owned) == 0);
			free(old);
			old = howned;
			FUZZ_CHECK(lgetopt_insert(&h, inserted, 3, &howned) == 0);
			free(old);
			nv = malloc(((size_t)rargc + 4) * sizeof(*nv));
			for (i = 0; i < optind; i++)
				nv[i] = rv[i];
			for (i = 0; i < 3; i++)
				nv[optind + i] = inserted[i];
			for (i = optind; i <= rargc; i++)
				nv[i + 3] = rv[i];
			rargc += 3;
			free(rowned);
			rowned = rv = nv;
		}
	}
	FUZZ_CHECK(g.argc == rargc);
	FUZZ_CHECK(memcmp(g.argv, rv, (size_t)rargc * sizeof(*rv)) == 0);
	free(owned);
	free(howned);
	free(rowned);
	free(text);
	return 0;
}
