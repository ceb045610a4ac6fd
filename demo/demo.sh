#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The legacy commands against a real kernel: two gateways, west and east,
# keyed by hand the way `ipsec manual` did it (tun + ESP + AH, grouped),
# eroutes sending the traffic between the subnets behind them into the
# groups, the legacy listings and `ipsec look`.
# Run it as `make demo`, which runs it under tests/kernel/run.
set -eu
cd "$(dirname "$0")/.."
export PATH="$PWD/build/bin:$PATH"

WEST=192.1.2.45 EAST=192.1.2.23
WESTNET=192.0.1.254 EASTNET=192.0.2.254
K3DES_WE=0x4043434545464649494a4a4c4c4f4f515152525454575758
K3DES_EW=0x40434345_45464649_494a4a4c_4c4f4f51_51525254_54575758
KMD5=0x87658765876587658765876587658765
KSHA1=0x8765876587658765876587658765876587658765

step() { printf '\n== %s\n' "$*"; }
on() { # on NS COMMAND...: show it, run it in NS
	local ns=$1
	shift
	printf '[%s]# %s\n' "$ns" "$*"
	ip netns exec "$ns" "$@"
}

cleanup() {
	ip netns del west 2>/dev/null || true
	ip netns del east 2>/dev/null || true
}
trap cleanup EXIT
cleanup

step "Two gateways joined by a cable, a subnet host behind each"
ip netns add west
ip netns add east
ip link add eth0 netns west type veth peer name eth0 netns east
ip -n west -batch - <<-END
	link set lo up
	link set eth0 up
	addr add $WEST/24 dev eth0
	addr add $WESTNET/32 dev lo
	route add $EASTNET/32 via $EAST src $WESTNET
END
ip -n east -batch - <<-END
	link set lo up
	link set eth0 up
	addr add $EAST/24 dev eth0
	addr add $EASTNET/32 dev lo
	route add $WESTNET/32 via $WEST src $EASTNET
END
echo "west $WEST (subnet host $WESTNET) <-> east $EAST (subnet host $EASTNET)"

# The SAs of `ipsec manual --up`, the same on both gateways:
# west->east tun.1001 esp.1002 ah.1003, east->west tun.2001 esp.2002 ah.2003.
for gw in west east; do
	step "$gw: ipsec spi and ipsec spigrp, as ipsec manual ran them"
	on $gw ipsec spi --label "west-east" --af inet --said tun0x1001@$EAST --ip4 --src $WEST --dst $EAST
	on $gw ipsec spi --label "west-east" --af inet --said esp0x1002@$EAST --esp 3des-md5-96 --src $WEST \
		--authkey $KMD5 --replay_window 16 --enckey $K3DES_WE
	on $gw ipsec spi --label "west-east" --af inet --said ah0x1003@$EAST --ah hmac-sha1-96 --src $WEST \
		--replay_window 16 --authkey $KSHA1
	on $gw ipsec spigrp --label "west-east" --said tun0x1001@$EAST esp0x1002@$EAST ah0x1003@$EAST
	on $gw ipsec spi --af inet --edst $WEST --spi 0x2001 --proto tun --src $EAST --dst $WEST --ip4
	on $gw ipsec spi --af inet --edst $WEST --spi 0x2002 --proto esp --src $EAST --esp 3des-md5-96 \
		--enckey $K3DES_EW --authkey $KMD5
	on $gw ipsec spi --af inet --edst $WEST --spi 0x2003 --proto ah --src $EAST --ah hmac-sha1-96 --authkey $KSHA1
	on $gw ipsec spigrp inet $WEST 0x2001 tun inet $WEST 0x2002 esp inet $WEST 0x2003 ah
done

step "Bad command lines get the legacy messages, and change nothing"
on west ipsec spi --said esp.1002@$EAST --esp 3des --enckey 0x4043434545464649 || true
on west ipsec spigrp --said tun0x1001@$EAST esp0x1002@$EAST || true

step "The legacy listings (/proc/net/ipsec_spi and /proc/net/ipsec_spigrp)"
on west ipsec spi
on west ipsec spigrp

step "What the kernel holds: ESP in tunnel mode, records holding template bundles"
on west ip xfrm state
on west ip xfrm policy

step "ipsec eroute: the traffic between the subnets goes into the groups"
on west ipsec eroute --label "west-east" --add --eraf inet --src $WESTNET/32 --dst $EASTNET/32 \
	--said tun0x1001@$EAST
on east ipsec eroute --label "west-east" --add --eraf inet --src $EASTNET/32 --dst $WESTNET/32 \
	--said tun0x2001@$WEST
on west ipsec eroute --add --eraf inet --src $WESTNET/32 --dst $EASTNET/32 --said %pass || true
on west ipsec eroute
on west ipsec eroute --explain --add --eraf inet --src 10.0.0.0/8 --dst 0/0 --said %reject

step "What the kernel holds: the eroute's policies (out, and in/fwd for the way back), its record"
on west ip xfrm policy

step "Ping between the subnets: AH(ESP(IP)) on the wire between the gateways"
wire=$(mktemp)
ip netns exec east tcpdump -i eth0 -n -l -c 6 >"$wire" 2>/dev/null &
tcpdump_pid=$!
sleep 1
on west ping -c 3 -i 0.2 -I $WESTNET $EASTNET
wait $tcpdump_pid || true
sed 's/^/  on the wire: /' "$wire"
rm -f "$wire"
grep -q . <(ip netns exec east ipsec spi | grep 'esp0x1002.*packets(3,0,0)') ||
	{ echo "demo: the ESP SA did not count the pings" >&2; exit 1; }
on east ipsec spi
on west ipsec look

step "ipsec manual --down deletes the tun SA: the whole group goes, as with KLIPS"
on west ipsec spi --label "west-east" --af inet --del --said tun0x1001@$EAST
on west ipsec spigrp
on west ipsec spi

step "The eroute stays without its group, as with KLIPS: its flow is dropped"
on west ipsec eroute
on west ping -c 1 -W 1 -I $WESTNET $EASTNET || true

step "ipsec spi --clear: every SA and record goes; ipsec eroute --clear: the eroutes"
on west ipsec spi --clear
on west ipsec spi
on west ipsec eroute --clear
on west ip xfrm policy
echo
echo "demo: done"
