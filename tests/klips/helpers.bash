# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# What the tests/klips/*.bats files share.

setup_file() {
	# Every test of tests.json has its test point in one of the files, and
	# no file has another.
	local want have
	want=$("$BATS_TEST_DIRNAME/spec" --list | sort)
	have=$(sed -n 's/^@test "\([^ ]*\) .*/\1/p' "$BATS_TEST_DIRNAME"/*.bats | sort)
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
	run "$BATS_TEST_DIRNAME/klipstest" --dir "$BATS_TEST_TMPDIR/$1" "$1"
	assert_success
}
