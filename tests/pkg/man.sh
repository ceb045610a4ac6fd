#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages: no groff warning with either macro package, SYNOPSIS the
# same as the programs' --help, every option documented, examples accepted.
# Needs the programs in build/bin; no root.
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh
bin=build/bin

# One test point per page: groff -ww -z prints nothing but warnings.
for page in man/*.[1-8]; do
	if ! command -v groff >/dev/null; then
		ok 1 "$page: groff is not installed (tools/deps check installs groff-base)"
		continue
	fi
	warn=$( { groff -ww -z -man "$page"; groff -ww -z -mandoc "$page"; } 2>&1)
	ok "$([ -z "$warn" ]; echo $?)" "$page renders with groff -ww -man and -mandoc without a warning"
	[ -z "$warn" ] || diag "$warn"
done

# The text of one section, as man would show it, without its indentation.
section() {
	groff -man -Tascii -P-cbou -rLL=300n "$1" 2>/dev/null |
		awk -v s="$2" '/^[A-Z]/ { on = ($0 == s); next } on' |
		sed -e 's/^       //' -e 's/ *$//' -e '/^$/d'
}

# SYNOPSIS lines appear in --help in the same order, and every command
# line of --help (those starting with PREFIX) is in the SYNOPSIS.
same_as_help() {
	local page=$1 prefix=$2 help syn
	shift 2
	help=$("$@" 2>&1 | sed 's/ *$//')
	syn=$(section "$page" SYNOPSIS)
	[ -n "$syn" ] || { echo "no SYNOPSIS in $page"; return 1; }
	awk -v help="$help" '
		BEGIN { n = split(help, h, "\n"); i = 1 }
		{
			while (i <= n && h[i] != $0) i++
			if (i > n) { print "not in --help (or out of order): " $0; bad = 1; exit }
			i++
		}
		END { exit bad }' <<<"$syn" || return 1
	grep "^$prefix" <<<"$help" | while IFS= read -r line; do
		grep -qxF -- "$line" <<<"$syn" || { echo "missing from SYNOPSIS: $line"; exit 1; }
	done
}
check "ipsec_spi.8 SYNOPSIS is the command lines of spi --help" \
	same_as_help man/ipsec_spi.8 'spi' $bin/spi --help
check "ipsec_spigrp.8 SYNOPSIS is the command lines of spigrp --help" \
	same_as_help man/ipsec_spigrp.8 '  spigrp' $bin/spigrp --help

# The first SYNOPSIS line is the usage line; the definitions of its
# arguments follow it (as in ip-xfrm(8)).
procfs_synopsis() {
	local want got
	want=$($bin/klips-procfs --help | sed -n '1s/^Usage: //p')
	got=$(section man/klips-procfs.8 SYNOPSIS | head -1)
	[ "$want" = "$got" ] || { echo "help: $want"; echo "page: $got"; return 1; }
}
check "klips-procfs.8 SYNOPSIS is the usage line of klips-procfs --help" procfs_synopsis

ipsec_synopsis() {
	local want got
	want=$($bin/ipsec --help | sed -n -e 's/^usage: //p' -e 's/^       \(ipsec \)/\1/p')
	got=$(section man/ipsec.8 SYNOPSIS)
	[ "$want" = "$got" ] || { echo "help: $want"; echo "page: $got"; return 1; }
}
check "ipsec.8 SYNOPSIS is the usage of ipsec --help" ipsec_synopsis

run_synopsis() {
	local want got
	want=$($bin/klips-run --help | sed -n -e 's/^Usage: //p' -e 's/^       \(klips-run \)/\1/p')
	got=$(section man/klips-run.8 SYNOPSIS | grep '^klips-run ')
	[ "$want" = "$got" ] || { echo "help: $want"; echo "page: $got"; return 1; }
}
check "klips-run.8 SYNOPSIS is the usage of klips-run --help" run_synopsis

# Every option name must appear in the page (as \-\-name in the source).
documents() {
	local page=$1 missing=""
	shift
	for o in "$@"; do
		grep -q -- "\\\\-\\\\-$o\\b" "$page" || missing="$missing --$o"
	done
	[ -z "$missing" ] || { echo "not documented:$missing"; return 1; }
}
spi_opts=$(grep -o '{ "[a-z_0-9]*", [01], ' src/spi.c | cut -d'"' -f2)
check "ipsec_spi.8 documents every option of spi" documents man/ipsec_spi.8 $spi_opts
check "ipsec_spigrp.8 documents every option of spigrp" \
	documents man/ipsec_spigrp.8 debug label said bundle help version
procfs_opts=$($bin/klips-procfs --help | grep -o -- '--[a-z]*' | sed 's/^--//' | sort -u)
check "klips-procfs.8 documents every option of klips-procfs" \
	documents man/klips-procfs.8 $procfs_opts
run_opts=$($bin/klips-run --help | grep -o -- '--[a-z]*' | sed 's/^--//' | sort -u)
check "klips-run.8 documents every option of klips-run" documents man/klips-run.8 $run_opts

sections() {
	local page=$1 missing=""
	shift
	for s in "$@"; do
		grep -q "^\.SH \"\?$s\"\?\$" "$page" || missing="$missing '$s'"
	done
	[ -z "$missing" ] || { echo "missing sections:$missing"; return 1; }
}
for page in man/ipsec_spi.8 man/ipsec_spigrp.8 man/klips-procfs.8 man/klips-run.8; do
	check "$page has the required sections" sections "$page" NAME SYNOPSIS DESCRIPTION \
		OPTIONS "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"
done
for page in man/*.[1-8]; do
	check "$page refers to ip-xfrm(8)" grep -q '^\.BR ip\\-xfrm (8)' "$page"
done

# The EXAMPLES of ipsec_spi.8 that add SAs are accepted (with --explain,
# which needs no kernel); gw1 and gw2 become documentation addresses.
examples_parse() {
	local cmds n=0
	cmds=$(section man/ipsec_spi.8 EXAMPLES | sed -e ':a' -e '/\\$/{N;s/\\\n[[:space:]]*/ /;ba}' |
		grep '^ *ipsec spi .*--\(esp\|ah\|comp\|ip4\|ip6\) ' |
		sed -e 's/gw1/192.0.2.1/g' -e 's/gw2/192.0.2.2/g' -e 's/^ *ipsec spi //' -e 's/ --explain//')
	while read -r -a args; do
		n=$((n + 1))
		$bin/spi --explain "${args[@]}" >/dev/null || { echo "refused: spi ${args[*]}"; return 1; }
	done <<<"$cmds"
	[ "$n" -ge 3 ] || { echo "only $n examples found"; return 1; }
}
check "the examples of ipsec_spi.8 that add SAs are accepted" examples_parse

tap_done
