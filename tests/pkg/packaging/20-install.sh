#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian packages of build/deb (made by 10-chroot.sh) installed as an
# administrator would: alone, next to strongSwan (strongswan-starter, before
# and after ours) and next to libreswan, the real packages of Debian 12,
# which this test downloads (apt-get download, and their dependencies with
# apt-get install). Each case runs in a throw-away copy of this machine's
# root: an overlay of / whose changes go to a tmpfs, in a private mount
# namespace, so the machine itself is not changed.
#
# Next to strongSwan, klips-compat-ipsec diverts its /usr/sbin/ipsec to
# /usr/sbin/ipsec.distrib; `ipsec spi` runs ours, `ipsec start`, `up`,
# `version`... reach strongSwan's (arguments, output and exit status
# unchanged); removing klips-compat-ipsec puts strongSwan's back. Next to
# libreswan, its own front-end runs our commands, with or without
# klips-compat-ipsec. libreswan's look (installed before or after ours)
# is diverted by klips-compat to /usr/libexec/ipsec/look.distrib (its page
# to ipsec_look.distrib(8)): `ipsec look` is ours, libreswan's front-end
# still runs libreswan's as `ipsec look.distrib`, and removing klips-compat
# puts it back. Needs root and Debian's archive: without them every case
# fails, saying why.
set -u
cd "$(dirname "$0")/../../.."
. tests/pkg/tap.sh
top=$PWD
version=$(cat VERSION)
arch=$(dpkg --print-architecture)
deb=$top/build/deb/klips-compat_${version}-1_$arch.deb
debi=$top/build/deb/klips-compat-ipsec_${version}-1_all.deb
dl=$top/build/pkg-downloads

if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
	ok 1 "root and unshare are needed to install the packages in a throw-away root"
	tap_done
	exit 1
fi
if [ ! -f "$deb" ] || [ ! -f "$debi" ]; then
	ok 1 "no $deb or $debi: tests/pkg/packaging/10-chroot.sh (make check-packaging) builds them"
	tap_done
	exit 1
fi

