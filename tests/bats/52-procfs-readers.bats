#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# The files klips-procfs serves, read the ways scripts read them: cat, dd
# (bs=1 and 4096), awk, python3, a legacy script pointed at the directory;
# each gets the listing the command prints (split from 50-procfs.bats; a
# listing over 128 KiB: 53-procfs-large.bats).
#
# Needs root, /dev/fuse, a kernel with ESP, AH and 3DES (tests/kernel/run),
# python3, and build/bin/{klips-procfs,spi,spigrp} (or $KLIPS_BIN).
# Self-contained: its own namespaces (kp52-<pid>-N) and mounts under
# $BATS_FILE_TMPDIR, all removed in teardown_file.
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

load helpers/procfs

setup_file() {
	kp_setup_file klips-procfs spi spigrp || return 1
	command -v "$KP_PYTHON" >/dev/null || { echo "python3 is missing: tools/deps check" >&2; return 1; }
	export NS1=kp52-$$-1
	export P1=$T/ns1
	kp_netns_add "$NS1" || return 1
	# Every kind of line: tun, ESP, AH, and a tun-esp-ah group.
	kp_add_tun "$NS1" 213 10.1.0.4 10.1.0.1 &&
		kp_add_esp "$NS1" 215 10.1.0.4 10.1.0.1 &&
		kp_add_ah "$NS1" 216 10.1.0.4 10.1.0.1 &&
		kp_add_esp "$NS1" 200 10.1.0.2 10.1.0.1 &&
		ip netns exec "$NS1" "$KLIPS_BIN/spigrp" --said tun.213@10.1.0.4 esp.215@10.1.0.4 \
			ah.216@10.1.0.4 || return 1
	kp_start ns1 "$P1" --netns "$NS1"
}

teardown_file() { kp_teardown_file; }

@test "readers: cat, dd bs=1, dd bs=4096 and awk get exactly the command's listing" {
	local f c
	for f in ipsec_spi ipsec_spigrp ipsec/spi/all; do
		case $f in *spigrp*) c=spigrp ;; *) c=spi ;; esac
		kp_same_as_all "$NS1" "$c" "$P1/$f" cat read_dd1 read_dd4096 read_awk
	done
	[ "$(grep -c '^\(esp\|ah\|tun\)0x' "$T/command.out")" -eq 4 ]
}

@test "readers: python3 gets exactly the command's listing" {
	kp_same_as_all "$NS1" spi "$P1/ipsec_spi" read_python
	kp_same_as_all "$NS1" spigrp "$P1/ipsec_spigrp" read_python
}

@test "a legacy script pointed at the directory by one substitution works" {
	cat >"$T/look.sh" <<-'EOF'
	test -f /proc/net/ipsec_spi && sort /proc/net/ipsec_spi
	test -f /proc/net/ipsec_spigrp && cat /proc/net/ipsec_spigrp
	EOF
	sed -i "s#/proc/net/#$P1/#g" "$T/look.sh"
	local t0=$EPOCHSECONDS
	sh "$T/look.sh" >"$T/look.out"
	{
		ip netns exec "$NS1" "$KLIPS_BIN/spi" | sort
		ip netns exec "$NS1" "$KLIPS_BIN/spigrp"
	} >"$T/look.want"
	kp_same_listing "$T/look.want" "$T/look.out" $((EPOCHSECONDS - t0))
	# The four SAs sorted, then spigrp's lines (one per SA, from it along
	# its group) with the whole group.
	[ "$(awk '/ dir=/ { n++ } END { print n }' "$T/look.out")" -eq 4 ]
	grep -qx 'tun0x213@10.1.0.4 esp0x215@10.1.0.4 ah0x216@10.1.0.4 ' "$T/look.out"
}
