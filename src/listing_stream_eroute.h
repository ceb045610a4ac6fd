/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The eroute listing streamed from the dumps (issue 16): no snapshot of the
 * SAs or of the SPD. The policy dump is walked once (kernel_record_walk())
 * keeping, per eroute, its sort key and SA (80 bytes, about a line's size)
 * and, per group record, its first SA; the SA dump is walked once keeping
 * only the packet counts that the count column shows. The keys are sorted
 * in place and each line is rendered as it is written: byte for byte what
 * render_eroute() (the reference of the tests) gives a snapshot.
 * src/listing.c serves it to `eroute`, `look` and the FUSE daemon.
 */
#ifndef SRC_LISTING_STREAM_EROUTE_H
#define SRC_LISTING_STREAM_EROUTE_H

#include <stddef.h>
#include <stdio.h>

struct kernel;

struct listing_text;

/*
 * The eroute listing of k's namespace written to out (out != NULL), or
 * returned as a listing_text (*t), with listing_print()'s and
 * listing_render()'s errors and guarantees: both dumps are complete before
 * the first byte.
 */
int listing_stream_eroute(struct kernel *k, FILE *out, struct listing_text **t);

#endif
