# SPDX-License-Identifier: GPL-2.0-or-later
# klips-compat: legacy `ipsec spi` / `ipsec spigrp` on Linux XFRM.
#
#   make            build the programs into build/bin/
#   make check      install missing packages (Debian, as root), build the
#                   unit tests with ASan+UBSan, run them, then run the
#                   real-kernel suites; the last line is "N passed, N failed"
#   make check-kernel  only the real-kernel suites (tests/kernel/README.md),
#                   the KLIPS packet tests included
#   make check-klips   only Openswan's KLIPS packet tests against our commands,
#                   with the one not passed yet (tests/klips/pending/)
#                   (tests/klips/README.md)
#   make demo       run the legacy commands against a real kernel
#   make install    honours DESTDIR, PREFIX, BINDIR, LIBDIR, LIBEXECDIR, SBINDIR, MANDIR,
#                   SYSTEMDUNITDIR, BASHCOMPATDIR; WITH_FRONTEND=yes also
#                   links $(SBINDIR)/ipsec to our front-end (an ipsec that is
#                   not ours is refused, or set aside with FORCE_FRONTEND=yes)
#   make uninstall  removes what make install put (same variables), and puts
#                   back an ipsec that make install set aside
#   make deb        Debian packages into build/deb/ (see packaging/debian)
#   make check-packaging  the packages: built in a clean Debian chroot,
#                   lintian, hardening, installed next to strongSwan and
#                   libreswan, the RPM spec built with rpmbuild (slow, network)
#   make bench      the benchmarks under a real kernel (bench/README.md);
#                   not part of make check

PKG_CONFIG ?= pkg-config
PREFIX ?= /usr
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR ?= $(PREFIX)/share/man
SYSTEMDUNITDIR ?= $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null || echo "$(PREFIX)/lib/systemd/system")
# bash-completion's eagerly loaded directory: its on-demand completions/ipsec
# belongs to the bash-completion package, so ours wraps that one from here.
BASHCOMPATDIR ?= $(shell $(PKG_CONFIG) --variable=compatdir bash-completion 2>/dev/null || echo /etc/bash_completion.d)
# yes: $(SBINDIR)/ipsec is our front-end (with ipsec.8). Not by default: libreswan and
# strongSwan own /usr/sbin/ipsec. An ipsec that is not ours is only replaced with
# FORCE_FRONTEND=yes, which moves it to $(SBINDIR)/ipsec.distrib (our front-end then
# hands it every command it does not own; make uninstall moves it back).
WITH_FRONTEND ?= no
FORCE_FRONTEND ?= no

# The legacy commands of this package, one word each. Each is a program
# build/bin/CMD (src/main_CMD.c) with a man page man/ipsec_CMD.8, installed in
# $(LIBEXECDIR)/ipsec; the front-end runs exactly these (every other command goes
# to the ipsec it replaced), the bash completion offers them, the packages ship
# them. A new command is one more word here.
IPSEC_COMMANDS := spi spigrp eroute look tncfg klipsdebug
# The bash completion with IPSEC_COMMANDS and the installed paths filled in.
COMPLETION := build/share/bash-completion/klips-compat

VERSION := $(shell cat VERSION 2>/dev/null || echo 0)

CC ?= cc
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes
CFLAGS += -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DKLIPS_COMPAT_VERSION='"$(VERSION)"'
CFLAGS += -I. -MMD -MP
CFLAGS += $(EXTRA_CFLAGS)

# The programs need libmnl; the unit tests also OpenSSL's libcrypto, the
# reference the DES key checks are tested against.
DEP_PKGS := libmnl libcrypto
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEP_PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs libmnl 2>/dev/null)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs $(DEP_PKGS) 2>/dev/null)
FUSE_CFLAGS := $(shell $(PKG_CONFIG) --cflags fuse3 2>/dev/null)
FUSE_LIBS := $(shell $(PKG_CONFIG) --libs fuse3 2>/dev/null)

ifeq ("$(origin V)", "command line")
VERBOSE := $(V)
endif
ifneq ($(VERBOSE),1)
Q := @
QUIET_CC = @echo "  CC      $@";
QUIET_LINK = @echo "  LINK    $@";
QUIET_AR = @echo "  AR      $@";
endif

