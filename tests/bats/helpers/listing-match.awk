# SPDX-License-Identifier: GPL-2.0-or-later
# awk -v gap=SECONDS -f listing-match.awk WANT GOT
#
# GOT, a listing read first, and WANT, the same listing printed by the
# command at most SECONDS later, are the same listing: line for line, byte
# for byte, but for the ages the text holds (the first number of addtime(...)
# and usetime(...), and idle=), which the clock moves between two snapshots.
# Each age in GOT must be at most the one in WANT, and at least it less
# SECONDS: a listing with a wrong age, or any other difference, fails.
# Exit 0 when they match; else 1, and what differs on stdout.

# The line with its ages replaced by "#"; the ages in ages[1..ages[0]].
function ages_of(l, ages,   n, out, name) {
	n = 0
	out = ""
	while (match(l, /(addtime\(|usetime\(|idle=)[0-9]+/)) {
		name = substr(l, RSTART, RLENGTH)
		sub(/[0-9]+$/, "", name)
		ages[++n] = substr(l, RSTART + length(name), RLENGTH - length(name)) + 0
		out = out substr(l, 1, RSTART - 1) name "#"
		l = substr(l, RSTART + RLENGTH)
	}
	ages[0] = n
	return out l
}

function differ(why) {
	printf "line %d: %s\n  want: %s\n  got:  %s\n", FNR, why, want[FNR], $0
	bad = 1
	exit 1
}

FILENAME == ARGV[1] { want[FNR] = $0; nwant = FNR; next }

{
	ngot = FNR
	if (FNR > nwant)
		differ("a line more than the command printed")
	if (ages_of(want[FNR], wa) != ages_of($0, ga))
		differ("not the same text (ages aside)")
	for (i = 1; i <= wa[0]; i++)
		if (ga[i] > wa[i] || ga[i] < wa[i] - gap)
			differ(sprintf("age %d is %d, the command's %d at most %d s later", i, ga[i], wa[i], gap))
}

END {
	if (bad)
		exit 1
	if (ngot != nwant) {
		printf "%d lines read, the command printed %d\n", ngot, nwant
		exit 1
	}
}
