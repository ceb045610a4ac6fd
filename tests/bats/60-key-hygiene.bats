#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Keys under a real kernel: spi and spigrp leave no core dump with keys in
# it when they crash (the same crash of `ip` does, which shows the test
# would see them), wipe keys from /proc/PID/cmdline once read; reserved
# SPIs never reach the kernel; 64-bit limits do; --optionsfrom never
# blocks on a FIFO.
#
# The crash: a preloaded sendto()/sendmsg() (tests/bats/fixtures/crash.c)
# that aborts, or records /proc/self/cmdline and the dumpable flag, at the
# first request to the kernel, when the keys have been read.

bats_require_minimum_version 1.8.0

load helpers/common
load helpers/klips

setup() {
	kc_setup
	kc_require_bin spi spigrp
	PRELOAD=$BATS_TEST_TMPDIR/crash.so
	cc -shared -fPIC -O1 -o "$PRELOAD" "$BATS_TEST_DIRNAME/fixtures/crash.c" -ldl ||
		fail "cannot build the crash preload"
}

teardown() {
	if [ -n "${KC_CORE_PATTERN:-}" ]; then
		printf '%s\n' "$KC_CORE_PATTERN" >/proc/sys/kernel/core_pattern
	fi
	kc_teardown
}

# cores_here DIR: core dumps of this test go to DIR. The pattern is
# system-wide: only in the runner's own kernel, never on the host's.
cores_here() {
	case ${KLIPS_KERNEL_IN_VM:-host} in
	uml | qemu) ;;
	*) skip "core_pattern is system-wide: this test runs only in the runner's VM (KLIPS_KERNEL_IN_VM=${KLIPS_KERNEL_IN_VM:-unset})" ;;
	esac
	KC_CORE_PATTERN=$(cat /proc/sys/kernel/core_pattern)
	mkdir -p "$1"
	printf '%s/core.%%e.%%p\n' "$1" >/proc/sys/kernel/core_pattern ||
		fail "cannot set kernel.core_pattern"
}

