/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel failures as the legacy commands reported them, each followed by
 * one line that says what to do. Errors are positive errno values here.
 */
#ifndef SRC_REPORT_H
#define SRC_REPORT_H

#include "src/plan.h"
#include "src/snapshot.h"
#include "src/tool.h"

/* The legacy "pfkey write failed" line(s) for err (text chosen by legacy). */
void report_legacy_write(const struct tool *t, int err, int legacy);

/* The legacy lines for a failed plan, then one line that says what to do. */
void report_plan_failure(const struct tool *t, const struct plan *p,
			 const struct plan_failure *f);

/* The legacy "Trouble opening PF_KEY family socket" line and a hint. */
void report_open_failure(const struct tool *t, int err);

/* A failing read of the kernel's state (dumps): one line with the reason. */
void report_read_failure(const struct tool *t, const char *what, int err);

/* A failed snapshot_take: part is the SNAP_* part whose dump failed. */
void report_snapshot_failure(const struct tool *t, unsigned int part, int err);

/* --explain without the right to read XFRM: the plan is for an empty kernel. */
void report_explain_unread(const struct tool *t);

#endif
