/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The spi and spigrp listings streamed from the dump (issue 16): no
 * snapshot of the SAs. Each SA is decoded into one reused buffer as the
 * dump arrives; spi renders its line at once into one text buffer and keeps
 * a 32-byte sort slot per line; spigrp keeps only the slot. The slots are
 * sorted (SA id, then arrival: the order render_spi() and render_spigrp()
 * give a snapshot) and the lines come out in that order, byte for byte the
 * same text. src/listing.c serves these; the snapshot renderers stay the
 * reference of the tests.
 */
#ifndef SRC_LISTING_STREAM_H
#define SRC_LISTING_STREAM_H

#include <stdbool.h>
#include <stdio.h>

#include "src/kernel.h"
#include "src/listing.h"

/*
 * The spi or spigrp listing of k's namespace written to out (out != NULL),
 * or returned as a listing_text (*t), with listing_print()'s and
 * listing_render()'s errors and guarantees: every dump is complete before
 * the first byte, no key bytes kept.
 */
int listing_stream_spi(struct kernel *k, FILE *out, struct listing_text **t);
int listing_stream_spigrp(struct kernel *k, FILE *out, struct listing_text **t);

#endif
