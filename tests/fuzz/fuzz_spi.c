// SPDX-License-Identifier: GPL-2.0-or-later
/* Whole `spi` command lines in-process, against the fake kernel (tests/fuzz/cmd.h). */
#include "tests/fuzz/cmd.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_commands(data, size, spi_main, "spi");
}
