/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipsec spi's request, and the parser that fills it (src/cmd_spi_parse.c). */
#ifndef SRC_CMD_SPI_H
#define SRC_CMD_SPI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "compat/alg.h"
#include "compat/key.h"
#include "compat/lgetopt.h"
#include "compat/life.h"
#include "compat/said.h"
#include "src/model.h"
#include "src/tool.h"

/* Openswan 2.6.38's long options in its order (the order shows in
 * ambiguity messages), and ours after them; ends with a NULL name. */
extern const struct lopt spi_opts[];

enum action { ACT_NONE, ACT_AH, ACT_ESP, ACT_COMP, ACT_IP4, ACT_IP6, ACT_DEL, ACT_CLEAR };

struct spi_req {
	enum action action;
	struct sa_alg alg;
	const char *alg_opt;
	int af;
	const char *af_opt, *edst_opt, *spi_opt, *proto_opt, *said_opt, *src_opt, *dst_opt;
	struct said said;		/* the SA, once complete */
	struct ip_addr edst, src, dst;
	uint32_t spi;
	uint8_t proto;
	struct sa_keys keys;
	struct key iv;
	unsigned replay_window;
	struct life life;
	uint32_t natt;
	uint16_t natt_sport, natt_dport;	/* KLIPS' swapped wiring: --dport, --sport */
	bool saref_given, outif_given, dumpsaref, listenreply, debug, explain;
	int argcount;			/* the legacy "no arguments" count */
};

/*
 * Read every option into r (zeroed by the caller): CMD_CONTINUE, or the
 * exit status after the legacy message (--help, --version and errors).
 * --optionsfrom's argument vectors are kept in a until arena_free.
 */
int spi_parse(struct tool *t, struct spi_req *r, int argc, char **argv, struct arena *a);

/* The help text. */
void spi_usage(const struct tool *t, FILE *f);

#endif
