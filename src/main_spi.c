// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <unistd.h>

#include "src/commands.h"

int main(int argc, char **argv)
{
	/* Listings run to megabytes: write them in 64 KiB pieces rather than
	 * 4 KiB ones when stdout is not a terminal (it is fully buffered then anyway). */
	static char outbuf[1 << 16];
	struct cmd_io io = { stdout, stderr, resolver_system() };

	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	return spi_main(argc, argv, &io);
}
