#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages: no groff warning with either macro package; the
# conventions of ip-xfrm(8) and libreswan's pages for ipsec_spi(8),
# ipsec_spigrp(8), ipsec(8), ipsec_spi(5) and ipsec_spigrp(5): a SYNOPSIS
# of command lines with bold literals and italic placeholders, then the
# definitions of the placeholders; the sections of man-pages(7), BUGS and
# HISTORY included, in its order; "ipsec spi", never a bare "spi". Every
# option and command form of --help documented, examples accepted, one
# page per command; klips-procfs(8) and klips-run(8): SYNOPSIS and options
# from their --help, the same sections and BUGS. Needs the programs in
# build/bin; no root.
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh
bin=build/bin
ours="man/ipsec_spi.8 man/ipsec_spigrp.8 man/ipsec.8 man/ipsec_spi.5 man/ipsec_spigrp.5
man/ipsec_eroute.8 man/ipsec_eroute.5 man/ipsec_look.8 man/klips-procfs.8 man/klips-run.8"

if ! command -v groff >/dev/null; then
	ok 1 "groff is not installed (tools/deps check installs groff-base)"
	tap_done
	exit 1
fi

# One test point per page: groff -ww -z prints nothing but warnings.
for page in man/*.[1-8]; do
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

# styled PAGE SECTION: the words of a section, one per line, each with its
# style as groff draws it: "B word" (bold), "I word" (italic), "R word"
# (roman), "M word" (mixed). A word is a run of letters, digits, _ and -.
styled() {
	groff -man -Tascii -P-c -rLL=300n "$1" 2>/dev/null | perl -ne '
		BEGIN { $want = shift @ARGV }
		chomp;
		my (@c, @st);
		while (length) {
			if (s/^(.)\x08\1//) { push @c, $1; push @st, "B" }
			elsif (s/^_\x08(.)//) { push @c, $1; push @st, "I" }
			else { s/^(.)//; push @c, $1; push @st, "R" }
		}
		my $plain = join "", @c;
		if ($plain =~ /^[A-Z]/) { $on = ($plain eq $want); next }
		next unless $on;
		while ($plain =~ /[A-Za-z0-9_-]+/g) {
			my ($b, $e) = ($-[0], $+[0]);
			my %s = map { $_ => 1 } @st[$b .. $e - 1];
			my $style = keys %s == 1 ? (keys %s)[0] : "M";
			print "$style ", substr($plain, $b, $e - $b), "\n";
		}
		print "EOL\n";
	' "$2"
}

placeholder() { [[ $1 =~ ^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$ ]]; }

# The SYNOPSIS of a command page: command lines first (starting with bold
# "ipsec"), then definitions "NAME := ..."; options and literals bold,
# placeholders (upper case) italic and nothing else italic; no <...>; each
# placeholder defined there or shown in the DESCRIPTION or OPTIONS; each
# definition used.
synopsis_conventions() {
	local page=$1 syn words bad="" defs="" used="" w style seen_def=0 line
	syn=$(section "$page" SYNOPSIS)
	[ -n "$syn" ] || { echo "no SYNOPSIS"; return 1; }
	! grep -n '[<>]' <<<"$syn" || { echo "angle-bracket placeholders above"; return 1; }
	while IFS= read -r line; do
		case $line in
		ipsec\ *)
			[ $seen_def = 0 ] || bad="$bad|command line after a definition: $line"
			;;
		*' := '*)
			seen_def=1
			defs="$defs ${line%% :=*}"
			used="$used ${line#* := }"
			;;
		*) bad="$bad|neither a command line nor a definition: $line" ;;
		esac
		case $line in ipsec\ *) used="$used $line" ;; esac
	done <<<"$syn"
	words=$(styled "$page" SYNOPSIS)
	while read -r style w; do
		[ "$style" = EOL ] && continue
		if [[ $w == -* ]] || ! placeholder "$w"; then
			[ "$style" = B ] || bad="$bad|'$w' is not bold ($style)"
		else
			[ "$style" = I ] || bad="$bad|placeholder '$w' is not italic ($style)"
		fi
	done <<<"$words"
	# each placeholder is defined, or shown in italics in DESCRIPTION or OPTIONS
	local explained
	explained=" $(styled "$page" DESCRIPTION; styled "$page" OPTIONS) "
	for w in $(awk '$1 == "I" { print $2 }' <<<"$words" | sort -u); do
		[[ " $defs " == *" $w "* ]] && continue
		grep -qx "I $w" <<<"$explained" || bad="$bad|placeholder '$w' is neither defined nor shown in DESCRIPTION or OPTIONS"
	done
	for w in $defs; do
		grep -qw -- "$w" <<<"$used" || bad="$bad|'$w' is defined but not used"
	done
	[ -z "$bad" ] || { tr "|" "\n" <<<"${bad#|}"; return 1; }
}
for page in man/ipsec_spi.8 man/ipsec_spigrp.8 man/ipsec.8 man/ipsec_eroute.8 man/ipsec_look.8; do
	check "$page SYNOPSIS: command lines with bold literals and italic placeholders, then their definitions" \
		synopsis_conventions "$page"
done

# The command forms of --help are in the SYNOPSIS: each form's action
# option (or none) starts some SYNOPSIS command line's options.
# forms PAGE PREFIX HELP-COMMAND...: PREFIX starts the command lines of --help
forms() {
	local page=$1 prefix=$2 help syn line act missing=""
	shift 2
	help=$("$@" 2>&1)
	syn=$(section "$page" SYNOPSIS | grep '^ipsec ')
	while IFS= read -r line; do
		act=$(grep -o -- ' --[a-z_0-9]*' <<<"$line" | grep -v -- '--debug\|--label' | head -1)
		if [ -z "$act" ]; then
			grep -q '^ipsec [a-z]*\( \[ OPTIONS \]\| \[ --debug \] \[ --label LABEL \]\)$' <<<"$syn" ||
				missing="$missing (the listing form)"
		else
			grep -q -- "$act\\b" <<<"$syn" || missing="$missing$act"
		fi
	done < <(grep -- "^$prefix" <<<"$help")
	[ -z "$missing" ] || { echo "forms of --help missing from the SYNOPSIS:$missing"; return 1; }
}
check "ipsec_spi.8 SYNOPSIS has every command form of spi --help" forms man/ipsec_spi.8 'spi' $bin/spi --help
check "ipsec_spigrp.8 SYNOPSIS has every command form of spigrp --help" \
	forms man/ipsec_spigrp.8 '  spigrp' $bin/spigrp --help
check "ipsec_eroute.8 SYNOPSIS has every command form of eroute --help" \
	forms man/ipsec_eroute.8 'eroute' $bin/eroute --help

# The first SYNOPSIS line is the usage line; the definitions of its
# arguments follow it (as in ip-xfrm(8)).
procfs_synopsis() {
	local want got
	want=$($bin/klips-procfs --help | sed -n '1s/^Usage: //p')
	got=$(section man/klips-procfs.8 SYNOPSIS | head -1)
	[ "$want" = "$got" ] || { echo "help: $want"; echo "page: $got"; return 1; }
}
check "klips-procfs.8 SYNOPSIS is the usage line of klips-procfs --help" procfs_synopsis

# ipsec(8): its options, and every command the front-end owns (the
# Makefile's IPSEC_COMMANDS), each with a page of its own.
front_end_page() {
	local cmds syn c bad=""
	cmds=$($bin/ipsec --help | sed -n 's/^commands: //p')
	[ -n "$cmds" ] || { echo "ipsec --help lists no commands"; return 1; }
	syn=$(styled man/ipsec.8 SYNOPSIS)
	for c in $cmds --help --version --directory; do
		grep -qx "B ${c#--}" <<<"$syn" || grep -qx -- "B $c" <<<"$syn" || bad="$bad $c"
	done
	for c in $cmds; do
		[ -f "man/ipsec_$c.8" ] || bad="$bad man/ipsec_$c.8"
		grep -q "^\.BR ipsec_$c (8)" man/ipsec.8 || bad="$bad ipsec_$c(8)-reference"
	done
	[ -z "$bad" ] || { echo "missing from man/ipsec.8 or man/:$bad"; return 1; }
}
check "ipsec.8 names every command of ipsec --help and its options; each command has man/ipsec_CMD.8" front_end_page

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
		# \- in the source; the hyphens inside a name may be escaped too
		sed 's/\\-/-/g' "$page" | grep -q -- "--$o\\b" || missing="$missing --$o"
	done
	[ -z "$missing" ] || { echo "not documented:$missing"; return 1; }
}
# spi's option table: src/cmd_spi_options.c (src/spi.c before the refactor)
table=src/cmd_spi_options.c
[ -f "$table" ] || table=src/spi.c
table_opts=$(grep -o '{ "[a-z_0-9]*", [01], ' "$table" | cut -d'"' -f2)
check "spi's option table is found ($table)" test "$(echo $table_opts | wc -w)" -gt 30
spi_opts="$($bin/spi --help 2>&1 | grep -o -- '--[a-z_0-9]*' | sed 's/^--//' | sort -u) $table_opts"
# shellcheck disable=SC2086 # lists of words
check "ipsec_spi.8 documents every option of spi" documents man/ipsec_spi.8 $spi_opts
spigrp_opts=$($bin/spigrp --help 2>&1 | grep -o -- '--[a-z_0-9]*' | sed 's/^--//' | sort -u)
# shellcheck disable=SC2086
check "ipsec_spigrp.8 documents every option of spigrp" documents man/ipsec_spigrp.8 $spigrp_opts
# eroute's option table (src/cmd_eroute_parse.c) and the options of its --help
eroute_opts="$(grep -o '{ "[a-z_0-9-]*", [01], ' src/cmd_eroute_parse.c | cut -d'"' -f2) $($bin/eroute --help 2>&1 |
	grep -o -- '--[a-z_0-9-]*' | sed 's/^--//' | sort -u)"
check "eroute's option table is found" test "$(echo $eroute_opts | wc -w)" -gt 20
# shellcheck disable=SC2086
check "ipsec_eroute.8 documents every option of eroute" documents man/ipsec_eroute.8 $eroute_opts
# shellcheck disable=SC2086
check "ipsec_look.8 documents every option of look" documents man/ipsec_look.8 help version
procfs_opts=$($bin/klips-procfs --help | grep -o -- '--[a-z]*' | sed 's/^--//' | sort -u)
# shellcheck disable=SC2086
check "klips-procfs.8 documents every option of klips-procfs" \
	documents man/klips-procfs.8 $procfs_opts
run_opts=$($bin/klips-run --help | grep -o -- '--[a-z]*' | sed 's/^--//' | sort -u)
check "klips-run.8 documents every option of klips-run" documents man/klips-run.8 $run_opts

# sections PAGE NAME...: the page has these sections, and its sections of
# man-pages(7)'s list come in its order.
order="NAME SYNOPSIS DESCRIPTION OPTIONS EXIT_STATUS ENVIRONMENT FILES HISTORY NOTES BUGS EXAMPLES SEE_ALSO"
sections() {
	local page=$1 missing="" have last=-1 i s
	shift
	have=$(sed -n 's/^\.SH "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$page" | tr ' ' _)
	for s in "$@"; do
		grep -qx "$s" <<<"$have" || missing="$missing $s"
	done
	[ -z "$missing" ] || { echo "missing sections:$missing"; return 1; }
	for s in $have; do
		i=$(tr ' ' '\n' <<<"$order" | grep -nx "$s" | cut -d: -f1)
		[ -n "$i" ] || continue
		[ "$i" -gt "$last" ] || { echo "$s comes too late (man-pages(7): $order)"; return 1; }
		last=$i
	done
}
for page in man/ipsec_spi.8 man/ipsec_spigrp.8 man/ipsec.8 man/ipsec_eroute.8 man/ipsec_look.8 \
	man/klips-run.8; do
	check "$page has the sections, in man-pages(7) order, BUGS and HISTORY included" sections "$page" \
		NAME SYNOPSIS DESCRIPTION OPTIONS EXIT_STATUS ENVIRONMENT FILES HISTORY BUGS SEE_ALSO
done
for page in man/ipsec_spi.5 man/ipsec_spigrp.5 man/ipsec_eroute.5; do
	check "$page has the sections, in man-pages(7) order, BUGS and HISTORY included" sections "$page" \
		NAME SYNOPSIS DESCRIPTION FILES HISTORY BUGS SEE_ALSO
done
check "man/klips-procfs.8 has the sections, in man-pages(7) order, BUGS and HISTORY included" \
	sections man/klips-procfs.8 NAME SYNOPSIS DESCRIPTION OPTIONS EXIT_STATUS ENVIRONMENT FILES HISTORY BUGS SEE_ALSO
for page in man/*.[1-8]; do
	check "$page refers to ip-xfrm(8)" grep -q '^\.BR ip\\-xfrm (8)' "$page"
done

# "ipsec spi", "ipsec spigrp", "ipsec eroute", "ipsec look", as the
# commands are run: no bold bare command name (ipsec(8) names them as its
# COMMAND words).
never_bare() {
	! grep -n '^\.B[IR]* \(spi\|spigrp\|eroute\|look\)\( \|$\)\|\\fB\(spi\|spigrp\|eroute\|look\)\\f' "$1"
}
for page in man/ipsec_spi.8 man/ipsec_spigrp.8 man/ipsec_spi.5 man/ipsec_spigrp.5 \
	man/ipsec_eroute.8 man/ipsec_eroute.5 man/ipsec_look.8; do
	check "$page says ipsec CMD, never a bare command name" never_bare "$page"
done

# Where bugs go: the same in README.md and every page's BUGS.
bug_contact() {
	local p bad=""
	grep -q '^## Bugs' README.md || bad="$bad README.md:no-Bugs-section"
	for p in $ours; do
		section "$p" BUGS | tr '\n' ' ' | grep -q 'section "Bugs" of klips-compat.s README.md' || bad="$bad $p"
	done
	[ -z "$bad" ] || { echo "no pointer to README.md's Bugs:$bad"; return 1; }
}
check "the BUGS of every page send to README.md's section Bugs, which exists" bug_contact

# The NOTES of ipsec_spi.8 about keys and other users: each promise is
# there, and the kernel test that keeps it (tests/bats/60-key-hygiene.bats).
key_notes() {
	local text bad="" phrase
	text=$(section man/ipsec_spi.8 NOTES | tr '\n' ' ' | tr -s ' ')
	for phrase in "readable by every local user, in /proc/PID/cmdline" \
		"(mode 0600) and give --optionsfrom FILE" "Keys are never printed" \
		"non-dumpable before they hold a key" "wiped after the request is sent"; do
		[[ $text == *"$phrase"* ]] || bad="$bad [$phrase]"
	done
	for phrase in "once read, keys are gone from /proc/PID/cmdline, and the process is non-dumpable" \
		"with --optionsfrom, no key is ever in /proc/PID/cmdline" \
		"a crash with keys in hand leaves no core"; do
		grep -qF "@test \"key hygiene: $phrase" tests/bats/60-key-hygiene.bats || bad="$bad test:[$phrase]"
	done
	[ -z "$bad" ] || { echo "missing:$bad"; return 1; }
}
check "ipsec_spi.8 NOTES: keys readable in argv until read, --optionsfrom FILE (0600), never printed, non-dumpable; each kept by a kernel test" key_notes

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

# The EXAMPLES of ipsec_eroute.8 that add eroutes are accepted (--explain
# needs no kernel).
eroute_examples() {
	local cmds n=0
	cmds=$(section man/ipsec_eroute.8 EXAMPLES | sed -e ':a' -e '/\\$/{N;s/\\\n[[:space:]]*/ /;ba}' |
		grep '^ *ipsec eroute .*--add ' | sed -e 's/gw1/192.0.2.1/g' -e 's/gw2/192.0.2.2/g' \
		-e 's/^ *ipsec eroute //' -e 's/ --explain//')
	while read -r -a args; do
		n=$((n + 1))
		$bin/eroute --explain "${args[@]}" >/dev/null 2>&1 ||
			{ echo "refused: eroute ${args[*]}"; return 1; }
	done <<<"$cmds"
	[ "$n" -ge 3 ] || { echo "only $n examples found"; return 1; }
}
check "the examples of ipsec_eroute.8 are accepted" eroute_examples

tap_done
