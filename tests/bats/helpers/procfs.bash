# SPDX-License-Identifier: GPL-2.0-or-later
# klips-procfs daemons for 55-netns.bats and 56-preload.bats (50-procfs.bats
# has its own). Load with `load helpers/procfs`; needs $T (a scratch
# directory) and $KLIPS_BIN.
#
#   kp_start NAME DIR [OPTIONS...]  klips-procfs -f in the background of this
#                                   shell (fd 3 closed, or bats waits for it),
#                                   pid in $T/NAME.pid, log in $T/NAME.log;
#                                   returns once DIR is mounted
#   kp_stop NAME DIR                SIGTERM, wait, detach what is left
#   kp_alive PID                    running and not a zombie
#   kp_rss_kib PID / kp_fds PID     resident memory (KiB) / open descriptors
#   kp_sockets PID                  open sockets (netlink: 2 per namespace)

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

kp_rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
kp_fds() { ls "/proc/$1/fd" | wc -l; }
kp_sockets() { find "/proc/$1/fd" -lname 'socket:*' | wc -l; }
