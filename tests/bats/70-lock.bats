#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: uml
# The writers' lock under a real kernel (src/lock.h): a user who may not
# change the SAD (nobody) can neither make, open nor hold it, and holding
# all it can (the fallback socket, the legacy lock) delays no root writer;
# two root writers take turns, the second told the first one's pid.
#
# tests/bats/fixtures/holdlock.c takes the lock as the commands do, or
# tries a path directly; crash.c's KLIPS_CRASH=sleep:MS makes a writer hold
# the lock that long (it sleeps at its first request to the kernel).

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips

# The fixtures, once: in a directory nobody may enter (0755), so that
# nobody can run them.
setup_file() {
	KC_LOCK_BIN=$(mktemp -d "${TMPDIR:-/tmp}/kc-lock.XXXXXX")
	chmod 0755 "$KC_LOCK_BIN"
	cc -I"$KLIPS_ROOT" -D_GNU_SOURCE -O1 -o "$KC_LOCK_BIN/holdlock" \
		"$BATS_TEST_DIRNAME/fixtures/holdlock.c" "$KLIPS_ROOT/src/lock.c" || return 1
	cc -shared -fPIC -O1 -o "$KC_LOCK_BIN/crash.so" "$BATS_TEST_DIRNAME/fixtures/crash.c" -ldl ||
		return 1
	export KC_LOCK_BIN
}

teardown_file() {
	rm -rf "$KC_LOCK_BIN"
}

setup() {
	kc_setup
	kc_require_bin spi spigrp
	command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to act as nobody"
	[ -x "$KC_LOCK_BIN/holdlock" ] && [ -f "$KC_LOCK_BIN/crash.so" ] || fail "the fixtures were not built"
	HOLD=$KC_LOCK_BIN/holdlock
	PRELOAD=$KC_LOCK_BIN/crash.so
	KC_BG=()
}

teardown() {
	local p
	for p in "${KC_BG[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	kc_teardown
}

# As nobody, without capabilities: ip netns exec NS "${NOBODY[@]}" CMD...
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --)

# as_nobody NS CMD...: CMD in NS as nobody.
as_nobody() {
	local ns=$1
	shift
	ip netns exec "$ns" "${NOBODY[@]}" "$@"
}

# wait_for FILE REGEX: until a line of FILE matches (10 s at most).
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "no line matching '$2' in $1: $(cat "$1" 2>&1)"
}

# lock_file NS: the path of NS's lock file.
lock_file() {
	printf '/run/klips-compat/lock/netns-%s.lock' "$(ip netns exec "$1" stat -L -c %i /proc/self/ns/net)"
}

@test "lock: nobody can neither make, open nor hold the writers' lock; root's writers do not wait for it" {
	local ns lock out=$BATS_TEST_TMPDIR/nobody.out
	netns_new ns
	lock=$(lock_file "$ns")
	# before any writer, and after
	if [ ! -e /run/klips-compat/lock ]; then
		run as_nobody "$ns" mkdir -p /run/klips-compat/lock
		assert_failure
		[ ! -e /run/klips-compat/lock ] || fail "nobody made /run/klips-compat/lock"
	fi
	spi_in "$ns" --said esp.1000@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey "$K3DES"
	assert_equal "$(stat -c '%a %U %F' /run/klips-compat/lock)" "700 root directory"
	run as_nobody "$ns" mkdir /run/klips-compat/lock2
	assert_failure
	[ ! -e "$lock" ] || fail "the lock file stays after the writer: $(ls -l "$lock")"

	# nobody tries the lock file itself, and to list the directory
	run as_nobody "$ns" "$HOLD" "$lock" 1
	assert_failure
	assert_output "refused: Permission denied"
	run as_nobody "$ns" ls /run/klips-compat/lock
	assert_failure

	# nobody holds what it can (the fallback socket, in place of the old
	# lock) as long as root's writers run
	ip netns exec "$ns" "${NOBODY[@]}" "$HOLD" 120 >"$out" 2>&1 3>&- &
	KC_BG+=("$!")
	wait_for "$out" '^held socket [0-9]+$'

	run -0 ip netns exec "$ns" "$SPI" --said esp.1001@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey "$K3DES"
	refute_output --partial "writers' lock"
	run -0 ip netns exec "$ns" "$SPI" --said tun.1002@10.1.0.2 --ip4 --src 10.1.0.1 --dst 10.1.0.2
	run -0 ip netns exec "$ns" "$GRP" --said tun.1002@10.1.0.2 esp.1001@10.1.0.2
	refute_output --partial "writers' lock"
	run -0 ip netns exec "$ns" "$SPI" --said esp.1000@10.1.0.2 --del
	refute_output --partial "writers' lock"
	run ip -n "$ns" xfrm state
	assert_output --partial "spi 0x00001001"
	refute_output --partial "spi 0x00001000"
	kill -0 "${KC_BG[0]}" || fail "nobody's holder is gone: the test proved nothing"
}

@test "lock: an unprivileged spi is refused by the kernel, not kept waiting" {
	local ns
	netns_new ns
	ip netns exec "$ns" "$HOLD" 120 >"$BATS_TEST_TMPDIR/root.out" 2>&1 3>&- &
	KC_BG+=("$!")
	wait_for "$BATS_TEST_TMPDIR/root.out" '^held file [0-9]+$'
	run -1 as_nobody "$ns" "$SPI" --said esp.1100@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey "$K3DES"
	assert_output --partial "CAP_NET_ADMIN"
	refute_output --partial "writers' lock"
	refute_output --partial "serialise"
}

@test "lock: two root writers take turns; the second is told the first one's pid" {
	local ns lock first second ino i go=$BATS_TEST_TMPDIR/go
	local out1=$BATS_TEST_TMPDIR/first.out out2=$BATS_TEST_TMPDIR/second.out
	netns_new ns
	lock=$(lock_file "$ns")
	# the first holds the lock until $go exists
	ip netns exec "$ns" env KLIPS_CRASH="wait:$go" LD_PRELOAD="$PRELOAD" "$SPI" \
		--said esp.1200@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey "$K3DES" >"$out1" 2>&1 3>&- &
	first=$!
	KC_BG+=("$first")
	for ((i = 0; i < 200; i++)); do
		ino=$(stat -c %i "$lock" 2>/dev/null) &&
			grep -Eq "POSIX +ADVISORY +WRITE +$first +[0-9a-f]+:[0-9a-f]+:$ino " /proc/locks && break
		sleep 0.05
	done
	((i < 200)) || fail "the first writer never held the lock: $(cat /proc/locks "$out1")"

	# the second waits, and says for whom
	ip netns exec "$ns" "$SPI" --said esp.1201@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey "$K3DES" \
		>"$out2" 2>&1 3>&- &
	second=$!
	KC_BG+=("$second")
	wait_for "$out2" "waiting for the writers' lock"
	assert_equal "$(cat "$out2")" "$SPI: waiting for the writers' lock, held by pid $first"
	kill -0 "$second" || fail "the second writer did not wait: $(cat "$out2")"
	ip -n "$ns" xfrm state | grep -q "spi 0x00001201" && fail "the second writer went ahead"

	touch "$go"
	wait "$first" || fail "the first writer failed: $(cat "$out1")"
	wait "$second" || fail "the second writer failed: $(cat "$out2")"
	KC_BG=()
	run ip -n "$ns" xfrm state
	assert_output --partial "spi 0x00001200"
	assert_output --partial "spi 0x00001201"
	[ ! -e "$lock" ] || fail "the lock file stays after both writers"
}
