#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make deb` in a clean Debian 12 (bookworm) chroot that holds only the
# Build-Depends: debootstrap --variant=buildd into build/chroot/, then
# apt-get build-dep; the build runs as an unprivileged user, without
# network, its tests included (dh_auto_test: make check-unit). The packages
# it makes go to build/deb/ for the next tests (20-install.sh). Then their
# contents and control fields, lintian, and hardening-check.
#
# Needs root, debootstrap, lintian, hardening-check (devscripts) and
# Debian's archive (tools/deps packaging installs the tools). The
# debootstrapped base is kept as build/chroot/base.tar for a week
# (KLIPS_CHROOT_FRESH=1: make it again); each run unpacks it afresh into
# build/chroot/root, removed after a build that passed (KLIPS_KEEP_CHROOT=1
# keeps it).
set -u
cd "$(dirname "$0")/../../.."
. tests/pkg/tap.sh
top=$PWD
version=$(cat VERSION)
arch=$(dpkg --print-architecture)
mirror=${KLIPS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
dir=build/chroot
root=$dir/root
logs=build/test-logs
mkdir -p "$dir" "$logs"

need() {
	local missing=""
	[ "$(id -u)" -eq 0 ] || missing="$missing root"
	for t in debootstrap lintian hardening-check unshare tar file objdump dpkg-deb; do
		command -v $t >/dev/null || missing="$missing $t"
	done
	[ -z "$missing" ] || { echo "missing:$missing (tools/deps packaging installs the tools)"; return 1; }
}
if ! check "root and the tools are there" need; then
	tap_done
	exit 1
fi

# --- the chroot -----------------------------------------------------------------
base() {
	local t0=$SECONDS
	if [ "${KLIPS_CHROOT_FRESH:-0}" != 1 ] && [ -n "$(find "$dir/base.tar" -mtime -7 2>/dev/null)" ]; then
		echo "reused $dir/base.tar (KLIPS_CHROOT_FRESH=1 makes it again)"
		return 0
	fi
	rm -rf "$dir/base" "$dir/base.tar"
	debootstrap --variant=buildd --arch="$arch" bookworm "$dir/base" "$mirror" \
		>"$logs/chroot-debootstrap.log" 2>&1 ||
		{ tail -20 "$logs/chroot-debootstrap.log"; echo "debootstrap failed: is $mirror reachable?"; return 1; }
	tar -C "$dir/base" -cf "$dir/base.tar" . && rm -rf "$dir/base" || return 1
	echo "debootstrap took $((SECONDS - t0)) s"
}
t0=$SECONDS
out=$(base 2>&1)
ok $? "debootstrap --variant=buildd bookworm into $dir (log: $logs/chroot-debootstrap.log)"
diag "$out"
[ -f "$dir/base.tar" ] || { tap_done; exit 1; }

# The rest runs in a private mount namespace, with /proc in the chroot.
# in_chroot [--net] CMD...: run in the chroot; without --net, also in a
# network namespace of its own (no network).
cat >"$dir/session" <<'EOF'
set -u
root=$1
shift
mount -t proc proc "$root/proc" || exit 1
mount -t tmpfs tmpfs "$root/dev/shm" || exit 1
if [ "$1" = --net ]; then
	shift
	exec chroot "$root" "$@"
fi
exec unshare --net chroot "$root" "$@"
EOF
in_chroot() {
	unshare --mount --propagation private bash "$dir/session" "$root" "$@"
}
clean_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root)

fresh() {
	rm -rf "$root" && mkdir -p "$root" && tar -C "$root" -xf "$dir/base.tar" || return 1
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	# debootstrap leaves no /etc/hosts; build chroots (sbuild's schroot)
	# get one, and the resolver tests look up localhost
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
	in_chroot "${clean_env[@]}" useradd --create-home --shell /bin/bash builder || return 1
	# the source tree as `make deb` copies it, owned by the builder
	mkdir -p "$root/home/builder/src"
	tar -c --exclude=./build --exclude=./.git -f - . | tar -x -C "$root/home/builder/src" -f - || return 1
	in_chroot "${clean_env[@]}" chown -R builder:builder /home/builder/src
}
check "a fresh copy of the chroot, with the source tree and a user to build" fresh

