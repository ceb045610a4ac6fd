#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
# ipsec eroute against a real kernel, without traffic: what each form
# makes is compared field by field with `ip xfrm policy` and `ip rule`;
# --replace, --del and --clear remove exactly what eroute owns (other
# policies stay byte-identical); refused lines change nothing; a failure
# at any kernel step is undone; `ipsec look` against the sample of
# Openswan's klips/east-icmp-01.

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips

EROUTE=$KLIPS_BIN/eroute
LOOK=$KLIPS_BIN/look
FAULT_ER=$KLIPS_ROOT/build/fault/eroute
FAULT_GRP=$KLIPS_ROOT/build/fault/spigrp

setup() {
	kc_setup
	kc_require_bin spi spigrp eroute look
}
teardown() { kc_teardown; }

er_in() {
	local ns=$1 out
	shift
	out=$(ip netns exec "$ns" "$EROUTE" "$@" 2>&1) || fail "eroute $* failed in $ns:"$'\n'"$out"
}

# policies NS: `ip -s xfrm policy` of NS, one policy per line ("src ... | dir ... | tmpl ...").
policies() {
	ip -n "$1" -s xfrm policy |
		awk '/^[^ \t]/ { if (b != "") print b; b = $0; next } { sub(/^[ \t]+/, ""); b = b " | " $0 } END { if (b != "") print b }'
}

# has_policy POLICIES GLOB...: some line of POLICIES matches GLOB (each, in turn).
has_policy() {
	local pols=$1 glob line
	shift
	for glob in "$@"; do
		while IFS= read -r line; do
			# shellcheck disable=SC2053 # a glob on purpose
			[[ $line == $glob ]] && continue 2
		done <<<"$pols"
		fail "no policy like '$glob' in:"$'\n'"$pols"
	done
}

# eroute_view NS: SAs, policies and routing rules, each on one line, sorted.
eroute_view() {
	kernel_view "$1"
	ip -n "$1" rule
}

@test "eroute: each form, field by field in ip xfrm policy, ip rule and the listing" {
	local ns pol dir line
	netns_new ns
	spi_in "$ns" --said tun.113@10.1.0.2 --ip4 --src 10.1.0.1
	spi_in "$ns" --said esp.115@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	spi_in "$ns" --said ah.116@10.1.0.2 --src 10.1.0.1 --ah hmac-sha1-96 --authkey $KSHA1
	grp_in "$ns" --said tun.113@10.1.0.2 esp.115@10.1.0.2 ah.116@10.1.0.2
	er_in "$ns" --add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said tun.113@10.1.0.2
	er_in "$ns" --add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.9/32 --said %pass
	er_in "$ns" --add --eraf inet --src 10.10.3.0/24 --dst 0/0 --transport-proto tcp --dst-port smtp --said %reject
	er_in "$ns" --add --eraf inet --src 10.10.4.0/255.255.255.0 --dst 10.10.5.0/24 --said %trap
	er_in "$ns" --add --eraf inet6 --src 3049:1::/64 --dst 3049:2::/64 --transport-proto udp --src-port 500 --said %drop
	pol=$(policies "$ns")

	# Into the group: ESP in tunnel mode with the tun's addresses, then AH; SPIs pinned.
	has_policy "$pol" "src 10.10.1.0/24 dst 10.10.2.0/24 uid 0 | dir out action allow index * priority 268672655 *| tmpl src 10.1.0.1 dst 10.1.0.2 | proto esp spi 0x00000115(277) reqid 0(0x00000000) mode tunnel | level required *| tmpl src 0.0.0.0 dst 10.1.0.2 | proto ah spi 0x00000116(278) reqid 0(0x00000000) mode transport | level required *"
	# Its way back: in and fwd, the peer's tunnel, any SPI, optional.
	for dir in in fwd; do
		has_policy "$pol" "src 10.10.2.0/24 dst 10.10.1.0/24 uid 0 | dir $dir action allow index * priority 268672655 *| tmpl src 10.1.0.2 dst 10.1.0.1 | proto esp spi 0x00000000(0) reqid 0(0x00000000) mode tunnel | level use *"
	done
	# The record: inert (the eroute records' if_id), the SA in its template (tun in reqid).
	has_policy "$pol" "src 10.10.1.0/24 dst 10.10.2.0/24 uid 0 | dir out action allow index * priority 0 *| tmpl src 0.0.0.0 dst 10.1.0.2 | proto esp spi 0x00000113(275) reqid 4(0x00000004) mode transport *| enc-mask 00000000 auth-mask 00000001 comp-mask 4b4c4531 | if_id 0x4b4c5045"
	[[ $pol != *"10.10.1.0/24 dst 10.10.2.0/24 uid 0 | dir out action allow index * priority 268672655 *if_id"* ]] || fail "the live policy has an if_id"
	# %pass: allowed without templates, more specific: a lower priority number.
	line=$(grep -F 'src 10.10.1.0/24 dst 10.10.2.9/32 uid 0 | dir out' <<<"$pol" | grep -F 'priority 268672591')
	[[ $line == *"action allow index "*" priority 268672591 "* && $line != *tmpl* ]] || fail "%pass: $line"
	# %reject: blocked, and a prohibit rule with the protocol and port, tagged 75.
	has_policy "$pol" "src 10.10.3.0/24 dst 0.0.0.0/0 proto tcp dport 25 uid 0 | dir out action block *"
	run ip -n "$ns" rule
	assert_line "100:	from 10.10.3.0/24 ipproto tcp dport 25 prohibit proto 75"
	# %trap: one ESP transport template without addresses.
	has_policy "$pol" "src 10.10.4.0/24 dst 10.10.5.0/24 uid 0 | dir out action allow *| tmpl src 0.0.0.0 dst 0.0.0.0 | proto esp spi 0x00000000(0) reqid 0(0x00000000) mode transport *"
	# IPv6 with a protocol and a port.
	has_policy "$pol" "src 3049:1::/64 dst 3049:2::/64 proto udp sport 500 uid 0 | dir out action block *"
	# The IKE bypass: UDP from 500 and 4500, both families, at the top of the band.
	has_policy "$pol" "src 0.0.0.0/0 dst 0.0.0.0/0 proto udp sport 500 uid 0 | dir out action allow index * priority 268435456 *" \
		"src 0.0.0.0/0 dst 0.0.0.0/0 proto udp sport 4500 uid 0 | dir out action allow index * priority 268435456 *" \
		"src ::/0 dst ::/0 proto udp sport 500 uid 0 | dir out action allow index * priority 268435456 *" \
		"src ::/0 dst ::/0 proto udp sport 4500 uid 0 | dir out action allow index * priority 268435456 *"

	run ip netns exec "$ns" "$EROUTE"
	assert_success
	assert_output - <<-'EOF'
		0          10.10.1.0/24       -> 10.10.2.0/24       => tun0x113@10.1.0.2
		0          10.10.1.0/24       -> 10.10.2.9/32       => %pass
		0          10.10.3.0/24       -> 0.0.0.0/0:25       => %reject:6
		0          10.10.4.0/24       -> 10.10.5.0/24       => %trap
		0          [3049:1::/64]:500  -> 3049:2::/64        => %drop:17
	EOF
}

