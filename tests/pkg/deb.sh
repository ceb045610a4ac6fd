#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian packages: `make deb` builds them, their contents are the
# expected ones, and they install with dpkg -i, work, and purge cleanly.
# Installing needs root: it happens in a throw-away copy of this machine's
# root (an overlay in a private mount namespace), so the machine itself is
# not changed. There the installed ipsec runs on the host kernel and, when
# tests/kernel/run exists, under the real-kernel runner too (whose VM sees
# that root). Slow (about 30 s): tests/run-all runs it only without
# --unit-only.
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh
top=$PWD
version=$(cat VERSION)
deb=build/deb/klips-compat_${version}-1_$(dpkg --print-architecture 2>/dev/null).deb
debi=build/deb/klips-compat-ipsec_${version}-1_all.deb

if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null; then
	skip "Debian packages" "dpkg-buildpackage or debhelper missing (tools/deps check installs them)"
	tap_done
	exit 0
fi

check "debian/changelog is at version $version (VERSION)" \
	test "$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)" = "$version-1"

start=$(date +%s)
mkdir -p build/test-logs
# A clean make for the package build, not the one this may run under.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory deb >build/test-logs/deb-build.log 2>&1
status=$?
ok $status "make deb builds the packages (log: build/test-logs/deb-build.log)"
diag "make deb took $(($(date +%s) - start)) s"
if [ $status -ne 0 ]; then
	tail -20 build/test-logs/deb-build.log | sed 's/^/# /'
	tap_done
	exit 1
fi

# contents DEB: "mode owner path [-> target]" per entry, as dpkg -c shows them
contents() {
	dpkg -c "$1" | awk '{ $3 = $4 = $5 = ""; print }' | sed 's/   */ /g' | sort -k3
}

expect_main() {
	sort -k3 <<-'EOF'
	drwxr-xr-x root/root ./
	drwxr-xr-x root/root ./etc/
	drwxr-xr-x root/root ./etc/bash_completion.d/
	-rw-r--r-- root/root ./etc/bash_completion.d/klips-compat
	drwxr-xr-x root/root ./lib/
	drwxr-xr-x root/root ./lib/systemd/
	drwxr-xr-x root/root ./lib/systemd/system/
	-rw-r--r-- root/root ./lib/systemd/system/klips-procfs.service
	-rw-r--r-- root/root ./lib/systemd/system/klips-procfs@.service
	drwxr-xr-x root/root ./usr/
	drwxr-xr-x root/root ./usr/bin/
	-rwxr-xr-x root/root ./usr/bin/klips-run
	drwxr-xr-x root/root ./usr/lib/
	drwxr-xr-x root/root ./usr/lib/klips-compat/
	-rw-r--r-- root/root ./usr/lib/klips-compat/libklips-preload.so
	drwxr-xr-x root/root ./usr/lib/ipsec/
	lrwxrwxrwx root/root ./usr/lib/ipsec/spi -> ../../libexec/ipsec/spi
	lrwxrwxrwx root/root ./usr/lib/ipsec/spigrp -> ../../libexec/ipsec/spigrp
	drwxr-xr-x root/root ./usr/libexec/
	drwxr-xr-x root/root ./usr/libexec/ipsec/
	-rwxr-xr-x root/root ./usr/libexec/ipsec/spi
	-rwxr-xr-x root/root ./usr/libexec/ipsec/spigrp
	drwxr-xr-x root/root ./usr/libexec/klips-compat/
	-rwxr-xr-x root/root ./usr/libexec/klips-compat/ipsec
	drwxr-xr-x root/root ./usr/sbin/
	-rwxr-xr-x root/root ./usr/sbin/klips-procfs
	drwxr-xr-x root/root ./usr/share/
	drwxr-xr-x root/root ./usr/share/doc/
	drwxr-xr-x root/root ./usr/share/doc/klips-compat/
	-rw-r--r-- root/root ./usr/share/doc/klips-compat/changelog.Debian.gz
	-rw-r--r-- root/root ./usr/share/doc/klips-compat/copyright
	drwxr-xr-x root/root ./usr/share/lintian/
	drwxr-xr-x root/root ./usr/share/lintian/overrides/
	-rw-r--r-- root/root ./usr/share/lintian/overrides/klips-compat
	drwxr-xr-x root/root ./usr/share/man/
	drwxr-xr-x root/root ./usr/share/man/man5/
	-rw-r--r-- root/root ./usr/share/man/man5/ipsec_spi.5.gz
	-rw-r--r-- root/root ./usr/share/man/man5/ipsec_spigrp.5.gz
	drwxr-xr-x root/root ./usr/share/man/man8/
	-rw-r--r-- root/root ./usr/share/man/man8/ipsec_spi.8.gz
	-rw-r--r-- root/root ./usr/share/man/man8/ipsec_spigrp.8.gz
	-rw-r--r-- root/root ./usr/share/man/man8/klips-procfs.8.gz
	-rw-r--r-- root/root ./usr/share/man/man8/klips-run.8.gz
	EOF
}

