#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu
#
# klips-procfs on a real kernel: the served files against the legacy
# commands and `ip xfrm state`, readers, refused writes, one daemon per
# network namespace, churn, crash and restart.
#
# Needs root, /dev/fuse, and build/bin/{klips-procfs,spi,spigrp} (or
# $KLIPS_BIN). SAs other than tun records need a kernel with ESP/AH and
# 3DES (tests/kernel/run); without them those tests are skipped.
# Self-contained: its own namespaces (kp50-<pid>-N) and mounts under
# $BATS_FILE_TMPDIR, all removed in teardown_file.
#
# bats file_tags=procfs,root,netns

bats_require_minimum_version 1.5.0

ENCKEY=0x4043434545464649494a4a4c4c4f4f515152525454575758
AUTHKEY=0x87658765876587658765876587658765

setup_file() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	[ -c /dev/fuse ] || skip "needs /dev/fuse"
	export KLIPS_BIN=${KLIPS_BIN:-$BATS_TEST_DIRNAME/../../build/bin}
	local p
	for p in klips-procfs spi spigrp; do
		if [ ! -x "$KLIPS_BIN/$p" ]; then
			echo "missing $KLIPS_BIN/$p: run make" >&2
			return 1
		fi
	done
	export T=$BATS_FILE_TMPDIR
	export NS1=kp50-$$-1 NS2=kp50-$$-2 NS3=kp50-$$-3
	export P1=$T/ns1 P2=$T/ns2
	for p in "$NS1" "$NS2" "$NS3"; do
		ip netns add "$p"
		ip -n "$p" link set lo up
	done
	HAVE_ESP=0
	if ip -n "$NS3" xfrm state add src 10.9.9.1 dst 10.9.9.2 proto esp spi 0x999 \
		mode transport enc 'cbc(des3_ede)' "$ENCKEY" \
		auth-trunc 'hmac(md5)' "$AUTHKEY" 96 2>/dev/null; then
		HAVE_ESP=1
		ip -n "$NS3" xfrm state flush
	fi
	export HAVE_ESP
	start_daemon ns1 "$NS1" "$P1"
	start_daemon ns2 "$NS2" "$P2"
}

teardown_file() {
	local f name
	for f in "$T"/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		stop_daemon "$name" "$T/$name"
	done
	for name in "$NS1" "$NS2" "$NS3"; do
		[ -n "$name" ] && ip netns del "$name" 2>/dev/null
	done
	true
}

# start_daemon NAME NETNS DIR [OPTIONS...]: in the foreground, in the
# background of this shell (fd 3 closed, or bats waits for it), until mounted.
start_daemon() {
	local name=$1 ns=$2 dir=$3
	shift 3
	"$KLIPS_BIN/klips-procfs" -f --netns "$ns" -p "$T/$name.pid" "$@" "$dir" \
		>>"$T/$name.log" 2>&1 3>&- &
	disown $!
	wait_mounted "$dir" || { cat "$T/$name.log" >&2; return 1; }
}

wait_mounted() {
	local i
	for ((i = 0; i < 100; i++)); do
		mountpoint -q "$1" && return 0
		sleep 0.1
	done
	echo "$1: not mounted after 10 s" >&2
	return 1
}

# Not gone, and not a zombie (reaped or not, a zombie serves nothing).
alive() {
	local state
	state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ]
}

stop_daemon() {
	local name=$1 dir=$2 pid i
	pid=$(cat "$T/$name.pid" 2>/dev/null)
	if [ -n "$pid" ] && alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			alive "$pid" || break
			sleep 0.1
		done
	fi
	rm -f "$T/$name.pid"
	if mountpoint -q "$dir" 2>/dev/null || ! stat "$dir" >/dev/null 2>&1; then
		fusermount3 -u -z "$dir" 2>/dev/null || umount -l "$dir" 2>/dev/null || true
	fi
}

n1() { ip netns exec "$NS1" "$@"; }
# `! cmd` never fails a bats test (set -e ignores it); `not cmd` does.
not() { ! "$@"; }
n2() { ip netns exec "$NS2" "$@"; }

need_esp() {
	[ "$HAVE_ESP" = 1 ] || skip "kernel cannot hold ESP/AH SAs (no esp4/ah4/des3_ede): run under tests/kernel/run"
}

