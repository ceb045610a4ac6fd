/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_PROBES_H
#define TESTS_PROBES_H

#include "src/commands.h"

/* Check every probes.tsv row of tool; returns the number of rows run. */
int probes_run(const char *tool, const char *prog, cmd_main_fn *cmd);

#endif
