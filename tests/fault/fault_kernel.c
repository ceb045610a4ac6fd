// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fault injection for the real-kernel rollback tests, linked only into the
 * test programs build/fault/spi, spigrp and eroute (never installed):
 * the Makefile links them with -Wl,--wrap for every kernel call that
 * changes something, so each call comes here first. The N-th of them,
 * N from $KLIPS_TEST_FAIL_CALL (1-based), fails with EIO without reaching
 * the kernel; every other call, the undo steps after it included, goes
 * through. The programs themselves read no such variable.
 */
#include <errno.h>
#include <stdlib.h>

#include "src/kernel.h"

int __real_kernel_sa_add(struct kernel *k, const struct sa_state *sa,
			 const struct sa_keys *keys, bool restore);
int __real_kernel_sa_del(struct kernel *k, const struct said *id);
int __real_kernel_sa_flush(struct kernel *k, uint8_t proto);
int __real_kernel_record_add(struct kernel *k, const struct record *r);
int __real_kernel_record_del(struct kernel *k, const struct record *r);

int __real_kernel_eroute_add(struct kernel *k, const struct eroute *e, bool update);
int __real_kernel_eroute_del(struct kernel *k, const struct eroute *e);
int __real_kernel_policy_add(struct kernel *k, const struct policy *p, bool update);
int __real_kernel_policy_del(struct kernel *k, const struct policy *p);
int __real_kernel_rule_add(struct kernel *k, const struct fib_rule *r);
int __real_kernel_rule_del(struct kernel *k, const struct fib_rule *r);

int __wrap_kernel_sa_add(struct kernel *k, const struct sa_state *sa,
			 const struct sa_keys *keys, bool restore);
int __wrap_kernel_eroute_add(struct kernel *k, const struct eroute *e, bool update);
int __wrap_kernel_eroute_del(struct kernel *k, const struct eroute *e);
int __wrap_kernel_policy_add(struct kernel *k, const struct policy *p, bool update);
int __wrap_kernel_policy_del(struct kernel *k, const struct policy *p);
int __wrap_kernel_rule_add(struct kernel *k, const struct fib_rule *r);
int __wrap_kernel_rule_del(struct kernel *k, const struct fib_rule *r);
int __wrap_kernel_sa_del(struct kernel *k, const struct said *id);
int __wrap_kernel_sa_flush(struct kernel *k, uint8_t proto);
int __wrap_kernel_record_add(struct kernel *k, const struct record *r);
int __wrap_kernel_record_del(struct kernel *k, const struct record *r);

/* True when this mutating call is the one to fail. */
static bool fail_now(void)
{
	static int calls;
	const char *s = getenv("KLIPS_TEST_FAIL_CALL");

	return ++calls == (s ? atoi(s) : 0);
}

int __wrap_kernel_sa_add(struct kernel *k, const struct sa_state *sa,
			 const struct sa_keys *keys, bool restore)
{
	return fail_now() ? -EIO : __real_kernel_sa_add(k, sa, keys, restore);
}

int __wrap_kernel_sa_del(struct kernel *k, const struct said *id)
{
	return fail_now() ? -EIO : __real_kernel_sa_del(k, id);
}

int __wrap_kernel_sa_flush(struct kernel *k, uint8_t proto)
{
	return fail_now() ? -EIO : __real_kernel_sa_flush(k, proto);
}

int __wrap_kernel_record_add(struct kernel *k, const struct record *r)
{
	return fail_now() ? -EIO : __real_kernel_record_add(k, r);
}

int __wrap_kernel_record_del(struct kernel *k, const struct record *r)
{
	return fail_now() ? -EIO : __real_kernel_record_del(k, r);
}

int __wrap_kernel_eroute_add(struct kernel *k, const struct eroute *e, bool update)
{
	return fail_now() ? -EIO : __real_kernel_eroute_add(k, e, update);
}

int __wrap_kernel_eroute_del(struct kernel *k, const struct eroute *e)
{
	return fail_now() ? -EIO : __real_kernel_eroute_del(k, e);
}

int __wrap_kernel_policy_add(struct kernel *k, const struct policy *p, bool update)
{
	return fail_now() ? -EIO : __real_kernel_policy_add(k, p, update);
}

int __wrap_kernel_policy_del(struct kernel *k, const struct policy *p)
{
	return fail_now() ? -EIO : __real_kernel_policy_del(k, p);
}

int __wrap_kernel_rule_add(struct kernel *k, const struct fib_rule *r)
{
	return fail_now() ? -EIO : __real_kernel_rule_add(k, r);
}

int __wrap_kernel_rule_del(struct kernel *k, const struct fib_rule *r)
{
	return fail_now() ? -EIO : __real_kernel_rule_del(k, r);
}
