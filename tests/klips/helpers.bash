# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# What the tests/klips/*.bats files share.

KLIPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

setup_file() {
	# Every test of tests.json has its test point in one of the files, and
	# no file has another.
	local want have
	want=$("$KLIPS_DIR/spec" --list | sort)
	have=$(sed -n 's/^@test "\([^ ]*\) .*/\1/p' "$KLIPS_DIR"/*.bats "$KLIPS_DIR"/pending/*.bats | sort)
	[ "$want" = "$have" ] || {
		echo "tests/klips/*.bats do not have one test per test of tests.json:" >&2
		diff <(echo "$want") <(echo "$have") >&2
		return 1
	}
}

setup() {
	kc_setup
	kc_require_xfrmi
}
teardown() { kc_teardown; }

klipstest() {
	run "$KLIPS_DIR/klipstest" --dir "$BATS_TEST_TMPDIR/$1" "$1"
	assert_success
}
