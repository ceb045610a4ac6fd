/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The commands, callable in-process (the unit tests do) with their streams. */
#ifndef SRC_COMMANDS_H
#define SRC_COMMANDS_H

#include <stdio.h>

int spi_main(int argc, char **argv, FILE *out, FILE *err);
int spigrp_main(int argc, char **argv, FILE *out, FILE *err);

#endif
