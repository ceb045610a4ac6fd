// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel side of ipsec eroute. Not built yet: it is written on the
 * planner that is being restructured; until then the command refuses to
 * act, with exit status 1 and one line that says so.
 */
#include "src/cmd_eroute.h"
#include "src/tool.h"

int eroute_list(const struct tool *t)
{
	tool_error(t, "listing eroutes is not implemented yet");
	return 1;
}

int eroute_execute(const struct tool *t, const struct eroute_req *r)
{
	(void)r;
	tool_error(t, "changing eroutes is not implemented yet");
	return 1;
}
