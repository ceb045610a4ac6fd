#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu xfrmi
# KLIPS wire interop: twelve of Openswan's own KLIPS packet tests, each run
# with its own command lines and `ipsec` = build/bin/ipsec, its recorded
# input replayed and what the host sent compared with the recorded output
# (tests/klips/README.md). One test point per KLIPS test; all in one VM.
# `make check-klips` runs it; it needs xfrm interfaces (qemu).

bats_require_minimum_version 1.8.0

load ../bats/helpers/common

setup_file() {
	# Every test of tests.json has its test point here, and no other.
	local want have
	want=$("$BATS_TEST_DIRNAME/spec" --list | sort)
	have=$(sed -n 's/^@test "\([^ ]*\) .*/\1/p' "$BATS_TEST_FILENAME" | sort)
	[ "$want" = "$have" ] || {
		echo "tests/klips/klips.bats does not have one test per test of tests.json:" >&2
		diff <(echo "$want") <(echo "$have") >&2
		return 1
	}
}

setup() {
	kc_setup
	kc_require_xfrmi
}
teardown() { kc_teardown; }

klipstest() {
	run "$BATS_TEST_DIRNAME/klipstest" --dir "$BATS_TEST_TMPDIR/$1" "$1"
	assert_success
}

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

@test "east-drop-01 (%drop eroute) sends what KLIPS sent" {
	klipstest east-drop-01
}

@test "east-pass-01 (%pass eroute) sends what KLIPS sent" {
	klipstest east-pass-01
}

@test "east-reject-01 (%reject eroute, ICMP admin prohibited) sends what KLIPS sent" {
	klipstest east-reject-01
}

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
