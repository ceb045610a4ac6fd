# SPDX-License-Identifier: GPL-2.0-or-later
# klips-procfs daemons and listings for the suites 50 to 57. Load with
# `load helpers/procfs`; kp_setup_file sets $T (a scratch directory) and
# $KLIPS_BIN.
#
#   kp_setup_file PROGRAM...        root, /dev/fuse, $KLIPS_BIN (build/bin
#                                   unless set) holding every PROGRAM, $T,
#                                   $KP_PYTHON (below)
#   kp_netns_add NAME [ADDRESS]     a namespace with lo up (and ADDRESS/32 on
#                                   it), deleted by kp_teardown_file
#   kp_netns_three PREFIX [FN]      $NSP=PREFIX, $KLIPS_PROCDIR=$T/net; the
#                                   namespaces PREFIX-1 to -3, N with
#                                   10.5N.0.2 on lo and the ESP SA 510N to it
#                                   from 10.5N.0.1; then FN N, if given
#   kp_setup_launcher NETNS ADDRESS kp_setup_file for the launcher's suites
#                                   (56, 57): $NS=NETNS (ADDRESS on its lo),
#                                   $KLIPS_PROCDIR=$T/net, $BUSYBOX_DYN
#   in_ns CMD...                    CMD in $NS
#   kp_teardown_file [NAME=DIR...]  kp_stop_all, then every kp_netns_add
#                                   namespace deleted
#   kp_start NAME DIR [OPTIONS...]  klips-procfs -f in the background of this
#                                   shell (fd 3 closed, or bats waits for it),
#                                   pid in $T/NAME.pid, log in $T/NAME.log;
#                                   returns once DIR is mounted
#   kp_stop NAME DIR                SIGTERM, wait, detach what is left
#   kp_stop_all [NAME=DIR...]       kp_stop every $T/NAME.pid (DIR $T/NAME
#                                   unless given)
#   kp_alive PID                    running and not a zombie
#   kp_wait_mounted DIR             until DIR is a mount point (10 s)
#   kp_rss_kib PID / kp_fds PID / kp_threads PID
#                                   resident memory (KiB) / open descriptors
#                                   / threads
#   kp_sockets PID                  open sockets (netlink: 2 per namespace)
#   kp_same_as NETNS CMD READER...  READER's output (a command line) is the
#                                   listing CMD ("spi", "spigrp", "ipsec spi"
#                                   ...: in $KLIPS_BIN) prints in NETNS right
#                                   after it (kp_same_listing)
#   kp_same_as_all NETNS CMD FILE READER...
#                                   each READER (a command) reads FILE into
#                                   $T/reader.N, then CMD prints the listing
#                                   once ($T/command.out): every read is it
#                                   (kp_same_listing, the gap counted from
#                                   the first read)
#   kp_same_listing WANT GOT GAP    the files hold the same listing, GOT read
#                                   at most GAP seconds before WANT was printed:
#                                   byte for byte but for the ages of the SAs
#                                   (listing-match.awk), which must fit the gap
#   kp_add_tun / kp_add_esp / kp_add_ah NETNS SPI EDST SRC
#                                   an SA made with spi (SPI in hex)
#   read_dd1 / read_dd61 / read_dd4096 / read_awk / read_python FILE
#                                   FILE to stdout the way those read it (dd
#                                   with block sizes that line up with
#                                   nothing, or a page; awk; $KP_PYTHON)
#   not CMD...                      `! CMD` that fails a test (set -e ignores `!`)

