// SPDX-License-Identifier: GPL-2.0-or-later
/* The text work of `ipsec look`, on /proc texts like the spec's samples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/look.h"
#include "tests/unit/tap.h"

static char *joined(const struct look_lines *l)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	look_lines_print(l, f);
	fclose(f);
	return s;
}

static void check_eroutes(const char *spigrp, const char *eroute, const char *want, const char *what)
{
	struct look_lines l = { 0 };
	char *got;

	tap_ok(look_eroutes(spigrp, eroute, &l) == 0, "%s: joined", what);
	got = joined(&l);
	tap_str(got, want, "%s", what);
	free(got);
	look_lines_free(&l);
}

static void eroutes(void)
{
	/* klips/east-icmp-01 (2.6.38): a tun+esp group, 2.6's spigrp line per SA */
	check_eroutes("tun0x12345678@192.1.2.45 esp0x12345678@192.1.2.45 \n"
		      "esp0x12345678@192.1.2.45 \n",
		      "0          192.0.2.0/24       -> 192.0.1.0/24       => tun0x12345678@192.1.2.45\n",
		      "192.0.2.0/24       -> 192.0.1.0/24       => tun0x12345678@192.1.2.45 esp0x12345678@192.1.2.45  (0)\n",
		      "east-icmp-01 look line");
	/* spec §6: sorted by the padded subnets, ports after plain subnets */
	check_eroutes("tun0x1002@192.1.2.23 esp0x12345678@192.1.2.23 \n",
		      "0          192.0.1.0/24:1701  -> 192.0.2.0/24:1701  => tun0x1002@192.1.2.23:17\n"
		      "12         192.0.1.0/24       -> 192.0.2.0/24       => tun0x1002@192.1.2.23\n"
		      "3          10.0.0.0/8         -> 0.0.0.0/0          => %pass\n",
		      "10.0.0.0/8         -> 0.0.0.0/0          => %pass (3)\n"
		      "192.0.1.0/24       -> 192.0.2.0/24       => tun0x1002@192.1.2.23 esp0x12345678@192.1.2.23  (12)\n"
		      "192.0.1.0/24:1701  -> 192.0.2.0/24:1701  => tun0x1002@192.1.2.23:17 (0)\n",
		      "spec §6 sample");
	/* FreeS/WAN < 1.45 lines had no count */
	check_eroutes("", "192.0.1.0/24       -> 192.0.2.0/24       => tun0x1002@192.1.2.23\n",
		      "192.0.1.0/24       -> 192.0.2.0/24       => tun0x1002@192.1.2.23\n",
		      "count-less eroute line");
	check_eroutes("", "", "", "no eroutes");
	check_eroutes("tun0x1002@192.1.2.23 esp0x1002@192.1.2.23 \n", "", "",
		      "groups without eroutes are not shown");
	/* awk keeps the last line filed under a name */
	check_eroutes("esp0x1@1.2.3.4 ah0x2@1.2.3.4 \nesp0x1@1.2.3.4 \n",
		      "0          1.0.0.0/8          -> 2.0.0.0/8          => esp0x1@1.2.3.4\n",
		      "1.0.0.0/8          -> 2.0.0.0/8          => esp0x1@1.2.3.4  (0)\n",
		      "the last spigrp line of a name wins");
	check_eroutes("", "0          3049:1::/64        -> ::/0               => tun0x1002@3049:9::1\n"
			  "0          192.0.1.0/24       -> 192.0.2.0/24       => %drop\n",
		      "192.0.1.0/24       -> 192.0.2.0/24       => %drop (0)\n"
		      "3049:1::/64        -> ::/0               => tun0x1002@3049:9::1 (0)\n",
		      "IPv6 sorts after IPv4 (its first part is longer than 3)");
}

static void sorted_and_tncfg(void)
{
	struct look_lines l = { 0 };
	char *got;

	tap_ok(look_sorted("tun0x1@1.2.3.4 IPIP: x\nesp0x2@1.2.3.4 ESP: y\nah0x3@1.2.3.4 AH: z\n", &l) == 0,
	       "sorted");
	got = joined(&l);
	tap_str(got, "ah0x3@1.2.3.4 AH: z\nesp0x2@1.2.3.4 ESP: y\ntun0x1@1.2.3.4 IPIP: x\n", "SA lines sorted bytewise");
	free(got);
	look_lines_free(&l);

	tap_ok(look_tncfg("ipsec0 -> eth1 mtu=16260(1500) -> 1500\nipsec1 -> NULL mtu=0(0) -> 0\n"
			  "ipsec2 -> eth3 mtu=16260(1443) -> 1500\n", &l) == 0, "tncfg");
	got = joined(&l);
	tap_str(got, "ipsec0->eth1 mtu=16260(1500)->1500\nipsec2->eth3 mtu=16260(1443)->1500\n",
		"tncfg without unattached devices, arrows joined");
	free(got);
	look_lines_free(&l);

	tap_ok(look_grep("default via 10.0.0.1 dev eth0\n192.0.1.0/24 dev ipsec0 scope link\n"
			 "192.1.2.0/24 dev eth1 proto kernel\n",
			 (const char *const[]){ "ipsec0", "eth1" }, 2, &l) == 0, "grep");
	got = joined(&l);
	tap_str(got, "192.0.1.0/24 dev ipsec0 scope link\n192.1.2.0/24 dev eth1 proto kernel\n",
		"route lines of the ipsec devices");
	free(got);
	look_lines_free(&l);
}

int main(void)
{
	eroutes();
	sorted_and_tncfg();
	return tap_done();
}
