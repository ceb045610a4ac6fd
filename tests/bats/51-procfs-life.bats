#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# klips-procfs's life: kill -9 and restarts over the dead mount (untouched,
# touched, with a reader holding a file open), what the systemd unit does,
# start and stop in both modes, the mount point made and removed, the file
# modes (0400 by default, as KLIPS), no core dump.
#
# Needs root and /dev/fuse; tun SAs only (XFRM policies), so any kernel
# with XFRM will do. Self-contained: its own namespaces (kp51-<pid>-N).
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

load helpers/procfs

setup_file() {
	kp_setup_file klips-procfs spi spigrp || return 1
	export NS1=kp51-$$-1 NS2=kp51-$$-2
	export P1=$T/ns1 P2=$T/ns2
	kp_netns_add "$NS1" && kp_netns_add "$NS2" || return 1
	kp_add_tun "$NS1" 113 10.1.0.2 10.1.0.1 && kp_add_tun "$NS2" 300 10.2.0.2 10.2.0.1 || return 1
	kp_start ns1 "$P1" --netns "$NS1"
	kp_start ns2 "$P2" --netns "$NS2"
}

teardown_file() {
	[ -f "$T/core_pattern" ] && cat "$T/core_pattern" >/proc/sys/kernel/core_pattern
	kp_teardown_file
}

n1() { ip netns exec "$NS1" "$@"; }
n2() { ip netns exec "$NS2" "$@"; }

@test "kill -9, then starting again over the stale mount: the mount works" {
	local pid
	pid=$(cat "$T/ns2.pid")
	kill -9 "$pid"
	for ((i = 0; i < 50; i++)); do
		kp_alive "$pid" || break
		sleep 0.1
	done
	run cat "$P2/ipsec_spi"
	[ "$status" -ne 0 ]
	[[ $output == *"Transport endpoint is not connected"* ]]
	kp_start ns2 "$P2" --netns "$NS2"
	grep -q 'stale mount' "$T/ns2.log"
	kp_same_as "$NS2" spi cat "$P2/ipsec_spi"
	grep -q '^tun0x300@10.2.0.2 ' "$P2/ipsec_spi"
}

# Nothing touches the dead mount before the restart: stat would still
# answer from the attribute cache, and the mount would look alive.
@test "kill -9, then at once starting again, nothing touching the dead mount: the mount works" {
	local pid i
	kp_start k9 "$T/k9" --netns "$NS2"
	pid=$(cat "$T/k9.pid")
	cat "$T/k9/ipsec_spi" >/dev/null
	kill -9 "$pid"
	while kp_alive "$pid"; do sleep 0.05; done
	kp_start k9 "$T/k9" --netns "$NS2"
	grep -q 'stale mount' "$T/k9.log"
	kp_same_as "$NS2" spi cat "$T/k9/ipsec_spi"
	kp_stop k9 "$T/k9"
}

@test "kill -9 during a read: the reader fails, a restart serves, the reader's fd does not block it" {
	local pid
	kp_start kr "$T/kr" --netns "$NS2"
	pid=$(cat "$T/kr.pid")
	exec 5<"$T/kr/ipsec_spi"
	read -r -n 8 first <&5
	[ "$first" = tun0x300 ]
	kill -9 "$pid"
	while kp_alive "$pid"; do sleep 0.05; done
	run cat <&5
	[ "$status" -ne 0 ]
	kp_start kr "$T/kr" --netns "$NS2"
	kp_same_as "$NS2" spi cat "$T/kr/ipsec_spi"
	exec 5<&-
	kp_stop kr "$T/kr"
}

