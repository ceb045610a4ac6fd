#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# klips-run and libklips-preload.so against a real klips-procfs: scripts
# that say /proc/net/ipsec_* read, unmodified, exactly what `ipsec spi`,
# `ipsec spigrp` and `ipsec eroute` print, whatever program reads (cat,
# head, dd, grep, sed, mawk, gawk, perl, python3, bash, a dynamic busybox). What else the
# launcher does and does not do: 57-preload.bats.
#
# Needs root, /dev/fuse, a kernel with ESP (tests/kernel/run), the readers
# (tools/deps check: gawk, mawk, and the dynamic busybox unpacked into
# build/deps/busybox) and build/bin.
#
# bats file_tags=procfs,root,netns,preload

bats_require_minimum_version 1.5.0

load helpers/procfs

setup_file() {
	kp_setup_launcher "kp56-$$" 10.56.0.2 || return 1
	# Inbound and outbound ESP, an AH, and a tun-esp-ah group: every line kind.
	kp_add_esp "$NS" 561 10.56.0.2 10.56.0.1 &&
		kp_add_esp "$NS" 562 10.56.0.9 10.56.0.2 &&
		kp_add_ah "$NS" 563 10.56.0.9 10.56.0.2 &&
		kp_add_tun "$NS" 564 10.56.0.9 10.56.0.2 || return 1
	in_ns "$KLIPS_BIN/spigrp" --said tun.564@10.56.0.9 esp.562@10.56.0.9 ah.563@10.56.0.9 || return 1
	# Two eroutes: one to the group, one %pass.
	in_ns "$KLIPS_BIN/eroute" --add --eraf inet --src 10.56.1.0/24 --dst 10.56.2.0/24 \
		--said tun0x564@10.56.0.9 &&
		in_ns "$KLIPS_BIN/eroute" --add --eraf inet --src 10.56.3.0/24 --dst 0.0.0.0/0 --said %pass ||
		return 1
	# readers.sh FILE COMMAND [cat+python]: one shell in the namespace, under
	# the launcher, runs every reader (or two) on FILE; each is compared with
	# `ipsec COMMAND` run right after it, the SAs' ages allowed to move by the
	# seconds between (kp_same_listing).
	cat >"$T/readers.sh" <<-'EOF'
	f=$1 cmd=$2 which=${3:-all}
	. "$KP_HELPERS/procfs.bash"
	readers=(
		'cat "$f"'
		'head -c 1000000 "$f"'
		'dd if="$f" bs=1 status=none'
		'grep "" "$f"'
		'sed -n p "$f"'
		"mawk '{ print }' \"\$f\""
		"gawk '{ print }' \"\$f\""
		'perl -ne print "$f"'
		"\"\$KP_PYTHON\" -c 'import sys; sys.stdout.write(open(sys.argv[1]).read())' \"\$f\""
		'while IFS= read -r l; do printf "%s\n" "$l"; done <"$f"'
		'"$BUSYBOX_DYN" cat "$f"'
	)
	[ "$which" = all ] || readers=("${readers[0]}" "${readers[8]}")
	bad=0
	for r in "${readers[@]}"; do
		t0=$EPOCHSECONDS
		if ! eval "$r" >"$T/got"; then
			echo "$r on $f failed"
			bad=1
			continue
		fi
		"$KLIPS_BIN/ipsec" "$cmd" >"$T/want"
		if ! kp_same_listing "$T/want" "$T/got" $((EPOCHSECONDS - t0)) 2>&1; then
			echo "$r on $f: not the output of ipsec $cmd"
			bad=1
		fi
	done
	[ -s "$T/want" ] || { echo "ipsec $cmd printed nothing"; bad=1; }
	exit $bad
	EOF
	export KP_HELPERS=$BATS_TEST_DIRNAME/helpers
	kp_start all "$KLIPS_PROCDIR"
}

teardown_file() { kp_teardown_file all="$KLIPS_PROCDIR"; }

check_readers() {
	[ -x "$BUSYBOX_DYN" ] || { echo "no dynamic busybox in build/deps: run tools/deps check" >&2; return 1; }
	local r
	for r in mawk gawk perl "$KP_PYTHON"; do
		command -v "$r" >/dev/null || { echo "$r is missing: tools/deps check" >&2; return 1; }
	done
	in_ns "$KLIPS_BIN/klips-run" bash "$T/readers.sh" "$@"
}

@test "under klips-run, every reader of /proc/net/ipsec_spi gets byte for byte what ipsec spi prints" {
	check_readers /proc/net/ipsec_spi spi
	# The listing really has every kind of line.
	grep -q '^esp0x561@10.56.0.2 ESP_3DES_HMAC_MD5: dir=in ' "$T/got"
	grep -q '^ah0x563@10.56.0.9 AH_HMAC_MD5: dir=out ' "$T/got"
	grep -q '^tun0x564@10.56.0.9 ' "$T/got"
}

@test "under klips-run, every reader of /proc/net/ipsec_spigrp gets byte for byte what ipsec spigrp prints" {
	check_readers /proc/net/ipsec_spigrp spigrp
	grep -qx 'tun0x564@10.56.0.9 esp0x562@10.56.0.9 ah0x563@10.56.0.9 ' "$T/got"
}

@test "under klips-run, every reader of /proc/net/ipsec_eroute gets byte for byte what ipsec eroute prints" {
	check_readers /proc/net/ipsec_eroute eroute
	grep -q ' 10\.56\.1\.0/24 *-> 10\.56\.2\.0/24 *=> tun0x564@10\.56\.0\.9$' "$T/got"
	grep -q ' 10\.56\.3\.0/24 *-> 0\.0\.0\.0/0 *=> %pass$' "$T/got"
}

@test "under klips-run, /proc/self/net/ipsec/spi/all is ipsec spi too (cat, python3)" {
	check_readers /proc/self/net/ipsec/spi/all spi cat+python
}
