#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# rpmbuild -ba of packaging/rpm/klips-compat.spec with Debian's rpm, from a
# tarball of this tree laid out as `git archive --prefix=klips-compat-V/`
# makes it: %build, %install, %check (make check-unit) and both binary
# packages, with the spec's fallbacks for what Debian lacks (%{_unitdir},
# the systemd scriptlet macros). --nodeps: Debian has no RPM database of
# the BuildRequires. Then what the packages hold. No root needed.
# run-all: independent
set -u
cd "$(dirname "$0")/../../.."
. tests/pkg/tap.sh
version=$(cat VERSION)
spec=packaging/rpm/klips-compat.spec
logs=build/test-logs
mkdir -p "$logs"

if ! command -v rpmbuild >/dev/null; then
	ok 1 "rpmbuild is missing (Debian package rpm; tools/deps check installs it)"
	tap_done
	exit 1
fi

top=$PWD/build/rpmbuild
rm -rf "$top" && mkdir -p "$top/SOURCES"
check "a source tarball klips-compat-$version.tar.gz of this tree" \
	tar -c --exclude=./build --exclude=./.git --transform "s,^\\.,klips-compat-$version," \
	-zf "$top/SOURCES/klips-compat-$version.tar.gz" .

start=$SECONDS
# a clean environment: no MAKEFLAGS of a make this may run under
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL rpmbuild -ba --nodeps --define "_topdir $top" "$spec" \
	>"$logs/rpmbuild.log" 2>&1
status=$?
ok $status "rpmbuild -ba --nodeps $spec (log: $logs/rpmbuild.log)"
diag "rpmbuild took $((SECONDS - start)) s"
if [ $status -ne 0 ]; then
	tail -30 "$logs/rpmbuild.log" | sed 's/^/# /'
	tap_done
	exit 1
fi
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/rpmbuild.log" | tail -1)
check "%check ran the unit and packaging tests: $summary" grep -qE '^[1-9][0-9]* passed, 0 failed$' <<<"$summary"

rpm=$(ls "$top"/RPMS/*/klips-compat-"$version"-1*.rpm 2>/dev/null | grep -v -- -ipsec- | head -1)
rpmi=$(ls "$top"/RPMS/noarch/klips-compat-ipsec-"$version"-1*.rpm 2>/dev/null)
srpm=$(ls "$top"/SRPMS/klips-compat-"$version"-1*.src.rpm 2>/dev/null)
check "the binary and source packages were written" test -f "$rpm" -a -f "$rpmi" -a -f "$srpm"

holds() {
	local files c missing=""
	files=$(rpm -qlp "$rpm" 2>/dev/null)
	for c in $(build/bin/ipsec --help | sed -n 's/^commands: //p'); do
		grep -qx "/usr/libexec/ipsec/$c" <<<"$files" || missing="$missing /usr/libexec/ipsec/$c"
		grep -qx "/usr/share/man/man8/ipsec_$c.8.*" <<<"$files" || missing="$missing ipsec_$c.8"
	done
	for f in /usr/libexec/klips-compat/ipsec /usr/sbin/klips-procfs /usr/lib/systemd/system/klips-procfs.service \
		/usr/bin/klips-run "$(rpm --eval %{_libdir})/klips-compat/libklips-preload.so" "/usr/share/man/man8/klips-run.8.*" \
		/etc/bash_completion.d/klips-compat "/usr/share/licenses/klips-compat-$version/COPYING" \
		"/usr/share/doc/klips-compat-$version/README.md"; do
		grep -qx "$f" <<<"$files" || missing="$missing $f"
	done
	[ -z "$missing" ] || { echo "missing:$missing"; echo "$files"; return 1; }
	files=$(rpm -qlp "$rpmi" 2>/dev/null)
	grep -qx /usr/sbin/ipsec <<<"$files" && grep -qx '/usr/share/man/man8/ipsec.8.*' <<<"$files" ||
		{ echo "klips-compat-ipsec: $files"; return 1; }
}
check "the packages hold the commands, pages, units, completion, COPYING (%license) and README.md (%doc)" holds
fields() {
	local url scripts
	url=$(rpm -qp --qf '%{URL}' "$rpm" 2>/dev/null)
	[ "$url" = https://klips-compat.invalid/ ] || { echo "URL: $url"; return 1; }
	scripts=$(rpm -qp --scripts "$rpm" 2>/dev/null)
	grep -q 'systemctl --no-reload preset klips-procfs.service' <<<"$scripts" && ! grep -q '%' <<<"$scripts" ||
		{ echo "scriptlets: $scripts"; return 1; }
}
check "URL, and scriptlets without unexpanded macros" fields

tap_done
