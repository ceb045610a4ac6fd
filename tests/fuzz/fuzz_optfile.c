// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compat/optionsfrom.h"
#include "src/secrets.h"
#include "tests/fuzz/fuzz.h"

/*
 * The --optionsfrom reader (2 KiB pieces, lines across their borders, stop
 * at the first over-long line) gives what the whole-text splitter gives,
 * for any file without NUL bytes; with NUL bytes it still fails or
 * succeeds cleanly. The file is a memfd, read through /proc/self/fd.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	char *text, **words = NULL, **ref = NULL, msg[128];
	const char *err, *want;
	int n, nref;

	if (fd < 0) {
		fd = memfd_create("fuzz-optfile", 0);
		FUZZ_CHECK(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0 && pwrite(fd, data, size, 0) == (ssize_t)size);
	err = optfile_read(path, &words, &n, msg, sizeof(msg));
	if (!memchr(data, '\0', size)) {
		text = fuzz_cstring(data, size);
		want = optionsfrom_split(text, &ref, &nref);
		FUZZ_CHECK(!err == !want);
		FUZZ_CHECK(!err || strcmp(err, want) == 0);
		if (!err) {
			FUZZ_CHECK(n == nref);
			for (int i = 0; i < n; i++)
				FUZZ_CHECK(strcmp(words[i], ref[i]) == 0);
		}
		optionsfrom_free(ref);
		free(text);
	}
	FUZZ_CHECK(!err || !words);
	if (!err)
		FUZZ_CHECK(words && words[n] == NULL);
	optionsfrom_free(words);
	return 0;
}
