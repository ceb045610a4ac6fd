# SPDX-License-Identifier: GPL-2.0-or-later
# Progress lines for tests/run-all (sourced; tests/pkg/progress.sh tests
# them): while a long phase runs, a line every $progress_every seconds.

# tap_counts LOG...: "P passed, F failed" over the TAP logs so far.
tap_counts() {
	local p=0 f=0 x l
	for l in "$@"; do
		[ -f "$l" ] || continue
		x=$(grep -c '^ok ' "$l")
		p=$((p + ${x:-0}))
		x=$(grep -c '^not ok ' "$l")
		f=$((f + ${x:-0}))
	done
	echo "$p passed, $f failed"
}

# wait_progress PID DESCRIBE: wait for PID and return its status; every
# $progress_every seconds meanwhile print what DESCRIBE (a command) says.
wait_progress() {
	local pid=$1 describe=$2 start=$SECONDS last=$SECONDS
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if [ $((SECONDS - last)) -ge "$progress_every" ]; then
			last=$SECONDS
			echo "     ... $((SECONDS - start)) s: $($describe)"
		fi
	done
	wait "$pid"
}

# What the kernel suites are doing, for wait_progress.
kernel_progress() {
	local d n running="" done=0
	for d in "$logdir/kernel-queue"/*/; do
		[ -d "$d" ] || continue
		n=${d%/}
		n=${n##*/}
		if [ -f "$d/status" ]; then done=$((done + 1)); else running="$running $n"; fi
	done
	echo "kernel suites: $done of ${kernel_total:-?} files done, running:${running:- none};" \
		"$(tap_counts "$logdir"/kernel-*.bats.tap) so far"
}

