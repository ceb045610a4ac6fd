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

#endif