# strongSwan's and libreswan's packages, from Debian's archive.
download() {
	local p
	mkdir -p "$dl/archives/partial" && cd "$dl" && rm -f ./*.deb || return 1
	if ! apt-get download strongswan-starter libreswan >download.log 2>&1; then
		apt-get update -q >>download.log 2>&1
		apt-get download strongswan-starter libreswan >>download.log 2>&1 ||
			{ cat download.log; echo "cannot download from Debian's archive: nothing can be tested next to strongSwan and libreswan"; return 1; }
	fi
	for p in strongswan-starter libreswan; do
		ls "$dl"/${p}_*.deb >/dev/null || return 1
		echo "$p $(dpkg-deb -f "$dl"/${p}_*.deb Version)"
	done
}
out=$(download 2>&1)
ok $? "apt-get download strongswan-starter libreswan"
diag "$out"
swan=$(ls "$dl"/strongswan-starter_*.deb 2>/dev/null)
lswan=$(ls "$dl"/libreswan_*.deb 2>/dev/null)

# --- the throw-away root --------------------------------------------------------
# session CASE: in a private mount namespace, an overlay of / with /proc,
# /sys, /dev, a fresh /run and /tmp, this checkout, and the downloads'
# apt cache; services are not started (policy-rc.d). Runs the function
# CASE, which prints PASS/FAIL/SKIP lines.
session() {
	set -u
	local base
	base=$(mktemp -d)
	mount -t tmpfs tmpfs "$base" || { echo "FAIL $1: cannot mount a tmpfs"; return; }
	mkdir -p "$base/upper" "$base/work" "$base/root"
	r=$base/root
	if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$r"; then
		echo "FAIL $1: cannot mount an overlay of /"
		return
	fi
	mount -t proc proc "$r/proc" && mount --rbind /sys "$r/sys" && mount --rbind /dev "$r/dev" &&
		mount -t tmpfs tmpfs "$r/run" && mount -t tmpfs tmpfs "$r/tmp" &&
		mkdir -p "$r$top" && mount --bind "$top" "$r$top" &&
		mount --bind "$dl/archives" "$r/var/cache/apt/archives" ||
		{ echo "FAIL $1: cannot set up the mounts of the throw-away root"; return; }
	printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d" && chmod 755 "$r/usr/sbin/policy-rc.d"
	"$1"
}

# in_root CMD...: run in the throw-away root with a clean environment.
in_root() {
	chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TMPDIR=/tmp \
		DEBIAN_FRONTEND=noninteractive "$@"
}
# result DESC STATUS [OUTPUT]: a PASS or FAIL line, the output as comments
result() {
	if [ "$2" -eq 0 ]; then
		echo "PASS $1"
	else
		echo "FAIL $1"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | tail -25 | sed 's/^/# /'
	fi
}
# expect DESC WANT-STATUS WANT-PATTERN CMD...: CMD in the root exits with
# WANT-STATUS, its output (stdout and stderr) matching the grep -E pattern
expect() {
	local desc=$1 want=$2 pat=$3 out status
	shift 3
	out=$(in_root "$@" 2>&1 </dev/null)
	status=$?
	[ "$status" -eq "$want" ] && grep -qE -- "$pat" <<<"$out"
	result "$desc" $? "exit $status: $out"
}
install_debs() {
	local out
	out=$(in_root dpkg -i "$@" 2>&1)
	result "dpkg -i ${*##*/}" $? "$out"
}
apt_install() {
	local out
	out=$(in_root apt-get install -y -q --no-install-recommends "$1" 2>&1)
	result "apt-get install ${1##*/} (and what it depends on)" $? "$out"
}
md5_of() { md5sum <"$r$1" | cut -d' ' -f1; }
# the md5sum dpkg recorded for PACKAGE's PATH
pkg_md5() { sed -n "s|^\([0-9a-f]*\)  ${2#/}\$|\1|p" "$r/var/lib/dpkg/info/$1.md5sums"; }
# is_packaged FILE PACKAGE [ITS-PATH]: FILE is PACKAGE's ITS-PATH
# (/usr/sbin/ipsec unless given), byte for byte
is_packaged() {
	local f=$1 pkg=$2 sum
	sum=$(pkg_md5 "$pkg" "${3:-/usr/sbin/ipsec}")
	[ -f "$r$f" ] && [ -n "$sum" ] && [ "$(md5_of "$f")" = "$sum" ]
}
no_diversions() {
	local d
	d=$(in_root dpkg-divert --list '*klips*' 2>&1; in_root dpkg-divert --list | grep klips-compat)
	result "no diversion left" "$([ -z "$d" ]; echo $?)" "$d"
}
# ours_run CASE: `ipsec CMD` runs ours, for each of our commands (as the
# installed completion lists them: the Makefile's IPSEC_COMMANDS). --version
# exits as the original did: 1 for the C programs, 0 for look (a script).
ours_run() {
	local c cmds want
	cmds=$(sed -n 's/^_klips_commands="\(.*\)"$/\1/p' "$r/etc/bash_completion.d/klips-compat")
	[ -n "$cmds" ] || echo "FAIL $1: the installed completion lists no commands"
	for c in $cmds; do
		want=1
		[ "$c" != look ] || want=0
		expect "$1: ipsec $c runs ours" $want "^/usr/libexec/ipsec/$c, klips-compat $version\$" ipsec $c --version
	done
}