# Sources. Programs are the files named main_*.c; the kernel layer
# (src/kernel*.c) is the only code that talks netlink, so unit tests can link
# tests/unit/fake_kernel.c instead.
COMPAT_SRCS := $(sort $(wildcard compat/*.c))
SRC_ALL := $(sort $(wildcard src/*.c))
SRC_MAINS := $(filter src/main_%.c,$(SRC_ALL))
SRC_KERNEL := $(sort $(wildcard src/kernel*.c))
SRC_LIB := $(filter-out $(SRC_MAINS) $(SRC_KERNEL),$(SRC_ALL))
PROGRAMS := $(patsubst src/main_%.c,build/bin/%,$(SRC_MAINS))
PROCFS_SRCS := $(sort $(wildcard procfs-emu/*.c))
PROCFS_LIB := $(filter-out procfs-emu/klips-procfs.c,$(PROCFS_SRCS))
ifneq ($(PROCFS_SRCS),)
PROGRAMS += build/bin/klips-procfs
endif
# The launcher and the preload library it loads (procfs-emu/preload/).
PRELOAD_SRCS := procfs-emu/preload/preload.c procfs-emu/preload/redirect.c
PRELOAD_LIB := build/lib/klips-compat/libklips-preload.so
PROGRAMS += build/bin/klips-run $(PRELOAD_LIB)

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_SUPPORT := $(filter-out $(UNIT_SRCS),$(sort $(wildcard tests/unit/*.c)))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))

# Two object trees: build/obj (programs) and build/san (tests, ASan+UBSan).
obj = $(patsubst %.c,build/obj/%.o,$(1))
san = $(patsubst %.c,build/san/%.o,$(1))

SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_CFLAGS := $(filter-out -O2 -O3,$(CFLAGS)) -O1 $(SAN_FLAGS) -DKLIPS_UNIT_TEST
# CPPFLAGS (dpkg-buildflags: -D_FORTIFY_SOURCE=2) for the programs; the
# sanitizers check the tests' memory accesses themselves.
SAN_CPPFLAGS = $(CPPFLAGS) -U_FORTIFY_SOURCE

.PHONY: all check check-unit check-kernel check-klips check-packaging unit-tests fuzz fuzz-bins \
	fuzz-run demo deps install uninstall deb clean bench bench-bins

# Keep the objects that pattern rules make on the way (make would delete them
# at the end and print "rm ...", after the "N passed, N failed" line).
.SECONDARY:

all: $(PROGRAMS) $(COMPLETION)

build/lib/libcompat.a: $(call obj,$(COMPAT_SRCS))
build/lib/libklips.a: $(call obj,$(SRC_LIB))
build/san/libcompat.a: $(call san,$(COMPAT_SRCS))
build/san/libklips.a: $(call san,$(SRC_LIB))

# Two rules: one pattern rule with two targets would mean one recipe makes both.
build/lib/%.a:
	@mkdir -p $(@D)
	$(QUIET_AR)rm -f $@ && ar rcs $@ $^

build/san/%.a:
	@mkdir -p $(@D)
	$(QUIET_AR)rm -f $@ && ar rcs $@ $^

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(if $(findstring procfs,$<),$(FUSE_CFLAGS)) -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(SAN_CPPFLAGS) $(SAN_CFLAGS) $(PKG_CFLAGS) $(if $(findstring procfs,$<),$(FUSE_CFLAGS)) -c -o $@ $<

# The front-end: the commands it owns, its last place to look for them, and
# where the ipsec it replaced is, relative to its own directory
# $(LIBEXECDIR)/klips-compat (see main_ipsec.c).
IPSEC_ORIGINAL_REL := $(shell realpath -m --relative-to="$(LIBEXECDIR)/klips-compat" "$(SBINDIR)/ipsec.distrib")
build/obj/src/main_ipsec.o: CFLAGS += -DIPSEC_EXECDIR='"$(LIBEXECDIR)/ipsec"' \
	-DIPSEC_COMMANDS='"$(IPSEC_COMMANDS)"' -DIPSEC_ORIGINAL='"$(IPSEC_ORIGINAL_REL)"'
build/obj/src/main_ipsec.o: Makefile

# The bash completion, with the commands and the installed paths filled in.
$(COMPLETION): packaging/bash-completion/klips-compat Makefile
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)$(FIX_PATHS) -e 's|@IPSEC_COMMANDS@|$(IPSEC_COMMANDS)|' $< >$@

build/bin/%: build/obj/src/main_%.o $(call obj,$(SRC_KERNEL)) build/lib/libklips.a build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Position-independent, not sanitized (it is loaded into any program), and
# exporting nothing but the wrapped libc functions.
build/pic/%.o: %.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(PRELOAD_LIB): $(patsubst %.c,build/pic/%.o,$(PRELOAD_SRCS))
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-z,defs -Wl,-soname,libklips-preload.so -o $@ $^ -ldl

# klips-run looks for the library next to itself (../lib/klips-compat), then here.
build/obj/procfs-emu/preload/klips-run.o: CFLAGS += -DKLIPS_PRELOAD_PATH='"$(LIBDIR)/klips-compat/libklips-preload.so"'

build/bin/klips-run: build/obj/procfs-emu/preload/klips-run.o
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

build/bin/klips-procfs: $(call obj,$(PROCFS_SRCS)) $(call obj,$(SRC_KERNEL)) build/lib/libklips.a build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(FUSE_LIBS) $(PKG_LIBS)

# Test-only spi, spigrp and tncfg for the real-kernel rollback tests (tests/bats),
# never installed or packaged: every kernel call that changes something goes
# through tests/fault/fault_kernel.c first (--wrap), which fails the N-th of
# them, N from $$KLIPS_TEST_FAIL_CALL. The programs in build/bin have no hook.
FAULT_BINS := build/fault/spi build/fault/spigrp build/fault/eroute build/fault/tncfg
FAULT_LDFLAGS := -Wl,--wrap=kernel_sa_add,--wrap=kernel_sa_del,--wrap=kernel_sa_flush,--wrap=kernel_record_add,--wrap=kernel_record_del
FAULT_LDFLAGS := $(FAULT_LDFLAGS),--wrap=kernel_eroute_add,--wrap=kernel_eroute_del,--wrap=kernel_policy_add,--wrap=kernel_policy_del,--wrap=kernel_rule_add,--wrap=kernel_rule_del
FAULT_LDFLAGS := $(FAULT_LDFLAGS),--wrap=kernel_link_add,--wrap=kernel_link_del
build/fault/%: build/obj/src/main_%.o build/obj/tests/fault/fault_kernel.o $(call obj,$(SRC_KERNEL)) build/lib/libklips.a build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) $(FAULT_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests: one program per tests/unit/test_*.c, linked against the
# sanitized libraries and the fake kernel layer (no netlink, no root).
UNIT_BINS := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRCS))
build/san/tests/%: build/san/tests/unit/%.o $(call san,$(UNIT_SUPPORT)) build/san/libklips.a build/san/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)

# The kernel layer's SA decoder opens no socket: its test links it.
build/san/tests/test_sa_decode: build/san/src/kernel_sa_decode.o

# The klips-procfs tests also link the daemon's parts but main (procfs-emu/),
# with a fake source instead of the listing, and libfuse for a real mount.
PROCFS_TESTS := $(filter build/san/tests/test_procfs%,$(UNIT_BINS))
ifneq ($(PROCFS_TESTS),)
$(PROCFS_TESTS): build/san/tests/%: build/san/tests/unit/%.o $(call san,$(UNIT_SUPPORT)) $(call san,$(PROCFS_LIB)) build/san/libklips.a build/san/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(FUSE_LIBS) $(TEST_LIBS)
endif

# The preload tests: the path matcher (sanitized), and programs run with the
# real library and launcher.
build/san/tests/test_preload: build/san/tests/unit/test_preload.o $(call san,$(UNIT_SUPPORT)) $(call san,procfs-emu/preload/redirect.c) build/san/libklips.a build/san/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)

# Not sanitized: it runs with the preload library (tests/unit/test_preload.c).
build/tests/preload-calls: tests/preload/preload-calls.c
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

# Fuzz targets (tests/fuzz/README.md): every parser of compat/, the
# --optionsfrom reader, and whole spi/spigrp command lines against the fake
# kernel (fuzz_spi, fuzz_spigrp). Built with a standalone driver under gcc
# with ASan+UBSan (always: `make check` runs each FUZZ_SECONDS, default 10),
# and with libFuzzer under clang (`make fuzz`, `make fuzz-run`). Their seed
# corpora are made from tests/vectors/ and tests/fuzz/regress/ at build time.
FUZZ_NAMES := $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRCS))
FUZZ_CMD := fuzz_spi fuzz_spigrp
FUZZ_BINS := $(patsubst %,build/san/fuzz/%,$(FUZZ_NAMES))
FUZZ_CORPUS := build/fuzz/corpus/.stamp
FUZZ_CMD_OBJS = tests/fuzz/cmd.c tests/unit/fake_kernel.c

build/san/fuzz/%: build/san/tests/fuzz/%.o build/san/tests/fuzz/driver.o build/san/libklips.a build/san/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)

$(FUZZ_CMD:%=build/san/fuzz/%): build/san/fuzz/%: build/san/tests/fuzz/%.o build/san/tests/fuzz/driver.o \
		$(call san,$(FUZZ_CMD_OBJS)) build/san/libklips.a build/san/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)

build/fuzz/mkcorpus: build/obj/tests/fuzz/mkcorpus.o build/obj/tests/unit/tap.o build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(FUZZ_CORPUS): build/fuzz/mkcorpus tests/vectors/probes.tsv tests/vectors/conversions.tsv \
		$(wildcard tests/fuzz/regress/*/*)
	$(Q)rm -rf $(@D) && build/fuzz/mkcorpus tests/vectors tests/fuzz/regress $(@D) && touch $@

# libFuzzer builds (clang; `sh tools/deps fuzz` installs it): objects in
# build/lf, programs in build/fuzz.
CLANG ?= clang
LF_CFLAGS := -std=gnu11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DKLIPS_COMPAT_VERSION='"$(VERSION)"' -I. \
	-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
	-DKLIPS_UNIT_TEST
lf = $(patsubst %.c,build/lf/%.o,$(1))
LF_BINS := $(patsubst %,build/fuzz/%,$(FUZZ_NAMES))

build/lf/%.o: %.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CLANG) $(LF_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c -o $@ $<

build/lf/libcompat.a: $(call lf,$(COMPAT_SRCS))
build/lf/libklips.a: $(call lf,$(SRC_LIB))
build/lf/%.a:
	@mkdir -p $(@D)
	$(QUIET_AR)rm -f $@ && ar rcs $@ $^

build/fuzz/fuzz_%: build/lf/tests/fuzz/fuzz_%.o build/lf/libklips.a build/lf/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CLANG) $(LF_CFLAGS) -fsanitize=fuzzer -o $@ $^

