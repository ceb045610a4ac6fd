#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The progress lines of tests/run-all (tests/progress.sh): while a long
# phase runs, a line at least every 30 s (every KLIPS_PROGRESS seconds,
# 20 by default) that says what runs and the counts so far; the status of
# what ran is kept. No root, no kernel (a queue of kernel suites is made
# up here, as run-all lays it out).
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh
. tests/progress.sh

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

check "the default interval is at most 30 s" \
	grep -q 'progress_every=${KLIPS_PROGRESS:-\([12][0-9]\|30\)}$' tests/run-all

# wait_progress: lines while it runs, then the status of the command.
describe() { echo "busy $(cat "$logdir/n" 2>/dev/null)"; }
progress_every=1
said=$( (for i in 1 2 3; do echo "$i" >"$logdir/n"; sleep 1; done; exit 3) &
	wait_progress $! describe)
waited=$?
check "wait_progress returns the status of what it waited for (3)" test "$waited" -eq 3
lines() {
	local n
	n=$(grep -c '^     \.\.\. [0-9]* s: busy [1-3]$' <<<"$said")
	[ "$n" -ge 2 ] || { echo "$n lines:"; echo "$said"; return 1; }
}
check "wait_progress prints a line per interval with what DESCRIBE says" lines
progress_every=20
said=$(sleep 2 & wait_progress $! describe)
check "nothing for a phase shorter than the interval" test -z "$said"

# kernel_progress, on a made-up queue: 1 of 3 files done, one running,
# one not started; counts from the TAP logs so far.
mkdir -p "$logdir/kernel-queue/10-spi.bats" "$logdir/kernel-queue/20-spigrp.bats"
echo 0 >"$logdir/kernel-queue/10-spi.bats/status"
printf 'ok 1 - a\nok 2 - b\nnot ok 3 - c\nok 4 - d # skip e\n1..4\n' >"$logdir/kernel-10-spi.bats.tap"
printf 'ok 1 - a\nok 2 - b in 300ms\n' >"$logdir/kernel-20-spigrp.bats.tap"
kernel_total=3
check "kernel_progress says which suites run and the counts so far" \
	test "$(kernel_progress)" = "kernel suites: 1 of 3 files done, running: 20-spigrp.bats; 5 passed, 1 failed so far"

tap_done
