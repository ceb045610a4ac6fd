#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make install / make uninstall into a DESTDIR: the files, their modes, the
# installed front-end running the installed spi, and nothing left after
# uninstall. No root, no kernel.
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(cat VERSION)
std="PREFIX=/usr LIBEXECDIR=/usr/libexec SBINDIR=/usr/sbin MANDIR=/usr/share/man
SYSTEMDUNITDIR=/lib/systemd/system BASHCOMPATDIR=/etc/bash_completion.d"

# listing DIR: one line per file or link: mode path [-> target]
listing() {
	(cd "$1" && find . ! -type d -printf '%m %P %l\n' | sed 's/ $//; s/^777 \(.*\) \(.*\)/link \1 -> \2/' | sort -k2)
}

expected() {
	cat <<-EOF | sort -k2
	644 lib/systemd/system/klips-procfs.service
	644 lib/systemd/system/klips-procfs@.service
	755 usr/libexec/ipsec/spi
	755 usr/libexec/ipsec/spigrp
	755 usr/libexec/klips-compat/ipsec
	755 usr/sbin/klips-procfs
	755 usr/bin/klips-run
	644 usr/lib/klips-compat/libklips-preload.so
	644 etc/bash_completion.d/klips-compat
	644 usr/share/man/man5/ipsec_spi.5
	644 usr/share/man/man5/ipsec_spigrp.5
	644 usr/share/man/man8/ipsec_spi.8
	644 usr/share/man/man8/ipsec_spigrp.8
	644 usr/share/man/man8/klips-procfs.8
	644 usr/share/man/man8/klips-run.8
	EOF
}

same_list() {
	diff -u <(expected) <(listing "$tmp")
}

d=$tmp
# shellcheck disable=SC2086 # $std is a list of words
check "make install DESTDIR=... succeeds" make --no-print-directory install DESTDIR="$d" $std
check "make install put exactly the expected files, with their modes (no /usr/sbin/ipsec)" same_list

runs_installed() {
	local out
	out=$(env -u IPSEC_EXECDIR "$1" spi --version)
	[ $? -eq 1 ] && [ "$out" = "$2/spi, klips-compat $version" ] || { echo "got: $out"; return 1; }
	out=$(env -u IPSEC_EXECDIR "$1" spigrp --version 2>&1)
	[ $? -eq 1 ] && [ "$out" = "$2/spigrp, klips-compat $version" ] || { echo "got: $out"; return 1; }
	out=$(env -u IPSEC_EXECDIR "$1" --directory)
	[ "$out" = "$2" ] || { echo "--directory: $out"; return 1; }
}
check "the installed front-end runs the installed spi and spigrp" \
	runs_installed "$d/usr/libexec/klips-compat/ipsec" "$d/usr/libexec/ipsec"
front_end() {
	"$1" --version | grep -qx "klips-compat $version (.*)" &&
		"$1" --help | grep -q '^  spi ' && "$1" --help | grep -q '^  spigrp '
}
check "the installed front-end answers --version and lists spi and spigrp in --help" \
	front_end "$d/usr/libexec/klips-compat/ipsec"
# all_have PATTERN FILE...: every file has a line matching PATTERN
all_have() {
	local pat=$1
	shift
	for f in "$@"; do
		grep -q -- "$pat" "$f" || { echo "$f: no $pat"; return 1; }
	done
}
check "the installed units run the installed daemon" \
	all_have '^ExecStart=/usr/sbin/klips-procfs ' "$d/lib/systemd/system/klips-procfs.service" \
	"$d/lib/systemd/system/klips-procfs@.service"
installed_pages() {
	local w
	for p in "$d"/usr/share/man/man*/*; do
		w=$(groff -ww -z -man "$p" 2>&1)
		[ -z "$w" ] || { echo "$p: $w"; return 1; }
	done
}
check "the installed man pages render without a warning" installed_pages

# shellcheck disable=SC2086
check "make uninstall succeeds" make --no-print-directory uninstall DESTDIR="$d" $std
nothing_left() {
	local left
	left=$(find "$d" ! -type d; find "$d" -type d -path '*/libexec/*')
	[ -z "$left" ] || { echo "left: $left"; return 1; }
}
check "make uninstall leaves no file, link, or libexec directory" nothing_left
rm -rf "$tmp" && mkdir -p "$tmp"

# Another prefix, with our front-end as $(SBINDIR)/ipsec.
d=$tmp/root
other="PREFIX=/opt/kc SYSTEMDUNITDIR=/opt/kc/lib/systemd BASHCOMPATDIR=/opt/kc/etc/bash_completion.d"
# shellcheck disable=SC2086
check "make install WITH_FRONTEND=yes PREFIX=/opt/kc succeeds" \
	make --no-print-directory install DESTDIR="$d" WITH_FRONTEND=yes $other
check "\$(SBINDIR)/ipsec is a relative link to the front-end" \
	test "$(readlink "$d/opt/kc/sbin/ipsec")" = ../libexec/klips-compat/ipsec
check "WITH_FRONTEND=yes also installs ipsec.8" test -f "$d/opt/kc/share/man/man8/ipsec.8"
check "\$(SBINDIR)/ipsec runs the installed spi and spigrp" \
	runs_installed "$d/opt/kc/sbin/ipsec" "$d/opt/kc/libexec/ipsec"
paths_follow() {
	all_have '^ExecStart=/opt/kc/sbin/klips-procfs ' "$d/opt/kc/lib/systemd/klips-procfs.service" &&
		all_have '/opt/kc/libexec/ipsec/spi$' "$d/opt/kc/share/man/man8/ipsec_spi.8" &&
		all_have '/opt/kc/lib/systemd/klips' "$d/opt/kc/share/man/man8/klips-procfs.8" &&
		! grep -n '/usr/\(sbin\|libexec\)' "$d"/opt/kc/share/man/man*/* "$d"/opt/kc/lib/systemd/*
}
check "paths in the installed pages and units follow the prefix" paths_follow
# shellcheck disable=SC2086
check "make uninstall (another prefix) succeeds" make --no-print-directory uninstall DESTDIR="$d" $other
check "make uninstall removed the \$(SBINDIR)/ipsec link and everything else" nothing_left

# An ipsec that is not ours (libreswan's, strongSwan's) is never removed.
mkdir -p "$d/usr/sbin" "$d/usr/share/man/man8" && echo '#!/bin/sh' >"$d/usr/sbin/ipsec"
echo '.TH IPSEC 8 "2020" "libreswan"' >"$d/usr/share/man/man8/ipsec.8"
# shellcheck disable=SC2086
make --no-print-directory -s install DESTDIR="$d" $std >/dev/null 2>&1
# shellcheck disable=SC2086
make --no-print-directory -s uninstall DESTDIR="$d" $std >/dev/null 2>&1
check "make uninstall keeps an /usr/sbin/ipsec and an ipsec.8 that are not ours" \
	test -f "$d/usr/sbin/ipsec" -a -f "$d/usr/share/man/man8/ipsec.8"

tap_done
