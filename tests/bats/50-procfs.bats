#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# klips-procfs on a real kernel: the served tree and files against the
# legacy commands and `ip xfrm state`, refused writes, daemons pinned to one
# network namespace (--netns), a daemon without CAP_NET_ADMIN. Elsewhere:
# crashes, restarts, start and stop, modes (51-procfs-life.bats); readers
# (52; a large listing: 53); one daemon for every namespace (54, 55); the
# launcher (56, 57); churn (58-procfs-churn.bats).
#
# Needs root, /dev/fuse, a kernel with ESP, AH and 3DES (tests/kernel/run),
# setpriv, and build/bin/{klips-procfs,spi,spigrp} (or $KLIPS_BIN).
# Self-contained: its own namespaces (kp50-<pid>-N) and mounts under
# $BATS_FILE_TMPDIR, all removed in teardown_file.
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

load helpers/procfs

setup_file() {
	kp_setup_file klips-procfs spi spigrp eroute tncfg || return 1
	export NS1=kp50-$$-1 NS2=kp50-$$-2
	export P1=$T/ns1 P2=$T/ns2
	kp_netns_add "$NS1" && kp_netns_add "$NS2" || return 1
	kp_start ns1 "$P1" --netns "$NS1"
	kp_start ns2 "$P2" --netns "$NS2"
}

teardown_file() { kp_teardown_file; }

n1() { ip netns exec "$NS1" "$@"; }
n2() { ip netns exec "$NS2" "$@"; }

# The non-tun SAIDs in a listing, and the same from `ip xfrm state`.
listing_saids() { awk '$1 !~ /^tun/ { print $1 }' "$1" | sort; }
xfrm_saids() {
	local proto spi dst
	ip -n "$1" xfrm state | awk '/^src / { dst = $4 } /^\tproto / { print $2, $4, dst }' |
		while read -r proto spi dst; do
			printf '%s0x%x@%s\n' "$proto" "$spi" "$dst"
		done | sort
}

@test "the tree: KLIPS names are symlinks into ipsec/, files are 0400 (version 0444) and size 0" {
	[ -L "$P1/ipsec_spi" ] && [ "$(readlink "$P1/ipsec_spi")" = ipsec/spi/all ]
	[ -L "$P1/ipsec_spigrp" ] && [ "$(readlink "$P1/ipsec_spigrp")" = ipsec/spigrp/all ]
	[ -L "$P1/ipsec_version" ] && [ "$(readlink "$P1/ipsec_version")" = ipsec/version ]
	[ -L "$P1/ipsec_eroute" ] && [ "$(readlink "$P1/ipsec_eroute")" = ipsec/eroute/all ]
	[ -L "$P1/ipsec_tncfg" ] && [ "$(readlink "$P1/ipsec_tncfg")" = ipsec/tncfg ]
	[ -f "$P1/ipsec_spi" ] && [ -f "$P1/ipsec_spigrp" ] && [ -f "$P1/ipsec_version" ]
	[ ! -s "$P1/ipsec_spi" ]	# like procfs: size 0 whatever the content
	[ "$(stat -L -c %a:%s "$P1/ipsec_spi")" = 400:0 ]
	[ "$(stat -L -c %a:%s "$P1/ipsec_spigrp")" = 400:0 ]
	[ "$(stat -L -c %a:%s "$P1/ipsec_eroute")" = 400:0 ]
	[ "$(stat -L -c %a:%s "$P1/ipsec_tncfg")" = 400:0 ]
	[ "$(stat -L -c %a "$P1/ipsec_version")" = 444 ]
	[ "$(ls "$P1" | tr '\n' ' ')" = "ipsec ipsec_eroute ipsec_spi ipsec_spigrp ipsec_tncfg ipsec_version " ]
	[ "$(ls "$P1/ipsec" | tr '\n' ' ')" = "eroute spi spigrp tncfg version " ]
	grep -q ' fuse.klips-procfs ro,' /proc/mounts
	run -0 cat "$P1/ipsec_version"
	[ -n "$output" ]
}

@test "empty tables: empty files, the same as the commands print" {
	run -0 cat "$P2/ipsec_spi"
	[ -z "$output" ]
	kp_same_as "$NS2" spi cat "$P2/ipsec_spi"
	kp_same_as "$NS2" spigrp cat "$P2/ipsec_spigrp"
}

@test "tun SAs made with spi: files equal spi and spigrp output, byte for byte" {
	kp_add_tun "$NS1" 113 10.1.0.2 10.1.0.1
	kp_add_tun "$NS1" 114 10.1.0.2 10.1.0.1
	grep -q '^tun0x113@10.1.0.2 ' "$P1/ipsec_spi"
	grep -q '^tun0x114@10.1.0.2 ' "$P1/ipsec_spi"
	kp_same_as "$NS1" spi cat "$P1/ipsec_spi"
	kp_same_as "$NS1" spigrp cat "$P1/ipsec_spigrp"
	kp_same_as "$NS1" spi cat "$P1/ipsec/spi/all"
	kp_same_as "$NS1" spigrp cat "$P1/ipsec/spigrp/all"
}

@test "eroutes: ipsec_eroute and ipsec/eroute/all equal eroute's output, byte for byte" {
	kp_same_as "$NS2" eroute cat "$P2/ipsec_eroute"
	ip netns exec "$NS1" "$KLIPS_BIN/eroute" --add --eraf inet --src 10.9.1.0/24 --dst 10.9.2.0/24 --said %pass
	ip netns exec "$NS1" "$KLIPS_BIN/eroute" --add --eraf inet6 --src 3049:1::/64 --dst ::/0 \
		--transport-proto tcp --dst-port 25 --said %drop
	grep -q '^0          10.9.1.0/24        -> 10.9.2.0/24        => %pass$' "$P1/ipsec_eroute"
	kp_same_as "$NS1" eroute cat "$P1/ipsec_eroute"
	kp_same_as "$NS1" eroute cat "$P1/ipsec/eroute/all"
	ip netns exec "$NS1" "$KLIPS_BIN/eroute" --clear
	[ -z "$(cat "$P1/ipsec_eroute")" ]
}