# Only the Build-Depends: apt-get build-dep on a directory holding
# packaging/debian as debian/.
build_deps() {
	mkdir -p "$root/tmp/bd" && cp -r packaging/debian "$root/tmp/bd/debian" || return 1
	in_chroot --net "${clean_env[@]}" DEBIAN_FRONTEND=noninteractive sh -c \
		'apt-get update -q && apt-get build-dep -y -q --no-install-recommends /tmp/bd' \
		>"$logs/chroot-build-deps.log" 2>&1 || { tail -20 "$logs/chroot-build-deps.log"; return 1; }
	# nothing but what the Build-Depends pulled in, on top of buildd's base
	grep -c '^Setting up ' "$logs/chroot-build-deps.log" | sed 's/^/packages installed: /'
}
out=$(build_deps 2>&1)
ok $? "apt-get build-dep installs the Build-Depends (log: $logs/chroot-build-deps.log)"
diag "$out"

t1=$SECONDS
in_chroot "${clean_env[@]}" HOME=/home/builder setpriv --reuid=builder --regid=builder --init-groups \
	sh -c 'cd /home/builder/src && make deb DEB_FLAGS=-j2' >"$logs/chroot-build.log" 2>&1
status=$?
ok $status "make deb as a user, without network, in the chroot (log: $logs/chroot-build.log)"
build_time=$((SECONDS - t1))
diag "make deb took $build_time s; chroot and build $((SECONDS - t0)) s in all"
if [ $status -ne 0 ]; then
	tail -30 "$logs/chroot-build.log" | sed 's/^/# /'
	tap_done
	exit 1
fi
# The tests of the build (dh_auto_test): their summary and what skipped.
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/chroot-build.log" | tail -1)
check "the build ran the unit and packaging tests: $summary" \
	grep -qE '^[1-9][0-9]* passed, 0 failed$' <<<"$summary"
diag "$(grep -E '^\(|# SKIP' "$logs/chroot-build.log" | sed 's/^ *//')"

rm -rf build/deb && mkdir -p build/deb &&
	cp "$root"/home/builder/src/build/deb/* build/deb/
deb=build/deb/klips-compat_${version}-1_$arch.deb
debi=build/deb/klips-compat-ipsec_${version}-1_all.deb
check "the packages are in build/deb" test -f "$deb" -a -f "$debi"

# --- contents -------------------------------------------------------------------
# contents DEB: "mode owner path [-> target]" per entry, as dpkg -c shows them
contents() {
	dpkg -c "$1" | awk '{ $3 = $4 = $5 = ""; print }' | sed 's/   */ /g' | sort -k3
}
# The commands, as the packaged front-end lists them (the Makefile's
# IPSEC_COMMANDS), and the section 5 pages of the tree.
x=$(mktemp -d)
trap 'rm -rf "$x"' EXIT
dpkg-deb -x "$deb" "$x"
commands=$("$x/usr/libexec/klips-compat/ipsec" --help | sed -n 's/^commands: //p')
diag "commands: $commands"

