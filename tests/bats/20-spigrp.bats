#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
# ipsec spigrp against a real kernel: groups become record policies with
# template bundles, tun SAs fold into tunnel mode, traffic goes through the
# bundles, and every failure leaves the kernel as it was.

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips


setup() {
	kc_setup
	kc_require_bin spi spigrp
}
teardown() { kc_teardown; }



# sas_to NS DST SRC TUN ESP AH: the tun, ESP (3DES-MD5) and AH (SHA1) SAs of
# one direction, as `ipsec manual` made them.
sas_to() {
	local ns=$1 dst=$2 src=$3 tun=$4 esp=$5 ah=$6 dot=.
	[[ $dst == *:* ]] && dot=:
	spi_in "$ns" --said tun$dot$tun@$dst --src $src --dst $dst $([[ $dot == . ]] && echo --ip4 || echo --ip6)
	spi_in "$ns" --said esp$dot$esp@$dst --src $src --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$ns" --said ah$dot$ah@$dst --src $src --ah hmac-sha1-96 --authkey $KSHA1
}

# both_ways_v4: SAs and groups on both hosts: A->B tun.113 esp.115 ah.116,
# B->A tun.213 esp.215 ah.216, grouped (tun esp ah) on both sides.
both_ways_v4() {
	for ns in "$NS_A" "$NS_B"; do
		sas_to "$ns" $IP4_B $IP4_A 113 115 116
		sas_to "$ns" $IP4_A $IP4_B 213 215 216
		grp_in "$ns" --said tun.113@$IP4_B esp.115@$IP4_B ah.116@$IP4_B
		grp_in "$ns" inet $IP4_A 0x213 tun inet $IP4_A 0x215 esp inet $IP4_A 0x216 ah
	done
}

# policy_from_bundle NS SRC DST DIR GROUP: a traffic policy whose templates
# come from `spigrp --bundle`.
policy_from_bundle() {
	local ns=$1 src=$2 dst=$3 dir=$4 group=$5 tmpl
	tmpl=$(ip netns exec "$ns" "$GRP" --bundle "$dir" --said "$group") || fail "bundle $group: $tmpl"
	# shellcheck disable=SC2086 # the templates are words
	ip -n "$ns" xfrm policy add src "$src" dst "$dst" dir "$dir" $tmpl || fail "policy from: $tmpl"
}

@test "spigrp: tun esp ah (quadruples and --said): tunnel-mode ESP, record with templates" {
	local ns dump pol
	netns_new ns
	sas_to "$ns" 192.1.2.45 192.1.2.23 113 115 116
	grp_in "$ns" inet 192.1.2.45 0x113 tun inet 192.1.2.45 0x115 esp inet 192.1.2.45 0x116 ah
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump == *"src 192.1.2.23 dst 192.1.2.45"*"proto esp spi 0x00000115 reqid 0 mode tunnel"* ]] || fail "ESP not in tunnel mode: $dump"
	[[ $dump == *"flag af-unspec"* ]] || fail "$dump"
	[[ $dump == *"enc cbc(des3_ede) $K3DES"* && $dump == *"auth-trunc hmac(md5) $KMD5 96"* ]] || fail "keys lost: $dump"
	[[ $dump == *"proto ah spi 0x00000116 reqid 0 mode transport"* ]] || fail "$dump"
	pol=$(ip -n "$ns" xfrm policy)
	[[ $pol == *"dst 192.1.2.45/32 proto ipencap sport 0 dport 275"*"tmpl src 192.1.2.23 dst 192.1.2.45"*"proto esp spi 0x00000115 reqid 275 mode tunnel"*"proto ah spi 0x00000116 reqid 0 mode transport"*"if_id 0x4b4c5053"* ]] || fail "$pol"
	run ip netns exec "$ns" "$GRP"
	assert_success
	assert_output - <<-EOF
		tun0x113@192.1.2.45 esp0x115@192.1.2.45 ah0x116@192.1.2.45 
		esp0x115@192.1.2.45 ah0x116@192.1.2.45 
		ah0x116@192.1.2.45 
	EOF
	# The same SAs cannot be grouped twice.
	run ip netns exec "$ns" "$GRP" --said tun.113@192.1.2.45 esp.115@192.1.2.45
	assert_failure 1
	assert_line --index 2 "SA already in use.  Delete old one first."
	# Ungroup: back to transport, record gone, tun record still there.
	grp_in "$ns" --said tun.113@192.1.2.45
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump == *"proto esp spi 0x00000115 reqid 0 mode transport"* ]] || fail "$dump"
	[[ $dump == *"enc cbc(des3_ede) $K3DES"* ]] || fail "keys lost: $dump"
	pol=$(ip -n "$ns" xfrm policy)
	[[ $pol != *tmpl* && $pol == *"proto ipencap"* ]] || fail "$pol"
	# And again, with the --said form.
	grp_in "$ns" --said tun.113@192.1.2.45 esp.115@192.1.2.45 ah.116@192.1.2.45
	[[ $(ip -n "$ns" xfrm state) == *"spi 0x00000115 reqid 0 mode tunnel"* ]] || fail "regroup"
}

