// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec spi's option table, alone in its file so that the tests of
 * compat/lgetopt (the differential test against glibc's getopt_long and
 * the fuzz entry point) use this very table and link nothing else.
 */
#include <stddef.h>

#include "src/cmd_spi.h"

/* Openswan 2.6.38's table; the order decides ambiguity messages. */
const struct lopt spi_opts[] = {
	{ "ah", 1, 'H' }, { "esp", 1, 'P' }, { "comp", 1, 'Z' },
	{ "ip4", 0, '4' }, { "ip6", 0, '6' }, { "del", 0, 'd' },
	{ "authkey", 1, 'A' }, { "enckey", 1, 'E' }, { "edst", 1, 'e' },
	{ "spi", 1, 's' }, { "proto", 1, 'p' }, { "af", 1, 'a' },
	{ "replay_window", 1, 'w' }, { "iv", 1, 'i' }, { "dst", 1, 'D' },
	{ "src", 1, 'S' }, { "natt", 1, 'N' }, { "dport", 1, 'F' },
	{ "sport", 1, 'G' }, { "said", 1, 'I' }, { "help", 0, 'h' },
	{ "version", 0, 'v' }, { "clear", 0, 'c' }, { "label", 1, 'l' },
	{ "debug", 0, 'g' }, { "optionsfrom", 1, '+' }, { "life", 1, 'f' },
	{ "outif", 1, 'O' }, { "saref", 1, 'b' }, { "sarefme", 1, 'b' },
	{ "sarefhim", 1, 'B' }, { "saref_me", 1, 'b' }, { "saref_him", 1, 'B' },
	{ "dumpsaref", 0, 'r' }, { "listenreply", 0, 'R' },
	/* ours */
	{ "explain", 0, 'x' },
	{ NULL, 0, 0 },
};
