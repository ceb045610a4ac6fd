#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion for ipsec spi / ipsec spigrp: source it (as make
# made it, with the commands filled in) and look at COMPREPLY for a few
# command lines: the options, the ipsec commands offered by each kind of
# front-end, and --said from the SAs there are. No kernel; the SA listing
# by `spi` itself needs root (in a throw-away network namespace).
set -u
cd "$(dirname "$0")/../.."
. tests/pkg/tap.sh

file=build/share/bash-completion/klips-compat
bc=/usr/share/bash-completion/bash_completion
if [ ! -r "$file" ]; then
	ok 1 "$file is missing (make all makes it)"
	tap_done
	exit 1
fi
top=$PWD

# With KLIPS_BC=1 this script runs under the bash-completion package (in a
# child bash, see the end) and only reports PASS/FAIL lines.
if [ "${KLIPS_BC:-}" = 1 ]; then
	# shellcheck source=/dev/null
	. "$bc"
fi
# shellcheck source=/dev/null
. "$file"

# A tree of our own for the front-end paths the completion looks at:
# T/fe/ipsec (ours), T/sbin/ipsec.distrib (another one, when made),
# T/libexec (the commands' directory), T/bin/ipsec (what PATH finds).
T=${KLIPS_T:-}
if [ -z "$T" ]; then
	T=$(mktemp -d)
	trap 'rm -rf "$T"' EXIT
	chmod 755 "$T" # for the unprivileged user of the --said test
	mkdir -p "$T/fe" "$T/sbin" "$T/libexec" "$T/bin" "$T/net"
	cp build/bin/ipsec "$T/fe/ipsec"
	for c in $_klips_commands auto whack; do printf '#!/bin/sh\n' >"$T/libexec/$c"; chmod +x "$T/libexec/$c"; done
	export KLIPS_T=$T
