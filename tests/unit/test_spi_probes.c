// SPDX-License-Identifier: GPL-2.0-or-later
/* Every `spi` row of the corpus: exit status, stdout, stderr, kernel request. */
#include "src/commands.h"
#include "tests/unit/probes.h"
#include "tests/unit/tap.h"

int main(void)
{
	probes_run("spi", "/usr/local/libexec/ipsec/spi", spi_main);
	return tap_done();
}
