// SPDX-License-Identifier: GPL-2.0-or-later
#include "src/commands.h"

int main(int argc, char **argv)
{
	return spigrp_main(argc, argv, stdout, stderr);
}