@test "eroute: --replace, --del and --clear remove exactly what eroute owns; other policies stay byte-identical" {
	local ns foreign
	netns_new ns
	# Policies of others: one for a flow of ours, in another direction, and one of an if_id.
	ip -n "$ns" -batch - <<-EOF
		xfrm policy add src 10.10.1.0/24 dst 10.10.2.0/24 dir in priority 5
		xfrm policy add src 192.168.0.0/16 dst 10.0.0.0/8 dir out priority 100 tmpl src 1.1.1.1 dst 2.2.2.2 proto esp mode tunnel
		xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 proto udp sport 500 dir out priority 7 if_id 9
		rule add from 172.16.0.0/12 prohibit pref 100
	EOF
	foreign=$(ip -n "$ns" -s xfrm policy; ip -n "$ns" rule)
	er_in "$ns" --add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %drop
	er_in "$ns" --add --eraf inet --src 10.10.3.0/24 --dst 10.10.4.0/24 --said %reject
	er_in "$ns" --replace --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %reject
	[[ $(ip -n "$ns" rule) == *"from 10.10.1.0/24 to 10.10.2.0/24 prohibit proto 75"* ]] || fail "replace: $(ip -n "$ns" rule)"
	er_in "$ns" --replace --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %pass
	[[ $(ip -n "$ns" rule) != *"from 10.10.1.0/24 to 10.10.2.0/24"* ]] || fail "the rule stayed"
	has_policy "$(policies "$ns")" "src 10.10.1.0/24 dst 10.10.2.0/24 uid 0 | dir out action allow index * priority 268672655 *"
	er_in "$ns" --del --eraf inet --src 10.10.3.0/24 --dst 10.10.4.0/24
	[[ $(ip -n "$ns" rule) != *"proto 75"* ]] || fail "--del left the rule"
	er_in "$ns" --add --eraf inet --src 10.10.5.0/24 --dst 10.10.6.0/24 --transport-proto tcp --src-port 1024 --said %reject
	er_in "$ns" --clear
	assert_equal "$(ip -n "$ns" -s xfrm policy; ip -n "$ns" rule)" "$foreign"
	run ip netns exec "$ns" "$EROUTE"
	assert_success
	assert_output ""
}