$(FUZZ_CMD:%=build/fuzz/%): build/fuzz/%: build/lf/tests/fuzz/%.o $(call lf,$(FUZZ_CMD_OBJS)) \
		build/lf/libklips.a build/lf/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CLANG) $(LF_CFLAGS) -fsanitize=fuzzer -o $@ $^

fuzz:
	$(Q)tools/deps fuzz
	$(Q)$(MAKE) --no-print-directory CLANG=$(if $(shell command -v $(CLANG)),$(CLANG),clang-14) \
		fuzz-bins

fuzz-bins: $(LF_BINS) $(FUZZ_CORPUS)

# Each libFuzzer target for FUZZ_SECONDS (default 60), FUZZ_JOBS at a time
# (default 1); prints the executions and findings of each (tests/fuzz/run).
fuzz-run: fuzz
	$(Q)tests/fuzz/run $(FUZZ_NAMES)

unit-tests: $(UNIT_BINS) $(FUZZ_BINS) $(FUZZ_CORPUS) $(PROGRAMS) $(FAULT_BINS) $(COMPLETION) \
	build/tests/preload-calls

# `make check`: first make sure the packages are there (this may run
# apt-get as root), then build and run in a fresh make, so that pkg-config
# is evaluated after the install.
check:
	$(Q)tools/deps check
	$(Q)$(MAKE) --no-print-directory check-run

