#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# One klips-procfs for every network namespace: each reader sees the SAs of
# its own namespace (as with procfs), byte for byte what `ipsec spi` and
# `ipsec spigrp` print there; namespaces made after the daemon started and
# deleted while it runs; memory flat over 1,000 reads; a reader whose
# namespace cannot be entered gets EIO, and the daemon says why once.
#
# Needs root, /dev/fuse, a kernel with ESP (tests/kernel/run) and
# build/bin/{klips-procfs,klips-run,spi,spigrp,ipsec}.
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

load helpers/procfs

IDLE=2	# seconds the daemon keeps a namespace's sockets after its last read

setup_file() {
	kp_setup_file klips-procfs klips-run spi spigrp ipsec || return 1
	local i
	export KLIPS_PROCDIR=$T/net
	export NSP=kp55-$$
	# Three namespaces, each with an SA to one of its own addresses (dir=in:
	# the daemon asks the namespace for its addresses) and one outbound.
	for i in 1 2 3; do
		kp_netns_add "$NSP-$i" "10.5$i.0.2" || return 1
		kp_add_esp "$NSP-$i" "510$i" "10.5$i.0.2" "10.5$i.0.1" || return 1
		kp_add_esp "$NSP-$i" "520$i" "10.5$i.0.9" "10.5$i.0.2" || return 1
		# SAIDs spell the SPI in hex.
		ip netns exec "$NSP-$i" "$KLIPS_BIN/spi" --af inet --said "tun.530$i@10.5$i.0.9" \
			--ip4 --src "10.5$i.0.2" --dst "10.5$i.0.9" || return 1
		ip netns exec "$NSP-$i" "$KLIPS_BIN/spigrp" --said "tun.530$i@10.5$i.0.9" \
			"esp.520$i@10.5$i.0.9" || return 1
	done
	kp_start all "$KLIPS_PROCDIR" -i "$IDLE"
}

teardown_file() {
	kp_teardown_file all="$KLIPS_PROCDIR"
	ip link del "kp55-e" 2>/dev/null
	true
}

# same_in NETNS FILE COMMAND: under the launcher, `cat /proc/net/FILE` in
# NETNS gives exactly `ipsec COMMAND` there (kp_same_as).
same_in() {
	kp_same_as "$1" "ipsec $3" ip netns exec "$1" "$KLIPS_BIN/klips-run" cat "/proc/net/$2"
}

@test "one daemon, three namespaces: each reader sees its own SAs, byte for byte ipsec spi and ipsec spigrp there" {
	local i j spi
	for i in 1 2 3; do
		same_in "$NSP-$i" ipsec_spi spi
		same_in "$NSP-$i" ipsec_spigrp spigrp
		same_in "$NSP-$i" ipsec/spi/all spi
		ip netns exec "$NSP-$i" cat "$KLIPS_PROCDIR/ipsec_spi" >"$T/ns$i"
		# Its own SAs, the inbound one marked so (the namespace's own address) ...
		spi=$(printf '%x' $((0x5100 + i)))
		grep -q "^esp0x$spi@10.5$i.0.2 ESP_3DES_HMAC_MD5: dir=in " "$T/ns$i"
		spi=$(printf '%x' $((0x5200 + i)))
		grep -q "^esp0x$spi@10.5$i.0.9 ESP_3DES_HMAC_MD5: dir=out " "$T/ns$i"
		[ "$(wc -l <"$T/ns$i")" -eq 3 ]
		# ... and none of the others'.
		for j in 1 2 3; do
			[ "$j" = "$i" ] || not grep -q "@10.5$j.0" "$T/ns$i"
		done
	done
	# The daemon's own namespace has none of them.
	cat "$KLIPS_PROCDIR/ipsec_spi" >"$T/host"
	"$KLIPS_BIN/ipsec" spi >"$T/host.want"
	cmp "$T/host.want" "$T/host"
	not grep -q '@10.5' "$T/host"
}

@test "a namespace made after the daemon started is served" {
	kp_netns_add "$NSP-4"
	kp_add_esp "$NSP-4" 5104 10.54.0.2 10.54.0.1
	same_in "$NSP-4" ipsec_spi spi
	ip netns exec "$NSP-4" cat "$KLIPS_PROCDIR/ipsec_spi" | grep -q '^esp0x5104@10.54.0.2 '
}

