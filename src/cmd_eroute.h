/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipsec eroute's request, and the parser that fills it (src/cmd_eroute_parse.c). */
#ifndef SRC_CMD_EROUTE_H
#define SRC_CMD_EROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "compat/said.h"
#include "compat/subnet.h"
#include "compat/transport.h"
#include "src/tool.h"

struct cmd_io;

enum eroute_action {
	EROUTE_NONE, EROUTE_ADD, EROUTE_ADDIN, EROUTE_REPLACE, EROUTE_REPLACEIN,
	EROUTE_DEL, EROUTE_CLEAR,
};

/* One command line, checked: what the original put in its PF_KEY message. */
struct eroute_req {
	enum eroute_action action;
	struct said said;		/* the SA (zero when none was given) */
	struct ip_subnet src, dst;	/* the flow; .port is the port sent (0: any) */
	bool sport_mask, dport_mask;	/* the port is matched (it is not 0, --eraf given) */
	uint8_t proto;			/* --transport-proto, when proto_given */
	bool proto_given;
	bool debug, explain;
};

/* What the original parsed, with the words it came from (for messages). */
struct er_args {
	struct eroute_req req;
	int eraf, said_af;
	const char *eraf_opt, *said_af_opt, *edst_opt, *spi_opt, *proto_opt, *said_opt;
	const char *src_opt, *dst_opt, *tproto_opt, *sport_opt, *dport_opt;
	uint16_t sport, dport;
	int argcount;			/* the legacy "no arguments" count */
};

/*
 * Read every option into a (zeroed by the caller): CMD_CONTINUE, or the
 * exit status after the legacy message (--help, --version and errors).
 * --optionsfrom's argument vectors are kept in ar until arena_free.
 */
int eroute_parse(struct tool *t, struct er_args *a, int argc, char **argv, struct arena *ar);

/* eroute_main with another protocol/service database (tests). */
int eroute_run(int argc, char **argv, const struct cmd_io *io, const struct netdb *db);

#endif
