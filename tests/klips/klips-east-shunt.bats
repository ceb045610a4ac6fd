#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu xfrmi
# KLIPS wire interop (tests/klips/README.md): the east tests of the
# special eroutes (%drop, %reject; %pass is in pending/, not done yet).
# Each of these Openswan KLIPS packet tests runs with its own command
# lines and `ipsec` = build/bin/ipsec, its recorded input replayed and what
# the host sent compared with the recorded output. One test point per KLIPS
# test; one VM per file (the three files run side by side). `make check`
# and `make check-klips` run them; they need xfrm interfaces (qemu).

bats_require_minimum_version 1.8.0

load ../bats/helpers/common
load helpers

@test "east-drop-01 (%drop eroute) sends what KLIPS sent" {
	klipstest east-drop-01
}

@test "east-reject-01 (%reject eroute, ICMP admin prohibited) sends what KLIPS sent" {
	klipstest east-reject-01
}
