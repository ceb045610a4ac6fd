#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
# ipsec eroute with traffic: two gateways, west (A) and east (B), keyed the
# way `ipsec manual` did it, with only spi, spigrp and eroute lines, and a
# client (C) behind west whose packets west forwards. The SAs are made
# once for the file; each test sets up its own eroutes.
#
#   C 10.10.1.2 ---- 10.10.1.1 A 192.1.2.23 ---- 192.1.2.45 B (10.10.2.1 on lo)

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips

EROUTE=$KLIPS_BIN/eroute

setup_file() {
	[ "$(id -u)" -eq 0 ] || return 1
	export NS_A=er61-$$-a NS_B=er61-$$-b NS_C=er61-$$-c
	ip -batch - <<-EOF
		netns add $NS_A
		netns add $NS_B
		netns add $NS_C
		link add a-b netns $NS_A type veth peer name b-a netns $NS_B
		link add a-c netns $NS_A type veth peer name c-a netns $NS_C
	EOF
	ip -n "$NS_A" -batch - <<-EOF
		link set lo up
		addr add 192.1.2.23/24 dev a-b
		addr add 10.10.1.1/24 dev a-c
		link set a-b up
		link set a-c up
		route add 10.10.2.0/24 via 192.1.2.45
	EOF
	ip -n "$NS_B" -batch - <<-EOF
		link set lo up
		addr add 10.10.2.1/32 dev lo
		addr add 192.1.2.45/24 dev b-a
		link set b-a up
		route add 10.10.1.0/24 via 192.1.2.23 src 10.10.2.1
	EOF
	ip -n "$NS_C" -batch - <<-EOF
		link set lo up
		addr add 10.10.1.2/24 dev c-a
		link set c-a up
		route add default via 10.10.1.1
	EOF
	ip netns exec "$NS_A" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'
	# Both directions' SAs on both gateways, grouped tun esp ah, as spi1.sh did.
	local ns
	for ns in "$NS_A" "$NS_B"; do
		ip netns exec "$ns" bash -e -c '
			b=$1
			$b/spi --said tun.113@192.1.2.45 --ip4 --src 192.1.2.23 --dst 192.1.2.45
			$b/spi --said esp.115@192.1.2.45 --src 192.1.2.23 --esp 3des-md5-96 --enckey $2 --authkey $3
			$b/spi --said ah.116@192.1.2.45 --src 192.1.2.23 --ah hmac-sha1-96 --authkey $4
			$b/spigrp --said tun.113@192.1.2.45 esp.115@192.1.2.45 ah.116@192.1.2.45
			$b/spi --said tun.213@192.1.2.23 --ip4 --src 192.1.2.45 --dst 192.1.2.23
			$b/spi --said esp.215@192.1.2.23 --src 192.1.2.45 --esp 3des-md5-96 --enckey $2 --authkey $3
			$b/spi --said ah.216@192.1.2.23 --src 192.1.2.45 --ah hmac-sha1-96 --authkey $4
			$b/spigrp inet 192.1.2.23 0x213 tun inet 192.1.2.23 0x215 esp inet 192.1.2.23 0x216 ah
		' _ "$KLIPS_BIN" "$K3DES" "$KMD5" "$KSHA1"
	done
}