read_cat() { cat "$1"; }
read_dd1() { dd if="$1" bs=1 status=none; }
read_dd4096() { dd if="$1" bs=4096 status=none; }
# An odd block size: reads that never line up with anything.
read_dd61() { dd if="$1" bs=61 status=none; }
read_awk() { awk '{ print }' "$1"; }
read_python() { python3 -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], "rb").read())' "$1"; }

# same_as_command NETNS READER FILE COMMAND: the reader's bytes equal the
# command's listing. Two snapshots can differ in time fields (addtime, idle)
# if a second passes between them, so three tries.
same_as_command() {
	local ns=$1 reader=$2 file=$3 cmd=$4 i
	for ((i = 0; i < 3; i++)); do
		"$reader" "$file" >"$T/reader.out" || { echo "$reader $file failed" >&2; return 1; }
		ip netns exec "$ns" "$KLIPS_BIN/$cmd" >"$T/command.out" || return 1
		cmp -s "$T/reader.out" "$T/command.out" && return 0
		# A slow reader (dd bs=1 under user-mode Linux) may see the
		# seconds of addtime(...) tick: compare without them.
		cmp -s <(sed 's/addtime([0-9]*,/addtime(N,/' "$T/reader.out") \
			<(sed 's/addtime([0-9]*,/addtime(N,/' "$T/command.out") && return 0
	done
	echo "$reader $file differs from $cmd:" >&2
	diff "$T/command.out" "$T/reader.out" >&2
	return 1
}

# The non-tun SAIDs in a listing, and the same from `ip xfrm state`.
listing_saids() { awk '$1 !~ /^tun/ { print $1 }' "$1" | sort; }
xfrm_saids() {
	local proto spi dst
	ip -n "$1" xfrm state | awk '/^src / { dst = $4 } /^\tproto / { print $2, $4, dst }' |
		while read -r proto spi dst; do
			printf '%s0x%x@%s\n' "$proto" "$spi" "$dst"
		done | sort
}

add_tun() { # NETNS SPI EDST SRC
	ip netns exec "$1" "$KLIPS_BIN/spi" --af inet --said "tun.$2@$3" --ip4 --src "$4" --dst "$3"
}

add_esp() { # NETNS SPI EDST SRC
	ip netns exec "$1" "$KLIPS_BIN/spi" --af inet --edst "$3" --spi "0x$2" --proto esp --src "$4" \
		--esp 3des-md5-96 --enckey "$ENCKEY" --authkey "$AUTHKEY"
}

add_ah() { # NETNS SPI EDST SRC
	ip netns exec "$1" "$KLIPS_BIN/spi" --af inet --edst "$3" --spi "0x$2" --proto ah --src "$4" \
		--ah hmac-md5-96 --authkey "$AUTHKEY"
}

@test "the tree: KLIPS names are symlinks into ipsec/, files are 0444 and size 0" {
	[ -L "$P1/ipsec_spi" ] && [ "$(readlink "$P1/ipsec_spi")" = ipsec/spi/all ]
	[ -L "$P1/ipsec_spigrp" ] && [ "$(readlink "$P1/ipsec_spigrp")" = ipsec/spigrp/all ]
	[ -L "$P1/ipsec_version" ] && [ "$(readlink "$P1/ipsec_version")" = ipsec/version ]
	[ -f "$P1/ipsec_spi" ] && [ -f "$P1/ipsec_spigrp" ] && [ -f "$P1/ipsec_version" ]
	[ ! -s "$P1/ipsec_spi" ]	# like procfs: size 0 whatever the content
	[ "$(stat -L -c %a:%s "$P1/ipsec_spi")" = 444:0 ]
	[ "$(stat -L -c %a:%s "$P1/ipsec_spigrp")" = 444:0 ]
	[ "$(stat -L -c %a "$P1/ipsec_version")" = 444 ]
	[ "$(ls "$P1" | tr '\n' ' ')" = "ipsec ipsec_spi ipsec_spigrp ipsec_version " ]
	[ "$(ls "$P1/ipsec" | tr '\n' ' ')" = "spi spigrp version " ]
	grep -q ' fuse.klips-procfs ro,' /proc/mounts
	run -0 cat "$P1/ipsec_version"
	[ -n "$output" ]
}

