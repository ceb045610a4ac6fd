/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipsec eroute: the checked request. */
#ifndef SRC_CMD_EROUTE_H
#define SRC_CMD_EROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "compat/said.h"
#include "compat/subnet.h"
#include "compat/transport.h"

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

/* eroute_main with another protocol/service database (tests). */
int eroute_run(int argc, char **argv, const struct cmd_io *io, const struct netdb *db);

#endif
