# SPDX-License-Identifier: GPL-2.0-or-later
# What went over the wire (loaded by helpers/common): tcpdump in the
# receiving namespace, started before and stopped after the traffic.
#
#   wire_start NS IFACE    start capturing on IFACE in NS (returns once
#                          tcpdump listens)
#   wire_stop [MIN]        wait until MIN packets (default 1) were decoded
#                          (at most 3 s), stop tcpdump, and decode:
#                            WIRE       one entry per IP packet,
#                                       "SRC > DST: CHAIN", e.g.
#                                       "10.1.0.1 > 10.1.0.2: AH(spi=0x116) ESP(spi=0x115)"
#                            WIRE_TEXT  tcpdump's own lines
#                          CHAIN lists the headers after the outer IP header,
#                          outer first: AH(spi=..), ESP(spi=..),
#                          IPComp(cpi=..), IP/IP6 (an inner header), then
#                          the protocol tcpdump names (ICMP, ICMP6, UDP ...)
#                          when it is readable. SPIs have no leading zeros.
#   wire_chains SRC DST    prints the distinct chains seen from SRC to DST
#   assert_wire SRC DST CHAIN
#                          packets went from SRC to DST, and all with CHAIN
#                          (so nothing leaked around the SA)
#   wire_cleanup           stop a capture left running (kc_teardown does)
#
# Call wire_start and wire_stop directly in the test, not through `run`.

WIRE_PID=
WIRE_FILE=

wire_start() {
	local ns=$1 ifc=$2 i line
	[ -z "$WIRE_PID" ] || fail "wire_start: a capture is already running"
	WIRE_FILE=$BATS_TEST_TMPDIR/wire.$ns.$ifc
	: >"$WIRE_FILE.txt"
	: >"$WIRE_FILE.err"
	# fd 3 closed: bats waits for whatever holds it (bats-core docs).
	ip netns exec "$ns" tcpdump -i "$ifc" -n -t -l --immediate-mode -Z root \
		>"$WIRE_FILE.txt" 2>"$WIRE_FILE.err" 3>&- &
	WIRE_PID=$!
	for ((i = 0; i < 100; i++)); do
		_kc_slurp line "$WIRE_FILE.err"
		[[ $line == *"listening on"* ]] && return 0
		kill -0 "$WIRE_PID" 2>/dev/null || break
		sleep 0.05
	done
	wire_cleanup
	fail "tcpdump did not start on $ifc in $ns: $(cat "$WIRE_FILE.err")"
}

# _kc_slurp VAR FILE: VAR=the contents of FILE, without a fork.
_kc_slurp() {
	IFS= read -r -d '' "$1" <"$2" || true
}

# _kc_wire_count: number of lines in the capture so far, without a fork.
_kc_wire_count() {
	local n=0 _
	while IFS= read -r _; do n=$((n + 1)); done <"$WIRE_FILE.txt"
	WIRE_COUNT=$n
}

wire_stop() {
	local min=${1:-1} i line src dst rest chain id re_addr re_sec re_inner re_word
	[ -n "$WIRE_PID" ] || fail "wire_stop: no capture is running"
	for ((i = 0; i < 30; i++)); do
		_kc_wire_count
		[ "$WIRE_COUNT" -ge "$min" ] && break
		sleep 0.1
	done
	kill -INT "$WIRE_PID" 2>/dev/null
	wait "$WIRE_PID" 2>/dev/null
	WIRE_PID=
	_kc_slurp WIRE_TEXT "$WIRE_FILE.txt"
	WIRE=()
	re_addr='^IP6? ([0-9a-fA-F.:]+) > ([0-9a-fA-F.:]+): (.*)$'
	re_sec='^(AH|ESP|IPComp)\(([a-z]+)=(0x[0-9a-f]+)[^)]*\)(: )?(.*)$'
	re_inner='^(IP6?) [0-9a-fA-F.:]+ > [0-9a-fA-F.:]+: (.*)$'
	re_word='^([A-Za-z0-9]+)'
	while IFS= read -r line; do
		[[ $line =~ $re_addr ]] || continue
		src=${BASH_REMATCH[1]} dst=${BASH_REMATCH[2]} rest=${BASH_REMATCH[3]}
		chain=
		while [ -n "$rest" ]; do
			if [[ $rest =~ $re_sec ]]; then
				printf -v id '0x%x' "$((BASH_REMATCH[3]))"
				chain+=" ${BASH_REMATCH[1]}(${BASH_REMATCH[2]}=$id)"
				rest=${BASH_REMATCH[5]}
			elif [[ $rest =~ $re_inner ]]; then
				chain+=" ${BASH_REMATCH[1]}"
				rest=${BASH_REMATCH[2]}
			elif [[ $rest =~ $re_word && $rest != length* ]]; then
				chain+=" ${BASH_REMATCH[1]}"
				break
			else
				break
			fi
		done
		WIRE+=("$src > $dst:$chain")
	done <<<"$WIRE_TEXT"
}

wire_chains() {
	local p seen=$'\n'
	for p in "${WIRE[@]}"; do
		[[ $p == "$1 > $2: "* ]] || continue
		p=${p#"$1 > $2: "}
		[[ $seen == *$'\n'"$p"$'\n'* ]] && continue
		seen+="$p"$'\n'
		printf '%s\n' "$p"
	done
}

assert_wire() {
	local src=$1 dst=$2 want=$3 p n=0 bad=0
	for p in "${WIRE[@]}"; do
		[[ $p == "$src > $dst: "* ]] || continue
		n=$((n + 1))
		[ "$p" = "$src > $dst: $want" ] || bad=$((bad + 1))
	done
	[ "$n" -gt 0 ] && [ "$bad" -eq 0 ] && return 0
	local seen
	seen=$(printf '  %s\n' "${WIRE[@]}")
	fail "expected every packet $src > $dst to be '$want': $n packets, $bad others; on the wire:"$'\n'"$seen"
}

wire_cleanup() {
	[ -n "$WIRE_PID" ] || return 0
	kill -KILL "$WIRE_PID" 2>/dev/null
	wait "$WIRE_PID" 2>/dev/null
	WIRE_PID=
	return 0
}
