/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the kernel layer only: an XFRM SA message into the model
 * (src/kernel_sa_decode.c). Its own file so that the unit tests can link
 * it without a socket.
 */
#ifndef SRC_KERNEL_SA_DECODE_H
#define SRC_KERNEL_SA_DECODE_H

#include "src/kernel_nl.h"

/*
 * An XFRM_MSG_NEWSA message (nlmsg_len bytes readable at nlh, 4-aligned)
 * into *sa; the key bytes into *keys when keys is not NULL (never
 * otherwise). 0, or -EBADMSG for another type or a message shorter than
 * its header. Attributes that are too short for their type are ignored;
 * a malformed attribute (length under 4 or past the message) ends the
 * walk, as libmnl's attribute walk did; nothing past nlmsg_len is read.
 */
int sa_decode(const struct nlmsghdr *nlh, struct sa_state *sa, struct sa_keys *keys);

#endif
