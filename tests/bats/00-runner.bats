#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Proves the runner and the helpers: the kernel holds SAs, traffic goes
# through them, a broken set-up is seen as broken, and bats itself fails
# when a test fails. Uses only iproute2, no klips-compat program.

bats_require_minimum_version 1.8.0

load helpers/common

setup() { kc_setup; }
teardown() { kc_teardown; }

# esp_transport SRC DST SPI_OUT SPI_BACK [B_AUTH_KEY [A_OUT_TMPL_SPI]]
# ESP transport SAs, 3DES + HMAC-MD5, one per direction, and the policies
# out/in on both sides, between NS_A (SRC) and NS_B (DST). B_AUTH_KEY, if
# given, replaces the HMAC key of B's copy of SPI_OUT (a key mismatch);
# A_OUT_TMPL_SPI pins A's outbound template to that SPI instead.
esp_transport() {
	local a=$1 b=$2 out=$3 back=$4 bkey=${5:-$KC_KMD5} tspi=${6:-}
	local alg="enc cbc(des3_ede) $KC_K3DES auth-trunc hmac(md5)"
	local pfx=32
	[[ $a == *:* ]] && pfx=128
	ip -n "$NS_A" -batch - <<-EOF
		xfrm state add src $a dst $b proto esp spi $out mode transport $alg $KC_KMD5 96
		xfrm state add src $b dst $a proto esp spi $back mode transport $alg $KC_KMD5 96
		xfrm policy add src $a/$pfx dst $b/$pfx dir out tmpl proto esp ${tspi:+spi $tspi} mode transport
		xfrm policy add src $b/$pfx dst $a/$pfx dir in tmpl proto esp mode transport
	EOF
	ip -n "$NS_B" -batch - <<-EOF
		xfrm state add src $a dst $b proto esp spi $out mode transport $alg $bkey 96
		xfrm state add src $b dst $a proto esp spi $back mode transport $alg $KC_KMD5 96
		xfrm policy add src $b/$pfx dst $a/$pfx dir out tmpl proto esp mode transport
		xfrm policy add src $a/$pfx dst $b/$pfx dir in tmpl proto esp mode transport
	EOF
}

@test "runner: SAs and a policy added with ip xfrm in a fresh netns are listed" {
	local ns other
	netns_new ns
	ip -n "$ns" -batch - <<-EOF
		xfrm state add src 10.1.0.1 dst 10.1.0.2 proto esp spi 0x115 enc cbc(des3_ede) $KC_K3DES auth-trunc hmac(md5) $KC_KMD5 96
		xfrm state add src 10.1.0.1 dst 10.1.0.2 proto ah spi 0x116 auth-trunc hmac(sha1) $KC_KSHA1 96
		xfrm state add src 10.1.0.1 dst 10.1.0.2 proto comp spi 0x117 comp deflate
		xfrm state add src 3049:9::1 dst 3049:9::2 proto esp spi 0x118 enc cbc(des3_ede) $KC_K3DES auth-trunc hmac(md5) $KC_KMD5 96
		xfrm policy add src 10.1.0.1/32 dst 10.1.0.2/32 dir out tmpl proto esp mode transport
	EOF
	run xfrm_state_dump "$ns"
	assert_success
	assert_output --partial "proto esp spi 0x00000115"
	assert_output --partial "enc cbc(des3_ede)"
	assert_output --partial "auth-trunc hmac(md5)"
	assert_output --partial "proto ah spi 0x00000116"
	assert_output --partial "proto comp spi 0x00000117"
	assert_output --partial "comp deflate"
	assert_output --partial "src 3049:9::1 dst 3049:9::2"
	assert_output --partial "proto esp spi 0x00000118"
	run xfrm_policy_dump "$ns"
	assert_success
	assert_output --partial "src 10.1.0.1/32 dst 10.1.0.2/32"
	assert_output --partial "dir out"
	# A second namespace has a database of its own.
	netns_new other
	run xfrm_state_dump "$other"
	assert_success
	assert_output ""
}

@test "runner: on a kernel that holds the SAs, the runner chooses it (tried, not guessed)" {
	# Here the kernel holds them (that is why the suites run on it), so the
	# probe in a throw-away namespace must succeed and leave nothing behind.
	local before
	before=$(ip netns list)
	run -0 env -u KLIPS_KERNEL "$KLIPS_ROOT/tests/kernel/run" --which
	assert_output "host"
	# shellcheck disable=SC2016 # expanded by the inner shell
	run -0 env KLIPS_KERNEL=host "$KLIPS_ROOT/tests/kernel/run" sh -c 'echo "$KLIPS_KERNEL_IN_VM"'
	assert_output "host"
	[ "$(ip netns list)" = "$before" ]
}