# complete LINE: what bash completion offers, under bash-completion.
complete_in_root() {
	in_root bash -c '
		. /usr/share/bash-completion/bash_completion
		read -r -a COMP_WORDS <<<"$1"
		COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$1 " COMP_POINT=${#COMP_LINE}
		f=$(complete -p ipsec | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
		"$f" ipsec "" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$1" 2>&1
}
# completes DESC WORDS-THAT-MUST-BE... -- WORDS-THAT-MUST-NOT-BE...
completes() {
	local desc=$1 got w bad=""
	shift
	got=" $(complete_in_root ipsec)"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		[[ $got == *" $1 "* ]] || bad="$bad missing:$1"
		shift
	done
	shift
	for w in "$@"; do
		[[ $got != *" $w "* ]] || bad="$bad offered:$w"
	done
	result "bash completion of 'ipsec ': $desc" "$([ -z "$bad" ]; echo $?)" "$bad; got:$got"
	echo "# offered:$got"
}
gone_klips="klipsdebug manual tncfg"

# --- the cases -------------------------------------------------------------------
alone() {
	local out left p
	install_debs "$deb" "$debi"
	[ -e "$r/etc/systemd/system/multi-user.target.wants/klips-procfs.service" ]
	result "alone: the klips-procfs unit is installed, not enabled" $((!$?))
	out=$(in_root man -w ipsec_spi ipsec_spigrp ipsec_eroute ipsec_look klips-procfs klips-run ipsec 2>&1 &&
		in_root man -w 5 ipsec_spi ipsec_spigrp ipsec_eroute 2>&1)
	result "alone: man finds the ten pages" $? "$out"
	[ -f "$r/usr/share/doc/klips-compat/README.md.gz" ]
	result "alone: README.md in /usr/share/doc/klips-compat" $?
	expect "alone: ipsec --version is ours" 0 "^klips-compat $version " ipsec --version
	ours_run alone
	expect "alone: ipsec start is refused by ours" 1 "unknown IPsec command .start'" ipsec start
	completes "alone: our commands only" spi spigrp eroute look -- $gone_klips auto start up

	out=$(in_root "$top/packaging/debian/tests/installed" 2>&1)
	result "alone: the installed ipsec spi / spigrp on the host kernel ($(grep -c '^ok ' <<<"$out") checks: $(grep '# SKIP' <<<"$out" | sed 's/.*# SKIP/skipped:/'))" $? "$out"
	if [ -x "$top/tests/kernel/run" ]; then
		out=$(in_root "$top/tests/kernel/run" env KLIPS_NEED_SA=1 "$top/packaging/debian/tests/installed" 2>&1)
		! grep -q '# SKIP' <<<"$out"
		result "alone: the installed ipsec spi / spigrp under tests/kernel/run: ESP SA, group, delete ($(grep -c '^ok ' <<<"$out") checks)" $? "$out"
	else
		echo "FAIL alone: tests/kernel/run is missing"
	fi

	out=$(in_root dpkg --purge klips-compat-ipsec klips-compat 2>&1)
	left=""
	for p in $(dpkg -c "$deb" | awk '$1 !~ /^d/ { print substr($6, 2) }') /usr/sbin/ipsec; do
		[ -e "$r$p" ] || [ -L "$r$p" ] && left="$left $p"
	done
	result "alone: dpkg --purge removes every file" "$([ -z "$left" ]; echo $?)" "left:$left $out"
	no_diversions
}

# the checks of strongSwan's commands through our front-end
strongswan_reached() {
	local w=$1
	expect "$w: ipsec version reaches strongSwan" 0 "^Linux strongSwan U5\.9\.8" ipsec version
	expect "$w: ipsec --version reaches strongSwan" 0 "^Linux strongSwan U5\.9\.8" ipsec --version
	expect "$w: ipsec up (no connection name) reaches strongSwan: its usage, exit 2" 2 \
		"^Usage: ipsec up <connection name>\$" ipsec up
	expect "$w: ipsec up conn reaches strongSwan: exit 7, no charon running" 7 "^\$" ipsec up conn
	expect "$w: ipsec start --help runs strongSwan's starter with the arguments: its usage, exit 2" 2 \
		"^Usage: starter " ipsec start --help
	expect "$w: ipsec --directory is strongSwan's" 0 "^/usr/lib/ipsec\$" ipsec --directory
	expect "$w: ipsec frob: strongSwan's own message, exit 2" 2 \
		"^/usr/sbin/ipsec\.distrib: unknown command .frob'" ipsec frob
	expect "$w: ipsec --help is strongSwan's" 0 "listcacerts" ipsec --help
	ours_run "$w"
}

strongswan_first() {
	local out w="strongSwan first"
	apt_install "$swan"
	install_debs "$deb"
	expect "$w: without klips-compat-ipsec, strongSwan's ipsec does not run spi (so it is needed)" 2 \
		"unknown command .spi'" ipsec spi --version
	install_debs "$debi"
	is_packaged /usr/sbin/ipsec.distrib strongswan-starter
	result "$w: strongSwan's /usr/sbin/ipsec is diverted to /usr/sbin/ipsec.distrib" $? "$(ls -l "$r/usr/sbin/")"
	[ "$(readlink "$r/usr/sbin/ipsec")" = ../libexec/klips-compat/ipsec ]
	result "$w: /usr/sbin/ipsec is ours" $?
	out=$(in_root man -w ipsec ipsec.distrib 2>&1)
	[ "$out" = $'/usr/share/man/man8/ipsec.8.gz\n/usr/share/man/man8/ipsec.distrib.8.gz' ] &&
		zgrep -q klips-compat "$r/usr/share/man/man8/ipsec.8.gz" && zgrep -qi strongswan "$r/usr/share/man/man8/ipsec.distrib.8.gz"
	result "$w: man ipsec is ours, man ipsec.distrib strongSwan's" $? "$out"
	strongswan_reached "$w"
	completes "$w: strongSwan's commands and ours" spi spigrp eroute look start up down status version -- $gone_klips
	out=$(in_root "$top/packaging/debian/tests/installed" 2>&1)
	result "$w: the installed ipsec spi / spigrp on the host kernel" $? "$out"

	out=$(in_root dpkg --purge klips-compat-ipsec 2>&1)
	is_packaged /usr/sbin/ipsec strongswan-starter && [ ! -e "$r/usr/sbin/ipsec.distrib" ] &&
		[ -f "$r/usr/share/man/man8/ipsec.8.gz" ] && [ ! -e "$r/usr/share/man/man8/ipsec.distrib.8.gz" ]
	result "$w: removing klips-compat-ipsec puts strongSwan's ipsec and ipsec.8 back" $? "$out"
	out=$(in_root dpkg --verify strongswan-starter 2>&1)
	result "$w: dpkg --verify strongswan-starter: nothing changed" "$([ -z "$out" ]; echo $?)" "$out"
	expect "$w: then ipsec version is strongSwan's own" 0 "^Linux strongSwan U5\.9\.8" ipsec version
	out=$(in_root dpkg --purge klips-compat 2>&1)
	result "$w: dpkg --purge klips-compat" $? "$out"
	no_diversions
}

strongswan_after() {
	local out w="strongSwan after ours"
	install_debs "$deb" "$debi"
	expect "$w: before strongSwan, ipsec --version is ours" 0 "^klips-compat $version " ipsec --version
	apt_install "$swan"
	is_packaged /usr/sbin/ipsec.distrib strongswan-starter
	result "$w: strongSwan's ipsec is unpacked as /usr/sbin/ipsec.distrib" $? "$(ls -l "$r/usr/sbin/")"
	strongswan_reached "$w"
	out=$(in_root apt-get purge -y -q strongswan-starter 2>&1)
	[ ! -e "$r/usr/sbin/ipsec.distrib" ]
	result "$w: apt-get purge strongswan-starter removes ipsec.distrib" $? "$out"
	expect "$w: then ours is alone again" 0 "^klips-compat $version " ipsec --version
	ours_run "$w, alone again"
	out=$(in_root dpkg --purge klips-compat-ipsec klips-compat 2>&1)
	[ ! -e "$r/usr/sbin/ipsec" ] && [ ! -L "$r/usr/sbin/ipsec" ]
	result "$w: dpkg --purge of ours leaves no ipsec" $? "$out"
	no_diversions
}

libreswan_case() {
	local out w="libreswan"
	apt_install "$lswan"
	install_debs "$deb"
	expect "$w: ipsec --version is libreswan's" 0 "^Libreswan 4\.10" ipsec --version
	ours_run "$w, its own ipsec"
	look_diverted "$w"
	completes "$w, its own ipsec: ours and libreswan's, not those gone with KLIPS" spi spigrp eroute look auto whack -- $gone_klips
	out=$(in_root "$top/packaging/debian/tests/installed" 2>&1)
	result "$w, its own ipsec: the installed ipsec spi / spigrp on the host kernel" $? "$out"

	install_debs "$debi"
	is_packaged /usr/sbin/ipsec.distrib libreswan
	result "$w: libreswan's /usr/sbin/ipsec is diverted to /usr/sbin/ipsec.distrib" $? "$(ls -l "$r/usr/sbin/")"
	expect "$w and klips-compat-ipsec: ipsec --version reaches libreswan" 0 "^Libreswan 4\.10" ipsec --version
	expect "$w and klips-compat-ipsec: ipsec --directory is libreswan's" 0 "^/usr/libexec/ipsec\$" ipsec --directory
	expect "$w and klips-compat-ipsec: ipsec frob: libreswan's message, exit 1" 1 \
		'^/usr/sbin/ipsec\.distrib: unknown IPsec command "frob"' ipsec frob
	ours_run "$w and klips-compat-ipsec"
	completes "$w and klips-compat-ipsec: ours and libreswan's, not those gone with KLIPS" spi spigrp eroute look auto whack -- $gone_klips
	out=$(in_root "$top/packaging/debian/tests/installed" 2>&1)
	result "$w and klips-compat-ipsec: the installed ipsec spi / spigrp on the host kernel" $? "$out"
	out=$(in_root dpkg --purge klips-compat-ipsec 2>&1)
	is_packaged /usr/sbin/ipsec libreswan && [ ! -e "$r/usr/sbin/ipsec.distrib" ]
	result "$w: removing klips-compat-ipsec puts libreswan's ipsec back" $? "$out"
	out=$(in_root dpkg --purge klips-compat 2>&1)
	is_packaged /usr/libexec/ipsec/look libreswan /usr/libexec/ipsec/look &&
		[ ! -e "$r/usr/libexec/ipsec/look.distrib" ] && [ ! -e "$r/usr/share/man/man8/ipsec_look.distrib.8.gz" ] &&
		zgrep -qi libreswan "$r/usr/share/man/man8/ipsec_look.8.gz"
	result "$w: removing klips-compat puts libreswan's look and ipsec_look(8) back" $? "$out"
	out=$(in_root dpkg --verify libreswan 2>&1)
	result "$w: dpkg --verify libreswan: nothing changed" "$([ -z "$out" ]; echo $?)" "$out"
	expect "$w: then ipsec look is libreswan's own" 0 "^ipsec look 4\.10" ipsec look --version
	no_diversions
}

# look_diverted CASE: libreswan's look and its page are set aside, ours
# are in their place, and libreswan's front-end still runs libreswan's
look_diverted() {
	local out w=$1
	is_packaged /usr/libexec/ipsec/look.distrib libreswan /usr/libexec/ipsec/look
	result "$w: libreswan's look is diverted to /usr/libexec/ipsec/look.distrib" $? "$(ls -l "$r/usr/libexec/ipsec/")"
	out=$(in_root man -w ipsec_look ipsec_look.distrib 2>&1)
	[ "$out" = $'/usr/share/man/man8/ipsec_look.8.gz\n/usr/share/man/man8/ipsec_look.distrib.8.gz' ] &&
		zgrep -q klips-compat "$r/usr/share/man/man8/ipsec_look.8.gz" &&
		zgrep -qi libreswan "$r/usr/share/man/man8/ipsec_look.distrib.8.gz"
	result "$w: man ipsec_look is ours, man ipsec_look.distrib libreswan's" $? "$out"
	expect "$w: ipsec look.distrib runs libreswan's look" 0 "^ipsec look 4\.10" ipsec look.distrib --version
}

libreswan_after() {
	local out w="libreswan after ours"
	install_debs "$deb" "$debi"
	apt_install "$lswan"
	is_packaged /usr/sbin/ipsec.distrib libreswan
	result "$w: libreswan's ipsec is unpacked as /usr/sbin/ipsec.distrib" $? "$(ls -l "$r/usr/sbin/")"
	look_diverted "$w"
	ours_run "$w"
	out=$(in_root apt-get purge -y -q libreswan 2>&1)
	[ ! -e "$r/usr/libexec/ipsec/look.distrib" ] && [ ! -e "$r/usr/sbin/ipsec.distrib" ]
	result "$w: apt-get purge libreswan removes look.distrib and ipsec.distrib" $? "$out"
	ours_run "$w, alone again"
	out=$(in_root dpkg --purge klips-compat-ipsec klips-compat 2>&1)
	[ ! -e "$r/usr/libexec/ipsec/look" ] && [ ! -e "$r/usr/sbin/ipsec" ]
	result "$w: dpkg --purge of ours leaves no look and no ipsec" $? "$out"
	no_diversions
}

export -f session in_root result expect install_debs apt_install md5_of pkg_md5 is_packaged \
	no_diversions ours_run complete_in_root completes alone strongswan_reached strongswan_first \
	strongswan_after libreswan_case look_diverted libreswan_after
export top version deb debi dl swan lswan gone_klips

for c in alone strongswan_first strongswan_after libreswan_case libreswan_after; do
	if [ "$c" != alone ] && { [ -z "$swan" ] || [ -z "$lswan" ]; }; then
		ok 1 "$c: strongswan-starter and libreswan could not be downloaded (see above)"
		continue
	fi
	start=$SECONDS
	while IFS= read -r line; do
		case $line in
		PASS\ *) ok 0 "${line#PASS }" ;;
		FAIL\ *) ok 1 "${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done < <(unshare --mount --propagation private bash -c "session $c" 2>&1)
	diag "$c took $((SECONDS - start)) s"
done

tap_done
