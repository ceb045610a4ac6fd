/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel layer: every netlink conversation (XFRM and one route lookup)
 * goes through these functions. src/kernel.c, kernel_sa.c and
 * kernel_record.c implement them with libmnl; the unit tests link an
 * in-memory double (tests/unit/fake_kernel.c), and the rollback tests
 * under a real kernel wrap them (tests/fault/fault_kernel.c).
 * All functions return 0 (or a count/flag as documented) or -errno.
 */
#ifndef SRC_KERNEL_H
#define SRC_KERNEL_H

#include <stdbool.h>
#include <stddef.h>

#include "src/model.h"

struct kernel;

/* Open the netlink sockets in the calling thread's network namespace. */
int kernel_open(struct kernel **kp);
void kernel_close(struct kernel *k);

/* The kernel's extended-ack text for the last failed request, or "". */
const char *kernel_extack(const struct kernel *k);

/*
 * XFRM_MSG_NEWSA (exclusive add). keys may be NULL for IPComp. With
 * restore set, the counters and replay state in sa are given back to the
 * new state (used when an SA is re-created in another mode).
 */
int kernel_sa_add(struct kernel *k, const struct sa_state *sa,
		  const struct sa_keys *keys, bool restore);

/* XFRM_MSG_GETSA of one SA; keys may be NULL (key bytes are then wiped). */
int kernel_sa_get(struct kernel *k, const struct said *id, struct sa_state *sa,
		  struct sa_keys *keys);

int kernel_sa_del(struct kernel *k, const struct said *id);

/* XFRM_MSG_FLUSHSA: proto 0 = all SAs, else SA_AH/SA_ESP/SA_COMP. */
int kernel_sa_flush(struct kernel *k, uint8_t proto);

/*
 * Dump every SA (a consistent dump: retried when the kernel reports it was
 * interrupted). *sas is malloc'd; free() it. No key material is kept.
 */
int kernel_sa_list(struct kernel *k, struct sa_state **sas, size_t *n);

/* Records (see src/model.h): add, delete (by what they name). */
int kernel_record_add(struct kernel *k, const struct record *r);
int kernel_record_del(struct kernel *k, const struct record *r);

/*
 * One dump of the SPD: every tun and group record (*recs), and every
 * eroute record (*ers, when ers is not NULL); both malloc'd.
 */
int kernel_record_list(struct kernel *k, struct record **recs, size_t *n,
		       struct eroute **ers, size_t *ner);

/* Eroute records: add (update: replace the record of the same flow), delete. */
int kernel_eroute_add(struct kernel *k, const struct eroute *e, bool update);
int kernel_eroute_del(struct kernel *k, const struct eroute *e);

/*
 * Traffic policies: add (update: replace the one with the same key, or
 * add), delete, and read the one with key's selector, direction and if_id.
 */
int kernel_policy_add(struct kernel *k, const struct policy *p, bool update);
int kernel_policy_del(struct kernel *k, const struct policy *p);
int kernel_policy_get(struct kernel *k, const struct policy *key, struct policy *out);

/* The routing rules of %reject eroutes, marked as ours: add, delete. */
int kernel_rule_add(struct kernel *k, const struct fib_rule *r);
int kernel_rule_del(struct kernel *k, const struct fib_rule *r);

/*
 * This namespace's own addresses (one RTM_GETADDR dump), sorted by
 * addr_cmp; *addrs is malloc'd. KLIPS called an SA to one of them inbound.
 */
int kernel_local_addrs(struct kernel *k, struct ip_addr **addrs, size_t *n);

#endif
