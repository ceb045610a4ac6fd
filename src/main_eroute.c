// SPDX-License-Identifier: GPL-2.0-or-later
#include "src/commands.h"

int main(int argc, char **argv)
{
	return cmd_run(eroute_main, argc, argv);
}