@test "key hygiene: a crash with keys in hand leaves no core; ip's crash leaves one with the key" {
	local ns cores=$BATS_TEST_TMPDIR/cores opts=$BATS_TEST_TMPDIR/keys.opts key
	netns_new ns
	cores_here "$cores"
	ulimit -c unlimited
	key=${K3DES#0x}

	# The control: ip, crashing the same way, dumps a core holding the key.
	run -134 env KLIPS_CRASH=abort LD_PRELOAD="$PRELOAD" ip -n "$ns" xfrm state add \
		src 10.1.0.1 dst 10.1.0.2 proto esp spi 0x7001 enc 'cbc(des3_ede)' "$K3DES"
	run ls "$cores"
	[ "${#lines[@]}" -eq 1 ] || fail "ip left no core dump (${lines[*]}): the test cannot see one"
	grep -qa "$key" "$cores"/core.* || fail "the key is not in ip's core dump: the test cannot see one"
	rm -f "$cores"/core.*

	# spi with the keys in argv, and from --optionsfrom, and spigrp (which
	# reads keys back to re-create an SA): SIGABRT, and no core at all.
	run -134 ip netns exec "$ns" env KLIPS_CRASH=abort LD_PRELOAD="$PRELOAD" "$SPI" \
		--said esp.7002@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey "$K3DES" --authkey "$KMD5"
	printf -- '--said esp.7003@10.1.0.2\n--esp 3des\n--enckey %s\n' "$K3DES" >"$opts"
	chmod 0600 "$opts"
	run -134 ip netns exec "$ns" env KLIPS_CRASH=abort LD_PRELOAD="$PRELOAD" "$SPI" --optionsfrom "$opts"
	spi_in "$ns" --said tun.7004@10.1.0.2 --ip4 --src 10.1.0.1
	spi_in "$ns" --said esp.7005@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey "$K3DES"
	run -134 ip netns exec "$ns" env KLIPS_CRASH=abort LD_PRELOAD="$PRELOAD" "$GRP" \
		--said tun.7004@10.1.0.2 esp.7005@10.1.0.2
	run ls -A "$cores"
	[ -z "$output" ] || fail "core dumps left: $output"
	run grep -rqa "$key" "$cores"
	assert_failure
}

@test "key hygiene: once read, keys are gone from /proc/PID/cmdline, and the process is non-dumpable" {
	local ns seen=$BATS_TEST_TMPDIR/seen
	netns_new ns
	ip netns exec "$ns" env KLIPS_CRASH="record:$seen" LD_PRELOAD="$PRELOAD" "$SPI" \
		--said esp.7101@10.1.0.2 --src 10.1.0.1 --esp 3des-md5-96 --enckey "$K3DES" --authkey="$KMD5" ||
		fail "spi failed under the recording preload"
	[ -s "$seen" ] || fail "the preload recorded nothing"
	run cat "$seen"
	assert_line "dumpable 0"
	# the words are there (argv keeps its length), the keys are not
	[[ $output == *"--enckey"* && $output == *"--authkey="* && $output == *"--said esp.7101@10.1.0.2"* ]] ||
		fail "not the command line: $output"
	[[ $output != *"${K3DES#0x}"* && $output != *"${KMD5#0x}"* ]] || fail "a key in /proc/PID/cmdline: $output"
	# and the SA got its keys
	run ip -n "$ns" xfrm state
	[[ $output == *"enc cbc(des3_ede) $K3DES"* && $output == *"auth-trunc hmac(md5) $KMD5 96"* ]] || fail "$output"
}

@test "key hygiene: with --optionsfrom, no key is ever in /proc/PID/cmdline; spi and spigrp are non-dumpable" {
	local ns seen=$BATS_TEST_TMPDIR/seen opts=$BATS_TEST_TMPDIR/keys.opts
	netns_new ns
	printf -- '--said esp.7301@10.1.0.2 --src 10.1.0.1\n--esp 3des-md5-96\n--enckey %s\n--authkey %s\n' \
		"$K3DES" "$KMD5" >"$opts"
	chmod 0600 "$opts"
	ip netns exec "$ns" env KLIPS_CRASH="record:$seen" LD_PRELOAD="$PRELOAD" "$SPI" --optionsfrom "$opts" ||
		fail "spi --optionsfrom failed under the recording preload"
	run cat "$seen"
	assert_line "$SPI --optionsfrom $opts "
	assert_line "dumpable 0"
	[[ $output != *"${K3DES#0x}"* && $output != *"${KMD5#0x}"* ]] || fail "a key in /proc/PID/cmdline: $output"
	run ip -n "$ns" xfrm state
	[[ $output == *"enc cbc(des3_ede) $K3DES"* ]] || fail "the SA has not got its key: $output"
	# spigrp reads the keys back to re-create the SA in tunnel mode
	spi_in "$ns" --said tun.7302@10.1.0.2 --ip4 --src 10.1.0.1
	rm -f "$seen"
	ip netns exec "$ns" env KLIPS_CRASH="record:$seen" LD_PRELOAD="$PRELOAD" "$GRP" \
		--said tun.7302@10.1.0.2 esp.7301@10.1.0.2 || fail "spigrp failed under the recording preload"
	run cat "$seen"
	assert_line "dumpable 0"
}

@test "spi: an SPI below 0x100 never reaches the kernel, whatever form names it" {
	local ns before said
	netns_new ns
	before=$(kernel_view "$ns")
	for said in esp.0@10.3.0.2 esp.ff@10.3.0.2 esp0x1@10.3.0.2 esp255@10.3.0.2; do
		run -1 ip netns exec "$ns" "$SPI" --said "$said" --esp 3des-md5-96 --enckey "$K3DES" --authkey "$KMD5"
		assert_output --regexp "Illegal reserved spi: $said => 0x[0-9a-f]+ Must be larger than 0x100\.$"
	done
	run -1 ip netns exec "$ns" "$SPI" --said comp.0@10.3.0.2 --comp deflate
	run -1 ip netns exec "$ns" "$SPI" --said tun.0@10.3.0.2 --ip4 --src 10.3.0.1
	run -1 ip netns exec "$ns" "$SPI" --af inet --edst 10.3.0.2 --spi 0x100000200 --proto esp --esp 3des --enckey "$K3DES"
	assert_output --partial "Illegal spi: 0x100000200 is more than 32 bits"
	assert_equal "$(kernel_view "$ns")" "$before"
	# made by another tool, such an SA can still be deleted (with a warning)
	ip -n "$ns" xfrm state add src 10.3.0.1 dst 10.3.0.2 proto esp spi 0xff enc 'cbc(des3_ede)' "$K3DES"
	run -0 ip netns exec "$ns" "$SPI" --said esp.ff@10.3.0.2 --del
	assert_output --partial "warning: esp.ff@10.3.0.2 has a reserved SPI"
	assert_equal "$(kernel_view "$ns")" "$before"
}

@test "spi: --life limits over 32 bits are the limits the kernel holds" {
	local ns b
	netns_new ns
	spi_in "$ns" --said esp.7201@10.1.0.2 --src 10.1.0.1 --esp 3des --enckey "$K3DES" \
		--life hard-bytes=5000000000,soft-bytes=4294967296,hard-packets=0x100000000,hard-addtime=4294967297
	b=$(ip -n "$ns" -s xfrm state)
	[[ $b == *"limit: soft 4294967296(bytes), hard 5000000000(bytes)"* ]] || fail "bytes: $b"
	[[ $b == *"hard 4294967296(packets)"* ]] || fail "packets: $b"
	[[ $b == *"expire add: soft 0(sec), hard 4294967297(sec)"* ]] || fail "addtime: $b"
}

@test "spi: --optionsfrom refuses a FIFO at once, a writer or not" {
	local fifo=$BATS_TEST_TMPDIR/fifo
	mkfifo "$fifo"
	run -2 timeout 10 "$SPI" --optionsfrom "$fifo"
	assert_output "$SPI: optionsfrom failed: unable to open file: $fifo is a FIFO, not a regular file"
}
