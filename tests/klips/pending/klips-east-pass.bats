#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel: qemu xfrmi
# KLIPS wire interop, the one test klips-compat does not pass yet:
# east-pass-01 routes the traffic of a %pass eroute into ipsec0, and an
# xfrm interface drops what gets no transform where KLIPS' ipsec0 sent it
# in clear (tests/klips/README.md). `make check-klips` runs it (and fails
# on it); `make check` does not, and README.md lists it under "Not done".

bats_require_minimum_version 1.8.0

load ../../bats/helpers/common
load ../helpers

@test "east-pass-01 (%pass eroute) sends what KLIPS sent" {
	klipstest east-pass-01
}
