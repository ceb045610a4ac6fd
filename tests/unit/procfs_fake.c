// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/procfs_fake.h"

char *procfs_fake_text(unsigned int call, size_t lines, size_t *len)
{
	char *text = malloc(lines * PROCFS_FAKE_LINE + 1);

	if (!text)
		return NULL;
	for (size_t i = 0; i < lines; i++)
		snprintf(text + i * PROCFS_FAKE_LINE, PROCFS_FAKE_LINE + 1,
			 "call %010u line %010u\n", call, (unsigned int)(i % 1000000000u));
	*len = lines * PROCFS_FAKE_LINE;
	text[*len] = '\0';
	return text;
}

static int fake_should_fail(struct procfs_fake *fake)
{
	int left = atomic_load(&fake->fail_left);

	while (left != 0) {
		if (left < 0)
			return 1;
		if (atomic_compare_exchange_weak(&fake->fail_left, &left, left - 1))
			return 1;
	}
	return 0;
}

static int fake_generate(void *ctx, enum procfs_content what, pid_t reader, void **body,
			 size_t *len)
{
	struct procfs_fake *fake = ctx;
	unsigned int call = atomic_fetch_add(&fake->calls, 1) + 1;
	char *text;

	atomic_store(&fake->last_reader, (int)reader);
	if (fake_should_fail(fake))
		return fake->fail_err;
	if (fake->text[what]) {
		*len = strlen(fake->text[what]);
		text = strdup(fake->text[what]);
	} else {
		text = procfs_fake_text(call, fake->lines, len);
	}
	*body = text;
	return text ? 0 : -ENOMEM;
}

void procfs_fake_source(struct procfs_fake *fake, struct procfs_source *out)
{
	*out = (struct procfs_source){ .generate = fake_generate, .ctx = fake };
}
