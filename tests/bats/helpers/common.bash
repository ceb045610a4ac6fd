# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up for the kernel suites. Load it first, from any suite:
#
#   load helpers/common
#
# It loads bats-support, bats-assert and the other helpers (netns, xfrm,
# traffic, wire), and sets:
#   KLIPS_ROOT   the checkout
#   KLIPS_BIN    the built programs (build/bin unless set by the caller)
#
# The suites need root and a kernel that can hold ESP/AH/IPComp SAs; run
# them with tests/kernel/run, which provides both (see tests/kernel/README.md).
# Every exec costs tens of milliseconds under user-mode Linux: prefer one
# `ip -batch` over many `ip` calls and one dump over several.

# _kc_load_library NAME: bats_load_library NAME without its cost. The
# libraries' load.bash files run `$(dirname ...)` once per file: under
# user-mode Linux that is ~1 s per test for bats-support + bats-assert.
# Follow load.bash's list of `source .../src/FILE.bash` lines instead; if
# it holds anything else, use bats_load_library itself.
_kc_load_library() {
	local name=$1 dir='' d line files=() re
	re='^source "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)/(src/[A-Za-z0-9_.-]+\.bash)"$'
	local IFS=:
	for d in ${BATS_LIB_PATH:-$HOME/.bats/libs:/usr/lib/bats}; do
		[ -f "$d/$name/load.bash" ] && { dir=$d/$name; break; }
	done
	IFS=$' \t\n'
	if [ -n "$dir" ]; then
		while IFS= read -r line; do
			[[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
			if [[ $line =~ $re ]]; then
				files+=("$dir/${BASH_REMATCH[1]}")
			else
				files=()
				break
			fi
		done <"$dir/load.bash"
	fi
	if [ "${#files[@]}" -eq 0 ]; then
		bats_load_library "$name"
		return
	fi
	for d in "${files[@]}"; do
		# shellcheck source=/dev/null
		source "$d" || return 1
	done
}
_kc_load_library bats-support
_kc_load_library bats-assert

KLIPS_HELPERS=${BASH_SOURCE[0]%/*}
# tests/kernel/run exports KLIPS_ROOT; computing it costs a subshell.
KLIPS_ROOT=${KLIPS_ROOT:-$(cd "$KLIPS_HELPERS/../../.." && pwd)}
KLIPS_BIN=${KLIPS_BIN:-$KLIPS_ROOT/build/bin}
export KLIPS_ROOT KLIPS_BIN

# shellcheck source=tests/bats/helpers/netns.bash
source "$KLIPS_HELPERS/netns.bash"
# shellcheck source=tests/bats/helpers/xfrm.bash
source "$KLIPS_HELPERS/xfrm.bash"
# shellcheck source=tests/bats/helpers/traffic.bash
source "$KLIPS_HELPERS/traffic.bash"
# shellcheck source=tests/bats/helpers/wire.bash
source "$KLIPS_HELPERS/wire.bash"

# Test keys (hex, as `ip xfrm` takes them): 3DES 192 bits, MD5 128,
# SHA1 160. Never real keys.
# shellcheck disable=SC2034 # used by the suites
{
	KC_K3DES=0x0123456789abcdef1032547698badcfe2143658709badcfe
	KC_K3DES_OTHER=0xfedcba98765432100123456789abcdeffedcba9876543210
	KC_KMD5=0x00112233445566778899aabbccddeeff
	KC_KMD5_OTHER=0xffeeddccbbaa99887766554433221100
	KC_KSHA1=0x00112233445566778899aabbccddeeff00112233
}

# kc_require_root: fail (not skip) when not root: the runner provides root,
# and a kernel suite that skips everything must not look like a pass.
kc_require_root() {
	[ "$(id -u)" -eq 0 ] || fail "the kernel suites need root: run them with tests/kernel/run"
}

# kc_require_xfrmi: fail (not skip) unless the kernel can make xfrm
# interfaces: the suites that need them run under qemu with Debian's kernel
# ("# kernel: qemu xfrmi" in the file, see tests/kernel/README.md); UML 6.1
# has none.
kc_require_xfrmi() {
	local err
	err=$(unshare --net ip link add kc-xfrmi type xfrm if_id 1 2>&1) ||
		fail "this kernel ($(uname -r), ${KLIPS_KERNEL_IN_VM:-?}) has no xfrm interfaces: $err; run with KLIPS_KERNEL=qemu"
}

# kc_require_bin NAME...: skip unless the programs have been built; the
# suites for spi/spigrp use it until the programs exist.
kc_require_bin() {
	local p
	for p in "$@"; do
		[ -x "$KLIPS_BIN/$p" ] || skip "$KLIPS_BIN/$p is not built (make)"
	done
}

# kc_setup / kc_teardown: the default per-test set-up and clean-up. A suite
# that defines its own setup/teardown must call these from them.
kc_setup() {
	kc_require_root
}
kc_teardown() {
	wire_cleanup
	netns_cleanup
}
