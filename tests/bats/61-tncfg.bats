#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu xfrmi
# ipsec tncfg on a kernel with XFRM interfaces: ipsecN is an xfrm interface
# with if_id IFID_BASE+N on the physical device, and the SAs to and from the
# peer that device reaches carry that if_id (re-created at attach and
# detach, keys and counters kept). Refusals and a failure injected at each
# step leave devices and SAs as they were. Needs xfrm interfaces (Debian's
# kernel under qemu; UML 6.1 has none): where they are missing, this fails.

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips
load helpers/tncfg

setup() {
	tncfg_setup xfrmi
	# A: SAs out to B, in from B, and to a host behind lo's way (no route: if_id 0).
	spi_in "$NS_A" --said esp.1001@$IP4_B --src $IP4_A --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$NS_A" --said esp.1002@$IP4_A --src $IP4_B --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$NS_A" --said tun.1003@$IP4_B --src $IP4_A --ip4
	spi_in "$NS_A" --said ah.1004@$IP4_B --src $IP4_A --ah hmac-sha1-96 --authkey $KSHA1
	grp_in "$NS_A" --said tun.1003@$IP4_B ah.1004@$IP4_B
}
teardown() { kc_teardown; }

# view NS: devices (without index) and SAs, one object per line, sorted.
view() {
	ip -n "$1" -d -o link show | sed -E 's/^[0-9]+: //; s/ +/ /g' | sort
	kernel_view "$1"
}

# ifid NS SPI: the if_id of the SA with that SPI ("none").
ifid() {
	ip -n "$1" xfrm state | awk -v spi="$2" '
		/^src/ { cur = 0 } $0 ~ "spi " spi " " { cur = 1; found = "none" }
		cur && /if_id/ { for (i = 1; i < NF; i++) if ($i == "if_id") found = $(i + 1) }
		END { print found }'
}

@test "attach makes an xfrm interface on the device and gives the SAs of its peer the if_id" {
	local keys
	keys=$(ip -n "$NS_A" xfrm state | grep -E 'enc|auth')
	run -0 --separate-stderr in_a "$TNCFG" --attach --virtual ipsec0 --physical "$VETH_A"
	[ -z "$stderr" ] || fail "no warning expected: $stderr"
	run -0 ip -n "$NS_A" -d link show ipsec0
	[[ $output == *"ipsec0@$VETH_A"* && $output == *"xfrm if_id 0x4b490000"* ]] || fail "$output"
	[ "$(ifid "$NS_A" 0x00001001)" = 0x4b490000 ] || fail "out SA: $(ip -n "$NS_A" xfrm state)"
	[ "$(ifid "$NS_A" 0x00001002)" = 0x4b490000 ] || fail "in SA: $(ip -n "$NS_A" xfrm state)"
	[ "$(ifid "$NS_A" 0x00001004)" = 0x4b490000 ] || fail "grouped SA: $(ip -n "$NS_A" xfrm state)"
	[ "$(ip -n "$NS_A" xfrm state | grep -E 'enc|auth')" = "$keys" ] || fail "keys changed"
	run -0 in_a "$TNCFG"
	[ "$output" = "ipsec0 -> $VETH_A mtu=1500(1500) -> 1500" ] || fail "listing: $output"
	# An SA made now takes it at once.
	spi_in "$NS_A" --said esp.1005@$IP4_B --src $IP4_A --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	[ "$(ifid "$NS_A" 0x00001005)" = 0x4b490000 ] || fail "new SA: $(ip -n "$NS_A" xfrm state)"
	run -0 in_a "$TNCFG" --detach --virtual ipsec0
	run -1 ip -n "$NS_A" link show ipsec0
	[ "$(ifid "$NS_A" 0x00001001)" = none ] && [ "$(ifid "$NS_A" 0x00001004)" = none ] ||
		fail "detach: $(ip -n "$NS_A" xfrm state)"
	[ "$(ip -n "$NS_A" xfrm state | grep -E 'enc|auth' | head -4)" = "$(head -4 <<<"$keys")" ] ||
		fail "keys changed"
}

@test "clear detaches every ipsecN and the SAs lose their if_ids" {
	run -0 in_a "$TNCFG" --attach --virtual ipsec0 --physical "$VETH_A"
	run -0 in_a "$TNCFG" -attach -virtual ipsec5 -physical lo
	run -0 in_a "$TNCFG"
	[ "$output" = "ipsec0 -> $VETH_A mtu=1500(1500) -> 1500"$'\n'"ipsec5 -> lo mtu=1500(65536) -> 65536" ] ||
		fail "listing: $output"
	run -0 in_a "$TNCFG" --clear
	run -0 in_a "$TNCFG"
	[ -z "$output" ] || fail "after clear: $output"
	[ "$(ip -n "$NS_A" xfrm state | grep -c if_id)" -eq 0 ] || fail "$(ip -n "$NS_A" xfrm state)"
}

@test "refusals, and a failure injected at each step, leave devices and SAs as they were" {
	local before step
	run -0 in_a "$TNCFG" --attach --virtual ipsec1 --physical lo
	before=$(view "$NS_A")
	run -1 in_a "$TNCFG" --attach --virtual ipsec1 --physical "$VETH_A"
	run -1 in_a "$TNCFG" --attach --virtual ipsec0 --physical eth7
	run -1 in_a "$TNCFG" --detach --virtual ipsec0
	run -1 in_a "$TNCFG" --attach --virtual "$VETH_A" --physical lo
	[ "$(view "$NS_A")" = "$before" ] || fail "a refusal changed something"
	# attach: make ipsec0, re-create 3 SAs (delete, add): each of the 7 calls fails in turn.
	for step in 1 2 3 4 5 6 7; do
		KLIPS_TEST_FAIL_CALL=$step run -1 in_a "$FAULT_TNCFG" --attach --virtual ipsec0 --physical "$VETH_A"
		[[ $output == *"Socket ioctl failed on attach -- Unknown socket error 5."* ]] || fail "$output"
		[ "$(view "$NS_A")" = "$before" ] || fail "attach, step $step: something changed"
	done
	KLIPS_TEST_FAIL_CALL=8 run -0 in_a "$FAULT_TNCFG" --attach --virtual ipsec0 --physical "$VETH_A"
	before=$(view "$NS_A")
	# clear: re-create 3 SAs, delete ipsec0 and ipsec1 (the undo makes ipsec0 again).
	for step in 1 2 3 4 5 6 7 8; do
		KLIPS_TEST_FAIL_CALL=$step run -1 in_a "$FAULT_TNCFG" --clear
		[ "$(view "$NS_A")" = "$before" ] || fail "clear, step $step: something changed"
	done
}