expect_ipsec() {
	sort -k3 <<-'EOF'
	drwxr-xr-x root/root ./
	drwxr-xr-x root/root ./usr/
	drwxr-xr-x root/root ./usr/sbin/
	lrwxrwxrwx root/root ./usr/sbin/ipsec -> ../libexec/klips-compat/ipsec
	drwxr-xr-x root/root ./usr/share/
	drwxr-xr-x root/root ./usr/share/doc/
	drwxr-xr-x root/root ./usr/share/doc/klips-compat-ipsec/
	-rw-r--r-- root/root ./usr/share/doc/klips-compat-ipsec/changelog.Debian.gz
	-rw-r--r-- root/root ./usr/share/doc/klips-compat-ipsec/copyright
	drwxr-xr-x root/root ./usr/share/man/
	drwxr-xr-x root/root ./usr/share/man/man8/
	-rw-r--r-- root/root ./usr/share/man/man8/ipsec.8.gz
	EOF
}

check "dpkg -c klips-compat: the expected files, modes and owners" \
	diff -u <(expect_main) <(contents "$deb")
check "dpkg -c klips-compat-ipsec: /usr/sbin/ipsec, a link to the front-end, and ipsec.8" \
	diff -u <(expect_ipsec) <(contents "$debi")

fields() {
	local dep
	dep=$(dpkg-deb -f "$deb" Depends)
	for p in libc6 libmnl0 libfuse3-3 fuse3; do
		[[ $dep == *"$p"* ]] || { echo "Depends lacks $p: $dep"; return 1; }
	done
	# the programs do not link OpenSSL (compat/keycheck.c); only the tests do
	[[ $dep != *libssl* ]] || { echo "Depends names libssl: $dep"; return 1; }
	[ "$(dpkg-deb -f "$deb" Recommends)" = iproute2 ] || { echo "Recommends: $(dpkg-deb -f "$deb" Recommends)"; return 1; }
	[ "$(dpkg-deb -f "$debi" Conflicts)" = "libreswan, openswan, strongswan-starter" ] ||
		{ echo "Conflicts: $(dpkg-deb -f "$debi" Conflicts)"; return 1; }
	[ "$(dpkg-deb -I "$deb" conffiles)" = /etc/bash_completion.d/klips-compat ] ||
		{ echo "conffiles: $(dpkg-deb -I "$deb" conffiles)"; return 1; }
}
check "control fields: Depends (shlibs, fuse3, no libssl), Recommends, Conflicts, conffiles" fields

# --- install, use and purge in a throw-away root ------------------------------

