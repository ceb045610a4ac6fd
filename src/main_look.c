// SPDX-License-Identifier: GPL-2.0-or-later
#include "src/commands.h"

int main(int argc, char **argv)
{
	return cmd_run(look_main, argc, argv);
}
