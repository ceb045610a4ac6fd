#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# klips-run and libklips-preload.so beyond the readers (56-preload.bats):
# what scripts test ([ -d ], [ -f ], readlink, ls, cd) works; nothing else
# in /proc/net changes; no daemon, or a dead one, reads as ENOENT at once; a
# static binary is not reached (documented); mode 0400 holds through the
# launcher; the opt-in system-wide switch.
#
# Needs root, /dev/fuse, a kernel with ESP (tests/kernel/run), setpriv,
# busybox-static and the dynamic busybox (tools/deps check), and build/bin.
#
# bats file_tags=procfs,root,netns,preload

bats_require_minimum_version 1.5.0

load helpers/procfs

setup_file() {
	kp_setup_launcher "kp57-$$" 10.57.0.2 || return 1
	# One ESP SA: the readers and their listings are 56-preload.bats'.
	kp_add_esp "$NS" 561 10.57.0.2 10.57.0.1 || return 1
	kp_start all "$KLIPS_PROCDIR"
}

teardown_file() { kp_teardown_file all="$KLIPS_PROCDIR"; }

@test "what scripts test: [ -d /proc/net/ipsec/eroute ] (_realsetup's KLIPS test), [ -f ], [ -L ], test -r, readlink, ls, cd" {
	run -0 in_ns "$KLIPS_BIN/klips-run" bash -c '
		[ -d /proc/net/ipsec/eroute ] && [ -d /proc/net/ipsec/spi ] && [ -d /proc/net/ipsec ] && echo d
		[ -f /proc/net/ipsec_spi ] && [ -L /proc/net/ipsec_spi ] && echo f
		test -r /proc/self/net/ipsec_spigrp && echo r
		[ -e /proc/net/ipsec_nothing ] || echo absent
		readlink /proc/net/ipsec_spigrp
		ls /proc/net/ipsec
		cd /proc/net/ipsec/spigrp && ls'
	[ "$output" = "$(printf 'd\nf\nr\nabsent\nipsec/spigrp/all\neroute\nspi\nspigrp\ntncfg\nversion\nall')" ]
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