@test "devices: ipsec_tncfg and ipsec/tncfg equal tncfg's output, byte for byte" {
	kp_same_as "$NS2" tncfg cat "$P2/ipsec_tncfg"
	ip -n "$NS1" link add kp50 type dummy
	ip -n "$NS1" link set kp50 up
	ip netns exec "$NS1" "$KLIPS_BIN/tncfg" --attach --virtual ipsec3 --physical kp50
	grep -q '^ipsec3 -> kp50 ' "$P1/ipsec_tncfg"
	kp_same_as "$NS1" tncfg cat "$P1/ipsec_tncfg"
	kp_same_as "$NS1" tncfg cat "$P1/ipsec/tncfg"
	ip netns exec "$NS1" "$KLIPS_BIN/tncfg" --clear
	ip -n "$NS1" link del kp50
	! grep -q '^ipsec3 -> kp50 ' "$P1/ipsec_tncfg"
}

@test "ESP/AH SAs and a tun-esp-ah group: files equal the commands and ip xfrm state" {
	kp_add_tun "$NS1" 213 10.1.0.4 10.1.0.1
	kp_add_esp "$NS1" 215 10.1.0.4 10.1.0.1
	kp_add_ah "$NS1" 216 10.1.0.4 10.1.0.1
	kp_add_esp "$NS1" 200 10.1.0.2 10.1.0.1
	n1 "$KLIPS_BIN/spigrp" --said tun.213@10.1.0.4 esp.215@10.1.0.4 ah.216@10.1.0.4
	grep -q '^esp0x215@10.1.0.4 ' "$P1/ipsec_spi"
	grep -q '^ah0x216@10.1.0.4 ' "$P1/ipsec_spi"
	grep -q 'tun0x213@10.1.0.4 esp0x215@10.1.0.4 ah0x216@10.1.0.4 ' "$P1/ipsec_spigrp"
	kp_same_as "$NS1" spi cat "$P1/ipsec_spi"
	kp_same_as "$NS1" spigrp cat "$P1/ipsec_spigrp"
	cat "$P1/ipsec_spi" >"$T/spi.txt"
	diff <(xfrm_saids "$NS1") <(listing_saids "$T/spi.txt")
	[ "$(xfrm_saids "$NS1" | wc -l)" -ge 3 ]
}

@test "writes, creations, truncation, chmod, chown, links, renames are refused: EROFS" {
	local cmd
	cat "$P1/ipsec_spi" >"$T/before"
	for cmd in "echo x >'$P1/ipsec_spi'" "echo x >>'$P1/ipsec/spi/all'" ": >'$P1/ipsec_spigrp'" \
		"touch '$P1/new'" "truncate -s 0 '$P1/ipsec/spi/all'" "chmod 600 '$P1/ipsec/spi/all'" \
		"chown 65534 '$P1/ipsec/spi/all'" "mkdir '$P1/d'" "rm -f '$P1/ipsec_spi'" \
		"rmdir '$P1/ipsec/spi'" "mv '$P1/ipsec_spi' '$P1/x'" "ln -s x '$P1/l'" \
		"ln '$P1/ipsec/version' '$P1/l'" "touch '$P1/ipsec/version'" "mkfifo '$P1/f'"; do
		run bash -c "$cmd"
		[ "$status" -ne 0 ] || { echo "succeeded: $cmd" >&2; return 1; }
		[[ $output == *"Read-only file system"* ]] || { echo "$cmd: $output" >&2; return 1; }
	done
	kp_same_as "$NS1" spi cat "$P1/ipsec_spi"
	[ -L "$P1/ipsec_spi" ] && [ ! -e "$P1/new" ]
}

@test "two namespaces, two daemons: each shows its own namespace" {
	kp_add_tun "$NS2" 300 10.2.0.2 10.2.0.1
	grep -q '^tun0x300@10.2.0.2 ' "$P2/ipsec_spi"
	not grep -q '^tun0x113@' "$P2/ipsec_spi"
	grep -q '^tun0x113@10.1.0.2 ' "$P1/ipsec_spi"
	not grep -q '^tun0x300@' "$P1/ipsec_spi"
	kp_same_as "$NS2" spi cat "$P2/ipsec_spi"
	kp_same_as "$NS1" spi cat "$P1/ipsec_spi"
	# A daemon serves its own namespace, whoever reads (documented).
	n2 cat "$P1/ipsec_spi" | grep -q '^tun0x113@10.1.0.2 '
}

@test "without CAP_NET_ADMIN a read fails with Permission denied, never an empty file" {
	command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing" >&2; return 1; }
	setpriv --bounding-set=-net_admin -- "$KLIPS_BIN/klips-procfs" --netns "$NS1" \
		-p "$T/nocap.pid" "$T/nocap" >"$T/nocap.log" 2>&1 3>&-
	run cat "$T/nocap/ipsec_spi"
	[ "$status" -ne 0 ]
	[[ $output == *"Permission denied"* ]]
	run cat "$T/nocap/ipsec_spigrp"
	[ "$status" -ne 0 ]
	grep -q 'Operation not permitted' "$T/nocap.log"
	kp_stop nocap "$T/nocap"
}
