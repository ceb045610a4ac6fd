#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# A listing over 128 KiB (1,500 ESP SAs, more than one FUSE read of the
# largest size) reaches every reader whole and equal to the command's: cat,
# dd with 61-byte and 4 KiB blocks, awk, python3. Split from
# 52-procfs-readers.bats, so that each file fits its VM's time on a busy host.
#
# Needs root, /dev/fuse, a kernel with ESP and 3DES (tests/kernel/run),
# python3, and build/bin/{klips-procfs,spi,spigrp} (or $KLIPS_BIN).
# Self-contained: its own namespace (kp53-<pid>) and mount under
# $BATS_FILE_TMPDIR, removed in teardown_file.
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

load helpers/procfs

setup_file() {
	kp_setup_file klips-procfs spi spigrp || return 1
	command -v "$KP_PYTHON" >/dev/null || { echo "python3 is missing: tools/deps check" >&2; return 1; }
	export NS2=kp53-$$
	kp_netns_add "$NS2" || return 1
}

teardown_file() { kp_teardown_file; }

@test "a large listing (> 128 KiB) reaches every reader whole" {
	local i
	for ((i = 0; i < 1500; i++)); do
		printf 'xfrm state add src 10.3.0.1 dst 10.3.%d.%d proto esp spi 0x%x mode transport enc cbc(des3_ede) %s auth-trunc hmac(md5) %s 96\n' \
			$((i / 250)) $((i % 250 + 1)) $((0x1000 + i)) "$ENCKEY" "$AUTHKEY"
	done >"$T/batch"
	ip -n "$NS2" -batch "$T/batch"
	kp_start ns2 "$T/ns2" --netns "$NS2"
	# dd bs=1 is in the readers test; over 200 KiB it takes minutes in a VM.
	kp_same_as_all "$NS2" spi "$T/ns2/ipsec_spi" cat read_dd61 read_dd4096 read_awk read_python
	[ "$(wc -c <"$T/command.out")" -gt 131072 ]
	[ "$(wc -l <"$T/command.out")" -eq 1500 ]
	kp_stop ns2 "$T/ns2"
}
