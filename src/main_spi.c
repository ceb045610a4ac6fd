// SPDX-License-Identifier: GPL-2.0-or-later
/* The spi program (installed in $(LIBEXECDIR)/ipsec/). */
#include "src/commands.h"

int main(int argc, char **argv)
{
	return cmd_run(spi_main, argc, argv);
}
