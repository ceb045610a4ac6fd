// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fills the calling network namespace with %pass eroutes, fast, for the
 * listing benchmark: the plan `ipsec eroute --add` makes for each (its
 * record and its live policy), built by the same planner and executed
 * in one process instead of one process per eroute.
 *
 *   erfill FROM TO   eroutes FROM..TO-1: 10.a.b.c/32 -> 192.168.0.0/16 => %pass
 *
 * The first eroute of a namespace also brings the IKE bypass: make it with
 * `eroute --add` first, so that the snapshot here holds its marker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "src/plan.h"
#include "src/planner.h"
#include "src/snapshot.h"

static void flow(unsigned long i, struct eroute *e)
{
	memset(e, 0, sizeof(*e));
	e->kind = ER_OUT;
	addr_any(AF_INET, &e->sel.src);
	e->sel.src.a[0] = 10;
	e->sel.src.a[1] = (uint8_t)(1 + i / 65536);
	e->sel.src.a[2] = (uint8_t)(i / 256);
	e->sel.src.a[3] = (uint8_t)i;
	e->sel.src_len = 32;
	addr_any(AF_INET, &e->sel.dst);
	e->sel.dst.a[0] = 192;
	e->sel.dst.a[1] = 168;
	e->sel.dst_len = 16;
	e->said.proto = SA_INT;
	e->said.spi = 256;	/* %pass */
	addr_any(AF_INET, &e->said.dst);
}

int main(int argc, char **argv)
{
	struct kernel *k = NULL;
	struct snapshot s;
	unsigned long from, to;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: erfill FROM TO\n");
		return 2;
	}
	from = strtoul(argv[1], NULL, 0);
	to = strtoul(argv[2], NULL, 0);
	if ((ret = kernel_open(&k)) || (ret = snapshot_take(k, SNAP_RECORDS, &s, NULL))) {
		fprintf(stderr, "erfill: %s\n", strerror(-ret));
		return 1;
	}
	for (unsigned long i = from; i < to; i++) {
		struct plan p = PLAN_INIT;
		struct plan_failure f;
		struct eroute e;

		flow(i, &e);
		ret = plan_eroute_add(&p, &s, &e, false);
		if (!ret)
			ret = plan_execute(&p, k, &f, NULL, "erfill");
		plan_free(&p);
		if (ret) {
			fprintf(stderr, "erfill: eroute %lu: %s\n", i, strerror(-ret));
			return 1;
		}
	}
	snapshot_free(&s);
	kernel_close(k);
	return 0;
}