teardown_file() {
	local ns
	for ns in "$NS_A" "$NS_B" "$NS_C"; do
		[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	done
	true
}

setup() {
	kc_setup
	kc_require_bin spi spigrp eroute
}

# Each test's eroutes go; the SAs and groups stay.
teardown() {
	in_ns "$NS_A" "$EROUTE" --clear
	in_ns "$NS_B" "$EROUTE" --clear
	wire_cleanup
}

er_in() {
	local ns=$1 out
	shift
	out=$(ip netns exec "$ns" "$EROUTE" "$@" 2>&1) || fail "eroute $* failed in $ns:"$'\n'"$out"
}

tunnel_eroutes() {
	er_in "$NS_A" --add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said tun.113@192.1.2.45
	er_in "$NS_B" --add --eraf inet --src 10.10.2.0/24 --dst 10.10.1.0/24 --said tun.213@192.1.2.23
}

@test "eroute: gateways keyed only with spi, spigrp and eroute pass pings both ways, AH(ESP) on the wire" {
	tunnel_eroutes
	wire_start "$NS_B" b-a
	ping_ok "$NS_C" 10.10.2.1 56 3
	ping_ok "$NS_B" 10.10.1.2 1000 2
	wire_stop 10
	assert_wire 192.1.2.23 192.1.2.45 "AH(spi=0x116) ESP(spi=0x115)"
	assert_wire 192.1.2.45 192.1.2.23 "AH(spi=0x216) ESP(spi=0x215)"
	# Nothing east sent went out in clear (tcpdump also shows what arrived
	# decapsulated, after its ESP: those copies are not on the wire).
	[[ $(wire_chains 10.10.2.1 10.10.1.2) == "" ]] || fail "cleartext on the wire: $WIRE_TEXT"
	# The listing counts the packets of the group's first SA: 3 requests, 2 replies.
	run ip netns exec "$NS_A" "$EROUTE"
	assert_output "5          10.10.1.0/24       -> 10.10.2.0/24       => tun0x113@192.1.2.45"
}

@test "eroute: a more specific eroute wins whatever the order; %pass goes in clear" {
	local order
	for order in pass-last pass-first; do
		[ $order = pass-first ] &&
			er_in "$NS_A" --add --eraf inet --src 10.10.1.2/32 --dst 10.10.2.1/32 --said %pass
		tunnel_eroutes
		[ $order = pass-last ] &&
			er_in "$NS_A" --add --eraf inet --src 10.10.1.2/32 --dst 10.10.2.1/32 --said %pass
		wire_start "$NS_B" b-a
		ping_ok "$NS_C" 10.10.2.1 56 2
		wire_stop 4
		# Out in clear (east's way back accepts cleartext, as KLIPS did); back through the tunnel.
		assert_wire 10.10.1.2 10.10.2.1 "ICMP"
		assert_wire 192.1.2.45 192.1.2.23 "AH(spi=0x216) ESP(spi=0x215)"
		in_ns "$NS_A" "$EROUTE" --clear
		in_ns "$NS_B" "$EROUTE" --clear
	done
	# Without the %pass, the wider eroute takes the flow again.
	tunnel_eroutes
	wire_start "$NS_B" b-a
	ping_ok "$NS_C" 10.10.2.1 56 2
	wire_stop 4
	assert_wire 192.1.2.23 192.1.2.45 "AH(spi=0x116) ESP(spi=0x115)"
}

@test "eroute: %drop loses the packets; %reject answers the forwarded sender with admin-prohibited" {
	tunnel_eroutes
	er_in "$NS_A" --replace --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %drop
	ping_fails "$NS_C" 10.10.2.1 56 2
	[[ $PING_OUTPUT != *filtered* ]] || fail "%drop answered: $PING_OUTPUT"
	er_in "$NS_A" --replace --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %reject
	wire_start "$NS_C" c-a
	ping_fails "$NS_C" 10.10.2.1 56 2
	wire_stop 4
	# ICMP type 3 code 13 from west, as KLIPS sent
	[[ $PING_OUTPUT == *"2 packets transmitted, 0 received, +2 errors"* ]] || fail "$PING_OUTPUT"
	[[ $WIRE_TEXT == *"10.10.1.1 > 10.10.1.2: ICMP host 10.10.2.1 unreachable - admin prohibited filter"* ]] ||
		fail "$WIRE_TEXT"
	# Back to the tunnel: the rule goes with the %reject.
	er_in "$NS_A" --replace --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said tun.113@192.1.2.45
	ping_ok "$NS_C" 10.10.2.1 56 2
}

@test "eroute: %trap makes the kernel send an ACQUIRE for the flow's packets" {
	local mon=$BATS_TEST_TMPDIR/acquire
	er_in "$NS_A" --add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %trap
	ip netns exec "$NS_A" ip xfrm monitor acquire >"$mon" 2>&1 3>&- &
	local pid=$!
	sleep 0.5
	ping_fails "$NS_C" 10.10.2.1 56 2
	sleep 0.5
	kill $pid
	wait $pid 2>/dev/null || true
	[[ $(<"$mon") == *"acquire proto esp"*"sel src 10.10.1.2/32 dst 10.10.2.1/32 proto icmp"* ]] || fail "$(<"$mon")"
	# The larval state the ACQUIRE left is not an SA of ours: spi does not list it.
	run ip netns exec "$NS_A" "$KLIPS_BIN/spi"
	refute_output --partial "esp0x0@"
}

@test "eroute: IKE (UDP from port 500 and 4500) leaves through every eroute, %drop included; other UDP does not" {
	er_in "$NS_A" --add --eraf inet --src 192.1.2.23/32 --dst 192.1.2.45/32 --said %drop
	wire_start "$NS_B" b-a
	ip netns exec "$NS_A" python3 -c '
import socket
for port in (500, 4500, 501):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("192.1.2.23", port))
    try:
        s.sendto(b"klips", ("192.1.2.45", port))
    except OSError:
        pass
    s.close()
'
	wire_stop 2
	[[ $WIRE_TEXT == *"192.1.2.23.500 > 192.1.2.45.500: "* ]] || fail "no IKE on the wire: $WIRE_TEXT"
	[[ $WIRE_TEXT == *"192.1.2.23.4500 > 192.1.2.45.4500: "* ]] || fail "no NAT-T IKE on the wire: $WIRE_TEXT"
	[[ $WIRE_TEXT != *"192.1.2.23.501 > "* ]] || fail "%drop let UDP 501 through: $WIRE_TEXT"
}