# Test keys (never real ones): 3DES with odd parity, HMAC-MD5.
# shellcheck disable=SC2034 # used by the suites
{
	ENCKEY=0x4043434545464649494a4a4c4c4f4f515152525454575758
	AUTHKEY=0x87658765876587658765876587658765
}
KP_MATCH=${BASH_SOURCE[0]%/*}/listing-match.awk

# The distribution's python3 (tools/deps: python3-minimal), the one a
# script's #!/usr/bin/python3 runs; not a python3 found first on PATH, such
# as a pyenv shim, which starts bash and pyenv on every run (in a VM, over a
# minute each on a busy host).
KP_PYTHON=/usr/bin/python3
[ -x "$KP_PYTHON" ] || KP_PYTHON=python3
export KP_PYTHON

kp_setup_file() {
	[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; return 1; }
	[ -c /dev/fuse ] || { echo "needs /dev/fuse" >&2; return 1; }
	export KLIPS_BIN=${KLIPS_BIN:-$BATS_TEST_DIRNAME/../../build/bin}
	export T=$BATS_FILE_TMPDIR
	local p
	for p in "$@"; do
		[ -x "$KLIPS_BIN/$p" ] || { echo "missing $KLIPS_BIN/$p: run make" >&2; return 1; }
	done
}

kp_netns_add() {
	ip netns add "$1" || return 1
	echo "$1" >>"$T/netns.list"
	ip -n "$1" link set lo up || return 1
	[ -z "${2:-}" ] || ip -n "$1" addr add "$2/32" dev lo
}

kp_netns_three() {
	local i
	export KLIPS_PROCDIR=$T/net NSP=$1
	for i in 1 2 3; do
		kp_netns_add "$NSP-$i" "10.5$i.0.2" || return 1
		kp_add_esp "$NSP-$i" "510$i" "10.5$i.0.2" "10.5$i.0.1" || return 1
		[ -z "${2:-}" ] || "$2" "$i" || return 1
	done
}

kp_setup_launcher() {
	kp_setup_file klips-procfs klips-run spi spigrp eroute ipsec || return 1
	export BUSYBOX_DYN=$BATS_TEST_DIRNAME/../../build/deps/busybox/bin/busybox
	export KLIPS_PROCDIR=$T/net NS=$1
	kp_netns_add "$NS" "$2"
}

in_ns() { ip netns exec "$NS" "$@"; }

kp_teardown_file() {
	local name
	[ -n "${T:-}" ] || return 0
	kp_stop_all "$@"
	if [ -f "$T/netns.list" ]; then
		while read -r name; do
			ip netns del "$name" 2>/dev/null
		done <"$T/netns.list"
	fi
	true
}

kp_wait_mounted() {
	local i
	for ((i = 0; i < 100; i++)); do
		mountpoint -q "$1" && return 0
		sleep 0.1
	done
	echo "$1: not mounted after 10 s" >&2
	return 1
}

kp_start() {
	local name=$1 dir=$2
	shift 2
	"$KLIPS_BIN/klips-procfs" -f -p "$T/$name.pid" "$@" "$dir" >>"$T/$name.log" 2>&1 3>&- &
	disown $!
	kp_wait_mounted "$dir" || { cat "$T/$name.log" >&2; return 1; }
}

# Not gone, and not a zombie (reaped or not, a zombie serves nothing).
kp_alive() {
	local state
	state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ]
}

kp_stop() {
	local name=$1 dir=$2 pid i
	pid=$(cat "$T/$name.pid" 2>/dev/null)
	if [ -n "$pid" ] && kp_alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			kp_alive "$pid" || break
			sleep 0.1
		done
	fi
	rm -f "$T/$name.pid"
	if mountpoint -q "$dir" 2>/dev/null || ! stat "$dir" >/dev/null 2>&1; then
		fusermount3 -u -z "$dir" 2>/dev/null || umount -l "$dir" 2>/dev/null || true
	fi
}

kp_stop_all() {
	local f name dir arg
	for f in "$T"/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		dir=$T/$name
		for arg in "$@"; do
			[ "${arg%%=*}" = "$name" ] && dir=${arg#*=}
		done
		kp_stop "$name" "$dir"
	done
}

kp_rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
kp_fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }
kp_threads() { find "/proc/$1/task" -mindepth 1 -maxdepth 1 | wc -l; }
kp_sockets() { find "/proc/$1/fd" -lname 'socket:*' | wc -l; }

kp_same_listing() {
	local want=$1 got=$2 gap=$3
	cmp -s "$want" "$got" && return 0
	# Both end the same way (a newline, or both empty), no NUL byte read.
	[ "$(tail -c 1 "$want" | od -An -c)" = "$(tail -c 1 "$got" | od -An -c)" ] ||
		{ echo "$got: the last byte differs from $want's" >&2; return 1; }
	[ "$(tr -cd '\000' <"$got" | wc -c)" -eq 0 ] || { echo "$got: a NUL byte" >&2; return 1; }
	awk -v gap="$gap" -f "$KP_MATCH" "$want" "$got" >&2
}

kp_same_as() {
	local ns=$1 cmd t0=$EPOCHSECONDS
	read -r -a cmd <<<"$2"
	shift 2
	"$@" >"$T/reader.out" || { echo "$* failed" >&2; return 1; }
	ip netns exec "$ns" "$KLIPS_BIN/${cmd[0]}" "${cmd[@]:1}" >"$T/command.out" || return 1
	kp_same_listing "$T/command.out" "$T/reader.out" $((EPOCHSECONDS - t0)) ||
		{ echo "($*, against ${cmd[*]} in $ns)" >&2; return 1; }
}

kp_same_as_all() {
	local ns=$1 cmd file=$3 t0=$EPOCHSECONDS i gap
	read -r -a cmd <<<"$2"
	shift 3
	for ((i = 1; i <= $#; i++)); do
		${!i} "$file" >"$T/reader.$i" || { echo "${!i} $file failed" >&2; return 1; }
	done
	ip netns exec "$ns" "$KLIPS_BIN/${cmd[0]}" "${cmd[@]:1}" >"$T/command.out" || return 1
	gap=$((EPOCHSECONDS - t0))
	for ((i = 1; i <= $#; i++)); do
		kp_same_listing "$T/command.out" "$T/reader.$i" "$gap" ||
			{ echo "(${!i} $file, against ${cmd[*]} in $ns)" >&2; return 1; }
	done
}

kp_add_tun() { # NETNS SPI EDST SRC
	ip netns exec "$1" "$KLIPS_BIN/spi" --af inet --said "tun.$2@$3" --ip4 --src "$4" --dst "$3"
}

kp_add_esp() { # NETNS SPI EDST SRC
	ip netns exec "$1" "$KLIPS_BIN/spi" --af inet --edst "$3" --spi "0x$2" --proto esp --src "$4" \
		--esp 3des-md5-96 --enckey "$ENCKEY" --authkey "$AUTHKEY"
}

kp_add_ah() { # NETNS SPI EDST SRC
	ip netns exec "$1" "$KLIPS_BIN/spi" --af inet --edst "$3" --spi "0x$2" --proto ah --src "$4" \
		--ah hmac-md5-96 --authkey "$AUTHKEY"
}

read_dd1() { dd if="$1" bs=1 status=none; }
read_dd61() { dd if="$1" bs=61 status=none; }
read_dd4096() { dd if="$1" bs=4096 status=none; }
read_awk() { awk '{ print }' "$1"; }
read_python() { "$KP_PYTHON" -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], "rb").read())' "$1"; }

not() { ! "$@"; }