@test "spigrp: an SA re-created in tunnel mode and back keeps the flags the kernel had" {
	local ns dump
	netns_new ns
	spi_in "$ns" --said tun.313@10.3.0.2 --ip4 --src 10.3.0.1
	ip -n "$ns" xfrm state add src 10.3.0.1 dst 10.3.0.2 proto esp spi 0x315 mode transport \
		enc 'cbc(des3_ede)' $K3DES auth-trunc 'hmac(md5)' $KMD5 96 \
		flag noecn flag wildrecv extra-flag dont-encap-dscp
	grp_in "$ns" --said tun.313@10.3.0.2 esp.315@10.3.0.2
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump == *"mode tunnel"*"flag noecn wildrecv af-unspec"* ]] || fail "flags lost: $dump"
	# `ip xfrm state` shows the extra flags only with -s.
	dump=$(ip -s -n "$ns" xfrm state)
	[[ $dump == *"extra_flag dont-encap-dscp"* ]] || fail "extra flag lost: $dump"
	grp_in "$ns" --said tun.313@10.3.0.2
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump == *"mode transport"*"flag noecn wildrecv"* && $dump != *af-unspec* ]] || fail "flags: $dump"
	# `ip xfrm state` shows the extra flags only with -s.
	dump=$(ip -s -n "$ns" xfrm state)
	[[ $dump == *"extra_flag dont-encap-dscp"* ]] || fail "extra flag lost: $dump"
}

@test "spigrp: IPv6 tun:233 esp:235 ah:236" {
	local ns dump
	netns_new ns
	sas_to "$ns" 3049:1::1 3049:1::2 233 235 236
	grp_in "$ns" --said tun:233@3049:1::1 esp:235@3049:1::1 ah:236@3049:1::1
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump == *"src 3049:1::2 dst 3049:1::1"*"proto esp spi 0x00000235 reqid 0 mode tunnel"* ]] || fail "$dump"
	run ip netns exec "$ns" "$GRP"
	assert_success
	assert_line "tun0x233@3049:1::1 esp0x235@3049:1::1 ah0x236@3049:1::1 "
}

@test "spigrp: traffic through tun+esp+ah bundles both ways; AH outermost, then ESP, tun addresses" {
	# Inner hosts 10.10.1.1 (behind A) and 10.10.2.1 (behind B), tunnelled
	# between the gateways' addresses by the tun SAs.
	topo_two_hosts
	ip -n "$NS_A" -batch - <<-EOF
		addr add 10.10.1.1/32 dev lo
		route add 10.10.2.1/32 via $IP4_B src 10.10.1.1
	EOF
	ip -n "$NS_B" -batch - <<-EOF
		addr add 10.10.2.1/32 dev lo
		route add 10.10.1.1/32 via $IP4_A src 10.10.2.1
	EOF
	both_ways_v4
	policy_from_bundle "$NS_A" 10.10.1.1 10.10.2.1 out tun.113@$IP4_B
	policy_from_bundle "$NS_A" 10.10.2.1 10.10.1.1 in tun.213@$IP4_A
	policy_from_bundle "$NS_B" 10.10.2.1 10.10.1.1 out tun.213@$IP4_A
	policy_from_bundle "$NS_B" 10.10.1.1 10.10.2.1 in tun.113@$IP4_B
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" 10.10.2.1 56 3
	ping_ok "$NS_B" 10.10.1.1 1000 2
	wire_stop 10
	# Outer headers carry the tun SAs' addresses, AH outside ESP.
	assert_wire "$IP4_A" "$IP4_B" "AH(spi=0x116) ESP(spi=0x115)"
	assert_wire "$IP4_B" "$IP4_A" "AH(spi=0x216) ESP(spi=0x215)"
	# Nothing between the inner hosts went over the wire in the clear
	# (the decapsulated copies tcpdump sees arrive after ESP).
	[[ $(wire_chains 10.10.2.1 10.10.1.1) == "" ]] || fail "cleartext on the wire: $WIRE_TEXT"
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_PACKETS esp:0x115 -eq 5
	assert_sa_counter SA_PACKETS ah:0x216 -eq 5
}

