#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make install / make uninstall into a DESTDIR: the files, their modes, the
# installed front-end running the installed spi, nothing left after
# uninstall; with WITH_FRONTEND=yes, another ipsec is refused, or set aside
# with FORCE_FRONTEND=yes and handed every other command, and put back by
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

# Our commands, as the front-end lists them (the Makefile's IPSEC_COMMANDS).
commands=$(build/bin/ipsec --help | sed -n 's/^commands: //p')
expected() {
	{
		for c in $commands; do
			echo "755 usr/libexec/ipsec/$c"
			echo "644 usr/share/man/man8/ipsec_$c.8"
		done
		for p in man/ipsec_*.5; do echo "644 usr/share/man/man5/${p#man/}"; done
		cat <<-EOF
		644 lib/systemd/system/klips-procfs.service
		644 lib/systemd/system/klips-procfs@.service
		755 usr/libexec/klips-compat/ipsec
		755 usr/sbin/klips-procfs
		644 etc/bash_completion.d/klips-compat
		644 usr/share/man/man8/klips-procfs.8
		755 usr/bin/klips-run
		644 usr/lib/klips-compat/libklips-preload.so
		644 usr/share/man/man8/klips-run.8
		EOF
	} | sort -k2
}

same_list() {
	diff -u <(expected) <(listing "$tmp")
}

d=$tmp
# shellcheck disable=SC2086 # $std is a list of words
check "make install DESTDIR=... succeeds" make --no-print-directory install DESTDIR="$d" $std
check "make install put exactly the expected files, with their modes (no /usr/sbin/ipsec); commands: $commands" same_list

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
		"$1" --help | grep -qx 'commands: spi spigrp\( [a-z]*\)*'
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
# This one tells how it was run: its arguments, one per line, and stdin.
other() {
	mkdir -p "$d/usr/sbin" "$d/usr/share/man/man8"
	cat >"$d/usr/sbin/ipsec" <<-'EOF'
	#!/bin/sh
	echo "other ipsec, \$0=$0"
	for a in "$@"; do echo "[$a]"; done
	[ -t 0 ] || sed 's/^/stdin: /'
	exit 7
	EOF
	chmod 755 "$d/usr/sbin/ipsec"
	echo '.TH IPSEC 8 "2020" "another"' | gzip -9n >"$d/usr/share/man/man8/ipsec.8.gz"
}
other_sums() { (cd "$d" && find . ! -type d -print0 | sort -z | xargs -0 md5sum); }
other
before=$(other_sums)
# shellcheck disable=SC2086
make --no-print-directory -s install DESTDIR="$d" $std >/dev/null 2>&1
# shellcheck disable=SC2086
make --no-print-directory -s uninstall DESTDIR="$d" $std >/dev/null 2>&1
check "make install and uninstall without WITH_FRONTEND leave another ipsec and ipsec.8 alone" \
	test "$(other_sums)" = "$before"

# shellcheck disable=SC2086
refusal=$(make --no-print-directory -s install DESTDIR="$d" WITH_FRONTEND=yes $std 2>&1)
refusal_status=$?
refused() {
	[ $refusal_status -ne 0 ] || { echo "make install succeeded"; return 1; }
	grep -q 'FORCE_FRONTEND=yes' <<<"$refusal" || { echo "no hint at FORCE_FRONTEND: $refusal"; return 1; }
	[ "$(other_sums)" = "$before" ] || { echo "files changed:"; other_sums; return 1; }
}
check "make install WITH_FRONTEND=yes refuses another ipsec, says how to force it, changes nothing" refused

# shellcheck disable=SC2086
check "make install WITH_FRONTEND=yes FORCE_FRONTEND=yes succeeds over another ipsec" \
	make --no-print-directory install DESTDIR="$d" WITH_FRONTEND=yes FORCE_FRONTEND=yes $std
set_aside() {
	[ "$(readlink "$d/usr/sbin/ipsec")" = ../libexec/klips-compat/ipsec ] || { echo "ipsec: $(ls -l "$d/usr/sbin/ipsec")"; return 1; }
	grep -q 'other ipsec' "$d/usr/sbin/ipsec.distrib" || { echo "no ipsec.distrib"; return 1; }
	zgrep -q another "$d/usr/share/man/man8/ipsec.distrib.8.gz" || { echo "no ipsec.distrib.8.gz"; return 1; }
	grep -q '^\.TH IPSEC 8 .* klips-compat ' "$d/usr/share/man/man8/ipsec.8" || { echo "ipsec.8 is not ours"; return 1; }
	[ ! -e "$d/usr/share/man/man8/ipsec.8.gz" ] || { echo "ipsec.8.gz still there"; return 1; }
}
check "the other ipsec and its page are set aside as ipsec.distrib, ipsec.distrib.8.gz; ours in their place" set_aside

# Ours runs our commands, and hands everything else to the other one: exec,
# arguments untouched, stdin and exit status passed through.
hands_on() {
	local out status want
	out=$(printf 'line 1\n' | "$d/usr/sbin/ipsec" start "a  b" "" --x '*' 2>&1)
	status=$?
	want=$(printf '%s\n' "other ipsec, \$0=$d/usr/sbin/ipsec.distrib" "[start]" "[a  b]" "[]" "[--x]" "[*]" "stdin: line 1")
	[ "$status" -eq 7 ] && [ "$out" = "$want" ] || { echo "exit $status:"; echo "$out"; return 1; }
	for a in --version --help "" nonsense; do
		out=$("$d/usr/sbin/ipsec" $a </dev/null 2>&1)
		status=$?
		[ "$status" -eq 7 ] && [[ $out == "other ipsec,"* ]] || { echo "ipsec $a: exit $status: $out"; return 1; }
	done
	for c in $commands; do
		out=$("$d/usr/sbin/ipsec" $c --version 2>&1)
		[ "$out" = "$d/usr/libexec/ipsec/$c, klips-compat $version" ] || { echo "ipsec $c --version: $out"; return 1; }
	done
}
check "our ipsec runs spi and spigrp and hands every other command line to the other one" hands_on
# shellcheck disable=SC2086
check "make install WITH_FRONTEND=yes again (ours is in place) succeeds" \
	make --no-print-directory -s install DESTDIR="$d" WITH_FRONTEND=yes $std

# shellcheck disable=SC2086
check "make uninstall succeeds" make --no-print-directory uninstall DESTDIR="$d" $std
check "make uninstall put the other ipsec and its page back, and left nothing of ours" \
	test "$(other_sums)" = "$before"

# An ipsec.distrib that make install did not set aside (dpkg-divert's) stays.
mkdir -p "$d/usr/sbin" && printf '#!/bin/sh\n' >"$d/usr/sbin/ipsec.distrib" && rm -f "$d/usr/sbin/ipsec"
before=$(other_sums)
# shellcheck disable=SC2086
make --no-print-directory -s install DESTDIR="$d" WITH_FRONTEND=yes $std >/dev/null 2>&1
# shellcheck disable=SC2086
make --no-print-directory -s uninstall DESTDIR="$d" $std >/dev/null 2>&1
check "make uninstall leaves an ipsec.distrib it did not set aside, and the pages it did not install" \
	test "$(other_sums)" = "$before"
other
before=$(other_sums)
# shellcheck disable=SC2086
make --no-print-directory -s install DESTDIR="$d" WITH_FRONTEND=yes FORCE_FRONTEND=yes $std >/dev/null 2>&1
check "FORCE_FRONTEND=yes does not set aside a second ipsec over an ipsec.distrib" \
	test $? -ne 0 -a "$(other_sums)" = "$before"

tap_done
