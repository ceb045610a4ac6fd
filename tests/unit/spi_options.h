/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Openswan 2.6.38 spi's long options, in its order (the order shows in
 * ambiguity messages), as tables for compat/lgetopt and for glibc's
 * getopt_long: the reference the unit test and the fuzz entry point compare
 * lgetopt with. Without src/spi.c's own additions (--explain).
 */
#ifndef TESTS_SPI_OPTIONS_H
#define TESTS_SPI_OPTIONS_H

#define SPI_OPTIONS(X) \
	X("ah", 1, 'H') X("esp", 1, 'P') X("comp", 1, 'Z') X("ip4", 0, '4') \
	X("ip6", 0, '6') X("del", 0, 'd') X("authkey", 1, 'A') X("enckey", 1, 'E') \
	X("edst", 1, 'e') X("spi", 1, 's') X("proto", 1, 'p') X("af", 1, 'a') \
	X("replay_window", 1, 'w') X("iv", 1, 'i') X("dst", 1, 'D') X("src", 1, 'S') \
	X("natt", 1, 'N') X("dport", 1, 'F') X("sport", 1, 'G') X("said", 1, 'I') \
	X("help", 0, 'h') X("version", 0, 'v') X("clear", 0, 'c') X("label", 1, 'l') \
	X("debug", 0, 'g') X("optionsfrom", 1, '+') X("life", 1, 'f') X("outif", 1, 'O') \
	X("saref", 1, 'b') X("sarefme", 1, 'b') X("sarefhim", 1, 'B') X("saref_me", 1, 'b') \
	X("saref_him", 1, 'B') X("dumpsaref", 0, 'r') X("listenreply", 0, 'R')

/* One entry of a struct lopt table, and of a struct option table. */
#define AS_LOPT(n, a, v) { n, a, v },
#define AS_OPTION(n, a, v) { n, a, NULL, v },

#endif
