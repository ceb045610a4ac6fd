#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
# ipsec spi against a real kernel: what it creates is compared field by
# field with `ip xfrm state` / `ip xfrm policy`, traffic goes through SAs
# made only with spi, and refused command lines change nothing.

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips


setup() {
	kc_setup
	kc_require_bin spi
}
teardown() { kc_teardown; }


# state_of DUMP SPI: the block of `ip xfrm state` output for that SPI.
state_of() {
	local dump=$1 spi line block= on=0
	printf -v spi 'spi 0x%08x' "$(($2))"
	while IFS= read -r line; do
		if [[ $line == src* ]]; then
			[ $on -eq 1 ] && break
			block=$line$'\n'
			continue
		fi
		block+=$line$'\n'
		# `ip -s` adds the decimal SPI: "spi 0x00001001(4097)".
		[[ $line == *"$spi "* || $line == *"$spi("* ]] && on=1
	done <<<"$dump"
	[ $on -eq 1 ] || { echo "no SA with $spi in:"; echo "$dump"; return 1; }
	printf '%s' "$block"
}

@test "spi: AH, ESP and IPComp SAs land in the kernel field by field" {
	local ns dump b
	netns_new ns
	spi_in "$ns" --af inet --edst 10.1.0.2 --spi 0x1001 --proto ah --src 10.1.0.1 --ah hmac-md5-96 --authkey $KMD5
	spi_in "$ns" --said ah.1002@10.1.0.2 --src 10.1.0.1 --ah hmac-sha1-96 --authkey $KSHA1 --replay_window 16
	spi_in "$ns" --said esp.1003@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey $K3DES
	spi_in "$ns" --said esp0x1004@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5 --replay_window 64
	spi_in "$ns" --said esp4101@10.1.0.2 --src 10.1.0.1 --esp 3des-sha1-96 --enckey 0x40434345_45464649_494a4a4c_4c4f4f51_51525254_54575758 --authkey $KSHA1
	spi_in "$ns" --said esp.1006@10.1.0.2 --src 10.1.0.1 --esp aes128-sha1-96 --enckey $KAES --authkey $KSHA1
	spi_in "$ns" --said comp.1007@10.1.0.2 --src 10.1.0.1 --comp deflate
	spi_in "$ns" --af inet6 --edst 3049:9::9000:3100 --spi 0x1008 --proto esp --src 3049:9::9000:3101 --esp 3des-md5-96 --enckey 0sQENDRUVGRklJSkpMTE9PUVFSUlRUV1dY --authkey $KMD5
	dump=$(ip -n "$ns" xfrm state)

	b=$(state_of "$dump" 0x1001)
	assert_equal "$(head -1 <<<"$b")" "src 10.1.0.1 dst 10.1.0.2"
	[[ $b == *"proto ah spi 0x00001001 reqid 0 mode transport"* ]] || fail "$b"
	[[ $b == *"replay-window 0 "* ]] || fail "replay window: $b"
	[[ $b == *"auth-trunc hmac(md5) $KMD5 96"* ]] || fail "auth: $b"

	b=$(state_of "$dump" 0x1002)
	[[ $b == *"auth-trunc hmac(sha1) $KSHA1 96"* && $b == *"replay-window 16 "* ]] || fail "$b"

	b=$(state_of "$dump" 0x1003)
	[[ $b == *"proto esp spi 0x00001003 reqid 0 mode transport"* ]] || fail "$b"
	[[ $b == *"enc cbc(des3_ede) $K3DES"* && $b != *auth* ]] || fail "3des alone: $b"

	b=$(state_of "$dump" 0x1004)
	[[ $b == *"enc cbc(des3_ede) $K3DES"* && $b == *"auth-trunc hmac(md5) $KMD5 96"* ]] || fail "$b"
	# Windows above 32 need the ESN replay attribute; iproute2 shows it so.
	[[ $b == *"replay-window 0 "* && $b == *"anti-replay esn context"*"replay_window 64"* ]] || fail "window 64: $b"

	b=$(state_of "$dump" 4101)
	[[ $b == *"enc cbc(des3_ede) $K3DES"* && $b == *"auth-trunc hmac(sha1) $KSHA1 96"* ]] || fail "$b"

	b=$(state_of "$dump" 0x1006)
	[[ $b == *"enc cbc(aes) $KAES"* && $b == *"auth-trunc hmac(sha1) $KSHA1 96"* ]] || fail "$b"

	b=$(state_of "$dump" 0x1007)
	[[ $b == *"proto comp spi 0x00001007"* && $b == *"comp deflate"* ]] || fail "$b"

	b=$(state_of "$dump" 0x1008)
	assert_equal "$(head -1 <<<"$b")" "src 3049:9::9000:3101 dst 3049:9::9000:3100"
	[[ $b == *"enc cbc(des3_ede) $K3DES"* ]] || fail "base64 key: $b"
	# No inbound check selector: none of these SAs goes to this host.
	[[ $dump != *"sel src 10.1.0.1/32"* ]] || fail "unexpected selector: $dump"
}

