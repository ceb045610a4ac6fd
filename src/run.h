/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one way every command reaches the kernel. A command that changes
 * something gives run_plan its request and two callbacks: run_plan opens
 * the kernel, takes the namespace's writers' lock, takes a snapshot of the
 * parts the callbacks read, has the command check the request against it
 * and build the plan (through src/planner.h), then explains or executes the
 * plan, reports failures the legacy way and frees it all. A command that
 * only reads uses run_snapshot or tool_print_listing.
 */
#ifndef SRC_RUN_H
#define SRC_RUN_H

#include "src/listing.h"
#include "src/plan.h"
#include "src/snapshot.h"
#include "src/tool.h"

struct plan_cmd {
	/*
	 * Checks of req against the snapshot (members exist, are not in use
	 * ...): prints what it refuses and returns the exit status, or
	 * CMD_CONTINUE. NULL: nothing to check.
	 */
	int (*check)(const struct tool *t, const struct snapshot *s, const void *req);
	/* The plan for req, from planner calls: 0 or -errno; never prints. */
	int (*build)(const struct snapshot *s, const void *req, struct plan *p);
	/*
	 * Tells a failed plan the command's legacy way. NULL: report_plan_failure
	 * (src/report.h, the texts of spi and spigrp).
	 */
	void (*report)(const struct tool *t, const void *req, const struct plan *p,
		       const struct plan_failure *f);
};

/* run_plan flags, besides the SNAP_* parts (src/snapshot.h) the callbacks read. */
enum run_flag {
	RUN_EXPLAIN = 1 << 8,	/* print the plan as `ip xfrm` commands; no lock, no change */
	RUN_OFFLINE = 1 << 9,	/* with RUN_EXPLAIN: without a kernel, plan from an empty snapshot */
	RUN_DEBUG = 1 << 10,	/* "<prog>: debug: <step>" on stdout before each step */
	RUN_SAY_STEPS = 1 << 11, /* "<prog>: N step(s) planned." before executing */
	RUN_SAY_DONE = 1 << 12,	/* "<prog>: exited normally" after success */
};

/* Check, plan and execute (or explain) req; returns the exit status. */
int run_plan(const struct tool *t, const struct plan_cmd *cmd, const void *req,
	     unsigned int flags);

/*
 * A snapshot of parts (SNAP_*) without the lock, for commands that only
 * read; failures are reported. CMD_CONTINUE (then snapshot_free(s)), or
 * the exit status.
 */
int run_snapshot(const struct tool *t, unsigned int parts, struct snapshot *s);

/* The listing of a command without arguments on t->out; the exit status. */
int tool_print_listing(const struct tool *t, enum listing_kind kind);

#endif
