#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# packaging/rpm/klips-compat.spec: it parses (rpmspec, from Debian's rpm
# package), is at VERSION, and its %files lists exactly what make install
# puts in place with the same paths. No root; no RPM is built here (see
# the spec's header for that).
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh
spec=packaging/rpm/klips-compat.spec

if ! command -v rpmspec >/dev/null; then
	skip "the RPM spec" "rpmspec missing (Debian package rpm; tools/deps check installs it)"
	tap_done
	exit 0
fi
# Fedora's paths; systemd-rpm-macros is not on Debian.
defs=(--define "_unitdir /usr/lib/systemd/system" --define "_prefix /usr"
	--define "_libexecdir /usr/libexec" --define "_sbindir /usr/sbin"
	--define "_mandir /usr/share/man" --define "_sysconfdir /etc"
	--define "_bindir /usr/bin" --define "_libdir /usr/lib64")
parsed=$(rpmspec -P "${defs[@]}" "$spec" 2>&1)
ok $? "rpmspec -P parses the spec"
check "the spec is at version $(cat VERSION)" \
	test "$(rpmspec -q --qf '%{VERSION}\n' "${defs[@]}" "$spec" 2>/dev/null | sort -u)" = "$(cat VERSION)"

fields() {
	local url
	url=$(rpmspec -q --qf '%{URL}\n' "${defs[@]}" "$spec" 2>/dev/null | sort -u)
	[ "$url" = https://klips-compat.invalid/ ] || { echo "URL: $url"; return 1; }
	grep -qx '%license COPYING' <<<"$parsed" && grep -qx '%doc README.md' <<<"$parsed" ||
		{ echo "no %license COPYING or %doc README.md"; return 1; }
}
check "the spec has the placeholder URL, %license COPYING and %doc README.md" fields
# Without systemd-rpm-macros (as here): the fallbacks.
fallbacks() {
	local p
	p=$(rpmspec -P "$spec" 2>&1) || { echo "$p"; return 1; }
	grep -qx '/usr/lib/systemd/system/klips-procfs.service' <<<"$p" || { echo "no %{_unitdir} fallback"; return 1; }
	! grep -n '%systemd\|%{_unitdir}' <<<"$p" || return 1
	grep -q 'systemctl --no-reload preset klips-procfs.service' <<<"$p" || { echo "no %systemd_post fallback"; return 1; }
}
check "without systemd-rpm-macros, %{_unitdir} and the %systemd_* scriptlets fall back" fallbacks

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make --no-print-directory -s install DESTDIR="$tmp" PREFIX=/usr LIBEXECDIR=/usr/libexec \
	BINDIR=/usr/bin LIBDIR=/usr/lib64 SBINDIR=/usr/sbin MANDIR=/usr/share/man SYSTEMDUNITDIR=/usr/lib/systemd/system \
	BASHCOMPATDIR=/etc/bash_completion.d WITH_FRONTEND=yes >/dev/null 2>&1

# The %files entries (both packages), without %dir, %config(...) and the
# like, one per line: patterns, matched against the DESTDIR here only (never
# expanded against / by the shell, where klips-compat may be installed).
# %doc and %license files come from the source tree, not from make install.
mapfile -t patterns < <(awk '/^%files/ { on = 1; next } /^%/ && !/^%(dir|config|doc|license)/ { on = 0 }
	on && NF && !/^%(doc|license) /' <<<"$parsed" | sed -e 's/^%dir //' -e 's/^%config([a-z]*) //')
same_files() {
	local bad=0 f p hit
	[ "${#patterns[@]}" -gt 5 ] || { echo "only ${#patterns[@]} %files entries: ${patterns[*]}"; return 1; }
	for p in "${patterns[@]}"; do
		compgen -G "$tmp$p" >/dev/null || { echo "%files names $p, which make install does not put"; bad=1; }
	done
	while IFS= read -r f; do
		hit=0
		for p in "${patterns[@]}"; do
			# shellcheck disable=SC2053 # glob match on purpose
			[[ /$f == $p ]] && hit=1
		done
		[ $hit = 1 ] || { echo "make install puts /$f, which %files does not list"; bad=1; }
	done < <(cd "$tmp" && find . ! -type d -printf '%P\n')
	return $bad
}
check "%files lists exactly the files of make install" same_files

tap_done
