# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2034 # the arrays are read by the suites
# Readers for the kernel's XFRM state (loaded by helpers/common). iproute2
# is the independent oracle: what `ip xfrm` shows is what the kernel holds.
#
#   xfrm_state_dump NS     prints `ip xfrm state` of NS (use with `run`)
#   xfrm_policy_dump NS    prints `ip xfrm policy` of NS (use with `run`)
#   xfrm_sa_counters NS    one `ip -s xfrm state` dump of NS, parsed into
#                          associative arrays keyed by SPI ("0x1001", no
#                          leading zeros) and by "proto:spi" ("esp:0x1001"):
#                            SA_BYTES SA_PACKETS   lifetime current
#                            SA_REPLAY SA_FAILED   stats (replay errors,
#                                                  integrity failures)
#                            SA_OSEQ               outbound sequence number
#                          An SPI that is not in the dump has no key.
#   xfrm_sa_counter ARRAY SPI  prints ${ARRAY[SPI]}; fails, naming the SPI
#                          and the SAs it found, if that SA is not there
#   assert_sa_counter ARRAY SPI OP N   e.g. SA_PACKETS esp:0x1001 -ge 3
#   xfrm_stat NS           /proc/net/xfrm_stat of NS into XFRM_STAT
#                          (e.g. ${XFRM_STAT[XfrmInStateProtoError]})
#
# Call xfrm_sa_counters and xfrm_stat directly, not through `run`: they set
# variables in the calling shell.

xfrm_state_dump() { ip -n "$1" xfrm state; }
xfrm_policy_dump() { ip -n "$1" xfrm policy; }

# _kc_spi_key VAR SPI: VAR=SPI in the key form (0x00001001, 4097 -> 0x1001),
# without a subshell (each costs ~30 ms under user-mode Linux).
_kc_spi_key() {
	printf -v "$1" '0x%x' "$(($2))"
}

xfrm_sa_counters() {
	local ns=$1 dump line proto='' spi='' key='' re_id re_cur re_stats re_seq
	declare -gA SA_BYTES=() SA_PACKETS=() SA_REPLAY=() SA_FAILED=() SA_OSEQ=()
	dump=$(ip -n "$ns" -s xfrm state) || fail "ip -n $ns -s xfrm state failed"
	re_id='^[[:space:]]+proto ([a-z0-9-]+) spi (0x[0-9a-f]+)'
	re_cur='^[[:space:]]+([0-9]+)\(bytes\), ([0-9]+)\(packets\)'
	re_stats='^[[:space:]]+replay-window [0-9]+ replay ([0-9]+) failed ([0-9]+)'
	re_seq='anti-replay context: seq 0x[0-9a-f]+, oseq (0x[0-9a-f]+)'
	while IFS= read -r line; do
		if [[ $line =~ $re_id ]]; then
			proto=${BASH_REMATCH[1]}
			_kc_spi_key spi "${BASH_REMATCH[2]}"
			key=$proto:$spi
		elif [ -z "$spi" ]; then
			continue
		elif [[ $line =~ $re_cur ]]; then
			SA_BYTES[$spi]=${BASH_REMATCH[1]} SA_BYTES[$key]=${BASH_REMATCH[1]}
			SA_PACKETS[$spi]=${BASH_REMATCH[2]} SA_PACKETS[$key]=${BASH_REMATCH[2]}
		elif [[ $line =~ $re_stats ]]; then
			SA_REPLAY[$spi]=${BASH_REMATCH[1]} SA_REPLAY[$key]=${BASH_REMATCH[1]}
			SA_FAILED[$spi]=${BASH_REMATCH[2]} SA_FAILED[$key]=${BASH_REMATCH[2]}
		elif [[ $line =~ $re_seq ]]; then
			SA_OSEQ[$spi]=$((BASH_REMATCH[1])) SA_OSEQ[$key]=$((BASH_REMATCH[1]))
		fi
	done <<<"$dump"
	XFRM_SA_DUMP=$dump
}

# _kc_sa_lookup ARRAY KEY: sets _KC_SA_VAL to ${ARRAY[KEY]} after
# normalising KEY ("0x00001001", "esp:4097" ...); fails if there is none.
_kc_sa_lookup() {
	local -n _arr=$1
	local key k have=
	case $2 in
	*:*) _kc_spi_key key "${2#*:}" && key=${2%%:*}:$key ;;
	*) _kc_spi_key key "$2" ;;
	esac
	if [ -n "${_arr[$key]+set}" ]; then
		_KC_SA_VAL=${_arr[$key]}
		return 0
	fi
	for k in "${!_arr[@]}"; do [[ $k == *:* ]] && have+=" $k"; done
	fail "no SA $2 in the last dump (SAs:${have:- none})"
}

xfrm_sa_counter() {
	_kc_sa_lookup "$1" "$2" || return 1
	printf '%s\n' "$_KC_SA_VAL"
}

# assert_sa_counter ARRAY SPI OP VALUE: e.g. assert_sa_counter SA_PACKETS
# esp:0x1001 -ge 3, after xfrm_sa_counters. OP is a test(1) comparison.
assert_sa_counter() {
	_kc_sa_lookup "$1" "$2" || return 1
	test "$_KC_SA_VAL" "$3" "$4" ||
		fail "$1[$2] is $_KC_SA_VAL, expected $3 $4; the dump was:"$'\n'"$XFRM_SA_DUMP"
}

xfrm_stat() {
	local ns=$1 text name value
	declare -gA XFRM_STAT=()
	text=$(ip netns exec "$ns" cat /proc/net/xfrm_stat) ||
		fail "cannot read /proc/net/xfrm_stat in $ns"
	while read -r name value; do
		[ -n "$name" ] && XFRM_STAT[$name]=$value
	done <<<"$text"
}