@test "spi: --life limits and NAT-T encapsulation reach the kernel" {
	local ns dump b
	netns_new ns
	spi_in "$ns" --said esp.2001@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5 \
		--life soft-bytes=1000,hard-bytes=2000 --life 'soft-addtime=30 hard-addtime=60' \
		--life soft-usetime=10,hard-usetime=20,soft-packets=90,hard-packets=100
	spi_in "$ns" --said esp.2002@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey $K3DES \
		--natt nonesp --sport 4501 --dport 4502
	dump=$(ip -n "$ns" -s xfrm state)
	b=$(state_of "$dump" 0x2001)
	[[ $b == *"limit: soft 1000(bytes), hard 2000(bytes)"* ]] || fail "bytes: $b"
	[[ $b == *"soft 90(packets), hard 100(packets)"* ]] || fail "packets: $b"
	[[ $b == *"expire add: soft 30(sec), hard 60(sec)"* ]] || fail "addtime: $b"
	[[ $b == *"expire use: soft 10(sec), hard 20(sec)"* ]] || fail "usetime: $b"
	b=$(state_of "$dump" 0x2002)
	# KLIPS wired --dport to the source port and --sport to the destination.
	[[ $b == *"encap type espinudp sport 4502 dport 4501"* ]] || fail "encap: $b"
	[[ $b == *"limit: soft (INF)(bytes), hard (INF)(bytes)"* ]] || fail "no limits: $b"
}

@test "spi: --src on an SA to this host drops packets from other sources" {
	local dump b
	topo_two_hosts
	# A second address on A to send from: the source the SA on B does not name.
	ip -n "$NS_A" addr add 10.231.0.3/24 dev "$VETH_A"
	spi_in "$NS_A" --said esp.3001@$IP4_B --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$NS_A" --said esp.3002@$IP4_A --src $IP4_B --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$NS_B" --said esp.3001@$IP4_B --src $IP4_A --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$NS_B" --said esp.3002@$IP4_A --src $IP4_B --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	dump=$(ip -n "$NS_B" xfrm state)
	b=$(state_of "$dump" 0x3001)
	[[ $b == *"sel src $IP4_A/32 dst $IP4_B/32"* ]] || fail "inbound SA without selector: $b"
	b=$(state_of "$dump" 0x3002)
	[[ $b != *"sel src $IP4_B/32"* ]] || fail "outbound SA with a selector: $b"
	ip -n "$NS_A" -batch - <<-EOF
		xfrm policy add src 10.231.0.0/24 dst $IP4_B proto icmp dir out tmpl proto esp mode transport
		xfrm policy add src $IP4_B dst $IP4_A proto icmp dir in tmpl proto esp mode transport
	EOF
	ip -n "$NS_B" -batch - <<-EOF
		xfrm policy add src 10.231.0.0/24 dst $IP4_B proto icmp dir in tmpl proto esp mode transport
		xfrm policy add src $IP4_B dst $IP4_A proto icmp dir out tmpl proto esp mode transport
	EOF
	_kc_ping "$NS_A" "$IP4_B" 56 2 2 -I "$IP4_A"
	[[ $PING_OUTPUT == *" 2 received"* ]] || fail "from the SA's source: $PING_OUTPUT"
	_kc_ping "$NS_A" "$IP4_B" 56 2 1 -I 10.231.0.3
	[[ $PING_OUTPUT == *" 0 received"* ]] || fail "from another source: $PING_OUTPUT"
	xfrm_stat "$NS_B"
	[ "${XFRM_STAT[XfrmInStateMismatch]}" -ge 2 ] || fail "not dropped by the SA's check: $(declare -p XFRM_STAT)"
}

