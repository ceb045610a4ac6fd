#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu xfrmi
# What the tncfg and KLIPS wire suites take from the kernel, proved with
# iproute2 alone: the SA types of the KLIPS tests carry traffic with no
# crypto module loaded on demand (the runner loads them before the first SA),
# and an xfrm interface (`ipsecN`) carries ESP: cleartext on it, ESP on the
# physical device. Needs xfrm interfaces: Debian's kernel under qemu (UML 6.1
# has none); where they are missing the tests fail.

bats_require_minimum_version 1.8.0

load helpers/common

setup() {
	kc_setup
	KC_SAVED_MODPROBE=
}
teardown() {
	[ -n "$KC_SAVED_MODPROBE" ] && echo "$KC_SAVED_MODPROBE" >/proc/sys/kernel/modprobe
	kc_teardown
}

# Keys as the KLIPS tests have them (east-icmp-01, east-icmp-05).
K3DES=0x4043434545464649494a4a4c4c4f4f515152525454575758
KMD5=0x87658765876587658765876587658765
KAES=0xaaaabbbbccccdddd4043434545464649494a4a4c4c4f4f515152525454575758
KSHA1=0x8765876587658765876587658765876587658765

# sa_pair PROTO SPI ALG...: the same SA pair (A->B SPI, B->A SPI+1) in both
# namespaces, transport mode, and the policies for PROTO between the two
# addresses of the current pair ($a, $b; level use for IPComp, which leaves
# small packets uncompressed).
sa_pair() {
	local proto=$1 spi=$2 level=
	shift 2
	[ "$proto" = comp ] && level=" level use"
	local ns batch
	for ns in "$NS_A" "$NS_B"; do
		batch="xfrm state add src $a dst $b proto $proto spi $spi mode transport $*
xfrm state add src $b dst $a proto $proto spi $((spi + 1)) mode transport $*"
		if [ "$ns" = "$NS_A" ]; then
			batch+="
xfrm policy add src $a/32 dst $b/32 dir out tmpl proto $proto mode transport$level
xfrm policy add src $b/32 dst $a/32 dir in tmpl proto $proto mode transport$level"
		else
			batch+="
xfrm policy add src $b/32 dst $a/32 dir out tmpl proto $proto mode transport$level
xfrm policy add src $a/32 dst $b/32 dir in tmpl proto $proto mode transport$level"
		fi
		ip -n "$ns" -batch - <<<"$batch" || fail "cannot add the $proto SAs in $ns"
	done
}

@test "qemu kernel: the crypto of the legacy SAs is loaded before the first SA" {
	local m missing=()
	for m in xfrm_user esp4 ah4 ipcomp authenc echainiv des_generic; do
		[ -d "/sys/module/$m" ] || missing+=("$m")
	done
	for m in des3_ede md5 sha1 sha256 aes deflate; do
		grep -q "^name *: $m\$" /proc/crypto || missing+=("$m (/proc/crypto)")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "not loaded: ${missing[*]}"
}

@test "qemu kernel: ESP 3DES-MD5, ESP AES-SHA1, AH and IPComp SAs carry traffic, nothing loaded on demand" {
	# No module may come on demand: every SA below must work with what the
	# runner loaded (the 3DES failure under qemu was a template module the
	# kernel could not load on demand).
	KC_SAVED_MODPROBE=$(</proc/sys/kernel/modprobe)
	echo /bin/false >/proc/sys/kernel/modprobe
	topo_two_hosts
	local a b
	in_a ip addr add 10.231.1.1/24 dev "$VETH_A"
	in_b ip addr add 10.231.1.2/24 dev "$VETH_B"
	in_a ip addr add 10.231.2.1/24 dev "$VETH_A"
	in_b ip addr add 10.231.2.2/24 dev "$VETH_B"
	in_a ip addr add 10.231.3.1/24 dev "$VETH_A"
	in_b ip addr add 10.231.3.2/24 dev "$VETH_B"
	in_a ip addr add 10.231.4.1/24 dev "$VETH_A"
	in_b ip addr add 10.231.4.2/24 dev "$VETH_B"
	a=10.231.1.1 b=10.231.1.2
	sa_pair esp 0x1100 enc "cbc(des3_ede)" $K3DES auth-trunc "hmac(md5)" $KMD5 96
	a=10.231.2.1 b=10.231.2.2
	sa_pair esp 0x1200 enc "cbc(aes)" $KAES auth-trunc "hmac(sha1)" $KSHA1 96
	a=10.231.3.1 b=10.231.3.2
	sa_pair ah 0x1300 auth-trunc "hmac(md5)" $KMD5 96
	a=10.231.4.1 b=10.231.4.2
	sa_pair comp 0x1400 comp deflate

	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" 10.231.1.2
	ping_ok "$NS_A" 10.231.2.2
	ping_ok "$NS_A" 10.231.3.2
	# Large enough to be compressed (ping's payload pattern repeats).
	ping_ok "$NS_A" 10.231.4.2 1000
	wire_stop 24
	assert_wire 10.231.1.1 10.231.1.2 "ESP(spi=0x1100)"
	assert_wire 10.231.2.1 10.231.2.2 "ESP(spi=0x1200)"
	assert_wire 10.231.3.1 10.231.3.2 "AH(spi=0x1300) ICMP"
	assert_wire 10.231.4.1 10.231.4.2 "IPComp(cpi=0x1400)"
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_PACKETS esp:0x1100 -eq 3
	assert_sa_counter SA_PACKETS esp:0x1200 -eq 3
	assert_sa_counter SA_PACKETS ah:0x1300 -eq 3
	assert_sa_counter SA_PACKETS comp:0x1400 -eq 3
	assert_sa_counter SA_FAILED esp:0x1100 -eq 0
	assert_sa_counter SA_FAILED esp:0x1200 -eq 0
}

