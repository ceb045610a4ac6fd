// SPDX-License-Identifier: GPL-2.0-or-later
/* Every `spigrp` row of the corpus: exit status, stdout, stderr, kernel request. */
#include "src/commands.h"
#include "tests/unit/probes.h"
#include "tests/unit/tap.h"

int main(void)
{
	probes_run("spigrp", "/usr/local/libexec/ipsec/spigrp", spigrp_main);
	return tap_done();
}
