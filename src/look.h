/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text work of `ipsec look` (Openswan 2.6.38's look script), done on
 * the /proc texts our renderers make, as the script did on /proc files.
 * No kernel, no processes: src/cmd_look.c gathers the texts.
 */
#ifndef SRC_LOOK_H
#define SRC_LOOK_H

#include <stddef.h>
#include <stdio.h>

/* A text cut into lines (no newlines); look_lines_free() frees it. */
struct look_lines {
	char **line;
	size_t n, cap;
};

void look_lines_free(struct look_lines *l);

/*
 * The script's awk over /proc/net/ipsec_spigrp then /proc/net/ipsec_eroute:
 * each eroute line becomes "%-18s -> %-18s => %s (%s)" with the SAID
 * replaced by the whole spigrp line that starts with it (so grouped eroutes
 * show two spaces before the count), keyed for sorting by the padded
 * subnets; count-less lines (FreeS/WAN < 1.45) lose the " (count)". The
 * lines come back sorted as sort(1) in the C locale did, keys removed.
 * 0 or -ENOMEM.
 */
int look_eroutes(const char *spigrp, const char *eroute, struct look_lines *out);

/* The lines of text, sorted bytewise (sort in the C locale). 0 or -ENOMEM. */
int look_sorted(const char *text, struct look_lines *out);

/*
 * /proc/net/ipsec_tncfg as the script showed it: lines of unattached
 * devices ("NULL mtu=0(0) -> 0") dropped, "%" as three spaces, " -> "
 * as "->". 0 or -ENOMEM.
 */
int look_tncfg(const char *tncfg, struct look_lines *out);

/* Lines of text that contain one of the n names (the script's egrep). */
int look_grep(const char *text, const char *const *names, size_t n, struct look_lines *out);

void look_lines_print(const struct look_lines *l, FILE *out);

#endif
