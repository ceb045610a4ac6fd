/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plain descriptions of what the kernel holds, shared by the commands, the
 * planner, the executor, the renderers and the kernel layer (src/kernel*.c,
 * the only place that maps them to and from netlink). No netlink types
 * here; flags are named, and only the mode and encapsulation numbers are
 * the kernel's (they are KLIPS' too).
 */
#ifndef SRC_MODEL_H
#define SRC_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "compat/key.h"
#include "compat/said.h"

#define LIMIT_INF UINT64_MAX	/* "no limit" (XFRM_INF) */
#define ALG_NAME_MAX 32
#define GROUP_MAX 4		/* spigrp takes one to four SAs */
#define TMPL_MAX 6		/* XFRM_MAX_DEPTH */

enum sa_mode { SA_MODE_TRANSPORT = 0, SA_MODE_TUNNEL = 1 };

struct selector {
	struct ip_addr src, dst;	/* family 0: wildcard selector */
	uint8_t src_len, dst_len;
	uint8_t proto;
	uint16_t sport, dport, sport_mask, dport_mask;	/* host order */
};

struct lifetime {
	uint64_t soft_bytes, hard_bytes, soft_packets, hard_packets;	/* LIMIT_INF = none */
	uint64_t soft_add, hard_add, soft_use, hard_use;		/* seconds, 0 = none */
};

struct sa_counters {
	uint64_t bytes, packets;
	uint64_t add_time, use_time;	/* wall clock seconds; use_time 0 = never used */
};

struct replay {
	uint32_t window;		/* packets; 0 = no replay protection */
	uint32_t seq, oseq;		/* last received / last sent sequence number */
	uint32_t bitmap[2];		/* up to 64 bits */
	bool esn_attr;			/* kept in XFRMA_REPLAY_ESN_VAL (window > 32) */
};

struct sa_stats {
	uint32_t replay_window, replay, integrity_failed;
};

struct encap {
	uint16_t type;			/* 0 none, 1 nonike, 2 nonesp (UDP_ENCAP_*) */
	uint16_t sport, dport;		/* host order */
};

/*
 * What the kernel keeps about how an SA treats packets: every flag an SA
 * can have (kernel.c maps them from and to XFRM_STATE_* and the extra
 * flags), so an SA re-created in another mode keeps them all.
 */
struct sa_flags {
	bool noecn;		/* decapsulation leaves the inner ECN bits alone */
	bool decap_dscp;	/* decapsulation copies DSCP to the inner header */
	bool nopmtudisc;	/* no path MTU discovery for the outer header */
	bool wildrecv;		/* inbound packets may come from any source */
	bool icmp;		/* ICMP errors about the flow are accepted too */
	bool af_unspec;		/* the selector may be of another family (tunnel mode) */
	bool align4;		/* AH padded to 4 bytes (IPv4) */
	bool esn;		/* extended (64-bit) sequence numbers */
	bool dont_encap_dscp;	/* encapsulation does not copy DSCP outward */
	bool oseq_may_wrap;	/* the outbound sequence number may wrap */
};

/* One SA (XFRM state). Keys live separately, in struct sa_keys. */
struct sa_state {
	struct said id;			/* proto SA_ESP/SA_AH/SA_COMP, or SA_TUN for kernel helpers */
	struct ip_addr src;		/* 0.0.0.0 / :: = any */
	uint8_t mode;			/* enum sa_mode */
	uint32_t reqid;
	struct sa_flags flags;
	struct selector sel;
	struct lifetime lft;
	struct sa_counters cur;
	struct replay replay;
	struct sa_stats stats;
	char enc[ALG_NAME_MAX], auth[ALG_NAME_MAX], comp[ALG_NAME_MAX];	/* "" = none */
	uint16_t enc_bits, auth_bits, auth_trunc;
	struct encap encap;
	uint64_t lastused;		/* wall clock seconds; 0 = not known (kernels < 6.2) */
	bool kernel_helper;		/* IPIP state the kernel made for tunnel-mode IPComp */
};

struct sa_keys {
	struct key enc, auth;
};

/* One transform of a group bundle, inner to outer (XFRM template order). */
struct tmpl {
	struct said id;			/* proto, SPI and destination of the member SA */
	struct ip_addr src;		/* tunnel mode: outer source */
	uint8_t mode;
	uint32_t tun_spi;		/* tunnel mode: SPI of the folded tun SA, else 0 */
};

/*
 * Records: KLIPS objects XFRM cannot hold as states, kept in the SPD as
 * inert policies (reserved if_id, a selector naming the SA that no packet
 * can match). A tun record is one `tun` SA; a group record is one spigrp
 * group, named after its first SA, with the folded template bundle.
 */
enum record_kind { RECORD_TUN, RECORD_GROUP };

struct record {
	enum record_kind kind;
	struct said head;		/* tun SA, or the group's first SA */
	struct ip_addr tun_src;		/* RECORD_TUN: the tun's --src (outer source) */
	uint64_t add_time;		/* wall clock seconds */
	uint32_t index;			/* kernel policy index (identifies it exactly) */
	int ntmpl;			/* RECORD_GROUP */
	struct tmpl tmpl[TMPL_MAX];
};

/* One template of a traffic policy, inner to outer (XFRM's xfrm_user_tmpl). */
struct bundle_tmpl {
	struct said id;		/* proto; spi 0: any SA; dst: tunnel mode's outer destination */
	struct ip_addr src;	/* tunnel mode: outer source (all zero: any source) */
	uint8_t mode;
	bool optional;		/* "level use": the packet may arrive without it */
};

struct bundle {
	int n;
	struct bundle_tmpl t[TMPL_MAX];
};

/* Directions and actions of XFRM policies (the kernel's numbers). */
enum policy_dir { POLICY_IN = 0, POLICY_OUT = 1, POLICY_FWD = 2 };
enum policy_action { POLICY_ALLOW = 0, POLICY_BLOCK = 1 };

/*
 * A traffic policy: what eroutes make live. Its key in the kernel is the
 * selector, the direction and the if_id (not the priority).
 */
struct policy {
	struct selector sel;
	uint8_t dir;			/* enum policy_dir */
	uint8_t action;			/* enum policy_action */
	uint32_t priority;		/* lower wins */
	uint32_t if_id;			/* 0, or an XFRM interface's */
	struct bundle tmpl;		/* none for %pass, %drop ... */
};

/*
 * Eroute records: inert policies with the eroute records' own reserved
 * if_id, one per eroute, whose selector is the eroute's flow. They name the
 * SAID and what the eroute owns, so that --del and --clear remove exactly
 * that. A marker record says that shared policies (the IKE bypass) are ours.
 */
enum eroute_kind {
	ER_OUT,			/* --add, --replace: outbound */
	ER_IN,			/* --addin, --replacein: the inbound policy of a tunnel group */
	ER_MARK,		/* marker: the IKE bypass policies are ours */
};

#define ER_OWNS_INBOUND (1u << 0)	/* IN and FWD policies for the reversed flow */
#define ER_OWNS_REJECT (1u << 1)	/* a FIB rule `prohibit` for the flow (%reject) */

struct eroute {
	enum eroute_kind kind;
	struct selector sel;		/* the flow */
	struct said said;		/* the SA, group or %pass... it sends the flow to */
	uint32_t if_id;			/* the if_id of its live policies */
	uint32_t owns;			/* ER_OWNS_* */
	uint64_t add_time;		/* wall clock seconds */
};

/* A routing rule `from S to D [ipproto P] [sport A] [dport B] prohibit`, ours. */
struct fib_rule {
	struct selector sel;
	uint32_t pref;			/* its priority among the rules */
};

#endif
