/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_RESOLVER_REF_H
#define TESTS_RESOLVER_REF_H

#include "compat/addr.h"

/*
 * The name service of the machine the corpus was recorded on: /etc/hosts
 * maps localhost to 127.0.0.1 only, /etc/networks has loopback 127.0.0.0,
 * no DNS. Tests use it so that they do not depend on this machine's.
 */
extern const struct resolver reference_resolver;

#endif