@test "eroute: every refused line leaves ip xfrm state, ip xfrm policy and ip rule byte-identical" {
	local ns before line
	netns_new ns
	spi_in "$ns" --said tun.113@10.1.0.2 --ip4 --src 10.1.0.1
	spi_in "$ns" --said esp.115@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	grp_in "$ns" --said tun.113@10.1.0.2 esp.115@10.1.0.2
	er_in "$ns" --add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said tun.113@10.1.0.2
	er_in "$ns" --add --eraf inet --src 10.10.3.0/24 --dst 10.10.4.0/24 --said %reject
	before=$(eroute_view "$ns")
	# One shell in the namespace runs them all: each must fail and say why.
	run ip netns exec "$ns" bash -c '
		e=$1; n=0
		while IFS= read -r line; do
			eval "set -- $line"
			if "$e" "$@" >/dev/null 2>&1; then echo "accepted: $line"; exit 1; fi
			n=$((n + 1))
		done
		echo "$n refused"' _ "$EROUTE" <<-'EOF'
		--add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %drop
		--add --eraf inet --src 10.10.1.0/33 --dst 10.10.2.0/24 --said %drop
		--add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24
		--add --eraf inet --dst 10.10.2.0/24 --said %drop
		--add --eraf inet --src 10.10.1.0/24 --dst 3049::/64 --said %drop
		--add --eraf inet --src 1.0.0.0/8 --dst 2.0.0.0/8 --said tun.ff@10.1.0.2
		--add --eraf inet --src 1.0.0.0/8 --dst 2.0.0.0/8 --dst-port 25 --said %drop
		--add --eraf inet --src 1.0.0.0/8 --dst 2.0.0.0/8 --transport-proto 256 --said %drop
		--add --eraf inet --src 1.0.0.0/8 --dst 2.0.0.0/8 --said %passthrough
		--add --del
		--replace --eraf inet --src 10.10.9.0/24 --dst 10.10.2.0/24 --said %drop
		--replace --eraf inet --src 10.10.1.0/25 --dst 10.10.2.0/24 --said %drop
		--del --eraf inet --src 10.10.1.0/16 --dst 10.10.2.0/24
		--del --eraf inet --src 10.10.3.0/24 --dst 10.10.4.0/24 --transport-proto tcp
		--addin --eraf inet --src 10.10.2.0/24 --dst 10.10.1.0/24 --said tun.999@10.1.0.2
		--addin --eraf inet --src 10.10.2.0/24 --dst 10.10.1.0/24 --said esp.115@10.9.9.9
		--bogus
		--optionsfrom /nonexistent
		foo
	EOF
	assert_success
	assert_output "19 refused"
	assert_equal "$(eroute_view "$ns")" "$before"
}

# _view: SAs, policies and rules of this namespace, each on one line,
# sorted (objects put back move to the end of the kernel's lists); one ip.
_view() {
	local line b=
	ip -batch - <<<$'xfrm state\nxfrm policy\nrule' | {
		while IFS= read -r line; do
			if [[ $line == [[:space:]]* ]]; then
				b+=" | $line"
			else
				[ -n "$b" ] && printf '%s\n' "$b"
				b=$line
			fi
		done
		[ -n "$b" ] && printf '%s\n' "$b"
	} | sort
}

# _fail_steps MIN PROG ARGS...: in this namespace, make the 1st, 2nd, ...
# changing kernel call of PROG fail until it gets through; after each failure
# the view must be as before. Prints "N" (the calls failed) or what went wrong.
_fail_steps() {
	local min=$1 before after step out
	shift
	before=$(_view)
	for ((step = 1; step <= 40; step++)); do
		if out=$(KLIPS_TEST_FAIL_CALL=$step "$@" 2>&1); then
			[ $((step - 1)) -ge "$min" ] && { echo $((step - 1)); return 0; }
			echo "$*: only $((step - 1)) kernel calls, want $min or more"
			return 1
		fi
		[[ $out == *"pfkey write failed"* ]] || { echo "step $step: $out"; return 1; }
		after=$(_view)
		[ "$after" = "$before" ] || { echo "step $step of $*: not undone:"; diff <(echo "$before") <(echo "$after"); return 1; }
	done
	echo "$*: never got through: $out"
	return 1
}

# fails_at_every_step NS MIN PROG ARGS...: _fail_steps in one shell of NS.
fails_at_every_step() {
	local ns=$1
	shift
	run ip netns exec "$ns" bash -c "$(declare -f _view _fail_steps); _fail_steps \"\$@\"" _ "$@"
	assert_success
}