@test "spi: --ip4/--ip6 tun SAs are record policies; --del removes them" {
	local ns dump
	netns_new ns
	spi_in "$ns" --af inet --edst 192.1.2.45 --spi 0x113 --proto tun --src 192.1.2.23 --dst 192.1.2.45 --ip4
	spi_in "$ns" --said tun:233@3049:1::1 --ip6 --src 3049:1::2 --dst 3049:1::1
	dump=$(ip -n "$ns" xfrm policy)
	[[ $dump == *"src 192.1.2.23/32 dst 192.1.2.45/32 proto ipencap sport 0 dport 275"* ]] || fail "$dump"
	[[ $dump == *"src 3049:1::2/128 dst 3049:1::1/128 proto ipv6 sport 0 dport 563"* ]] || fail "$dump"
	[[ $dump == *"if_id 0x4b4c5053"* ]] || fail "$dump"
	assert_equal "$(ip -n "$ns" xfrm state)" ""
	run ip netns exec "$ns" "$SPI" --said tun.113@192.1.2.45 --ip4 --src 192.1.2.23
	assert_failure 1
	assert_output --partial "SA already in use.  Delete old one first."
	spi_in "$ns" --said tun.113@192.1.2.45 --del
	spi_in "$ns" --said tun:233@3049:1::1 --del
	assert_equal "$(ip -n "$ns" xfrm policy)" ""
}

@test "spi: the man page examples" {
	local ns dump
	netns_new ns
	spi_in "$ns" --af inet --edst 10.9.0.2 --spi 0x125 --proto esp --src 10.9.0.1 --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$ns" --af inet6 --edst 3049:9::9000:3100 --spi 0x150 --proto ah --src 3049:9::9000:3101 --ah hmac-md5-96 --authkey $KMD5
	spi_in "$ns" --said tun.987@192.168.100.100 --ip4 --src 192.168.100.1 --dst 192.168.100.100
	spi_in "$ns" --said tun:500@3049:9::1000:1 --ip6 --src 3049:9::1000:2 --dst 3049:9::1000:1
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump == *"src 10.9.0.1 dst 10.9.0.2"*"proto esp spi 0x00000125"* ]] || fail "$dump"
	[[ $dump == *"src 3049:9::9000:3101 dst 3049:9::9000:3100"*"proto ah spi 0x00000150"* ]] || fail "$dump"
	spi_in "$ns" --said tun.987@192.168.100.100 --del
	spi_in "$ns" --said tun:500@3049:9::1000:1 --del
	assert_equal "$(ip -n "$ns" xfrm policy)" ""
}

@test "spi: --del and --clear (all, or one protocol); policies stay" {
	local ns dump
	netns_new ns
	ip -n "$ns" xfrm policy add src 10.5.0.0/24 dst 10.6.0.0/24 dir out tmpl proto esp mode transport
	spi_in "$ns" --said esp.4001@10.1.0.2 --esp 3des --enckey $K3DES
	spi_in "$ns" --said ah.4002@10.1.0.2 --ah hmac-md5-96 --authkey $KMD5
	spi_in "$ns" --said comp.4003@10.1.0.2 --comp deflate
	spi_in "$ns" --said tun.4004@10.1.0.2 --ip4 --src 10.1.0.1
	spi_in "$ns" --said esp.4001@10.1.0.2 --del
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump != *"spi 0x00004001"* && $dump == *"spi 0x00004002"* ]] || fail "$dump"
	run ip netns exec "$ns" "$SPI" --said esp.4001@10.1.0.2 --del
	assert_failure 1
	assert_line --index 0 "$SPI: pfkey write failed (errno=3): SA does not exist.  Cannot delete."
	spi_in "$ns" --clear --proto ah
	dump=$(ip -n "$ns" xfrm state)
	[[ $dump != *"proto ah"* && $dump == *"proto comp"* ]] || fail "--clear --proto ah: $dump"
	spi_in "$ns" --clear
	assert_equal "$(ip -n "$ns" xfrm state)" ""
	dump=$(ip -n "$ns" xfrm policy)
	[[ $dump == *"src 10.5.0.0/24 dst 10.6.0.0/24"* ]] || fail "--clear removed a policy: $dump"
	[[ $dump != *"if_id 0x4b4c5053"* ]] || fail "--clear left the tun record: $dump"
}

# Both directions between NS_A and NS_B, made with spi only: SPIs OUT (A->B)
# and BACK (B->A), the spi arguments after the SA ids given as "$@".
spi_pair() {
	local out=$1 back=$2 proto=$3
	shift 3
	for ns in "$NS_A" "$NS_B"; do
		spi_in "$ns" --said $proto$out@$IP4_B --src $IP4_A "$@"
		spi_in "$ns" --said $proto$back@$IP4_A --src $IP4_B "$@"
	done
}

