/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SA groups: finding them, and the template bundle a traffic policy needs. */
#ifndef SRC_GROUP_H
#define SRC_GROUP_H

#include <stdio.h>

#include "src/snapshot.h"

/* The group record that has id as a member (tun members included), or NULL. */
const struct record *group_of(const struct record *recs, size_t n, const struct said *id);

/* True when a member of group g has no SA (state or tun record) in s. */
bool group_dangling(const struct snapshot *s, const struct record *g);

/*
 * The templates, inner to outer, of a policy that sends (inbound false) or
 * accepts (inbound true) traffic through the group whose first SA is id,
 * or through the single SA id when it is not grouped. Returns 0, -ENOENT
 * when there is no such SA or group, -EINVAL for a lone tun SA (XFRM has
 * no IP-in-IP state; a tun only exists folded into the SA after it).
 */
int group_bundle(const struct snapshot *s, const struct said *id, bool inbound,
		 struct bundle *b);

/* The bundle as `ip xfrm policy` arguments: "tmpl ... tmpl ...", and a newline. */
void bundle_print(const struct bundle *b, FILE *out);

/* The same without the newline. */
void bundle_print_words(const struct bundle *b, FILE *out);

#endif
