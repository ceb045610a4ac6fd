#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# klips-run and libklips-preload.so against a real klips-procfs: scripts
# that say /proc/net/ipsec_* read, unmodified, exactly what `ipsec spi` and
# `ipsec spigrp` print, whatever program reads; nothing else in /proc/net
# changes; no daemon, or a dead one, reads as ENOENT at once; a static
# binary is not reached (documented); the opt-in system-wide switch.
#
# Needs root, /dev/fuse, a kernel with ESP (tests/kernel/run), the readers
# (tools/deps check: gawk, mawk, busybox-static, and the dynamic busybox
# unpacked into build/deps/busybox) and build/bin.
#
# bats file_tags=procfs,root,netns,preload

bats_require_minimum_version 1.5.0

load helpers/procfs

ENCKEY=0x4043434545464649494a4a4c4c4f4f515152525454575758
AUTHKEY=0x87658765876587658765876587658765

setup_file() {
	[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; return 1; }
	[ -c /dev/fuse ] || { echo "needs /dev/fuse" >&2; return 1; }
	export KLIPS_BIN=${KLIPS_BIN:-$BATS_TEST_DIRNAME/../../build/bin}
	export BUSYBOX_DYN=$BATS_TEST_DIRNAME/../../build/deps/busybox/bin/busybox
	local p
	for p in klips-procfs klips-run spi spigrp ipsec; do
		[ -x "$KLIPS_BIN/$p" ] || { echo "missing $KLIPS_BIN/$p: run make" >&2; return 1; }
	done
	export T=$BATS_FILE_TMPDIR
	export KLIPS_PROCDIR=$T/net
	export NS=kp56-$$
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip -n "$NS" addr add 10.56.0.2/32 dev lo
	# Inbound and outbound ESP, an AH, and a tun-esp-ah group: every line kind.
	in_ns "$KLIPS_BIN/spi" --af inet --edst 10.56.0.2 --spi 0x561 --proto esp --src 10.56.0.1 \
		--esp 3des-md5-96 --enckey "$ENCKEY" --authkey "$AUTHKEY" || return 1
	in_ns "$KLIPS_BIN/spi" --af inet --edst 10.56.0.9 --spi 0x562 --proto esp --src 10.56.0.2 \
		--esp 3des-md5-96 --enckey "$ENCKEY" --authkey "$AUTHKEY" || return 1
	in_ns "$KLIPS_BIN/spi" --af inet --edst 10.56.0.9 --spi 0x563 --proto ah --src 10.56.0.2 \
		--ah hmac-md5-96 --authkey "$AUTHKEY" || return 1
	in_ns "$KLIPS_BIN/spi" --af inet --said tun.564@10.56.0.9 --ip4 --src 10.56.0.2 \
		--dst 10.56.0.9 || return 1
	in_ns "$KLIPS_BIN/spigrp" --said tun.564@10.56.0.9 esp.562@10.56.0.9 ah.563@10.56.0.9 || return 1
	kp_start all "$KLIPS_PROCDIR"
}