@test "spigrp: tun comp esp: tunnel-mode IPComp inside ESP; large and small pings pass" {
	topo_two_hosts
	for ns in "$NS_A" "$NS_B"; do
		spi_in "$ns" --said tun.411@$IP4_B --ip4 --src $IP4_A
		spi_in "$ns" --said comp.412@$IP4_B --src $IP4_A --comp deflate
		spi_in "$ns" --said esp.413@$IP4_B --src $IP4_A --esp 3des-sha1-96 --enckey $K3DES --authkey $KSHA1
		grp_in "$ns" --said tun.411@$IP4_B comp.412@$IP4_B esp.413@$IP4_B
		spi_in "$ns" --said tun.421@$IP4_A --ip4 --src $IP4_B
		spi_in "$ns" --said comp.422@$IP4_A --src $IP4_B --comp deflate
		spi_in "$ns" --said esp.423@$IP4_A --src $IP4_B --esp 3des-sha1-96 --enckey $K3DES --authkey $KSHA1
		grp_in "$ns" --said tun.421@$IP4_A comp.422@$IP4_A esp.423@$IP4_A
	done
	[[ $(ip -n "$NS_A" xfrm state) == *"proto comp spi 0x00000412 reqid 0 mode tunnel"* ]] || fail "comp not in tunnel mode"
	policy_from_bundle "$NS_A" $IP4_A $IP4_B out tun.411@$IP4_B
	policy_from_bundle "$NS_A" $IP4_B $IP4_A in tun.421@$IP4_A
	policy_from_bundle "$NS_B" $IP4_B $IP4_A out tun.421@$IP4_A
	policy_from_bundle "$NS_B" $IP4_A $IP4_B in tun.411@$IP4_B
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" "$IP4_B" 1200 2
	ping_ok "$NS_A" "$IP4_B" 8 2
	wire_stop 8
	[[ $(wire_chains "$IP4_A" "$IP4_B") == *"ESP(spi=0x413)"* ]] || fail "no ESP: $WIRE_TEXT"
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_PACKETS comp:0x412 -ge 2
}

@test "spigrp: AH inside ESP is warned about and Linux indeed cannot receive it" {
	topo_two_hosts
	for ns in "$NS_A" "$NS_B"; do
		sas_to "$ns" $IP4_B $IP4_A 113 115 116
		run ip netns exec "$ns" "$GRP" --said tun.113@$IP4_B ah.116@$IP4_B esp.115@$IP4_B
		assert_success
		assert_output --partial "warning: ah.116@$IP4_B is inside esp.115@$IP4_B"
	done
	policy_from_bundle "$NS_A" $IP4_A $IP4_B out tun.113@$IP4_B
	policy_from_bundle "$NS_B" $IP4_A $IP4_B in tun.113@$IP4_B
	ping_fails "$NS_A" "$IP4_B" 56 2
	xfrm_stat "$NS_B"
	[ "${XFRM_STAT[XfrmInStateProtoError]}" -gt 0 ] || [ "${XFRM_STAT[XfrmInTmplMismatch]}" -gt 0 ] ||
		fail "no receive error counted: $(declare -p XFRM_STAT)"
}

@test "spigrp: spi --del of any member deletes the whole chain" {
	local ns
	netns_new ns
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	grp_in "$ns" --said tun.113@10.3.0.2 esp.115@10.3.0.2 ah.116@10.3.0.2
	spi_in "$ns" --said ah.116@10.3.0.2 --del
	assert_equal "$(ip -n "$ns" xfrm state)" ""
	assert_equal "$(ip -n "$ns" xfrm policy)" ""
	assert_equal "$(ip netns exec "$ns" "$GRP")" ""
}