@test "eroute: a failure injected at every kernel step of add, replace, del, clear and a group change rolls back" {
	local ns
	[ -x "$FAULT_ER" ] && [ -x "$FAULT_GRP" ] || fail "missing $FAULT_ER or $FAULT_GRP: make $FAULT_ER $FAULT_GRP"
	run grep -c KLIPS_TEST_FAIL_CALL "$EROUTE"
	assert_output 0
	netns_new ns
	spi_in "$ns" --said tun.113@10.1.0.2 --ip4 --src 10.1.0.1
	spi_in "$ns" --said esp.115@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey $K3DES --authkey $KMD5
	# the eroute before its group: spigrp then rebuilds it
	fails_at_every_step "$ns" 6 "$FAULT_ER" --add --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said tun.113@10.1.0.2
	fails_at_every_step "$ns" 4 "$FAULT_GRP" --said tun.113@10.1.0.2 esp.115@10.1.0.2
	fails_at_every_step "$ns" 3 "$FAULT_ER" --replace --eraf inet --src 10.10.1.0/24 --dst 10.10.2.0/24 --said %reject
	fails_at_every_step "$ns" 2 "$FAULT_ER" --add --eraf inet --src 10.10.3.0/24 --dst 10.10.4.0/24 --said %pass
	fails_at_every_step "$ns" 2 "$FAULT_ER" --del --eraf inet --src 10.10.3.0/24 --dst 10.10.4.0/24
	fails_at_every_step "$ns" 7 "$FAULT_ER" --clear
}

@test "eroute: a record alone never matches traffic; the live policy does" {
	topo_two_hosts
	er_in "$NS_A" --add --eraf inet --src $IP4_A/32 --dst $IP4_B/32 --said %drop
	ping_fails "$NS_A" $IP4_B 56 2
	# Take the live policy away behind eroute's back: its record stays, inert.
	ip -n "$NS_A" xfrm policy delete src $IP4_A/32 dst $IP4_B/32 dir out
	[[ $(ip -n "$NS_A" xfrm policy) == *"src $IP4_A/32 dst $IP4_B/32"*"if_id 0x4b4c5045"* ]] || fail "record gone"
	ping_ok "$NS_A" $IP4_B 56 2
	# --del still works, and says nothing of the missing policy.
	er_in "$NS_A" --del --eraf inet --src $IP4_A/32 --dst $IP4_B/32
	[[ $(ip -n "$NS_A" xfrm policy) != *"$IP4_B/32"* ]] || fail "$(ip -n "$NS_A" xfrm policy)"
}

@test "look: klips/east-icmp-01 set up with spi, spigrp and eroute matches Openswan's sample" {
	local ns out
	netns_new ns
	# testing/klips/east-icmp-01/spi1.sh (tncfg and the route need ipsec0: not yet)
	ip netns exec "$ns" bash -e -c '
		PATH=$1:$PATH
		ipsec() { cmd=$1; shift; "$cmd" "$@"; }
		ipsec spi --clear
		ipsec eroute --clear
		ipsec spi --af inet --edst 192.1.2.45 --spi 0x12345678 --proto esp --src 192.1.2.23 --esp 3des-md5-96 --enckey 0x4043434545464649494a4a4c4c4f4f515152525454575758 --authkey 0x87658765876587658765876587658765
		ipsec spi --af inet --edst 192.1.2.45 --spi 0x12345678 --proto tun --src 192.1.2.23 --dst 192.1.2.45 --ip4
		ipsec spigrp inet 192.1.2.45 0x12345678 tun inet 192.1.2.45 0x12345678 esp
		ipsec eroute --add --eraf inet --src 192.0.2.0/24 --dst 192.0.1.0/24 --said tun0x12345678@192.1.2.45
	' _ "$KLIPS_BIN"
	# The sanitising of the original tests: the host name and date become
	# "east NOW"; and the SAs' age (KLIPS printed it from 2 s on, this VM is slow).
	out=$(ip netns exec "$ns" "$LOOK" | sed -e '1s/.*/east NOW/' -e 's/life(c,s,h)=addtime([0-9]*,0,0)/life(c,s,h)=/')
	# The sample (REF26_CONSOLE_OUTPUT) but for what is not ours: the SA lines'
	# KLIPS-only fields (iv, refcount...: see ipsec_spi(5)), the ipsec0 line
	# (no tncfg yet) and the mangle tables (no iptables here).
	assert_equal "$out" "east NOW
192.0.2.0/24       -> 192.0.1.0/24       => tun0x12345678@192.1.2.45 esp0x12345678@192.1.2.45  (0)
esp0x12345678@192.1.2.45 ESP_3DES_HMAC_MD5: dir=out src=192.1.2.23 alen=128 aklen=128 eklen=192 life(c,s,h)= natencap=none natsport=0 natdport=0
tun0x12345678@192.1.2.45 IPIP: dir=out src=192.1.2.23 life(c,s,h)= natencap=none natsport=0 natdport=0
IPSEC mangle TABLES
NEW_IPSEC_CONN mangle TABLES
ROUTING TABLES"
}
