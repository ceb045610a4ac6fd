#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# One klips-procfs for every network namespace: each reader sees the SAs of
# its own namespace (as with procfs), byte for byte what `ipsec spi` and
# `ipsec spigrp` print there; namespaces made after the daemon started and
# deleted while it runs; --netns. Memory over 1,000 reads and a reader
# whose namespace cannot be entered: 54-netns-reads.bats.
#
# Needs root, /dev/fuse, a kernel with ESP (tests/kernel/run) and
# build/bin/{klips-procfs,klips-run,spi,spigrp,ipsec}.
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

load helpers/procfs

IDLE=2	# seconds the daemon keeps a namespace's sockets after its last read

# outbound N: namespace N's outbound SA, grouped with a tun SA (SAIDs spell
# the SPI in hex).
outbound() {
	kp_add_esp "$NSP-$1" "520$1" "10.5$1.0.9" "10.5$1.0.2" || return 1
	kp_add_tun "$NSP-$1" "530$1" "10.5$1.0.9" "10.5$1.0.2" || return 1
	ip netns exec "$NSP-$1" "$KLIPS_BIN/spigrp" --said "tun.530$1@10.5$1.0.9" "esp.520$1@10.5$1.0.9"
}

setup_file() {
	kp_setup_file klips-procfs klips-run spi spigrp ipsec || return 1
	# Three namespaces, each with an SA to one of its own addresses (dir=in:
	# the daemon asks the namespace for its addresses) and one outbound.
	kp_netns_three "kp55-$$" outbound || return 1
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

@test "--netns still pins one namespace for every reader" {
	kp_start pinned "$T/pinned" --netns "$NSP-2"
	ip netns exec "$NSP-1" cat "$T/pinned/ipsec_spi" | grep -q '^esp0x5102@10.52.0.2 '
	cat "$T/pinned/ipsec_spi" | grep -q '^esp0x5102@10.52.0.2 '
	kp_stop pinned "$T/pinned"
}