# What systemd does with klips-procfs.service: ExecStart, and after a crash
# (Restart=on-failure), RestartSec later, ExecStart again.
@test "the unit: its ExecStart, killed with -9, serves again when started again as Restart= does" {
	local unit=$BATS_TEST_DIRNAME/../../packaging/systemd/klips-procfs.service line cmd pid sec
	grep -qx 'Restart=\(on-failure\|always\)' "$unit"
	sec=$(sed -n 's/^RestartSec=\([0-9]*\)s\{0,1\}$/\1/p' "$unit")
	[ -n "$sec" ] && [ "$sec" -ge 1 ] && [ "$sec" -le 10 ]
	line=$(sed -n 's/^ExecStart=//p' "$unit")
	[[ $line == "/usr/sbin/klips-procfs -f "* ]]
	# The same command line, from the build tree and on a scratch mount point.
	read -r -a cmd <<<"${line/\/usr\/sbin\/klips-procfs/$KLIPS_BIN/klips-procfs}"
	cmd[${#cmd[@]} - 1]=$T/unit
	"${cmd[@]}" -p "$T/unit.pid" >>"$T/unit.log" 2>&1 3>&- &
	disown $!
	kp_wait_mounted "$T/unit"
	pid=$(cat "$T/unit.pid")
	n2 cat "$T/unit/ipsec_spi" | grep -q '^tun0x300@10.2.0.2 '
	kill -9 "$pid"
	while kp_alive "$pid"; do sleep 0.05; done
	sleep "$sec"
	"${cmd[@]}" -p "$T/unit.pid" >>"$T/unit.log" 2>&1 3>&- &
	disown $!
	kp_wait_mounted "$T/unit"
	n2 cat "$T/unit/ipsec_spi" | grep -q '^tun0x300@10.2.0.2 '
	kp_stop unit "$T/unit"
}

@test "a second daemon on a served mount point is refused; the first keeps serving" {
	run "$KLIPS_BIN/klips-procfs" -f --netns "$NS2" "$P1" 3>&-
	[ "$status" -eq 1 ]
	[[ $output == *"already mounted"* ]]
	kp_same_as "$NS1" spi cat "$P1/ipsec_spi"
}

@test "background mode: the start command says where it serves and returns once serving; SIGTERM unmounts and removes the mount point it made" {
	run -0 "$KLIPS_BIN/klips-procfs" --netns "$NS2" -p "$T/bg.pid" "$T/bg" 3>&-
	[[ $output == "klips-procfs: serving network namespace /run/netns/$NS2 at $T/bg (pid "*")" ]]
	mountpoint -q "$T/bg"
	kp_same_as "$NS2" spi cat "$T/bg/ipsec_spi"
	local pid i
	pid=$(cat "$T/bg.pid")
	kp_alive "$pid"
	kill -TERM "$pid"
	# The daemon removes its mount point and pid file before it exits:
	# once it is gone, both must be gone (a slow VM may take seconds).
	for ((i = 0; i < 300; i++)); do
		kp_alive "$pid" || break
		sleep 0.1
	done
	not kp_alive "$pid"
	[ ! -e "$T/bg" ]
	[ ! -e "$T/bg.pid" ]
}

@test "with no arguments: the default directory, said on start, every namespace; removed at the end" {
	KLIPS_PROCDIR=$T/noargs/net run -0 "$KLIPS_BIN/klips-procfs" 3>&-
	[[ $output == "klips-procfs: serving each reader's network namespace at $T/noargs/net (pid "*")" ]]
	mountpoint -q "$T/noargs/net"
	local pid=${output##*pid } i
	pid=${pid%)}
	n2 cat "$T/noargs/net/ipsec_spi" | grep -q '^tun0x300@10.2.0.2 '
	n1 cat "$T/noargs/net/ipsec_spi" | grep -q '^tun0x113@10.1.0.2 '
	kill -TERM "$pid"
	for ((i = 0; i < 50; i++)); do
		[ -e "$T/noargs" ] || break
		sleep 0.1
	done
	# Both directories were made by the daemon, both are gone.
	[ ! -e "$T/noargs" ]
}

@test "a mount point the daemon did not make stays after it stops" {
	mkdir -p "$T/kept"
	kp_start kept "$T/kept" --netns "$NS2"
	kp_stop kept "$T/kept"
	[ -d "$T/kept" ]
	not mountpoint -q "$T/kept"
}

@test "foreground mode: SIGINT unmounts" {
	kp_start fg "$T/fg" --netns "$NS2"
	local pid i
	pid=$(cat "$T/fg.pid")
	kill -INT "$pid"
	for ((i = 0; i < 50; i++)); do
		kp_alive "$pid" || break
		sleep 0.1
	done
	not kp_alive "$pid"
	not mountpoint -q "$T/fg"
	[ ! -e "$T/fg" ]
}

# Make $T reachable by nobody (for the unprivileged readers below).
open_tmpdir() {
	local d=$T
	while [ "$d" != "$BATS_RUN_TMPDIR" ] && [ "$d" != / ]; do
		chmod o+x "$d"
		d=$(dirname "$d")
	done
	chmod o+x "$BATS_RUN_TMPDIR"
}

@test "by default the SA files are root-only, as in KLIPS: nobody cannot read them; the version is public" {
	command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; return 1; }
	open_tmpdir
	[ "$(stat -L -c %a "$P1/ipsec_spi")" = 400 ]
	[ "$(stat -L -c %a "$P1/ipsec_spigrp")" = 400 ]
	[ "$(stat -L -c %a "$P1/ipsec_version")" = 444 ]
	run setpriv --reuid=65534 --regid=65534 --clear-groups cat "$P1/ipsec_spi"
	[ "$status" -ne 0 ]
	[[ $output == *"Permission denied"* ]]
	run setpriv --reuid=65534 --regid=65534 --clear-groups cat "$P1/ipsec/spigrp/all"
	[ "$status" -ne 0 ]
	[[ $output == *"Permission denied"* ]]
	run -0 setpriv --reuid=65534 --regid=65534 --clear-groups cat "$P1/ipsec_version"
	[ -n "$output" ]
}

@test "KLIPS_PROCDIR is the default mount point; --mode 0444 opens the SA files to everyone on purpose" {
	KLIPS_PROCDIR=$T/env run -0 "$KLIPS_BIN/klips-procfs" --netns "$NS2" -m 0444 -p "$T/env.pid" 3>&-
	mountpoint -q "$T/env"
	[ "$(stat -L -c %a "$T/env/ipsec_spi")" = 444 ]
	[ "$(stat -L -c %a "$T/env/ipsec_spigrp")" = 444 ]
	kp_same_as "$NS2" spi cat "$T/env/ipsec_spi"
	open_tmpdir
	run -0 setpriv --reuid=65534 --regid=65534 --clear-groups cat "$T/env/ipsec_spi"
	[[ $output == *"tun0x300@10.2.0.2 "* ]]
	kp_stop env "$T/env"
}

@test "the daemon is not dumpable: a crash leaves no core, where a dumpable process leaves one" {
	local pattern limit core=$T/cores pid
	mkdir -p "$core"
	pattern=$(cat /proc/sys/kernel/core_pattern)
	echo "$pattern" >"$T/core_pattern"	# teardown_file puts it back if this fails
	echo "$core/core.%e.%p" >/proc/sys/kernel/core_pattern
	ulimit -c unlimited
	# The control: a dumpable process does leave one here.
	bash -c 'kill -SEGV $$' || true
	kp_start dump "$T/dump" --netns "$NS2"
	pid=$(cat "$T/dump.pid")
	cat "$T/dump/ipsec_spi" >/dev/null
	kill -SEGV "$pid"
	while kp_alive "$pid"; do sleep 0.05; done
	echo "$pattern" >/proc/sys/kernel/core_pattern
	rm -f "$T/core_pattern"
	ls "$core" >&2
	ls "$core" | grep -q '^core\.bash\.'
	[ "$(ls "$core" | grep -c '^core\.klips')" -eq 0 ]
	kp_stop dump "$T/dump"
}
