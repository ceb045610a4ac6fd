// SPDX-License-Identifier: GPL-2.0-or-later
/* The commands' one way to the kernel (src/run.h). */
#include <errno.h>
#include <string.h>

#include "src/explain.h"
#include "src/lock.h"
#include "src/report.h"
#include "src/run.h"

static void report_lock_waiting(void *arg, pid_t holder)
{
	const struct tool *t = arg;

	if (holder > 0)
		tool_error(t, "waiting for the writers' lock, held by pid %ld", (long)holder);
	else
		tool_error(t, "waiting for the writers' lock, held by another writer");
}

static void report_lock_failure(const struct tool *t, int err, pid_t holder)
{
	if (err == ETIMEDOUT && holder > 0)
		tool_error(t, "cannot serialise with other writers: pid %ld held the writers' lock for %u s",
			   (long)holder, RUN_LOCK_TIMEOUT_MS / 1000);
	else if (err == ETIMEDOUT)
		tool_error(t, "cannot serialise with other writers: another writer held the writers' lock for %u s",
			   RUN_LOCK_TIMEOUT_MS / 1000);
	else if (err == EPERM)
		tool_error(t, "cannot serialise with other writers: %s is not root's alone (it must be "
			   "a directory of mode 0700 with files of mode 0600, in one only root writes)",
			   WRITERS_LOCK_DIR);
	else
		tool_error(t, "cannot serialise with other writers: %s", strerror(err));
}

static int report_build_failure(const struct tool *t, int err)
{
	if (err == ENOMEM)
		tool_error(t, "Memory allocation error.");
	else
		tool_error(t, "cannot plan the change: %s", strerror(err));
	return 1;
}

/*
 * The snapshot a command plans from. A dry run (--explain) by a user who may
 * not read XFRM plans as if the kernel held no SAs, records or eroutes, and
 * says so; devices, addresses and routes are read as usual.
 */
static int take_snapshot(const struct tool *t, struct kernel *k, const struct plan_cmd *cmd,
			 const void *req, unsigned int flags, struct snapshot *s)
{
	const unsigned int xfrm = SNAP_SAS | SNAP_RECORDS | SNAP_GROUPED_SAS;
	const struct ip_addr *extra = cmd->reaches ? cmd->reaches(req) : NULL;
	unsigned int parts = flags & SNAP_MASK, failed = 0;
	int ret;

	ret = snapshot_take_to(k, parts, extra, s, &failed);
	if (ret == -EPERM && (failed & xfrm) && (flags & RUN_EXPLAIN) && (flags & RUN_OFFLINE)) {
		report_explain_unread(t);
		ret = snapshot_take_to(k, parts & ~xfrm, extra, s, &failed);
	}
	if (ret)
		report_snapshot_failure(t, failed, -ret);
	return ret;
}

int run_plan(const struct tool *t, const struct plan_cmd *cmd, const void *req,
	     unsigned int flags)
{
	bool explain = flags & RUN_EXPLAIN;
	struct kernel *k = NULL;
	struct snapshot s;
	struct plan p = PLAN_INIT;
	struct plan_failure f;
	struct writers_lock lock = WRITERS_LOCK_INIT;
	struct lock_wait wait = {
		.notice_ms = RUN_LOCK_NOTICE_MS, .timeout_ms = RUN_LOCK_TIMEOUT_MS,
		.waiting = report_lock_waiting, .arg = (void *)t,
	};
	pid_t holder = 0;
	int ret, status = 1;

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
	if (!explain && (ret = writers_lock(&lock, &wait, &holder)) < 0) {
		report_lock_failure(t, -ret, holder);
		goto out;
	}
	if (k && (ret = take_snapshot(t, k, cmd, req, flags, &s)))
		goto out;
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
		if (cmd->failed_status)
			status = cmd->failed_status;
		goto out;
	}
	if (flags & RUN_SAY_DONE)
		fprintf(t->out, "%s: exited normally\n", t->prog);
	status = 0;
out:
	plan_free(&p);
	snapshot_free(&s);
	writers_unlock(&lock);
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
