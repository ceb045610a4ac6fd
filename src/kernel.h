/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel layer: every netlink conversation (XFRM, and rtnetlink for
 * addresses and links) goes through these functions. src/kernel.c,
 * kernel_sa.c, kernel_record.c and kernel_link.c implement them with libmnl; the unit tests link an
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

/*
 * The same dump without a copy (the listings, src/listing_stream.c): fn gets
 * each SA decoded into one buffer that it must not keep (no key bytes in
 * it) and pushes what it keeps onto kept. A dump that is started again
 * empties kept first (kept->n = 0); on failure kept is freed. fn returns 0,
 * or -errno to end the dump with that error.
 */
struct vec;
typedef int (*kernel_sa_fn)(void *data, const struct sa_state *sa);
int kernel_sa_walk(struct kernel *k, kernel_sa_fn fn, void *data, struct vec *kept);

/*
 * How many SAs the namespace holds now (XFRM_MSG_GETSADINFO: larval states
 * and the kernel's own included): what a listing may size its buffers by.
 */
int kernel_sa_count(struct kernel *k, uint32_t *n);

/* Records (see src/model.h): add, delete (by what they name). */
int kernel_record_add(struct kernel *k, const struct record *r);
int kernel_record_del(struct kernel *k, const struct record *r);

/*
 * One dump of the SPD: every tun and group record (*recs), and every
 * eroute record (*ers, when ers is not NULL); both malloc'd.
 */
int kernel_record_list(struct kernel *k, struct record **recs, size_t *n,
		       struct eroute **ers, size_t *ner);

/*
 * The same dump without a copy (kernel_record_list() and the eroute
 * listing, src/listing_eroute.c): fn gets each tun or group record (r) or
 * eroute record (e) of ours in dump order, decoded into one buffer that it
 * must not keep; other policies are skipped. A dump that is started again
 * first calls fn(data, NULL, NULL): drop what the earlier try gave. fn
 * returns 0, or -errno to end the dump with that error.
 */
typedef int (*kernel_record_fn)(void *data, const struct record *r, const struct eroute *e);
int kernel_record_walk(struct kernel *k, kernel_record_fn fn, void *data);

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

/*
 * Links (src/model.h): every network device of the namespace, from one
 * RTM_GETLINK dump (*links is malloc'd), sorted by ifindex.
 */
int kernel_link_list(struct kernel *k, struct link **links, size_t *n);

/*
 * Make l->name of kind l->kind (LINK_XFRM: on device l->link, if any, with
 * l->if_id; LINK_DUMMY), down, tagged as tncfg's (its alias names the
 * physical device for a dummy, which has no link of its own).
 */
int kernel_link_add(struct kernel *k, const struct link *l);

/* Delete the device l->name. */
int kernel_link_del(struct kernel *k, const struct link *l);

/*
 * This namespace's addresses, each with the device that holds it (one
 * RTM_GETADDR dump), sorted by address; *v is malloc'd.
 */
int kernel_addr_devs(struct kernel *k, struct addr_dev **v, size_t *n);

/*
 * The device a packet to dst leaves by (RTM_GETROUTE): *ifindex, or 0 when
 * there is no route or dst is an address of this namespace (a local route).
 */
int kernel_route_dev(struct kernel *k, const struct ip_addr *dst, uint32_t *ifindex);

/*
 * Can this kernel make XFRM interfaces? 1 yes, 0 no (no xfrm_interface
 * module), or -errno. Asking changes nothing: the kernel is asked for an
 * interface it refuses to make (loading the module if it can).
 */
int kernel_xfrmi_supported(struct kernel *k);

#endif
