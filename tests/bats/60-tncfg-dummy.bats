#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: uml
# ipsec tncfg on a kernel without XFRM interfaces (user-mode Linux 6.1 has
# none): ipsecN is a dummy device, so the scripts' ifconfig and route lines
# still work; one warning line says what differs. Refusals and injected
# failures leave the devices as they were.

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips
load helpers/tncfg

setup() { tncfg_setup; }
teardown() { kc_teardown; }

# links NS: the namespace's devices, one per line, without their index and
# a dummy's random MAC (a device made again has new ones).
links() {
	ip -n "$1" -d -o link show | sed -E 's/^[0-9]+: //; s/link\/ether [^ ]+ brd [^ ]+//; s/ +/ /g' | sort
}

@test "no xfrm interfaces: attach makes a dummy ipsec0 on the physical device, with one warning" {
	run -0 --separate-stderr in_a "$TNCFG" --attach --virtual ipsec0 --physical "$VETH_A"
	[ -z "$output" ] || fail "stdout: $output"
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "one warning line expected: $stderr"
	[[ $stderr == *"warning: this kernel has no XFRM interfaces"*"ipsec0 is a dummy device"* ]] || fail "$stderr"
	run -0 ip -n "$NS_A" -d link show ipsec0
	[[ $output == *dummy* ]] || fail "not a dummy: $output"
	local idx
	idx=$(ip -n "$NS_A" -o link show "$VETH_A" | cut -d: -f1)
	[[ $output == *"alias klips-compat tncfg link $idx"* ]] || fail "alias: $output"
	run -0 in_a "$TNCFG"
	[ "$output" = "ipsec0 -> $VETH_A mtu=1500(1500) -> 1500" ] || fail "listing: $output"
	# The scripts' next lines work on it.
	run -0 in_a ifconfig ipsec0 "$IP4_A" netmask 255.255.255.0 up
	run -0 in_a route add -host 192.0.1.1 dev ipsec0
	run -0 ip -n "$NS_A" route show 192.0.1.1
	[[ $output == *"dev ipsec0"* ]] || fail "route: $output"
	run -0 in_a "$TNCFG" --detach --virtual ipsec0
	run -1 ip -n "$NS_A" link show ipsec0
}

@test "refusals leave the devices as they were" {
	run -0 in_a "$TNCFG" --attach --virtual ipsec1 --physical "$VETH_A"
	local before
	before=$(links "$NS_A")
	run -1 --separate-stderr in_a "$TNCFG" --attach --virtual ipsec1 --physical "$VETH_A"
	[[ $stderr == *"Device busy.  Virtual device ipsec1 is already attached"* ]] || fail "$stderr"
	run -1 --separate-stderr in_a "$TNCFG" --attach --virtual ipsec2 --physical eth9
	[[ $stderr == *"No such device.  Is the physical device valid?"* ]] || fail "$stderr"
	run -1 --separate-stderr in_a "$TNCFG" --attach --virtual "$VETH_A" --physical lo
	[[ $stderr == *"Unknown socket error 95."* ]] || fail "$stderr"
	run -1 --separate-stderr in_a "$TNCFG" --detach --virtual ipsec2
	[[ $stderr == *"No such device.  Is the virtual device valid?"* ]] || fail "$stderr"
	run -1 in_a "$TNCFG" --attach --virtual ipsec2
	[ "$(links "$NS_A")" = "$before" ] || fail "devices changed"
}

@test "an injected failure at each step of attach, detach and clear leaves the devices as they were" {
	run -0 in_a "$TNCFG" --create ipsec3
	local before step
	# ipsec3 (made by --create) is deleted and made again on the device: two
	# steps; ipsec4 is made: one.
	for cmd in "ipsec3 1" "ipsec3 2" "ipsec4 1"; do
		set -- $cmd
		before=$(links "$NS_A")
		KLIPS_TEST_FAIL_CALL=$2 run -1 in_a "$FAULT_TNCFG" --attach --virtual "$1" --physical "$VETH_A"
		[ "$(links "$NS_A")" = "$before" ] || fail "attach $1: step $2: devices changed"
		[[ $output == *"Unknown socket error 5."* ]] || fail "$output"
	done
	run -0 in_a "$TNCFG" --attach --virtual ipsec3 --physical "$VETH_A"
	run -0 in_a "$TNCFG" --attach --virtual ipsec4 --physical lo
	before=$(links "$NS_A")
	KLIPS_TEST_FAIL_CALL=2 run -1 in_a "$FAULT_TNCFG" --clear
	[ "$(links "$NS_A")" = "$before" ] || fail "clear: devices changed"
	run -0 in_a "$TNCFG" --clear
	run -0 in_a "$TNCFG"
	[ -z "$output" ] || fail "after clear: $output"
}
