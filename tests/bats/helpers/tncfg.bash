# SPDX-License-Identifier: GPL-2.0-or-later
# What the tncfg suites (60-tncfg-dummy, 61-tncfg) share; load after common
# and klips.
#
#   TNCFG, FAULT_TNCFG     tncfg, and its build that fails the kernel call
#                          $KLIPS_TEST_FAIL_CALL (build/fault/tncfg)
#   tncfg_setup [xfrmi]    the per-test set-up: kc_setup (then
#                          kc_require_xfrmi with "xfrmi"), both programs
#                          there, topo_two_hosts

TNCFG=$KLIPS_BIN/tncfg
FAULT_TNCFG=$KLIPS_ROOT/build/fault/tncfg

tncfg_setup() {
	kc_setup
	[ "${1:-}" != xfrmi ] || kc_require_xfrmi
	[ -x "$TNCFG" ] && [ -x "$FAULT_TNCFG" ] || fail "make all build/fault/tncfg first"
	topo_two_hosts
}
