// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Group records for the spigrp listing benchmark, by the kernel layer in
 * one process (10,000 spigrp processes would take long under a VM):
 *
 *   grpfill FROM TO     groups FROM..TO-1
 *
 * Group G is what `spigrp --said tun.X@P esp.X@P ah.X@P` records, X = 0x10000 + 2G
 * and P the peer of SA 2G in bench/lib.sh (10.1.0.0, 10.1.0.1, ...): its
 * ESP SA is bench/run's outbound SA 2G; there is no tun record and no AH
 * SA, so each listing line of a grouped SA ends in "ah0x...(missing)".
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/kernel.h"

static struct ip_addr v4(uint32_t host_order)
{
	struct ip_addr a = { .family = AF_INET };
	uint32_t n = htonl(host_order);

	memcpy(a.a, &n, 4);
	return a;
}

int main(int argc, char **argv)
{
	struct kernel *k = NULL;
	long from, to;
	int ret;

	if (argc != 3 || (from = atol(argv[1])) < 0 || (to = atol(argv[2])) < from) {
		fprintf(stderr, "usage: grpfill FROM TO\n");
		return 2;
	}
	if ((ret = kernel_open(&k))) {
		fprintf(stderr, "grpfill: %s\n", strerror(-ret));
		return 1;
	}
	for (long g = from; g < to; g++) {
		uint32_t x = 0x10000u + 2u * (uint32_t)g;
		struct ip_addr peer = v4(0x0a000000u + 0x10000u + (uint32_t)g);	/* 10.1.0.0 + g */
		struct record r = { .kind = RECORD_GROUP, .add_time = (uint64_t)time(NULL), .ntmpl = 2 };

		r.head = (struct said){ .proto = SA_TUN, .spi = x, .dst = peer };
		r.tmpl[0] = (struct tmpl){ .id = { .proto = SA_ESP, .spi = x, .dst = peer },
					   .src = v4(0x0a000001u), .mode = SA_MODE_TUNNEL, .tun_spi = x };
		r.tmpl[1] = (struct tmpl){ .id = { .proto = SA_AH, .spi = x, .dst = peer } };
		if ((ret = kernel_record_add(k, &r))) {
			fprintf(stderr, "grpfill: group %ld: %s\n", g, strerror(-ret));
			kernel_close(k);
			return 1;
		}
	}
	kernel_close(k);
	return 0;
}
