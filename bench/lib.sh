# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by bench/run and bench/profile (sourced; $root is the source tree).

K3DES=0x4043434545464649494a4a4c4c4f4f515152525454575758
KMD5=0x87658765876587658765876587658765
KSHA1=0x8765876587658765876587658765876587658765
LOCAL=10.0.0.1
RECORD_IFID=0x4b4c5053

BIN=$root/build/bin
TIMEIT=$root/build/bench/timeit
NLDUMP=$root/build/bench/nldump
PAGEFAULT=$root/build/bench/pagefault
ERFILL=$root/build/bench/erfill

# The address of peer P (0-based): 10.1.0.0, 10.1.0.1, ... 10.1.255.255, 10.2.0.0 ...
# SA I (0-based) belongs to peer I/2: even I outbound (to the peer), odd I
# inbound (to us, from the peer), SPI 0x10000+I. Every SA has its own
# (daddr, saddr) pair, so no hash chain of the kernel grows (mapping §8.2).
sa_awk='
function peer(p) { return sprintf("10.%d.%d.%d", 1 + int(p / 65536), int(p / 256) % 256, p % 256) }
{
	for (i = from; i < to; i++) {
		p = peer(int(i / 2))
		if (i % 2 == 0) { src = local; dst = p } else { src = p; dst = local }
		spi = 65536 + i
		if (mode == "ip") {
			sel = (i % 2) ? sprintf(" sel src %s/32 dst %s/32", src, dst) : ""
			printf "xfrm state add src %s dst %s proto esp spi 0x%08x reqid 0 mode transport%s enc cbc(des3_ede) %s auth-trunc hmac(md5) %s 96\n", src, dst, spi, sel, k3des, kmd5
		} else {
			printf "%s spi --said esp.%x@%s --src %s --esp 3des-md5-96 --enckey %s --authkey %s\n", ipsec, spi, dst, src, k3des, kmd5
		}
	}
}'

# sa_lines MODE FROM TO: ip -batch lines (MODE ip) or a shell script of
# legacy commands (MODE legacy) for SAs FROM..TO-1.
sa_lines() {
	echo | awk -v mode="$1" -v from="$2" -v to="$3" -v local="$LOCAL" \
		-v k3des="$K3DES" -v kmd5="$KMD5" -v ipsec="$BIN/ipsec" "$sa_awk"
}

# unpack IN DIR: the VM sends its files back on stdout ("@@bench-file NAME",
# the lines, "@@bench-end"); write them to DIR, and pass anything else through.
unpack() {
	local in=$1 dir=$2 line file=
	while IFS= read -r line; do
		case $line in
		'@@bench-file '*) file=$dir/${line#@@bench-file }; : >"$file" ;;
		'@@bench-end') file= ;;
		*) if [ -n "$file" ]; then printf '%s\n' "$line" >>"$file"; else printf '%s\n' "$line"; fi ;;
		esac
	done <"$in"
}