@test "spigrp: states flushed behind our back: listing marks them, spi --clear cleans up" {
	local ns out
	netns_new ns
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	grp_in "$ns" --said tun.113@10.3.0.2 esp.115@10.3.0.2 ah.116@10.3.0.2
	ip -n "$ns" xfrm state flush
	out=$(ip netns exec "$ns" "$GRP")
	assert_equal "$out" "tun0x113@10.3.0.2 esp0x115@10.3.0.2(missing) ah0x116@10.3.0.2(missing) "
	spi_in "$ns" --clear
	assert_equal "$(ip -n "$ns" xfrm policy)" ""
	# spigrp itself also drops dangling groups when it changes something.
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	grp_in "$ns" --said tun.113@10.3.0.2 esp.115@10.3.0.2
	ip -n "$ns" xfrm state flush
	sas_to "$ns" 10.4.0.2 10.4.0.1 313 315 316
	grp_in "$ns" --said esp.315@10.4.0.2 ah.316@10.4.0.2
	run ip -n "$ns" xfrm policy
	[[ $output != *"proto ipencap sport 0 dport 275"*tmpl* ]] || fail "dangling group kept: $output"
}

@test "spigrp: missing members and bad orders are refused before anything changes" {
	local ns before
	netns_new ns
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	before=$(kernel_view "$ns")
	run ip netns exec "$ns" "$GRP" --said tun.113@10.3.0.2 esp.999@10.3.0.2
	assert_failure 1
	assert_line --index 0 "$GRP: pfkey write failed, returning -1 with errno=2."
	assert_line --index 2 "device does not exist.  See FreeS/WAN installation procedure."
	run ip netns exec "$ns" "$GRP" --said esp.115@10.3.0.2 tun.113@10.3.0.2
	assert_failure 1
	assert_output --partial "must be followed by an AH, ESP or IPComp SA"
	assert_equal "$(kernel_view "$ns")" "$before"
}

# Test-only builds of the same commands (make build/fault/spi build/fault/spigrp)
# whose N-th kernel call that changes something fails ($KLIPS_TEST_FAIL_CALL,
# read by tests/fault/fault_kernel.c); the programs in $KLIPS_BIN have no hook.
FAULT_SPI=$KLIPS_ROOT/build/fault/spi
FAULT_GRP=$KLIPS_ROOT/build/fault/spigrp

# fails_at_every_step NS MIN PROG ARGS...: make the 1st, 2nd, ... changing
# kernel call of PROG ARGS fail until it gets through; after each failure
# NS must hold the same SAs and policies as before, every field `ip xfrm` shows the same
# (kernel_view sorts them: the kernel lists a re-created entry last, so the
# order of `ip xfrm state` may change). At least MIN calls failed.
fails_at_every_step() {
	local ns=$1 min=$2 before step
	shift 2
	before=$(kernel_view "$ns")
	for step in $(seq 1 20); do
		run env KLIPS_TEST_FAIL_CALL=$step ip netns exec "$ns" "$@"
		[ "$status" -ne 0 ] || break
		assert_failure 1
		assert_output --partial "pfkey write failed"
		assert_equal "$(kernel_view "$ns")" "$before"
	done
	[ "$status" -eq 0 ] || fail "$* never got through: $output"
	[ $((step - 1)) -ge "$min" ] || fail "$*: only $((step - 1)) kernel calls, want $min or more"
	echo "# $*: $((step - 1)) kernel calls failed in turn" >&3
}