# policies_pair PROTO [LEVEL]: transport policies both ways for PROTO.
policies_pair() {
	local p=$1 level=${2:-}
	ip -n "$NS_A" -batch - <<-EOF
		xfrm policy add src $IP4_A dst $IP4_B dir out tmpl proto $p mode transport
		xfrm policy add src $IP4_B dst $IP4_A dir in tmpl proto $p mode transport $level
	EOF
	ip -n "$NS_B" -batch - <<-EOF
		xfrm policy add src $IP4_B dst $IP4_A dir out tmpl proto $p mode transport
		xfrm policy add src $IP4_A dst $IP4_B dir in tmpl proto $p mode transport $level
	EOF
}

@test "spi: ESP (3DES-MD5) traffic between namespaces through SAs made by spi" {
	topo_two_hosts
	spi_pair 0x5001 0x5002 esp --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5 --replay_window 32
	policies_pair esp
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" "$IP4_B" 56 3
	wire_stop 6
	assert_wire "$IP4_A" "$IP4_B" "ESP(spi=0x5001)"
	assert_wire "$IP4_B" "$IP4_A" "ESP(spi=0x5002)"
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_PACKETS esp:0x5001 -eq 3
	assert_sa_counter SA_PACKETS esp:0x5002 -eq 3
}

@test "spi: AH (HMAC-SHA1) traffic, and a wrong key on one side fails" {
	topo_two_hosts
	spi_pair 0x5101 0x5102 ah --ah hmac-sha1-96 --authkey $KSHA1
	policies_pair ah
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" "$IP4_B" 100 2
	wire_stop 4
	assert_wire "$IP4_A" "$IP4_B" "AH(spi=0x5101) ICMP"
	ip netns exec "$NS_B" "$SPI" --said ah.5101@$IP4_B --del
	spi_in "$NS_B" --said ah.5101@$IP4_B --src $IP4_A --ah hmac-sha1-96 --authkey 0x1111111111111111111111111111111111111111
	ping_fails "$NS_A" "$IP4_B" 100 2
	xfrm_sa_counters "$NS_B"
	assert_sa_counter SA_FAILED ah:0x5101 -ge 1
}

@test "spi: IPComp (deflate) traffic: large pings compressed, small ones pass too" {
	topo_two_hosts
	spi_pair 0x5201 0x5202 comp --comp deflate
	# Small packets are sent uncompressed: inbound IPComp must be optional.
	policies_pair comp "level use"
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" "$IP4_B" 1200 2
	ping_ok "$NS_A" "$IP4_B" 8 2
	wire_stop 8
	[[ $(wire_chains "$IP4_A" "$IP4_B") == *"IPComp(cpi=0x5201)"* ]] || fail "no IPComp on the wire: $WIRE_TEXT"
}

@test "spi: IPv6 ESP traffic through SAs made by spi" {
	topo_two_hosts
	for ns in "$NS_A" "$NS_B"; do
		spi_in "$ns" --af inet6 --edst $IP6_B --spi 0x5301 --proto esp --src $IP6_A --esp 3des-sha1-96 --enckey $K3DES --authkey $KSHA1
		spi_in "$ns" --af inet6 --edst $IP6_A --spi 0x5302 --proto esp --src $IP6_B --esp 3des-sha1-96 --enckey $K3DES --authkey $KSHA1
	done
	ip -n "$NS_A" -batch - <<-EOF
		xfrm policy add src $IP6_A dst $IP6_B proto ipv6-icmp dir out tmpl proto esp mode transport
		xfrm policy add src $IP6_B dst $IP6_A proto ipv6-icmp dir in tmpl proto esp mode transport
	EOF
	ip -n "$NS_B" -batch - <<-EOF
		xfrm policy add src $IP6_B dst $IP6_A proto ipv6-icmp dir out tmpl proto esp mode transport
		xfrm policy add src $IP6_A dst $IP6_B proto ipv6-icmp dir in tmpl proto esp mode transport
	EOF
	wire_start "$NS_B" "$VETH_B"
	ping_ok "$NS_A" "$IP6_B" 56 2
	wire_stop 4
	assert_wire "$IP6_A" "$IP6_B" "ESP(spi=0x5301)"
}

