/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An in-memory kernel behind src/kernel.h, with fault injection and a call log. */
#ifndef TESTS_FAKE_KERNEL_H
#define TESTS_FAKE_KERNEL_H

#include "src/kernel.h"

#define FAKE_MAX 64

enum fake_call_kind {
	FAKE_SA_ADD, FAKE_SA_DEL, FAKE_SA_FLUSH, FAKE_RECORD_ADD, FAKE_RECORD_DEL,
	FAKE_EROUTE_ADD, FAKE_EROUTE_UPD, FAKE_EROUTE_DEL,
	FAKE_POLICY_ADD, FAKE_POLICY_UPD, FAKE_POLICY_DEL,
	FAKE_RULE_ADD, FAKE_RULE_DEL,
};

struct fake_call {
	enum fake_call_kind kind;
	struct sa_state sa;
	struct sa_keys keys;
	bool restore;
	struct said id;
	uint8_t proto;
	struct record rec;
	struct eroute er;
	struct policy pol;
	struct fib_rule rule;
	int result;		/* 0 or -errno returned */
};

struct fake_kernel {
	struct sa_state sas[FAKE_MAX];
	struct sa_keys keys[FAKE_MAX];
	int nsas;
	struct record recs[FAKE_MAX];
	int nrecs;
	struct eroute eroutes[FAKE_MAX];
	int neroutes;
	struct policy policies[FAKE_MAX];
	int npolicies;
	struct fib_rule rules[FAKE_MAX];
	int nrules;
	struct ip_addr local[8];
	int nlocal;
	int open_err;		/* kernel_open() fails with -open_err */
	int fail_call;		/* the fail_call-th mutating call (1-based) fails ... */
	int fail_err;		/* ... with -fail_err */
	int list_err;		/* dumps fail with -list_err */
	const char *extack;
	int calls;
	struct fake_call log[FAKE_MAX];
	int nlog;
	int opened;		/* kernel_open() calls not yet closed */
};

extern struct fake_kernel fake;

void fake_reset(void);
void fake_add_sa(const struct said *id, const struct ip_addr *src);
void fake_add_tun(const struct said *id, const struct ip_addr *src);
void fake_add_local(const char *addr);

/* Text of one policy, as fake_state_text() shows it (buf of 1024 bytes). */
const char *fake_policy_text(const struct policy *p, char *buf);

/* The policies of the eroutes, and their records, for the tests to find them. */
const struct policy *fake_policy(int dir, const char *src, const char *dst);

/* The SAs, records, policies and rules, one per line, sorted (malloc'd): compare before/after. */
char *fake_state_text(void);

#endif
