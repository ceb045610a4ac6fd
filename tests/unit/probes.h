/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_PROBES_H
#define TESTS_PROBES_H

#include "src/commands.h"

typedef int (*command_fn)(int argc, char **argv, const struct cmd_io *io);

/* Check every probes.tsv row of tool; returns the number of rows run. */
int probes_run(const char *tool, const char *prog, command_fn cmd);

#endif