@test "runner: IPv4 ping through ESP transport (3DES-MD5) passes, moves the SA counters, is ESP on the wire" {
	topo_two_hosts
	esp_transport "$IP4_A" "$IP4_B" 0x1001 0x1002
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" "$IP4_B" 56 3
	ping_ok "$NS_A" "$IP4_B" 1400 2
	wire_stop 10
	assert_wire "$IP4_A" "$IP4_B" "ESP(spi=0x1001)"
	assert_wire "$IP4_B" "$IP4_A" "ESP(spi=0x1002)"
	xfrm_sa_counters "$NS_A"
	assert_sa_counter SA_PACKETS esp:0x1001 -eq 5
	assert_sa_counter SA_PACKETS esp:0x1002 -eq 5
	assert_sa_counter SA_BYTES esp:0x1001 -ge $((3 * 64 + 2 * 1408))
	assert_sa_counter SA_OSEQ esp:0x1001 -eq 5
	assert_sa_counter SA_FAILED esp:0x1002 -eq 0
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_PACKETS esp:0x1001 -eq 5
	assert_sa_counter SA_PACKETS esp:0x1002 -eq 5
	assert_sa_counter SA_FAILED esp:0x1001 -eq 0
}

@test "runner: IPv6 ping through ESP transport (3DES-MD5) passes and is ESP on the wire" {
	topo_two_hosts
	esp_transport "$IP6_A" "$IP6_B" 0x2001 0x2002
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" "$IP6_B" 56 3
	wire_stop 6
	assert_wire "$IP6_A" "$IP6_B" "ESP(spi=0x2001)"
	assert_wire "$IP6_B" "$IP6_A" "ESP(spi=0x2002)"
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_PACKETS esp:0x2001 -ge 3
	assert_sa_counter SA_PACKETS esp:0x2002 -ge 3
	assert_sa_counter SA_FAILED esp:0x2001 -eq 0
}

@test "runner: mismatching ESP keys: pings fail, the receiver counts integrity failures" {
	topo_two_hosts
	esp_transport "$IP4_A" "$IP4_B" 0x1001 0x1002 "$KC_KMD5_OTHER"
	wire_start "$NS_B" "$VETH_B"
	ping_fails "$NS_A" "$IP4_B" 56 2
	wire_stop 2
	# The packets left A encrypted; B threw them away.
	assert_wire "$IP4_A" "$IP4_B" "ESP(spi=0x1001)"
	run wire_chains "$IP4_B" "$IP4_A"
	assert_output ""
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_FAILED esp:0x1001 -eq 2
	assert_sa_counter SA_PACKETS esp:0x1001 -eq 0
	xfrm_stat "$NS_B"
	[ "${XFRM_STAT[XfrmInStateProtoError]}" -eq 2 ]
}

@test "runner: a policy whose template names a missing SPI: pings fail, nothing is sent" {
	topo_two_hosts
	esp_transport "$IP4_A" "$IP4_B" 0x1001 0x1002 "$KC_KMD5" 0x1999
	wire_start "$NS_B" "$VETH_B"
	ping_fails "$NS_A" "$IP4_B" 56 2
	wire_stop 0
	run wire_chains "$IP4_A" "$IP4_B"
	assert_output ""
	xfrm_sa_counters "$NS_A"
	assert_sa_counter SA_PACKETS esp:0x1001 -eq 0
	xfrm_stat "$NS_A"
	[ "${XFRM_STAT[XfrmOutNoStates]}" -ge 1 ]
}

@test "harness: bats fails on a suite whose tests fail (fixtures/must-fail.bats)" {
	local before path=$PATH
	before=$(ip netns list)
	# A clean environment: the outer bats' variables must not leak in, nor
	# its libexec directory, which it puts first on PATH.
	path=${path//"$BATS_LIBEXEC:"/}
	run env -i PATH="$path" HOME="${HOME:-/root}" TMPDIR="${TMPDIR:-/tmp}" KLIPS_KERNEL_IN_VM="${KLIPS_KERNEL_IN_VM:-}" \
		bats --tap "$KLIPS_ROOT/tests/bats/fixtures/must-fail.bats"
	[ "$status" -eq 1 ] || fail "bats exited $status on failing tests, expected 1: $output"
	assert_line "1..5"
	assert_line --regexp '^ok 1 passes$'
	assert_line --regexp '^not ok 2 fails: false in the middle'
	assert_line --regexp '^not ok 3 fails: assert_equal'
	assert_line --regexp '^not ok 4 fails: ping_ok to an address nobody has'
	assert_line --regexp '^not ok 5 fails: assert_sa_counter on an SA that does not exist'
	# The failing tests cleaned up their namespaces.
	[ "$(ip netns list)" = "$before" ] || fail "namespaces left behind: $(ip netns list)"
}
