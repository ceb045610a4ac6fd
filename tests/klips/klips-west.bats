#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu xfrmi
# KLIPS wire interop (tests/klips/README.md): the west tests, inbound
# tunnel groups decrypted onto the private side.
# Each of these Openswan KLIPS packet tests runs with its own command
# lines and `ipsec` = build/bin/ipsec, its recorded input replayed and what
# the host sent compared with the recorded output. One test point per KLIPS
# test; one VM per file (the three files run side by side). `make check`
# and `make check-klips` run them; they need xfrm interfaces (qemu).

bats_require_minimum_version 1.8.0

load ../bats/helpers/common
load helpers

@test "west-icmp-01 (ESP 3DES-MD5 inbound, no eroute) sends what KLIPS sent" {
	klipstest west-icmp-01
}

@test "west-icmp-06 (ESP AES-128-SHA1 inbound) sends what KLIPS sent" {
	klipstest west-icmp-06
}

@test "west-ah-icmp-02 (AH SHA1 inbound) sends what KLIPS sent" {
	klipstest west-ah-icmp-02
}

@test "west-icmp-03 (ESP and IPComp inbound) sends what KLIPS sent" {
	klipstest west-icmp-03
}
