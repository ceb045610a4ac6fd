# SPDX-License-Identifier: GPL-2.0-or-later
# Traffic between namespaces (loaded by helpers/common).
#
#   ping_ok NS DST [SIZE [COUNT]]     every ping from NS to DST is answered
#   ping_fails NS DST [SIZE [COUNT]]  no ping is answered (a broken set-up
#                                     must not pass traffic)
#
# SIZE is ping's -s (payload bytes, default 56), COUNT its -c (default 3).
# IPv4 or IPv6 follows from DST. Both leave ping's output in PING_OUTPUT and
# fail the test with that output when the expectation is not met.

# _kc_ping NS DST SIZE COUNT WAIT [ping options]: runs ping, sets
# PING_OUTPUT and PING_STATUS. WAIT is -W, the wait for each reply.
_kc_ping() {
	local ns=$1 dst=$2 size=$3 count=$4 wait=$5
	shift 5
	PING_STATUS=0
	PING_OUTPUT=$(ip netns exec "$ns" ping -n -q -c "$count" -i 0.05 \
		-W "$wait" -s "$size" "$@" "$dst" 2>&1) || PING_STATUS=$?
}

ping_ok() {
	local ns=$1 dst=$2 size=${3:-56} count=${4:-3}
	# No -w: with a deadline ping sends until COUNT replies came back.
	_kc_ping "$ns" "$dst" "$size" "$count" 3
	if [ "$PING_STATUS" -ne 0 ] ||
		[[ $PING_OUTPUT != *" $count received, 0% packet loss"* ]]; then
		fail "ping -s $size -c $count $dst from $ns: expected all replies (exit $PING_STATUS):"$'\n'"$PING_OUTPUT"
	fi
}

ping_fails() {
	local ns=$1 dst=$2 size=${3:-56} count=${4:-3}
	_kc_ping "$ns" "$dst" "$size" "$count" 1
	local answered='[^0-9][1-9][0-9]* received'
	if [ "$PING_STATUS" -eq 0 ] || [[ $PING_OUTPUT =~ $answered ]]; then
		fail "ping -s $size -c $count $dst from $ns: expected no reply, got (exit $PING_STATUS):"$'\n'"$PING_OUTPUT"
	fi
}