@test "spigrp: a failure at any step of a group, ungroup, chain delete or clear leaves the same SAs and policies" {
	local ns
	[ -x "$FAULT_SPI" ] && [ -x "$FAULT_GRP" ] || fail "missing $FAULT_SPI or $FAULT_GRP: make $FAULT_SPI $FAULT_GRP"
	run grep -c KLIPS_TEST_FAIL_CALL "$SPI" "$GRP"
	assert_output - <<-EOF
		$SPI:0
		$GRP:0
	EOF
	netns_new ns
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	fails_at_every_step "$ns" 2 "$FAULT_GRP" --said tun.113@10.3.0.2 esp.115@10.3.0.2 ah.116@10.3.0.2
	fails_at_every_step "$ns" 2 "$FAULT_GRP" --said esp.115@10.3.0.2
	grp_in "$ns" --said tun.113@10.3.0.2 esp.115@10.3.0.2 ah.116@10.3.0.2
	fails_at_every_step "$ns" 4 "$FAULT_SPI" --said esp.115@10.3.0.2 --del
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	spi_in "$ns" --said comp.117@10.3.0.2 --src 10.3.0.1 --comp deflate
	grp_in "$ns" --said tun.113@10.3.0.2 esp.115@10.3.0.2 ah.116@10.3.0.2
	fails_at_every_step "$ns" 4 "$FAULT_SPI" --clear --proto ah
	[[ $(kernel_view "$ns") == *"proto comp spi 0x00000117"* && $(kernel_view "$ns") != *"proto esp"* ]] ||
		fail "clear --proto ah: $(kernel_view "$ns")"
}

@test "spi: a failure at any step of --clear, with or without --proto, leaves the same SAs and policies" {
	local ns view
	[ -x "$FAULT_SPI" ] || fail "missing $FAULT_SPI: make $FAULT_SPI"
	netns_new ns
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	sas_to "$ns" 10.3.0.1 10.3.0.2 213 215 216
	spi_in "$ns" --said comp.117@10.3.0.2 --src 10.3.0.1 --comp deflate
	grp_in "$ns" --said tun.113@10.3.0.2 esp.115@10.3.0.2 ah.116@10.3.0.2
	fails_at_every_step "$ns" 4 "$FAULT_SPI" --clear --proto esp
	view=$(kernel_view "$ns")
	[[ $view != *"proto esp"* && $view != *"proto ah spi 0x00000116"* && $view == *"proto ah spi 0x00000216"* &&
		$view == *"proto comp spi 0x00000117"* ]] || fail "clear --proto esp: $view"
	fails_at_every_step "$ns" 1 "$FAULT_SPI" --clear --proto comp
	view=$(kernel_view "$ns")
	[[ $view != *"proto comp"* && $view == *"proto ah spi 0x00000216"* ]] || fail "clear --proto comp: $view"
	sas_to "$ns" 10.3.0.2 10.3.0.1 113 115 116
	grp_in "$ns" --said tun.113@10.3.0.2 esp.115@10.3.0.2 ah.116@10.3.0.2
	fails_at_every_step "$ns" 2 "$FAULT_SPI" --clear
	view=$(ip -n "$ns" xfrm state; ip -n "$ns" xfrm policy | grep 'if_id 0x4b4c5053' || true)
	[ -z "$view" ] || fail "clear: $view"
}

@test "spigrp: two writers racing on one SA: exactly one group wins" {
	local ns round rc1 rc2 out
	netns_new ns
	for round in 1 2 3; do
		spi_in "$ns" --said tun.11$round@10.3.0.2 --ip4 --src 10.3.0.1
		spi_in "$ns" --said tun.12$round@10.3.0.2 --ip4 --src 10.3.0.1
		spi_in "$ns" --said esp.13$round@10.3.0.2 --src 10.3.0.1 --esp 3des --enckey $K3DES
		ip netns exec "$ns" "$GRP" --said tun.11$round@10.3.0.2 esp.13$round@10.3.0.2 \
			>"$BATS_TEST_TMPDIR/w1" 2>&1 3>&- &
		local p1=$!
		ip netns exec "$ns" "$GRP" --said tun.12$round@10.3.0.2 esp.13$round@10.3.0.2 \
			>"$BATS_TEST_TMPDIR/w2" 2>&1 3>&- &
		local p2=$!
		rc1=0 rc2=0
		wait $p1 || rc1=$?
		wait $p2 || rc2=$?
		[ $((rc1 + rc2)) -eq 1 ] || fail "round $round: exit statuses $rc1 and $rc2"
		out=$(cat "$BATS_TEST_TMPDIR/w1" "$BATS_TEST_TMPDIR/w2")
		[[ $out == *"SA already in use.  Delete old one first."* ]] || fail "round $round: $out"
		out=$(ip -n "$ns" xfrm policy)
		[ "$(grep -c "proto esp spi 0x0000013$round" <<<"$out")" -eq 1 ] || fail "round $round: $out"
	done
}
