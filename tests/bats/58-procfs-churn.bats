#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# klips-procfs while SAs come and go: one writer adds, groups and deletes
# SAs with spi and spigrp, four readers read both files over and over; every
# read is whole and well formed and holds the SAs that exist throughout, and
# the daemon stays up. (Split from 50-procfs.bats, so that each file fits its
# VM's time on a busy host.)
#
# Needs root, /dev/fuse, a kernel with ESP and 3DES (tests/kernel/run), and
# build/bin/{klips-procfs,spi,spigrp} (or $KLIPS_BIN).
# Self-contained: its own namespace (kp58-<pid>) and mount under
# $BATS_FILE_TMPDIR, removed in teardown_file.
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

load helpers/procfs

setup_file() {
	kp_setup_file klips-procfs spi spigrp || return 1
	export NS1=kp58-$$
	export P1=$T/ns1
	kp_netns_add "$NS1" || return 1
	kp_start ns1 "$P1" --netns "$NS1"
}

teardown_file() { kp_teardown_file; }

n1() { ip netns exec "$NS1" "$@"; }

# Each read of FILE (spi or spigrp form) is whole and well formed, and holds
# every SAID of BASE (SAs that exist during the whole churn).
write_checker() {
	cat >"$T/check.awk" <<-'EOF'
	BEGIN { RS = "\001"; text = "" }
	{ text = text $0 }
	END {
		if (text != "" && substr(text, length(text)) != "\n") { print "no final newline"; exit 1 }
		n = split(text, lines, "\n")
		for (i = 1; i < n; i++) {
			l = lines[i]
			if (kind == "spi") {
				if (l !~ /^(esp|ah|comp|tun)0x[0-9a-f]+@[0-9a-f.:]+ [A-Z0-9_]+: dir=(in |out) src=[0-9a-f.:]+( [ -~]*)?$/) {
					print "bad line: " l; exit 1
				}
				split(l, f, " "); seen[f[1]] = 1
			} else {
				if (l !~ /^((esp|ah|comp|tun)0x[0-9a-f]+@[0-9a-f.:]+ )+$/) { print "bad line: " l; exit 1 }
				m = split(l, f, " "); for (j = 1; j <= m; j++) seen[f[j]] = 1
			}
		}
		m = split(base, want, " ")
		for (j = 1; j <= m; j++) if (!(want[j] in seen)) { print "missing " want[j]; exit 1 }
	}
	EOF
}

churn_reader() { # ID ROUNDS
	local i f kind base
	for ((i = 0; i < $2; i++)); do
		for f in ipsec_spi ipsec_spigrp; do
			kind=spi base=$BASE_SPI
			[ $f = ipsec_spigrp ] && kind=spigrp base=$BASE_GRP
			if ! cat "$P1/$f" >"$T/churn.$1"; then
				echo "reader $1: read $i of $f failed"
				return 1
			fi
			if ! awk -v kind=$kind -v base="$base" -f "$T/check.awk" "$T/churn.$1"; then
				echo "reader $1: read $i of $f:"
				cat "$T/churn.$1"
				return 1
			fi
		done
	done
}

churn_writer() { # ROUNDS
	local i s
	for ((i = 0; i < $1; i++)); do
		s=$(printf '%x' $((0x2000 + i)))
		kp_add_tun "$NS1" "$s" 10.1.0.3 10.1.0.1 || return 1
		kp_add_esp "$NS1" "$s" 10.1.0.3 10.1.0.1 || return 1
		n1 "$KLIPS_BIN/spigrp" --said "tun.$s@10.1.0.3" "esp.$s@10.1.0.3" || return 1
		# Deleting a grouped SA deletes its whole group, as in KLIPS.
		n1 "$KLIPS_BIN/spi" --af inet --said "tun.$s@10.1.0.3" --del || return 1
	done
}

@test "churn: while SAs come and go, every read is whole and well formed; the daemon stays up" {
	kp_add_tun "$NS1" 500 10.1.0.5 10.1.0.1
	kp_add_tun "$NS1" 501 10.1.0.5 10.1.0.1
	kp_add_tun "$NS1" 510 10.1.0.6 10.1.0.1
	kp_add_esp "$NS1" 511 10.1.0.6 10.1.0.1
	n1 "$KLIPS_BIN/spigrp" --said tun.510@10.1.0.6 esp.511@10.1.0.6
	export BASE_SPI="tun0x500@10.1.0.5 tun0x501@10.1.0.5 esp0x511@10.1.0.6"
	export BASE_GRP="tun0x510@10.1.0.6 esp0x511@10.1.0.6"
	write_checker
	local pids=() w r bad=0
	churn_writer 25 >"$T/writer.log" 2>&1 &
	w=$!
	for r in 1 2 3 4; do
		churn_reader $r 15 >"$T/reader.$r.log" 2>&1 &
		pids+=($!)
	done
	for r in "${pids[@]}"; do
		wait "$r" || bad=$((bad + 1))
	done
	wait "$w" || { echo "writer failed:" >&2; cat "$T/writer.log" >&2; return 1; }
	[ $bad -eq 0 ] || { cat "$T"/reader.*.log >&2; return 1; }
	kp_alive "$(cat "$T/ns1.pid")"
	mountpoint -q "$P1"
	kp_same_as "$NS1" spi cat "$P1/ipsec_spi"
	not grep -q '@10.1.0.3 ' "$P1/ipsec_spi"
}