check-run: unit-tests
	$(Q)tests/run-all

check-unit: unit-tests
	$(Q)tests/run-all --unit-only

# The packages (tests/pkg/packaging/): slow, and they fetch from Debian's
# archive; not part of `make check` (CI runs both).
check-packaging:
	$(Q)tools/deps packaging
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/run-all --packaging-only

# Only the real-kernel suites (tests/bats and tests/klips through tests/kernel/run).
check-kernel:
	$(Q)tools/deps check
	$(Q)$(MAKE) --no-print-directory all $(FAULT_BINS)
	$(Q)tests/run-all --kernel-only

# KLIPS wire interop: the twelve KLIPS tests of tests/klips, a qemu VM per file.
check-klips:
	$(Q)tools/deps check
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/run-all --kernel-only tests/klips/*.bats tests/klips/pending/*.bats

demo:
	$(Q)tools/deps demo
	$(Q)$(MAKE) --no-print-directory all
	$(Q)KLIPS_KERNEL_NEEDS=xfrmi tests/kernel/run demo/demo.sh

deps:
	$(Q)tools/deps check

# Benchmarks (bench/): two helpers, then bench/run under the real-kernel
# runner. BENCH_FLAGS: options for bench/run (e.g. --quick).
BENCH_BINS := build/bench/nldump build/bench/timeit build/bench/pagefault build/bench/erfill \
	build/bench/pathcalls build/bench/grpfill
BENCH_CFLAGS = $(CFLAGS) -Werror $(PKG_CFLAGS)

bench-bins: $(BENCH_BINS)

build/bench/nldump: bench/nldump.c bench/nldump.h
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

build/bench/pathcalls: bench/pathcalls.c
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $<

build/bench/pagefault: bench/pagefault.c
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $<

build/obj/bench/nldump-fn.o: bench/nldump.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(BENCH_CFLAGS) -DNLDUMP_NO_MAIN -c -o $@ $<

build/obj/bench/timeit.o: bench/timeit.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(BENCH_CFLAGS) -c -o $@ $<

build/bench/erfill: build/obj/bench/erfill.o $(call obj,$(SRC_KERNEL)) build/lib/libklips.a build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/bench/grpfill: build/obj/bench/grpfill.o $(call obj,$(SRC_KERNEL)) build/lib/libklips.a build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/bench/timeit: build/obj/bench/timeit.o build/obj/bench/nldump-fn.o $(call obj,$(SRC_KERNEL)) build/lib/libklips.a build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

bench:
	$(Q)tools/deps bench
	$(Q)$(MAKE) --no-print-directory all bench-bins
	$(Q)bench/run $(BENCH_FLAGS)

# What `make install` puts where. The man pages and units name the default
# paths; installing rewrites them to the paths chosen.
MAN5 := $(sort $(wildcard man/ipsec_*.5))
MAN8 := $(patsubst %,man/ipsec_%.8,$(IPSEC_COMMANDS)) man/klips-procfs.8 man/klips-run.8
UNITS := packaging/systemd/klips-procfs.service packaging/systemd/klips-procfs@.service
FIX_PATHS := sed -e 's|/usr/libexec/|$(LIBEXECDIR)/|g' -e 's|/usr/sbin/|$(SBINDIR)/|g' \
	-e 's|/usr/lib/klips-compat/|$(LIBDIR)/klips-compat/|g' \
	-e 's|/lib/systemd/system/|$(SYSTEMDUNITDIR)/|g'
I_EXEC := $(DESTDIR)$(LIBEXECDIR)/ipsec
I_OWN := $(DESTDIR)$(LIBEXECDIR)/klips-compat
I_SBIN := $(DESTDIR)$(SBINDIR)
I_BIN := $(DESTDIR)$(BINDIR)
I_LIB := $(DESTDIR)$(LIBDIR)/klips-compat
I_COMP := $(DESTDIR)$(BASHCOMPATDIR)
# $(SBINDIR)/ipsec and ipsec.8: ours, or another's set aside (tools/frontend).
FRONTEND := tools/frontend "$(I_SBIN)/ipsec" "$(I_OWN)/ipsec" "$(DESTDIR)$(MANDIR)/man8"

install: all $(addprefix build/bin/,$(IPSEC_COMMANDS))
ifeq ($(WITH_FRONTEND),yes)
	$(Q)$(FRONTEND) check $(FORCE_FRONTEND)
endif
	install -v -d "$(I_EXEC)" "$(I_OWN)" "$(I_SBIN)" "$(I_BIN)" "$(I_LIB)" "$(DESTDIR)$(MANDIR)/man5" \
		"$(DESTDIR)$(MANDIR)/man8" "$(DESTDIR)$(SYSTEMDUNITDIR)" "$(I_COMP)"
	install -v -m 0755 $(addprefix build/bin/,$(IPSEC_COMMANDS)) "$(I_EXEC)/"
	install -v -m 0755 build/bin/ipsec "$(I_OWN)/ipsec"
	install -v -m 0755 build/bin/klips-procfs "$(I_SBIN)/"
	install -v -m 0755 build/bin/klips-run "$(I_BIN)/"
	install -v -m 0644 $(PRELOAD_LIB) "$(I_LIB)/"
	$(Q)for f in $(MAN5) $(MAN8) $(UNITS); do \
		case $$f in *.5) d=$(MANDIR)/man5 ;; *.8) d=$(MANDIR)/man8 ;; *) d=$(SYSTEMDUNITDIR) ;; esac; \
		echo "install -m 0644 $$f $(DESTDIR)$$d/"; \
		$(FIX_PATHS) "$$f" >"$(DESTDIR)$$d/$${f##*/}" && chmod 0644 "$(DESTDIR)$$d/$${f##*/}" || exit 1; \
	done
	install -v -m 0644 $(COMPLETION) "$(I_COMP)/klips-compat"
ifeq ($(WITH_FRONTEND),yes)
	$(FIX_PATHS) man/ipsec.8 >build/ipsec.8
	$(FRONTEND) install $(FORCE_FRONTEND) build/ipsec.8
endif

# $(SBINDIR)/ipsec and ipsec.8 go only if they are ours (never libreswan's or
# strongSwan's); what make install set aside is put back.
uninstall:
	tools/frontend "$(I_SBIN)/ipsec" "$(I_OWN)/ipsec" "$(DESTDIR)$(MANDIR)/man8" uninstall
	rm -f $(foreach c,$(IPSEC_COMMANDS),"$(I_EXEC)/$(c)") "$(I_OWN)/ipsec" "$(I_SBIN)/klips-procfs"
	rm -f "$(I_BIN)/klips-run" "$(I_LIB)/libklips-preload.so"
	rm -f $(foreach f,$(MAN5),"$(DESTDIR)$(MANDIR)/man5/$(notdir $(f))") \
		$(foreach f,$(MAN8),"$(DESTDIR)$(MANDIR)/man8/$(notdir $(f))") \
		$(foreach f,$(UNITS),"$(DESTDIR)$(SYSTEMDUNITDIR)/$(notdir $(f))")
	rm -f "$(I_COMP)/klips-compat"
	for d in "$(I_OWN)" "$(I_EXEC)" "$(I_LIB)"; do [ ! -d "$$d" ] || rmdir --ignore-fail-on-non-empty "$$d"; done

# Debian packages: dpkg-buildpackage wants debian/ at the top of the source
# tree, so build a copy of the tree (without build/ and .git) that has
# packaging/debian as debian/. The .deb files end up in build/deb/.
# DEB_FLAGS: more dpkg-buildpackage options.
DEB_SRC := build/deb-src/klips-compat-$(VERSION)
deb:
	rm -rf build/deb-src build/deb
	mkdir -p $(DEB_SRC) build/deb
	tar -c --exclude=./build --exclude=./.git --exclude=./debian -f - . | tar -x -C $(DEB_SRC) -f -
	cp -r packaging/debian $(DEB_SRC)/debian
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b $(DEB_FLAGS)
	mv build/deb-src/*.deb build/deb-src/*.buildinfo build/deb-src/*.changes build/deb/
	@ls -l build/deb/*.deb

clean:
	rm -rf build

# Only the object trees: build/ also holds copies of the source tree
# (deb-src, rpmbuild) and a Debian chroot, with files named *.d.
-include $(shell find build/obj build/san -name '*.d' -type f -print 2>/dev/null)
