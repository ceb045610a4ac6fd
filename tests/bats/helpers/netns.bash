# SPDX-License-Identifier: GPL-2.0-or-later
# Network namespaces for the kernel suites (loaded by helpers/common).
#
#   netns_new VAR          create a fresh namespace with lo up, name in $VAR
#   topo_two_hosts         namespaces NS_A and NS_B joined by a veth pair
#                          (VETH_A in A, VETH_B in B), both up, lo up:
#                            IPv4  IP4_A=10.231.0.1/24  IP4_B=10.231.0.2/24
#                            IPv6  IP6_A=fd00:4b43::1/64 IP6_B=fd00:4b43::2/64
#                                  (nodad: usable at once)
#   in_ns NS CMD...        run CMD in namespace NS (ip netns exec)
#   in_a CMD... / in_b CMD...   the same in NS_A / NS_B
#   netns_cleanup          kill what runs in this test's namespaces and
#                          delete them (kc_teardown calls it; safe to call
#                          twice, also after a set-up that failed half-way)
#
# Names are unique per test and process: kc-<test number>-<pid>-<suffix>,
# so a namespace left behind by a crash never collides with a new one.

KC_NETNS=()

# _kc_ns_name SUFFIX: prints this test's name for a namespace.
_kc_ns_name() {
	printf 'kc-%s-%s-%s' "${BATS_SUITE_TEST_NUMBER:-${BATS_TEST_NUMBER:-0}}" "$$" "$1"
}

netns_new() {
	local var=$1 name
	name=$(_kc_ns_name "n${#KC_NETNS[@]}")
	KC_NETNS+=("$name")
	ip netns add "$name" || fail "cannot create network namespace $name"
	ip -n "$name" link set lo up || fail "cannot bring lo up in $name"
	printf -v "$var" '%s' "$name"
}

topo_two_hosts() {
	NS_A=$(_kc_ns_name a)
	NS_B=$(_kc_ns_name b)
	VETH_A=veth-a
	VETH_B=veth-b
	IP4_A=10.231.0.1 IP4_B=10.231.0.2
	IP6_A=fd00:4b43::1 IP6_B=fd00:4b43::2
	KC_NETNS+=("$NS_A" "$NS_B")
	ip -batch - <<-EOF || fail "cannot create namespaces $NS_A and $NS_B"
		netns add $NS_A
		netns add $NS_B
		link add $VETH_A netns $NS_A type veth peer name $VETH_B netns $NS_B
	EOF
	_kc_host_up "$NS_A" "$VETH_A" "$IP4_A" "$IP6_A"
	_kc_host_up "$NS_B" "$VETH_B" "$IP4_B" "$IP6_B"
}

# _kc_host_up NS VETH IP4 IP6: lo and VETH up in NS, with the two addresses
_kc_host_up() {
	ip -n "$1" -batch - <<-EOF || fail "cannot configure $1"
		link set lo up
		addr add $3/24 dev $2
		addr add $4/64 dev $2 nodad
		link set $2 up
	EOF
}

in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}
in_a() { ip netns exec "$NS_A" "$@"; }
in_b() { ip netns exec "$NS_B" "$@"; }

netns_cleanup() {
	local ns pids batch=
	[ "${#KC_NETNS[@]}" -gt 0 ] || return 0
	for ns in "${KC_NETNS[@]}"; do
		[ -e "/run/netns/$ns" ] && batch+="netns pids $ns"$'\n'
	done
	[ -n "$batch" ] || { KC_NETNS=(); return 0; }
	pids=$(ip -force -batch - <<<"$batch" 2>/dev/null)
	# shellcheck disable=SC2086 # a list of pids
	[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
	batch=${batch//netns pids /netns del }
	ip -force -batch - <<<"$batch" >/dev/null 2>&1 || true
	KC_NETNS=()
}