@test "empty tables: empty files, the same as the commands print" {
	run -0 cat "$P2/ipsec_spi"
	[ -z "$output" ]
	same_as_command "$NS2" read_cat "$P2/ipsec_spi" spi
	same_as_command "$NS2" read_cat "$P2/ipsec_spigrp" spigrp
}

@test "tun SAs made with spi: files equal spi and spigrp output, byte for byte" {
	add_tun "$NS1" 113 10.1.0.2 10.1.0.1
	add_tun "$NS1" 114 10.1.0.2 10.1.0.1
	grep -q '^tun0x113@10.1.0.2 ' "$P1/ipsec_spi"
	grep -q '^tun0x114@10.1.0.2 ' "$P1/ipsec_spi"
	same_as_command "$NS1" read_cat "$P1/ipsec_spi" spi
	same_as_command "$NS1" read_cat "$P1/ipsec_spigrp" spigrp
	same_as_command "$NS1" read_cat "$P1/ipsec/spi/all" spi
	same_as_command "$NS1" read_cat "$P1/ipsec/spigrp/all" spigrp
}

@test "ESP/AH SAs and a tun-esp-ah group: files equal the commands and ip xfrm state" {
	need_esp
	add_tun "$NS1" 213 10.1.0.4 10.1.0.1
	add_esp "$NS1" 215 10.1.0.4 10.1.0.1
	add_ah "$NS1" 216 10.1.0.4 10.1.0.1
	add_esp "$NS1" 200 10.1.0.2 10.1.0.1
	n1 "$KLIPS_BIN/spigrp" --said tun.213@10.1.0.4 esp.215@10.1.0.4 ah.216@10.1.0.4
	grep -q '^esp0x215@10.1.0.4 ' "$P1/ipsec_spi"
	grep -q '^ah0x216@10.1.0.4 ' "$P1/ipsec_spi"
	grep -q 'tun0x213@10.1.0.4 esp0x215@10.1.0.4 ah0x216@10.1.0.4 ' "$P1/ipsec_spigrp"
	same_as_command "$NS1" read_cat "$P1/ipsec_spi" spi
	same_as_command "$NS1" read_cat "$P1/ipsec_spigrp" spigrp
	cat "$P1/ipsec_spi" >"$T/spi.txt"
	diff <(xfrm_saids "$NS1") <(listing_saids "$T/spi.txt")
	[ "$(xfrm_saids "$NS1" | wc -l)" -ge 3 ]
}

@test "readers: cat, dd bs=1, dd bs=4096 and awk get exactly the command's listing" {
	local r f
	for r in read_cat read_dd1 read_dd4096 read_awk; do
		for f in ipsec_spi ipsec_spigrp ipsec/spi/all; do
			case $f in *spigrp*) c=spigrp ;; *) c=spi ;; esac
			same_as_command "$NS1" "$r" "$P1/$f" "$c"
		done
	done
	[ "$(cat "$P1/ipsec_spi" | wc -l)" -ge 2 ]
}

@test "readers: python3 gets exactly the command's listing" {
	command -v python3 >/dev/null || skip "python3 is not installed: the python reader is not checked"
	python3 -c 'pass' 2>/dev/null || skip "python3 does not run here: the python reader is not checked"
	same_as_command "$NS1" read_python "$P1/ipsec_spi" spi
	same_as_command "$NS1" read_python "$P1/ipsec_spigrp" spigrp
}

@test "a legacy script pointed at the directory by one substitution works" {
	cat >"$T/look.sh" <<-'EOF'
	test -f /proc/net/ipsec_spi && sort /proc/net/ipsec_spi
	test -f /proc/net/ipsec_spigrp && cat /proc/net/ipsec_spigrp
	EOF
	sed -i "s#/proc/net/#$P1/#g" "$T/look.sh"
	local i
	for ((i = 0; i < 3; i++)); do
		sh "$T/look.sh" >"$T/look.out"
		{ n1 "$KLIPS_BIN/spi" | sort; n1 "$KLIPS_BIN/spigrp"; } >"$T/look.want"
		cmp -s "$T/look.out" "$T/look.want" && break
	done
	diff "$T/look.want" "$T/look.out"
	[ -s "$T/look.out" ]
}