@test "spi: the listing matches ip xfrm state (IPv4 and IPv6; dir=in for local destinations)" {
	local listing dump line
	topo_two_hosts
	spi_in "$NS_A" --said esp.6001@$IP4_B --src $IP4_A --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5 --replay_window 8
	spi_in "$NS_A" --said ah.6002@$IP4_A --src $IP4_B --ah hmac-sha1-96 --authkey $KSHA1
	spi_in "$NS_A" --said comp.6003@$IP4_B --src $IP4_A --comp deflate
	spi_in "$NS_A" --said esp:6004@$IP6_B --src $IP6_A --esp 3des --enckey $K3DES
	spi_in "$NS_A" --said tun.6005@$IP4_B --ip4 --src $IP4_A
	listing=$(ip netns exec "$NS_A" "$SPI")
	dump=$(ip -n "$NS_A" xfrm state)
	assert_equal "$(wc -l <<<"$listing")" 5
	[[ $listing == *"esp0x6001@$IP4_B ESP_3DES_HMAC_MD5: dir=out src=$IP4_A ooowin=8 alen=128 aklen=128 eklen=192 life(c,s,h)=addtime("* ]] || fail "$listing"
	[[ $listing == *"ah0x6002@$IP4_A AH_HMAC_SHA1: dir=in  src=$IP4_B alen=160 aklen=160 life(c,s,h)=addtime("* ]] || fail "$listing"
	[[ $listing == *"comp0x6003@$IP4_B COMP_DEFLATE: dir=out src=$IP4_A life(c,s,h)=addtime("* ]] || fail "$listing"
	[[ $listing == *"esp0x6004@$IP6_B ESP_3DES: dir=out src=$IP6_A eklen=192 life(c,s,h)=addtime("* ]] || fail "$listing"
	[[ $listing == *"tun0x6005@$IP4_B IPIP: dir=out src=$IP4_A life(c,s,h)=addtime("* ]] || fail "$listing"
	# Every SA of the listing is in the kernel with that source and SPI.
	while read -r said _ _ src _; do
		local spi=${said%@*} dst=${said#*@}
		spi=${spi#*0x}
		[[ $said == tun* ]] && continue
		printf -v spi 'spi 0x%08x' "$((16#$spi))"
		[[ $dump == *"src ${src#src=} dst $dst"*"$spi"* ]] || fail "$said not in ip xfrm state: $dump"
	done < <(sed 's/dir=in /dir=in/' <<<"$listing")
	# No key material, ever.
	[[ $listing != *4043434545* && $listing != *8765876587* ]] || fail "keys in the listing"
}

@test "spi: a kernel error gets the legacy message and a line that says what to do" {
	local ns
	netns_new ns
	# Linux names LZS but has no implementation of it.
	run ip netns exec "$ns" "$SPI" --said comp.4101@10.1.0.2 --comp lzs
	assert_failure 1
	assert_line --index 0 "$SPI: pfkey write failed (errno=38): Algorithm support not available in the kernel.  Please compile in support."
	assert_line --index 1 --partial "$SPI: the kernel has no lzs (Requested COMP algorithm not found)"
	assert_equal "$(ip -n "$ns" xfrm state)" ""
}

@test "spi: every refused command line leaves the SAD and SPD as they were" {
	local ns before after bad
	netns_new ns
	spi_in "$ns" --said esp.7001@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey $K3DES
	spi_in "$ns" --said tun.7002@10.1.0.2 --ip4 --src 10.1.0.1
	before=$(kernel_view "$ns")
	local -a cmds=(
		"--said esp.7001@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey $K3DES"
		"--said tun.7002@10.1.0.2 --ip4 --src 10.1.0.1"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey 0x4043434545464649"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey 0t123456789012345678901234"
		"--said esp.7003@10.1.0.2 --esp 3des-md5-96 --enckey $K3DES"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey 0x0101010101010101494a4a4c4c4f4f515152525454575758"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey 0x40434345454646494043434545464649494a4a4c4c4f4f51"
		"--said ah.7003@10.1.0.2 --ah hmac-md5-96 --authkey 0x1234"
		"--said ah.7003@10.1.0.2 --esp 3des --enckey $K3DES"
		"--said tun.7003@10.1.0.2 --esp 3des --enckey $K3DES"
		"--said comp.17003@10.1.0.2 --comp deflate"
		"--said esp.7003@10.1.0.2 --ah hmac-md5-96 --authkey $KMD5"
		"--af inet --edst 10.1.0.2 --spi 0x10 --proto esp --del"
		"--said esp.7009@10.1.0.2 --del"
		"--said tun.7009@10.1.0.2 --del"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey $K3DES --natt 7"
		"--said ah.7003@10.1.0.2 --ah hmac-md5-96 --authkey $KMD5 --natt nonesp"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey $K3DES --replay_window 65"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey $K3DES --life soft-bytes=1k"
		"--said esp.7003@10.1.0.2 --esp 3des --enckey $K3DES --foo"
		"--said %pass --del"
	)
	for bad in "${cmds[@]}"; do
		# shellcheck disable=SC2086 # word splitting is the point
		if ip netns exec "$ns" "$SPI" $bad >/dev/null 2>&1; then
			fail "accepted: spi $bad"
		fi
	done
	after=$(kernel_view "$ns")
	assert_equal "$after" "$before"
}
