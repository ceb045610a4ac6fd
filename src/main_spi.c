// SPDX-License-Identifier: GPL-2.0-or-later
#include "src/commands.h"

int main(int argc, char **argv)
{
	return spi_main(argc, argv, stdout, stderr);
}
