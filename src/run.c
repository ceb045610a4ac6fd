// SPDX-License-Identifier: GPL-2.0-or-later
/* The commands' one way to the kernel (src/run.h). */
#include <errno.h>
#include <string.h>

#include "src/explain.h"
#include "src/lock.h"
#include "src/report.h"
#include "src/run.h"

static int report_build_failure(const struct tool *t, int err)
{
	if (err == ENOMEM)
		tool_error(t, "Memory allocation error.");
	else
		tool_error(t, "cannot plan the change: %s", strerror(err));
	return 1;
}

int run_plan(const struct tool *t, const struct plan_cmd *cmd, const void *req,
	     unsigned int flags)
{
	bool explain = flags & RUN_EXPLAIN;
	struct kernel *k = NULL;
	struct snapshot s;
	struct plan p = PLAN_INIT;
	struct plan_failure f;
	unsigned int failed = 0;
	int lock = -1, ret, status = 1;

	snapshot_empty(&s);
	ret = kernel_open(&k);
	if (ret) {
		/* --explain can still show what needs no kernel state. */
		if (!explain || !(flags & RUN_OFFLINE)) {
			report_open_failure(t, -ret);
			return 1;
		}
		k = NULL;
	}
	if (!explain && (ret = netns_lock(&lock)) < 0) {
		tool_error(t, "cannot serialise with other writers: %s", strerror(-ret));
		goto out;
	}
	if (k && (ret = snapshot_take(k, flags & SNAP_MASK, &s, &failed))) {
		report_snapshot_failure(t, failed, -ret);
		goto out;
	}
	if (cmd->check && (status = cmd->check(t, &s, req)) != CMD_CONTINUE)
		goto out;
	status = 1;
	ret = cmd->build(&s, req, &p);
	if (ret) {
		report_build_failure(t, -ret);
		goto out;
	}
	if (explain) {
		plan_explain(&p, t->out);
		status = 0;
		goto out;
	}
	if (flags & RUN_SAY_STEPS)
		fprintf(t->out, "%s: %zu step(s) planned.\n", t->prog, plan_len(&p));
	ret = plan_execute(&p, k, &f, flags & RUN_DEBUG ? t->out : NULL, t->prog);
	if (ret) {
		if (cmd->report)
			cmd->report(t, req, &p, &f);
		else
			report_plan_failure(t, &p, &f);
		goto out;
	}
	if (flags & RUN_SAY_DONE)
		fprintf(t->out, "%s: exited normally\n", t->prog);
	status = 0;
out:
	plan_free(&p);
	snapshot_free(&s);
	netns_unlock(lock);
	kernel_close(k);
	return status;
}

int run_snapshot(const struct tool *t, unsigned int parts, struct snapshot *s)
{
	struct kernel *k = NULL;
	unsigned int failed = 0;
	int ret;

	snapshot_empty(s);
	ret = kernel_open(&k);
	if (ret) {
		report_open_failure(t, -ret);
		return 1;
	}
	ret = snapshot_take(k, parts, s, &failed);
	kernel_close(k);
	if (ret) {
		report_snapshot_failure(t, failed, -ret);
		return 1;
	}
	return CMD_CONTINUE;
}

int tool_print_listing(const struct tool *t, enum listing_kind kind)
{
	int ret = listing_print(kind, t->out);

	if (ret == -EPROTONOSUPPORT || ret == -EAFNOSUPPORT) {
		tool_error(t, "No %s - no IPsec support in kernel (are the modules loaded?)",
			   listing_name(kind));
		tool_error(t, "the kernel has no XFRM netlink interface: load it with `modprobe xfrm_user`");
		return 1;
	}
	if (ret) {
		report_read_failure(t, "the SAs", -ret);
		return 1;
	}
	return 0;
}
