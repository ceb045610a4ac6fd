# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the suites of the klips-compat programs (load after common).
#
#   spi_in NS ARGS...      run `spi` in NS; fail the test with its output if it fails
#   grp_in NS ARGS...      the same for `spigrp` (its output in GRP_OUTPUT)
#   kernel_view NS         `ip xfrm state` and `ip xfrm policy` of NS, each
#                          object on one line, sorted: equal before and after
#                          an undone change even though re-added objects
#                          move to the end of the kernel's lists

# Keys with odd parity and three different DES keys (spi refuses others).
# shellcheck disable=SC2034 # used by the suites
{
	K3DES=0x4043434545464649494a4a4c4c4f4f515152525454575758
	KMD5=0x87658765876587658765876587658765
	KSHA1=0x8765876587658765876587658765876587658765
	KAES=0xaaaabbbbccccdddd4043434545464649
}

SPI=$KLIPS_BIN/spi
GRP=$KLIPS_BIN/spigrp

spi_in() {
	local ns=$1 out
	shift
	out=$(ip netns exec "$ns" "$SPI" "$@" 2>&1) || fail "spi $* failed in $ns:"$'\n'"$out"
}

grp_in() {
	local ns=$1
	shift
	GRP_OUTPUT=$(ip netns exec "$ns" "$GRP" "$@" 2>&1) ||
		fail "spigrp $* failed in $ns:"$'\n'"$GRP_OUTPUT"
}

kernel_view() {
	{
		ip -n "$1" xfrm state
		ip -n "$1" xfrm policy
	} | awk '/^[^ \t]/ { if (b != "") print b; b = $0; next } { b = b " | " $0 } END { if (b != "") print b }' | sort
}
