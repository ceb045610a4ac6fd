/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commands, callable in-process (the unit tests do) with their streams.
 * A command is src/cmd_NAME*.c with NAME_main declared here, and a program
 * src/main_NAME.c (the Makefile builds every src/main_*.c).
 */
#ifndef SRC_COMMANDS_H
#define SRC_COMMANDS_H

#include <stdio.h>

#include "compat/addr.h"

/* Where a command writes, and how it resolves host names. */
struct cmd_io {
	FILE *out, *err;
	const struct resolver *res;
};

typedef int cmd_main_fn(int argc, char **argv, const struct cmd_io *io);

int spi_main(int argc, char **argv, const struct cmd_io *io);
int spigrp_main(int argc, char **argv, const struct cmd_io *io);
int eroute_main(int argc, char **argv, const struct cmd_io *io);
int look_main(int argc, char **argv, const struct cmd_io *io);

/* A program's main: cmd on stdout, stderr and the system resolver. */
int cmd_run(cmd_main_fn *cmd, int argc, char **argv);

#endif