@test "qemu kernel: an xfrm interface carries ESP, cleartext on it and ESP on the wire" {
	kc_require_xfrmi
	topo_two_hosts
	local alg="enc cbc(des3_ede) $K3DES auth-trunc hmac(md5) $KMD5 96" ns me peer
	# The KLIPS set-up on both sides: ipsec0 on the physical device, the
	# subnets behind each host routed into it, tunnel SAs and policies
	# carrying ipsec0's if_id.
	for ns in "$NS_A" "$NS_B"; do
		if [ "$ns" = "$NS_A" ]; then me=1 peer=2; else me=2 peer=1; fi
		ip -n "$ns" -batch - <<-EOF || fail "cannot set up $ns"
			link add ipsec0 type xfrm dev $([ "$ns" = "$NS_A" ] && echo "$VETH_A" || echo "$VETH_B") if_id 0x4b49
			addr add 192.0.$me.254/24 dev lo
			link set ipsec0 up
			route add 192.0.$peer.0/24 dev ipsec0 src 192.0.$me.254
			xfrm state add src 10.231.0.1 dst 10.231.0.2 proto esp spi 0x2001 mode tunnel $alg if_id 0x4b49
			xfrm state add src 10.231.0.2 dst 10.231.0.1 proto esp spi 0x2002 mode tunnel $alg if_id 0x4b49
			xfrm policy add src 192.0.$me.0/24 dst 192.0.$peer.0/24 dir out if_id 0x4b49 tmpl src 10.231.0.$me dst 10.231.0.$peer proto esp mode tunnel
			xfrm policy add src 192.0.$peer.0/24 dst 192.0.$me.0/24 dir in if_id 0x4b49 tmpl src 10.231.0.$peer dst 10.231.0.$me proto esp mode tunnel
		EOF
	done
	run ip -n "$NS_A" -d link show ipsec0
	assert_output --partial "xfrm if_id 0x4b49"
	wire_start "$NS_B" ipsec0
	ping_ok "$NS_A" 192.0.2.254
	wire_stop 6
	# Cleartext on ipsec0 (both ways) ...
	assert_wire 192.0.1.254 192.0.2.254 "ICMP"
	assert_wire 192.0.2.254 192.0.1.254 "ICMP"
	# ... ESP between the hosts, through the SAs that carry ipsec0's if_id.
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_PACKETS esp:0x2001 -eq 3
	assert_sa_counter SA_PACKETS esp:0x2002 -eq 3
	xfrm_sa_counters "$NS_A"
	assert_sa_counter SA_PACKETS esp:0x2001 -eq 3
	assert_sa_counter SA_PACKETS esp:0x2002 -eq 3
	# Without the SA's if_id, nothing routed into ipsec0 leaves.
	ip -n "$NS_A" -batch - <<-EOF
		xfrm state del src 10.231.0.1 dst 10.231.0.2 proto esp spi 0x2001
		xfrm state add src 10.231.0.1 dst 10.231.0.2 proto esp spi 0x2001 mode tunnel $alg
	EOF
	ping_fails "$NS_A" 192.0.2.254
}