expect_main() {
	{
		for c in $commands; do
			echo "-rwxr-xr-x root/root ./usr/libexec/ipsec/$c"
			echo "-rw-r--r-- root/root ./usr/share/man/man8/ipsec_$c.8.gz"
		done
		for p in man/*.5; do echo "-rw-r--r-- root/root ./usr/share/man/man5/${p#man/}.gz"; done
		cat <<-'EOF'
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
		drwxr-xr-x root/root ./usr/libexec/
		drwxr-xr-x root/root ./usr/libexec/ipsec/
		drwxr-xr-x root/root ./usr/libexec/klips-compat/
		-rwxr-xr-x root/root ./usr/libexec/klips-compat/ipsec
		drwxr-xr-x root/root ./usr/sbin/
		-rwxr-xr-x root/root ./usr/sbin/klips-procfs
		drwxr-xr-x root/root ./usr/share/
		drwxr-xr-x root/root ./usr/share/doc/
		drwxr-xr-x root/root ./usr/share/doc/klips-compat/
		-rw-r--r-- root/root ./usr/share/doc/klips-compat/README.md.gz
		-rw-r--r-- root/root ./usr/share/doc/klips-compat/changelog.Debian.gz
		-rw-r--r-- root/root ./usr/share/doc/klips-compat/copyright
		drwxr-xr-x root/root ./usr/share/lintian/
		drwxr-xr-x root/root ./usr/share/lintian/overrides/
		-rw-r--r-- root/root ./usr/share/lintian/overrides/klips-compat
		drwxr-xr-x root/root ./usr/share/man/
		drwxr-xr-x root/root ./usr/share/man/man5/
		drwxr-xr-x root/root ./usr/share/man/man8/
		-rw-r--r-- root/root ./usr/share/man/man8/klips-procfs.8.gz
		-rw-r--r-- root/root ./usr/share/man/man8/klips-run.8.gz
		EOF
	} | sort -k3
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
	drwxr-xr-x root/root ./usr/share/lintian/
	drwxr-xr-x root/root ./usr/share/lintian/overrides/
	-rw-r--r-- root/root ./usr/share/lintian/overrides/klips-compat-ipsec
	drwxr-xr-x root/root ./usr/share/man/
	drwxr-xr-x root/root ./usr/share/man/man8/
	-rw-r--r-- root/root ./usr/share/man/man8/ipsec.8.gz
	EOF
}

check "dpkg -c klips-compat: the commands ($commands), pages, README, modes and owners" \
	diff -u <(expect_main) <(contents "$deb")
check "dpkg -c klips-compat-ipsec: /usr/sbin/ipsec, a link to the front-end, and ipsec.8" \
	diff -u <(expect_ipsec) <(contents "$debi")
readme() { cmp <(zcat "$x/usr/share/doc/klips-compat/README.md.gz") README.md; }
check "README.md is /usr/share/doc/klips-compat/README.md.gz" readme

fields() {
	local dep
	dep=$(dpkg-deb -f "$deb" Depends)
	for p in libc6 libmnl0 libfuse3-3 fuse3; do
		[[ $dep == *"$p"* ]] || { echo "Depends lacks $p: $dep"; return 1; }
	done
	# the programs do not link OpenSSL (compat/keycheck.c); only the tests do
	[[ $dep != *libssl* ]] || { echo "Depends names libssl: $dep"; return 1; }
	[ "$(dpkg-deb -f "$deb" Recommends)" = "iproute2, klips-compat-ipsec" ] ||
		{ echo "Recommends: $(dpkg-deb -f "$deb" Recommends)"; return 1; }
	[ -z "$(dpkg-deb -f "$debi" Conflicts)" ] || { echo "Conflicts: $(dpkg-deb -f "$debi" Conflicts)"; return 1; }
	for d in "$deb" "$debi"; do
		[ "$(dpkg-deb -f "$d" Homepage)" = https://klips-compat.invalid/ ] ||
			{ echo "Homepage: $(dpkg-deb -f "$d" Homepage)"; return 1; }
	done
	[ "$(dpkg-deb -I "$deb" conffiles)" = /etc/bash_completion.d/klips-compat ] ||
		{ echo "conffiles: $(dpkg-deb -I "$deb" conffiles)"; return 1; }
	dpkg-deb -I "$debi" preinst | grep -q 'dpkg-divert --package klips-compat-ipsec --rename' ||
		{ echo "no diversion in the preinst"; return 1; }
	dpkg-deb -I "$deb" preinst | grep -q -- '--divert /usr/libexec/ipsec/look.distrib --add /usr/libexec/ipsec/look$' ||
		{ echo "klips-compat's preinst does not divert another look"; return 1; }
}
check "control fields: Depends (shlibs, fuse3, no libssl), Recommends, no Conflicts, Homepage, conffiles, diversions (ipsec, look)" fields

# --- lintian and hardening --------------------------------------------------------
out=$(lintian --info --display-experimental --pedantic --fail-on error,warning,info,pedantic \
	build/deb/klips-compat_"$version"-1_"$arch".changes 2>&1)
status=$?
out=$(grep -v '^running with root privileges' <<<"$out")
[ -z "$out" ] && [ $status -eq 0 ]
ok $? "lintian --pedantic (info and experimental tags too) says nothing but its overrides"
diag "lintian $(lintian --version | cut -d' ' -f2): ${out:-nothing}"
diag "$(lintian --show-overrides --info --display-experimental --pedantic build/deb/*.changes 2>&1 | grep '^O:' | sed 's/ \[.*//' | sort -u)"

elves=()
while IFS= read -r f; do
	file -b "$f" | grep -q '^ELF' && elves+=("$f")
done < <(find "$x" -type f -perm -u+x)
out=$(hardening-check --nocfprotection "${elves[@]}" 2>&1)
status=$?
ok $status "hardening-check: PIE, stack protector, fortify, relro, bindnow in all ${#elves[@]} programs"
diag "$(hardening-check "${elves[@]}" 2>&1 | sed "s|$x||")"
# hardening-check does not recognise gcc 12's probes: look for them
if [ "$arch" = amd64 ]; then
	check "stack clash probes (-fstack-clash-protection) in the front-end" \
		grep -q 'orq *\$0x0,(%rsp)' <(objdump -d "$x/usr/libexec/klips-compat/ipsec")
fi

diag "build time in the chroot: $build_time s"
# the chroot's copy goes (build/chroot/base.tar stays); kept on failure
[ "${KLIPS_KEEP_CHROOT:-0}" = 1 ] || rm -rf "$root"
tap_done
