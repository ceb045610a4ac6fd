/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An in-memory kernel behind src/kernel.h, with fault injection and a call log. */
#ifndef TESTS_FAKE_KERNEL_H
#define TESTS_FAKE_KERNEL_H

#include "src/kernel.h"

#define FAKE_MAX 64

enum fake_call_kind {
	FAKE_SA_ADD, FAKE_SA_DEL, FAKE_SA_FLUSH, FAKE_RECORD_ADD, FAKE_RECORD_DEL,
	FAKE_LINK_ADD, FAKE_LINK_DEL,
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
	struct link link;
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
	struct link links[FAKE_MAX];	/* in ifindex order */
	int nlinks;
	uint32_t next_ifindex;
	struct addr_dev addrs[16];	/* local addresses and their devices */
	int naddrs;
	struct addr_dev routes[16];	/* host routes: destination -> device */
	int nroutes;
	uint32_t default_dev;	/* the device of every other destination (0: unreachable) */
	int link_list_err;	/* link dumps fail with -link_list_err */
	bool no_xfrmi;		/* the kernel has no XFRM interfaces (dummies instead) */
	bool no_dummy;		/* ... and no dummy devices either */
	int open_err;		/* kernel_open() fails with -open_err */
	int fail_call;		/* the fail_call-th mutating call (1-based) fails ... */
	int fail_err;		/* ... with -fail_err */
	int list_err;		/* dumps fail with -list_err */
	int count_err;		/* kernel_sa_count fails with -count_err ... */
	int count_add;		/* ... or counts this many more (or fewer) SAs */
	bool restart;		/* walks give a first try of half, then start again */
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

/* A device (a physical one unless kind says otherwise); returns it. */
struct link *fake_add_link(const char *name, enum link_kind kind, uint32_t mtu);

/* tncfg's ipsecN, attached to the device phys ("" for none); returns it. */
struct link *fake_add_ipsecdev(int n, const char *phys);

/* The device called name, or NULL. */
struct link *fake_link(const char *name);

/* addr is on device dev (also a local address, as fake_add_local); packets to dst leave by dev. */
void fake_add_addr(const char *addr, const char *dev);
void fake_add_route(const char *dst, const char *dev);

/* Text of one policy, as fake_state_text() shows it (buf of 1024 bytes). */
const char *fake_policy_text(const struct policy *p, char *buf);

/* The policies of the eroutes, and their records, for the tests to find them. */
const struct policy *fake_policy(int dir, const char *src, const char *dst);

/* The SAs, records, links, policies and rules, one per line, sorted (malloc'd): compare before/after. */
char *fake_state_text(void);

#endif
