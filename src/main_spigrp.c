// SPDX-License-Identifier: GPL-2.0-or-later
#include "src/commands.h"

int main(int argc, char **argv)
{
	struct cmd_io io = { stdout, stderr, resolver_system() };

	return spigrp_main(argc, argv, &io);
}
