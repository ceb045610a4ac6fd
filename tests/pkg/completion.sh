#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion for ipsec spi / ipsec spigrp: source it and look at
# COMPREPLY for a few command lines. No root, no kernel.
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh

file=packaging/bash-completion/klips-compat
bc=/usr/share/bash-completion/bash_completion

# With KLIPS_BC=1 this script runs under the bash-completion package (in a
# child bash, see the end) and only reports PASS/FAIL lines.
if [ "${KLIPS_BC:-}" = 1 ]; then
	# shellcheck source=/dev/null
	. "$bc"
fi
# shellcheck source=../../packaging/bash-completion/klips-compat
. "$file"

# complete_line "WORDS..." : COMPREPLY for the line, the cursor at its end
# (a trailing space means a new, empty word).
complete_line() {
	local line=$1 func
	# bash splits words at "=" too (COMP_WORDBREAKS): --af=in is --af = in
	read -r -a COMP_WORDS <<<"${line//=/ = }"
	case $line in *" " | *=) COMP_WORDS+=("") ;; esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	func=$(complete -p "${COMP_WORDS[0]##*/}" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	COMPREPLY=()
	"$func" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect "LINE" "SORTED WORDS"
expect() {
	local got
	got=$(complete_line "$1")
	[ "$got" = "$2" ]
	ok $? "'$1' completes to '$2'"
	[ "$got" = "$2" ] || diag "got '$got'"
}

# contains "LINE" WORD...: every WORD is offered.
contains() {
	local line=$1 got missing=""
	shift
	got=" $(complete_line "$line") "
	for w in "$@"; do
		[[ $got == *" $w "* ]] || missing="$missing $w"
	done
	ok "$([ -z "$missing" ]; echo $?)" "'$line' offers $*"
	[ -z "$missing" ] || diag "missing:$missing"
}

if [ "${KLIPS_BC:-}" = 1 ]; then
	ok() { if [ "$1" -eq 0 ]; then shift; echo "PASS $*"; else shift; echo "FAIL $*"; fi; }
	contains "ipsec " spi spigrp auto eroute look manual
	expect "ipsec spi --af " "inet inet6"
	contains "ipsec manual " --up --down
	expect "ipsec spigrp --bundle " "fwd in out"
	ok "$(complete -p ipsec | grep -q _klips_ipsec; echo $?)" "ours stays the completion of ipsec"
	exit 0
fi

check "ipsec, spi and spigrp have completions" complete -p ipsec spi spigrp
expect "ipsec sp" "spi spigrp"
contains "ipsec spi --" --ah --esp --comp --ip4 --ip6 --del --clear --said --af --edst \
	--spi --proto --src --authkey --enckey --replay_window --life --natt --optionsfrom \
	--debug --label --explain
expect "ipsec spi --sa" "--said --saref --saref_him --saref_me --sarefhim --sarefme"
expect "ipsec spi --af " "inet inet6"
expect "ipsec spi --af=in" "inet inet6"
expect "ipsec spi --proto=" "ah comp esp tun"
expect "ipsec spi --proto " "ah comp esp tun"
expect "ipsec spi --natt no" "none nonesp nonike"
expect "ipsec spi --said esp.200@10.0.0.1 --ah " "hmac-md5-96 hmac-sha1-96"
contains "ipsec spi --esp " 3des 3des-md5-96 3des-sha1-96 aes-sha1 aes128-sha2_256 des-md5
expect "ipsec spi --esp 3des-" "3des-md5 3des-md5-96 3des-null 3des-ripemd 3des-sha1 3des-sha1-96 3des-sha2_256 3des-sha2_384 3des-sha2_512"
expect "ipsec spi --comp " "deflate lzs"
expect "ipsec spi --life soft-b" "soft-bytes="
expect "ipsec spi --enckey " ""
expect "spi --proto " "ah comp esp tun"
expect "/usr/libexec/ipsec/spi --af " "inet inet6"
expect "ipsec spigrp " "--bundle --debug --help --label --said --version inet inet6"
expect "ipsec spigrp --debug " "--bundle --help --label --said --version inet inet6"
expect "ipsec spigrp --label conn " "--bundle --help --said --version inet inet6"
expect "ipsec spigrp --bundle " "fwd in out"
expect "ipsec spigrp --bundle out " "--said"
expect "ipsec spigrp inet 10.0.0.1 0x113 " "ah comp esp tun"
expect "ipsec spigrp inet 10.0.0.1 0x113 tun " "inet inet6"
expect "spigrp inet 10.0.0.1 0x113 tun inet 10.0.0.1 0x115 e" "esp"
expect "ipsec spigrp --said " ""

# Under the bash-completion package: its own completion of ipsec's other
# commands (FreeS/WAN's list, as no strongSwan is installed) stays.
if [ -r "$bc" ]; then
	while read -r res desc; do
		case $res in
		PASS) ok 0 "with bash-completion: $desc" ;;
		FAIL) ok 1 "with bash-completion: $desc" ;;
		*) diag "$res $desc" ;;
		esac
	done < <(PATH=/usr/bin:/bin KLIPS_BC=1 bash "$0" 2>&1)
else
	skip "with bash-completion" "the bash-completion package is not installed"
fi

tap_done
