# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the shell tests in tests/pkg (sourced).
tap_n=0

# ok COND_STATUS DESCRIPTION: "ok" when the status is 0.
ok() {
	local status=$1
	shift
	tap_n=$((tap_n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
	fi
}

# check DESCRIPTION COMMAND...: runs the command; its output goes to the
# log as TAP comments when it fails.
check() {
	local desc=$1 out status
	shift
	out=$("$@" 2>&1)
	status=$?
	ok "$status" "$desc"
	[ "$status" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
	return "$status"
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

tap_done() {
	echo "1..$tap_n"
}