@test "a namespace deleted while the daemon runs: still read by a process inside, then let go (its veth goes)" {
	local pid i
	pid=$(cat "$T/all.pid")
	kp_netns_add "$NSP-5"
	ip link add kp55-e type veth peer name kp55-e-in netns "$NSP-5"
	kp_add_esp "$NSP-5" 5105 10.55.0.2 10.55.0.1
	ip netns exec "$NSP-5" cat "$KLIPS_PROCDIR/ipsec_spi" | grep -q '^esp0x5105@10.55.0.2 '
	# A process inside reads after `ip netns del`: the namespace lives on for
	# it. Two FIFOs: it says it is inside, then waits until the name is gone
	# (no polling, whatever the load).
	rm -f "$T/inside" "$T/deleted"
	mkfifo "$T/inside" "$T/deleted"
	ip netns exec "$NSP-5" bash -c "echo in >'$T/inside'
		read -r _ <'$T/deleted'
		cat '$KLIPS_PROCDIR/ipsec_spi' >'$T/deleted.out'" 3>&- &
	read -r _ <"$T/inside"
	ip netns del "$NSP-5"
	not ip netns exec "$NSP-5" true 2>/dev/null
	echo gone >"$T/deleted"
	wait $!
	grep -q '^esp0x5105@10.55.0.2 ' "$T/deleted.out"
	# When nothing holds it but the daemon's sockets, IDLE seconds after the
	# last read the daemon closes them and the namespace (and veth) goes.
	for ((i = 0; i < 100; i++)); do
		ip link show kp55-e >/dev/null 2>&1 || break
		sleep 0.2
	done
	not ip link show kp55-e
	kp_alive "$pid"
	same_in "$NSP-1" ipsec_spi spi
	not grep -qi 'cannot' "$T/all.log"
}

@test "1,000 reads across the namespaces: the daemon's memory and descriptors stay flat" {
	local pid rss0 rss1 fd0 fd1 th0 th1
	pid=$(cat "$T/all.pid")
	# reads.sh N: N opens of the file by one bash, under the launcher (no fork per read).
	cat >"$T/reads.sh" <<-'EOF'
	for ((i = 0; i < $1; i++)); do
		while IFS= read -r l; do :; done </proc/net/ipsec_spi
	done
	EOF
	# The warm-up reads the way the measured reads do, the three namespaces at
	# once: the worker threads FUSE starts for concurrent requests, and the
	# malloc arenas they take, are there before the first measure (a
	# sequential warm-up left them to the measured reads: about 2 MiB under
	# qemu, once, not per read).
	concurrent_reads 50
	# Measured with every namespace let go (IDLE), before and after.
	sleep $((IDLE + 1))
	rss0=$(kp_rss_kib "$pid") fd0=$(kp_fds "$pid") th0=$(kp_threads "$pid")
	concurrent_reads 334
	sleep $((IDLE + 1))
	rss1=$(kp_rss_kib "$pid") fd1=$(kp_fds "$pid") th1=$(kp_threads "$pid")
	echo "# daemon after 150 warm-up reads: RSS $rss0 KiB, $fd0 fds, $th0 threads;" \
		"after 1,002 more: RSS $rss1 KiB, $fd1 fds, $th1 threads" >&3
	[ "$fd1" -eq "$fd0" ]
	[ "$(kp_sockets "$pid")" -eq 0 ]
	[ $((rss1 - rss0)) -lt 512 ]
}

# concurrent_reads N: N reads in each of the three namespaces, all at once.
concurrent_reads() {
	local pids=() i
	for i in 1 2 3; do
		ip netns exec "$NSP-$i" "$KLIPS_BIN/klips-run" bash "$T/reads.sh" "$1" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || return 1
	done
}

@test "a reader whose namespace cannot be entered gets EIO; the daemon says why, once; others still read" {
	command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; return 1; }
	local d=$T i
	while [ "$d" != / ]; do
		chmod o+x "$d"
		d=$(dirname "$d")
	done
	# Without CAP_SYS_PTRACE the daemon cannot look at another user's /proc/PID/ns/net.
	setpriv --bounding-set=-sys_ptrace -- "$KLIPS_BIN/klips-procfs" -f -m 0444 \
		-p "$T/noptrace.pid" "$T/noptrace" >>"$T/noptrace.log" 2>&1 3>&- &
	disown $!
	kp_wait_mounted "$T/noptrace"
	for i in 1 2 3; do
		run ip netns exec "$NSP-1" setpriv --reuid=65534 --regid=65534 --clear-groups \
			cat "$T/noptrace/ipsec_spi"
		[ "$status" -ne 0 ]
		[[ $output == *"Input/output error"* ]]
	done
	[ "$(grep -c 'cannot use /proc/[0-9]*/ns/net: Permission denied; it gets EIO' "$T/noptrace.log")" -eq 1 ]
	# A reader the daemon may look at (root, no more capabilities than the
	# daemon: the kernel wants that without CAP_SYS_PTRACE) is served.
	ip netns exec "$NSP-1" setpriv --bounding-set=-sys_ptrace -- cat "$T/noptrace/ipsec_spi" >"$T/np.out"
	grep -q '^esp0x5101@10.51.0.2 ' "$T/np.out"
	kp_stop noptrace "$T/noptrace"
}

@test "--netns still pins one namespace for every reader" {
	kp_start pinned "$T/pinned" --netns "$NSP-2"
	ip netns exec "$NSP-1" cat "$T/pinned/ipsec_spi" | grep -q '^esp0x5102@10.52.0.2 '
	cat "$T/pinned/ipsec_spi" | grep -q '^esp0x5102@10.52.0.2 '
	kp_stop pinned "$T/pinned"
}
