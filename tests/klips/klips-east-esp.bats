#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu xfrmi
# KLIPS wire interop (tests/klips/README.md): the east tests that send
# ESP or AH (tunnel groups, an eroute, tncfg).
# Each of these Openswan KLIPS packet tests runs with its own command
# lines and `ipsec` = build/bin/ipsec, its recorded input replayed and what
# the host sent compared with the recorded output. One test point per KLIPS
# test; one VM per file (the three files run side by side). `make check`
# and `make check-klips` run them; they need xfrm interfaces (qemu).

bats_require_minimum_version 1.8.0

load ../bats/helpers/common
load helpers

@test "east-icmp-01 (ESP 3DES-MD5 tunnel, eroute, tncfg) sends what KLIPS sent" {
	klipstest east-icmp-01
}

@test "east-icmp-05 (ESP AES-256-SHA1 tunnel) sends what KLIPS sent" {
	klipstest east-icmp-05
}

@test "east-ah-icmp-01 (AH MD5 tunnel) sends what KLIPS sent" {
	klipstest east-ah-icmp-01
}

@test "east-icmp-03 (tun, IPComp, ESP grouped in two spigrp) sends what KLIPS sent" {
	klipstest east-icmp-03
}

@test "east-natt-01 (ESP in UDP 4500) sends what KLIPS sent" {
	klipstest east-natt-01
}
