# SPDX-License-Identifier: GPL-2.0-or-later
# klips-compat: legacy `ipsec spi` / `ipsec spigrp` on Linux XFRM.
#
#   make            build the programs into build/bin/
#   make check      install missing packages (Debian, as root), build the
#                   unit tests with ASan+UBSan, run them, then run the
#                   real-kernel suites; the last line is "N passed, N failed"
#   make check-kernel  only the real-kernel suites (tests/kernel/README.md)
#   make demo       run the legacy commands against a real kernel
#   make install    honours DESTDIR, PREFIX, LIBEXECDIR, MANDIR, ...

PKG_CONFIG ?= pkg-config
PREFIX ?= /usr
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR ?= $(PREFIX)/share/man
SYSTEMDUNITDIR ?= $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null || echo "$(PREFIX)/lib/systemd/system")

VERSION := $(shell cat VERSION 2>/dev/null || echo 0)

CC ?= cc
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes
CFLAGS += -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DKLIPS_COMPAT_VERSION='"$(VERSION)"'
CFLAGS += -I. -MMD -MP
CFLAGS += $(EXTRA_CFLAGS)

DEP_PKGS := libmnl libcrypto
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEP_PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(DEP_PKGS) 2>/dev/null)
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

# Sources. Programs are the files named main_*.c; kernel.c is the only file
# that talks netlink, so unit tests can link tests/unit/fake_kernel.c instead.
COMPAT_SRCS := $(sort $(wildcard compat/*.c))
SRC_ALL := $(sort $(wildcard src/*.c))
SRC_MAINS := $(filter src/main_%.c,$(SRC_ALL))
SRC_KERNEL := src/kernel.c
SRC_LIB := $(filter-out $(SRC_MAINS) $(SRC_KERNEL),$(SRC_ALL))
PROGRAMS := $(patsubst src/main_%.c,build/bin/%,$(SRC_MAINS))
PROCFS_SRCS := $(sort $(wildcard procfs-emu/*.c))
ifneq ($(PROCFS_SRCS),)
PROGRAMS += build/bin/klips-procfs
endif

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_SUPPORT := $(filter-out $(UNIT_SRCS),$(sort $(wildcard tests/unit/*.c)))
FUZZ_SRCS := $(sort $(filter-out tests/fuzz/driver.c,$(wildcard tests/fuzz/fuzz_*.c)))

# Two object trees: build/obj (programs) and build/san (tests, ASan+UBSan).
obj = $(patsubst %.c,build/obj/%.o,$(1))
san = $(patsubst %.c,build/san/%.o,$(1))

SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_CFLAGS := $(filter-out -O2 -O3,$(CFLAGS)) -O1 $(SAN_FLAGS) -DKLIPS_UNIT_TEST

.PHONY: all check check-unit check-kernel unit-tests fuzz demo deps install uninstall clean

all: $(PROGRAMS)

build/lib/libcompat.a: $(call obj,$(COMPAT_SRCS))
build/lib/libklips.a: $(call obj,$(SRC_LIB))
build/san/libcompat.a: $(call san,$(COMPAT_SRCS))
build/san/libklips.a: $(call san,$(SRC_LIB))

build/lib/%.a build/san/%.a:
	@mkdir -p $(@D)
	$(QUIET_AR)rm -f $@ && ar rcs $@ $^

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(CFLAGS) $(PKG_CFLAGS) $(if $(findstring procfs-emu/,$<),$(FUSE_CFLAGS)) -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(SAN_CFLAGS) $(PKG_CFLAGS) $(if $(findstring procfs-emu/,$<),$(FUSE_CFLAGS)) -c -o $@ $<

build/bin/%: build/obj/src/main_%.o build/lib/libklips.a $(call obj,$(SRC_KERNEL)) build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/bin/klips-procfs: $(call obj,$(PROCFS_SRCS)) build/lib/libklips.a $(call obj,$(SRC_KERNEL)) build/lib/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(FUSE_LIBS) $(PKG_LIBS)

# Unit tests: one program per tests/unit/test_*.c, linked against the
# sanitized libraries and the fake kernel layer (no netlink, no root).
UNIT_BINS := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRCS))
build/san/tests/%: build/san/tests/unit/%.o $(call san,$(UNIT_SUPPORT)) build/san/libklips.a build/san/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Fuzz entry points: built with a standalone driver under gcc (always), and
# with libFuzzer when clang is available (`make fuzz`).
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/san/fuzz/%,$(FUZZ_SRCS))
build/san/fuzz/%: build/san/tests/fuzz/%.o build/san/tests/fuzz/driver.o build/san/libcompat.a
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

CLANG ?= clang
fuzz:
	@mkdir -p build/fuzz
	$(Q)for f in $(FUZZ_SRCS); do \
		n=$$(basename $$f .c); echo "  FUZZ    build/fuzz/$$n"; \
		$(CLANG) -std=gnu11 -D_GNU_SOURCE -I. -g -O1 -fsanitize=fuzzer,address,undefined \
			-o build/fuzz/$$n $$f $(COMPAT_SRCS) $(PKG_CFLAGS) $(PKG_LIBS) || exit 1; \
	done

unit-tests: $(UNIT_BINS) $(FUZZ_BINS) $(PROGRAMS)

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

# Only the real-kernel suites (tests/bats through tests/kernel/run).
check-kernel:
	$(Q)tools/deps check
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/run-all --kernel-only

demo:
	$(Q)tools/deps demo
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/kernel/run demo/demo.sh

deps:
	$(Q)tools/deps check

install: all
	install -v -d "$(DESTDIR)$(LIBEXECDIR)/ipsec"
	install -v -m 0755 build/bin/spi build/bin/spigrp "$(DESTDIR)$(LIBEXECDIR)/ipsec/"

uninstall:
	rm -f "$(DESTDIR)$(LIBEXECDIR)/ipsec/spi" "$(DESTDIR)$(LIBEXECDIR)/ipsec/spigrp"

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