fi
_klips_frontend=$T/fe/ipsec
_klips_original=$T/sbin/ipsec.distrib
_klips_execdir=$T/libexec
export PATH=$T/bin:$PATH KLIPS_PROCDIR=$T/net
# frontend ours|other: what `ipsec` on PATH is
frontend() {
	rm -f "$T/bin/ipsec"
	case $1 in
	ours) ln -s ../fe/ipsec "$T/bin/ipsec" ;;
	other) printf '#!/bin/sh\nexit 2\n' >"$T/bin/ipsec" && chmod +x "$T/bin/ipsec" ;;
	esac
}
frontend ours

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
	[ "${#COMPREPLY[@]}" -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
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

# Our commands as the front-end lists them (both come from the Makefile).
owned=$(build/bin/ipsec --help | sed -n 's/^commands: //p')
sorted() { tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//'; }

if [ "${KLIPS_BC:-}" = 1 ]; then
	ok() { if [ "$1" -eq 0 ]; then shift; echo "PASS $*"; else shift; echo "FAIL $*"; fi; }
	diag() { printf '%s\n' "$*" | sed 's/^/DIAG /'; }
	# (bash-completion chose FreeS/WAN's list: `ipsec --version` is not strongSwan's)
	frontend ours
	expect "ipsec " "$(echo "$owned --directory --help --version" | sorted)"
	frontend other
	expect "ipsec " "$(echo "$owned auto whack" | sorted)"
	expect "ipsec spi --af " "inet inet6"
	contains "ipsec auto " --up --down --add
	expect "ipsec spigrp --bundle " "fwd in out"
	ok "$(complete -p ipsec | grep -q _klips_ipsec; echo $?)" "ours stays the completion of ipsec"
	exit 0
fi

check "ipsec, spi, spigrp, eroute, look, tncfg and klipsdebug have completions" \
	complete -p ipsec spi spigrp eroute look tncfg klipsdebug
check "the completion's commands are the front-end's: $owned" test "$_klips_commands" = "$owned"
expect "ipsec sp" "spi spigrp"
expect "ipsec " "$(echo "$owned --directory --help --version" | sorted)"
frontend other
expect "ipsec " "$(echo "$owned" | sorted)"
frontend ours
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
contains "ipsec eroute --" --add --addin --replace --replacein --del --clear --eraf --src \
	--dst --said --af --edst --spi --proto --transport-proto --src-port --dst-port \
	--label --debug --explain --optionsfrom --help --version
expect "ipsec eroute --re" "--replace --replacein"
expect "ipsec eroute --eraf=" "inet inet6"
expect "ipsec eroute --add --eraf inet --transport-proto " "icmp tcp udp"
expect "ipsec eroute --add --said %" "%drop %hold %pass %reject %trap %trapsubnet"
expect "ipsec eroute --src " ""
expect "eroute --proto " "ah comp esp tun"
expect "ipsec look " "--help --version"
expect "ipsec look --help " ""
contains "ipsec tncfg --" --attach --detach --clear --create --delete --virtual --physical \
	--label --debug --explain --optionsfrom --help --version
expect "ipsec tncfg --attach --virtual " "ipsec0 ipsec1 ipsec2 ipsec3"
# The devices of /sys/class/net, as many as there are (none in a build
# chroot without /sys).
expect "ipsec tncfg --attach --virtual ipsec0 --physical " "$(ls /sys/class/net 2>/dev/null | sort | xargs)"
expect "tncfg --de" "--debug --delete --detach"
expect "ipsec klipsdebug --set r" "radij rcv"
expect "ipsec klipsdebug --clear tunnel" "tunnel tunnel-xmit"
expect "klipsdebug --a" "--all"

# --said: the SAs of klips-procfs's file when it is there, else of `spi`.
printf '%s\n' "esp0x200@192.0.2.2 ESP_3DES_HMAC_MD5: dir=out src=192.0.2.1 alen=128 aklen=128 eklen=192" \
	"tun0x200@192.0.2.2 IPIP: dir=out src=192.0.2.1" \
	"esp0x1000583@2001:db8::2 ESP_3DES: dir=in  src=2001:db8::1 eklen=192" >"$T/net/ipsec_spi"
expect "ipsec spi --said " "esp0x1000583@2001:db8::2 esp0x200@192.0.2.2 tun0x200@192.0.2.2"
expect "ipsec spi --said=tun" "tun0x200@192.0.2.2"
expect "ipsec spi --del --said esp0x2" "esp0x200@192.0.2.2"
expect "ipsec spigrp --said " "esp0x1000583@2001:db8::2 esp0x200@192.0.2.2 tun0x200@192.0.2.2"
expect "ipsec spigrp --said tun0x200@192.0.2.2 e" "esp0x1000583@2001:db8::2 esp0x200@192.0.2.2"
expect "ipsec spigrp --bundle out --said t" "tun0x200@192.0.2.2"
expect "ipsec eroute --add --said t" "tun0x200@192.0.2.2"
expect "spigrp --said esp0x200@192.0.2.2 t" "tun0x200@192.0.2.2"
rm "$T/net/ipsec_spi"
quiet_nothing() {
	local out
	out=$(complete_line "ipsec spi --said " 2>&1)
	[ -z "$out" ] || { echo "got: $out"; return 1; }
}
# No file, and a spi that cannot list (it fails, as without CAP_NET_ADMIN).
printf '#!/bin/sh\necho "spi: cannot list: Operation not permitted" >&2\nexit 1\n' >"$T/libexec/spi"
check "--said: nothing, and no message, when no listing can be read" quiet_nothing
cp build/bin/spi "$T/libexec/spi"
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && command -v setpriv >/dev/null; then
	# In a throw-away network namespace, a tun SA (a record policy, which
	# the running kernel can hold) that `spi` then lists.
	in_netns() {
		"$T/libexec/spi" --said tun.201@192.0.2.9 --ip4 --src 192.0.2.8 --dst 192.0.2.9 || return 1
		local got
		got=$(complete_line "ipsec spi --said ")
		[ "$got" = tun0x201@192.0.2.9 ] || { echo "as root: got '$got'"; return 1; }
		got=$(setpriv --reuid=65534 --regid=65534 --clear-groups bash -c \
			". $top/$file; _klips_execdir=$T/libexec; $(declare -f complete_line); complete_line 'ipsec spi --said '" 2>&1)
		[ -z "$got" ] || { echo "unprivileged: got '$got'"; return 1; }
	}
	export -f in_netns complete_line
	export T top file
	check "--said: the SAs \`spi\` lists (root); nothing, silently, for a user who cannot list" \
		unshare --net bash -c ". $file; _klips_execdir=$T/libexec; KLIPS_PROCDIR=$T/none in_netns"
else
	skip "--said from the listing of spi" "needs root, unshare and setpriv"
fi

# Under the bash-completion package: its completion of the commands of
# other front-ends stays, without the FreeS/WAN commands no front-end here
# runs (manual, ...): ours alone offers ours, an
# other one those in the commands' directory.
if [ -r "$bc" ]; then
	while read -r res desc; do
		case $res in
		PASS) ok 0 "with bash-completion: $desc" ;;
		FAIL) ok 1 "with bash-completion: $desc" ;;
		DIAG) diag "$desc" ;;
		*) diag "$res $desc" ;;
		esac
	done < <(PATH=$T/bin:/usr/bin:/bin KLIPS_BC=1 bash "$0" 2>&1)
else
	ok 1 "with bash-completion: the bash-completion package is not installed (tools/deps check installs it)"
fi

tap_done