@test "a large listing (> 128 KiB) reaches every reader whole" {
	need_esp
	local i
	for ((i = 0; i < 1500; i++)); do
		printf 'xfrm state add src 10.3.0.1 dst 10.3.%d.%d proto esp spi 0x%x mode transport enc cbc(des3_ede) %s auth-trunc hmac(md5) %s 96\n' \
			$((i / 250)) $((i % 250 + 1)) $((0x1000 + i)) "$ENCKEY" "$AUTHKEY"
	done >"$T/batch"
	ip -n "$NS3" -batch "$T/batch"
	start_daemon ns3 "$NS3" "$T/ns3"
	[ "$(cat "$T/ns3/ipsec_spi" | wc -c)" -gt 131072 ]
	[ "$(cat "$T/ns3/ipsec_spi" | wc -l)" -eq 1500 ]
	local r
	# dd bs=1 is in the readers test; over 200 KiB it takes minutes under UML.
	for r in read_cat read_dd61 read_dd4096 read_awk; do
		same_as_command "$NS3" "$r" "$T/ns3/ipsec_spi" spi
	done
	if command -v python3 >/dev/null && python3 -c pass 2>/dev/null; then
		same_as_command "$NS3" read_python "$T/ns3/ipsec_spi" spi
	fi
	# no NUL byte in the file (one read: two reads may differ, the addtime ages)
	[ "$(tr -cd '\000' <"$T/ns3/ipsec_spi" | wc -c)" -eq 0 ]
	stop_daemon ns3 "$T/ns3"
	ip -n "$NS3" xfrm state flush
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
	same_as_command "$NS1" read_cat "$P1/ipsec_spi" spi
	[ -L "$P1/ipsec_spi" ] && [ ! -e "$P1/new" ]
}

@test "two namespaces, two daemons: each shows its own namespace" {
	add_tun "$NS2" 300 10.2.0.2 10.2.0.1
	grep -q '^tun0x300@10.2.0.2 ' "$P2/ipsec_spi"
	not grep -q '^tun0x113@' "$P2/ipsec_spi"
	grep -q '^tun0x113@10.1.0.2 ' "$P1/ipsec_spi"
	not grep -q '^tun0x300@' "$P1/ipsec_spi"
	same_as_command "$NS2" read_cat "$P2/ipsec_spi" spi
	same_as_command "$NS1" read_cat "$P1/ipsec_spi" spi
	# A daemon serves its own namespace, whoever reads (documented).
	n2 cat "$P1/ipsec_spi" | grep -q '^tun0x113@10.1.0.2 '
}

@test "without CAP_NET_ADMIN a read fails with Permission denied, never an empty file" {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
	setpriv --bounding-set=-net_admin -- "$KLIPS_BIN/klips-procfs" --netns "$NS1" \
		-p "$T/nocap.pid" "$T/nocap" >"$T/nocap.log" 2>&1 3>&-
	run cat "$T/nocap/ipsec_spi"
	[ "$status" -ne 0 ]
	[[ $output == *"Permission denied"* ]]
	run cat "$T/nocap/ipsec_spigrp"
	[ "$status" -ne 0 ]
	grep -q 'Operation not permitted' "$T/nocap.log"
	stop_daemon nocap "$T/nocap"
}

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
		add_tun "$NS1" "$s" 10.1.0.3 10.1.0.1 || return 1
		if [ "$HAVE_ESP" = 1 ]; then
			add_esp "$NS1" "$s" 10.1.0.3 10.1.0.1 || return 1
			n1 "$KLIPS_BIN/spigrp" --said "tun.$s@10.1.0.3" "esp.$s@10.1.0.3" || return 1
		fi
		# Deleting a grouped SA deletes its whole group, as in KLIPS.
		n1 "$KLIPS_BIN/spi" --af inet --said "tun.$s@10.1.0.3" --del || return 1
	done
}