teardown_file() {
	kp_stop all "$KLIPS_PROCDIR"
	kp_stop dead "$T/dead"
	[ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
	true
}

in_ns() { ip netns exec "$NS" "$@"; }
not() { ! "$@"; }

@test "under klips-run, every reader gets byte for byte what ipsec spi and ipsec spigrp print" {
	[ -x "$BUSYBOX_DYN" ] || { echo "no dynamic busybox in build/deps: run tools/deps check" >&2; return 1; }
	local r
	for r in mawk gawk perl python3; do
		command -v "$r" >/dev/null || { echo "$r is missing: tools/deps check" >&2; return 1; }
	done
	# One shell in the namespace, under the launcher, runs every reader on
	# both files; each is compared with the command run right after it (the
	# addtime seconds tick: three tries, then the same but for them, said).
	cat >"$T/readers.sh" <<-'EOF'
	f=$1 cmd=$2 which=${3:-all}
	readers=(
		'cat "$f"'
		'head -c 1000000 "$f"'
		'dd if="$f" bs=1 status=none'
		'grep "" "$f"'
		'sed -n p "$f"'
		"mawk '{ print }' \"\$f\""
		"gawk '{ print }' \"\$f\""
		'perl -ne print "$f"'
		"python3 -c 'import sys; sys.stdout.write(open(sys.argv[1]).read())' \"\$f\""
		'while IFS= read -r l; do printf "%s\n" "$l"; done <"$f"'
		'"$BUSYBOX_DYN" cat "$f"'
	)
	[ "$which" = all ] || readers=("${readers[0]}" "${readers[8]}")
	bad=0
	for r in "${readers[@]}"; do
		ok=0
		for try in 1 2 3; do
			eval "$r" >"$T/got" || break
			"$KLIPS_BIN/ipsec" "$cmd" >"$T/want"
			if cmp -s "$T/got" "$T/want"; then ok=1; break; fi
		done
		if [ $ok = 0 ] && cmp -s <(sed 's/addtime([0-9]*,/addtime(N,/' "$T/got") \
			<(sed 's/addtime([0-9]*,/addtime(N,/' "$T/want"); then
			echo "# $r on $f: equal but for the addtime seconds (3 tries)" >&3
			ok=1
		fi
		if [ $ok = 0 ]; then
			echo "$r on $f: not the output of ipsec $cmd"
			diff "$T/want" "$T/got"
			bad=1
		fi
	done
	[ -s "$T/want" ] || { echo "ipsec $cmd printed nothing"; bad=1; }
	exit $bad
	EOF
	in_ns "$KLIPS_BIN/klips-run" bash "$T/readers.sh" /proc/net/ipsec_spi spi
	in_ns "$KLIPS_BIN/klips-run" bash "$T/readers.sh" /proc/net/ipsec_spigrp spigrp
	in_ns "$KLIPS_BIN/klips-run" bash "$T/readers.sh" /proc/self/net/ipsec/spi/all spi cat+python
	# The listing really has every kind of line.
	in_ns "$KLIPS_BIN/klips-run" cat /proc/net/ipsec_spi >"$T/spi"
	grep -q '^esp0x561@10.56.0.2 ESP_3DES_HMAC_MD5: dir=in ' "$T/spi"
	grep -q '^ah0x563@10.56.0.9 AH_HMAC_MD5: dir=out ' "$T/spi"
	grep -q '^tun0x564@10.56.0.9 ' "$T/spi"
	in_ns "$KLIPS_BIN/klips-run" cat /proc/net/ipsec_spigrp | grep -q '^tun0x564@10.56.0.9 esp0x562@10.56.0.9 ah0x563@10.56.0.9 $'
}

@test "what scripts test: [ -d /proc/net/ipsec/spi ], [ -f ], [ -L ], test -r, readlink, ls, cd" {
	run -0 in_ns "$KLIPS_BIN/klips-run" bash -c '
		[ -d /proc/net/ipsec/spi ] && [ -d /proc/net/ipsec ] && echo d
		[ -f /proc/net/ipsec_spi ] && [ -L /proc/net/ipsec_spi ] && echo f
		test -r /proc/self/net/ipsec_spigrp && echo r
		[ -e /proc/net/ipsec_nothing ] || echo absent
		readlink /proc/net/ipsec_spigrp
		ls /proc/net/ipsec
		cd /proc/net/ipsec/spigrp && ls'
	[ "$output" = "$(printf 'd\nf\nr\nabsent\nipsec/spigrp/all\nspi\nspigrp\nversion\nall')" ]
	# Without the launcher none of it is there, as on a kernel without KLIPS.
	run in_ns test -d /proc/net/ipsec/spi
	[ "$status" -ne 0 ]
}

@test "nothing else changes: cat /proc/net/dev and ls /proc/net are the same under klips-run" {
	in_ns cat /proc/net/dev >"$T/dev.plain"
	in_ns "$KLIPS_BIN/klips-run" cat /proc/net/dev >"$T/dev.run"
	cmp "$T/dev.plain" "$T/dev.run"
	grep -q '^ *lo:' "$T/dev.run"
	in_ns ls /proc/net >"$T/ls.plain"
	in_ns "$KLIPS_BIN/klips-run" ls /proc/net >"$T/ls.run"
	cmp "$T/ls.plain" "$T/ls.run"
	not grep -q ipsec "$T/ls.run"
	in_ns "$KLIPS_BIN/klips-run" ls -l /proc/net/dev /proc/self/net/snmp >/dev/null
}

@test "a statically linked program is not reached (documented): klips-run warns, the read misses" {
	[ -x /bin/busybox ] || { echo "no /bin/busybox: tools/deps check installs busybox-static" >&2; return 1; }
	run in_ns "$KLIPS_BIN/klips-run" /bin/busybox cat /proc/net/ipsec_spi
	[ "$status" -ne 0 ]
	[[ $output == *"warning: /bin/busybox is statically linked"* ]]
	[[ $output == *"No such file or directory"* ]]
	# The same busybox, dynamically linked, reads it (first test).
	in_ns "$KLIPS_BIN/klips-run" "$BUSYBOX_DYN" cat /proc/net/ipsec_spi | grep -q '^esp0x561@'
}

@test "no daemon: the reader gets ENOENT, as without KLIPS" {
	run in_ns "$KLIPS_BIN/klips-run" -d "$T/none" cat /proc/net/ipsec_spi
	[ "$status" -eq 1 ]
	[[ $output == *"/proc/net/ipsec_spi: No such file or directory"* ]]
	run in_ns "$KLIPS_BIN/klips-run" -d "$T/none" bash -c '[ -d /proc/net/ipsec ]'
	[ "$status" -eq 1 ]
}

@test "a dead daemon (kill -9): the reader gets ENOENT at once, never a hang or ENOTCONN" {
	local pid
	kp_start dead "$T/dead"
	pid=$(cat "$T/dead.pid")
	in_ns "$KLIPS_BIN/klips-run" -d "$T/dead" cat /proc/net/ipsec_spi | grep -q '^esp0x561@'
	kill -9 "$pid"
	while kp_alive "$pid"; do sleep 0.05; done
	run in_ns timeout 10 "$KLIPS_BIN/klips-run" -d "$T/dead" cat /proc/net/ipsec_spi
	[ "$status" -eq 1 ]
	[[ $output == *"No such file or directory"* ]]
	run in_ns timeout 10 "$KLIPS_BIN/klips-run" -d "$T/dead" bash -c '[ -e /proc/net/ipsec_spi ]'
	[ "$status" -eq 1 ]
	# Without the launcher the dead mount says what it is.
	run in_ns cat "$T/dead/ipsec_spi"
	[[ $output == *"Transport endpoint is not connected"* ]]
	kp_stop dead "$T/dead"
}

@test "mode 0400 (the default): another user reading through the launcher gets Permission denied, as from KLIPS" {
	local d=$T
	while [ "$d" != / ]; do
		chmod o+x "$d"
		d=$(dirname "$d")
	done
	run in_ns "$KLIPS_BIN/klips-run" setpriv --reuid=65534 --regid=65534 --clear-groups \
		cat /proc/net/ipsec_spi
	[ "$status" -eq 1 ]
	[[ $output == *"Permission denied"* ]]
}

# In a mount namespace of its own with a copy of /etc, so the machine's
# /etc/ld.so.preload is never touched.
@test "system-wide, opt-in: --system on makes every program read them; --system off undoes it" {
	mkdir -p "$T/etc"
	cp -a /etc/. "$T/etc/"
	rm -f "$T/etc/ld.so.preload"
	run -0 unshare -m --propagation private bash -c '
		mount --bind "$1" /etc || exit 2
		"$KLIPS_BIN/klips-run" --system status && exit 3
		"$KLIPS_BIN/klips-run" --system on || exit 4
		"$KLIPS_BIN/klips-run" --system status || exit 5
		ip netns exec "$2" cat /proc/net/ipsec_spi | grep -q "^esp0x561@" || exit 6
		ip netns exec "$2" sh -c "test -d /proc/net/ipsec/spi" || exit 7
		"$KLIPS_BIN/klips-run" --system off || exit 8
		[ -e /etc/ld.so.preload ] && exit 9
		ip netns exec "$2" cat /proc/net/ipsec_spi 2>/dev/null && exit 10
		exit 0' bash "$T/etc" "$NS"
	[[ $output == *"/etc/ld.so.preload: on"* ]]
	[ ! -e /etc/ld.so.preload ] || not grep -q klips /etc/ld.so.preload
}