# Runs in a private mount namespace: an overlay of / whose changes go to a
# tmpfs, with /proc, /sys, /dev, a fresh /run and /tmp, and this checkout.
# Prints PASS/FAIL/SKIP lines.
session() {
	set -u
	local base r out
	base=$(mktemp -d)
	mount -t tmpfs tmpfs "$base" || { printf 'SKIP\t%s\t%s\n' "dpkg -i in a throw-away root" "cannot mount a tmpfs"; return; }
	mkdir -p "$base/upper" "$base/work" "$base/root"
	r=$base/root
	if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$r"; then
		printf 'SKIP\t%s\t%s\n' "dpkg -i in a throw-away root" "cannot mount an overlay of /"
		return
	fi
	mount -t proc proc "$r/proc" && mount --rbind /sys "$r/sys" && mount --rbind /dev "$r/dev" &&
		mount -t tmpfs tmpfs "$r/run" && mount -t tmpfs tmpfs "$r/tmp" &&
		mkdir -p "$r$top" && mount --bind "$top" "$r$top" ||
		{ printf 'SKIP\t%s\t%s\n' "dpkg -i in a throw-away root" "cannot set up its mounts"; return; }
	in_root() { chroot "$r" env TMPDIR=/tmp "$@"; }

	out=$(in_root dpkg -i "$top/$deb" "$top/$debi" 2>&1)
	if [ $? -eq 0 ] && in_root dpkg -s klips-compat klips-compat-ipsec | grep -c '^Status: install ok installed' | grep -qx 2; then
		echo "PASS dpkg -i klips-compat klips-compat-ipsec"
	else
		echo "FAIL dpkg -i klips-compat klips-compat-ipsec"
		printf '%s\n' "$out" | sed 's/^/# /'
		return
	fi
	if [ -e "$r/etc/systemd/system/multi-user.target.wants/klips-procfs.service" ]; then
		echo "FAIL the klips-procfs unit was enabled"
	else
		echo "PASS the klips-procfs unit is installed, not enabled"
	fi
	out=$(in_root man -w ipsec_spi ipsec_spigrp klips-procfs ipsec 2>&1 && in_root man -w 5 ipsec_spi ipsec_spigrp 2>&1)
	[ $? -eq 0 ] && echo "PASS man finds the six pages" || { echo "FAIL man -w"; printf '# %s\n' "$out"; }

	out=$(in_root "$top/packaging/debian/tests/installed" 2>&1)
	if [ $? -eq 0 ]; then
		echo "PASS the installed ipsec spi / spigrp on the host kernel ($(grep -c '^ok ' <<<"$out") checks: $(grep '# SKIP' <<<"$out" | sed 's/.*# SKIP/skipped:/'))"
	else
		echo "FAIL the installed ipsec spi / spigrp on the host kernel"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
	if [ ! -x "$top/tests/kernel/run" ]; then
		printf 'SKIP\t%s\t%s\n' "the installed ipsec spi / spigrp under the real-kernel runner" \
			"tests/kernel/run is not on this branch"
	else
		out=$(in_root "$top/tests/kernel/run" env KLIPS_NEED_SA=1 "$top/packaging/debian/tests/installed" 2>&1)
		if [ $? -eq 0 ] && ! grep -q '# SKIP' <<<"$out"; then
			echo "PASS the installed ipsec spi / spigrp under tests/kernel/run: ESP SA, group, delete ($(grep -c '^ok ' <<<"$out") checks)"
		else
			echo "FAIL the installed ipsec spi / spigrp under tests/kernel/run"
			printf '%s\n' "$out" | tail -30 | sed 's/^/# /'
		fi
	fi

	out=$(in_root dpkg --purge klips-compat-ipsec klips-compat 2>&1)
	local left=""
	for p in $(contents "$top/$deb" | awk '$1 !~ /^d/ { print substr($3, 2) }') /usr/sbin/ipsec; do
		[ -e "$r$p" ] || [ -L "$r$p" ] && left="$left $p"
	done
	if [ -z "$left" ] && ! in_root dpkg -s klips-compat >/dev/null 2>&1; then
		echo "PASS dpkg --purge removes every file"
	else
		echo "FAIL dpkg --purge left:$left"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}

if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
	skip "dpkg -i in a throw-away root" "needs root and unshare"
else
	start=$(date +%s)
	export -f session contents
	export top deb debi
	while IFS= read -r line; do
		case $line in
		PASS\ *) ok 0 "${line#PASS }" ;;
		FAIL\ *) ok 1 "${line#FAIL }" ;;
		SKIP$'\t'*)
			IFS=$'\t' read -r _ desc why <<<"$line"
			skip "$desc" "$why"
			;;
		*) echo "$line" ;;
		esac
	done < <(unshare --mount --propagation private bash -c session 2>&1)
	diag "install, checks and purge took $(($(date +%s) - start)) s"
fi

tap_done