@test "churn: while SAs come and go, every read is whole and well formed; the daemon stays up" {
	local base_spi="tun0x500@10.1.0.5 tun0x501@10.1.0.5" base_grp=""
	add_tun "$NS1" 500 10.1.0.5 10.1.0.1
	add_tun "$NS1" 501 10.1.0.5 10.1.0.1
	if [ "$HAVE_ESP" = 1 ]; then
		add_tun "$NS1" 510 10.1.0.6 10.1.0.1
		add_esp "$NS1" 511 10.1.0.6 10.1.0.1
		n1 "$KLIPS_BIN/spigrp" --said tun.510@10.1.0.6 esp.511@10.1.0.6
		base_spi="$base_spi esp0x511@10.1.0.6"
		base_grp="tun0x510@10.1.0.6 esp0x511@10.1.0.6"
	fi
	export BASE_SPI=$base_spi BASE_GRP=$base_grp
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
	alive "$(cat "$T/ns1.pid")"
	mountpoint -q "$P1"
	same_as_command "$NS1" read_cat "$P1/ipsec_spi" spi
	not grep -q '@10.1.0.3 ' "$P1/ipsec_spi"
}

@test "kill -9, then starting again over the stale mount: the mount works" {
	local pid
	pid=$(cat "$T/ns2.pid")
	kill -9 "$pid"
	for ((i = 0; i < 50; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	run cat "$P2/ipsec_spi"
	[ "$status" -ne 0 ]
	[[ $output == *"Transport endpoint is not connected"* ]]
	start_daemon ns2 "$NS2" "$P2"
	grep -q 'stale mount' "$T/ns2.log"
	same_as_command "$NS2" read_cat "$P2/ipsec_spi" spi
	grep -q '^tun0x300@10.2.0.2 ' "$P2/ipsec_spi"
}

@test "a second daemon on a served mount point is refused; the first keeps serving" {
	run "$KLIPS_BIN/klips-procfs" -f --netns "$NS2" "$P1" 3>&-
	[ "$status" -eq 1 ]
	[[ $output == *"already mounted"* ]]
	same_as_command "$NS1" read_cat "$P1/ipsec_spi" spi
}

@test "background mode: the start command returns once serving; SIGTERM unmounts" {
	run -0 "$KLIPS_BIN/klips-procfs" --netns "$NS2" -p "$T/bg.pid" "$T/bg" 3>&-
	mountpoint -q "$T/bg"
	same_as_command "$NS2" read_cat "$T/bg/ipsec_spi" spi
	local pid i
	pid=$(cat "$T/bg.pid")
	alive "$pid"
	kill -TERM "$pid"
	for ((i = 0; i < 50; i++)); do
		mountpoint -q "$T/bg" || break
		sleep 0.1
	done
	not mountpoint -q "$T/bg"
	[ ! -e "$T/bg.pid" ]
	for ((i = 0; i < 50; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	not alive "$pid"
}

@test "foreground mode: SIGINT unmounts" {
	start_daemon fg "$NS2" "$T/fg"
	local pid i
	pid=$(cat "$T/fg.pid")
	kill -INT "$pid"
	for ((i = 0; i < 50; i++)); do
		mountpoint -q "$T/fg" || break
		sleep 0.1
	done
	not mountpoint -q "$T/fg"
	ls "$T/fg" >/dev/null
}

@test "KLIPS_PROCDIR is the default mount point; --mode 0400 is root-only as in KLIPS" {
	KLIPS_PROCDIR=$T/env run -0 "$KLIPS_BIN/klips-procfs" --netns "$NS2" -m 0400 -p "$T/env.pid" 3>&-
	mountpoint -q "$T/env"
	[ "$(stat -L -c %a "$T/env/ipsec_spi")" = 400 ]
	[ "$(stat -L -c %a "$T/env/ipsec_spigrp")" = 400 ]
	[ "$(stat -L -c %a "$T/env/ipsec_version")" = 444 ]
	same_as_command "$NS2" read_cat "$T/env/ipsec_spi" spi
	if command -v setpriv >/dev/null; then
		local d=$T
		while [ "$d" != "$BATS_RUN_TMPDIR" ] && [ "$d" != / ]; do
			chmod o+x "$d"
			d=$(dirname "$d")
		done
		chmod o+x "$BATS_RUN_TMPDIR"
		run setpriv --reuid=65534 --regid=65534 --clear-groups cat "$T/env/ipsec_spi"
		[ "$status" -ne 0 ]
		[[ $output == *"Permission denied"* ]]
		run -0 setpriv --reuid=65534 --regid=65534 --clear-groups cat "$T/env/ipsec_version"
	fi
	stop_daemon env "$T/env"
}
