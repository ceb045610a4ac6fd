// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every row of tests/vectors/conversions.tsv (Openswan 2.6.38 column).
 *
 * Names go through a fake resolver that models the machine the vectors were
 * taken on: /etc/hosts maps localhost to 127.0.0.1 only (that machine's
 * af=0 "localhost" gave 127.0.0.1 and af=inet6 "localhost" failed, so it had
 * no "::1 localhost" line), /etc/networks has "loopback 127.0.0.0", no DNS.
 * The name rows are then run once more through the system resolver, with
 * what 2.6.38 would print on *this* machine as the expectation (computed
 * with the libc calls ttoaddr made). Like ttoaddr, these lookups may ask
 * DNS ("localhost" AAAA when /etc/hosts has no ::1, "loopback" A before
 * /etc/networks); an offline machine only makes them slower.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "compat/addr.h"
#include "compat/key.h"
#include "compat/said.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"


static void run_said(const char *input, const struct resolver *res, char *got, size_t len)
{
	char b0[SAID_BUF], bf[SAID_BUF], bx[SAID_BUF], bd[SAID_BUF];
	struct said sa;
	const char *err = said_parse(input, res, &sa);

	if (err) {
		snprintf(got, len, "ERR %s", err);
		return;
	}
	snprintf(got, len, "OK %s %s %s %s", said_format(&sa, 0, b0), said_format(&sa, 'f', bf),
		 said_format(&sa, 'x', bx), said_format(&sa, 'd', bd));
}

static void run_addr(const char *input, int family, const struct resolver *res,
		     char *got, size_t len)
{
	char buf[ADDR_BUF];
	struct ip_addr a;
	const char *err = addr_parse(input, family, res, &a);

	if (err)
		snprintf(got, len, "ERR %s", err);
	else
		snprintf(got, len, "OK %s", addr_format(&a, buf));
}

static void run_data(const char *input, char *got, size_t len)
{
	uint8_t buf[KEY_MAX_BYTES];
	size_t n = 0, i, used;
	const char *err = data_parse(input, buf, sizeof(buf), &n);

	if (err) {
		snprintf(got, len, "ERR %s atodata=0", err);
		return;
	}
	used = (size_t)snprintf(got, len, "OK %zu bits ", n * 8);
	for (i = 0; i < n && used + 3 < len; i++)
		used += (size_t)snprintf(got + used, len - used, "%02x", buf[i]);
}

static int family_of(const char *function)
{
	if (strstr(function, "af=AF_INET6"))
		return AF_INET6;
	if (strstr(function, "af=AF_INET"))
		return AF_INET;
	return 0;
}

/* Returns false for a function name this test does not know. */
static bool run_vector(const char *function, const char *input, const struct resolver *res,
		       char *got, size_t len)
{
	if (strncmp(function, "ttosa", 5) == 0)
		run_said(input, res, got, len);
	else if (strncmp(function, "ttoaddr", 7) == 0)
		run_addr(input, family_of(function), res, got, len);
	else if (strncmp(function, "ttodata", 7) == 0)
		run_data(input, got, len);
	else
		return false;
	return true;
}

struct ctx {
	int col_input, col_result;
	int checked;
};

static void row(char **f, int n, void *vctx)
{
	struct ctx *c = vctx;
	char got[1024];

	if (n <= c->col_result) {
		tap_ok(false, "short row for %s", f[0]);
		return;
	}
	tap_unescape(f[c->col_input]);
	tap_unescape(f[c->col_result]);
	if (!run_vector(f[0], f[c->col_input], &reference_resolver, got, sizeof(got))) {
		tap_ok(false, "unknown function %s", f[0]);
		return;
	}
	tap_str(got, f[c->col_result], "%s '%s'", f[0], f[c->col_input]);
	c->checked++;
}

/* What 2.6.38 itself would print for the name rows on this machine. */
static const char *v6_localhost(void)
{
	static char text[64];
	struct hostent *h = gethostbyname2("localhost", AF_INET6);

	if (!h || h->h_addrtype != AF_INET6 || !h->h_addr_list[0])
		return NULL;
	if (!inet_ntop(AF_INET6, h->h_addr_list[0], text, sizeof(text)))
		return NULL;
	return text;
}

/* "loopback" asked the way 2.6.38 asked: hosts (and DNS) first, then /etc/networks. */
static const char *legacy_loopback(void)
{
	static char text[64];
	struct hostent *h = gethostbyname2("loopback", AF_INET);
	struct netent *n;
	struct in_addr in;

	if (h && h->h_addrtype == AF_INET && h->h_addr_list[0])
		return inet_ntop(AF_INET, h->h_addr_list[0], text, sizeof(text));
	n = getnetbyname("loopback");
	if (!n || n->n_addrtype != AF_INET)
		return NULL;
	in.s_addr = htonl(n->n_net);
	return inet_ntop(AF_INET, &in, text, sizeof(text));
}

static void system_resolver_rows(void)
{
	const struct resolver *sys = resolver_system();
	const char *v6 = v6_localhost(), *net = legacy_loopback();
	char got[256], want[128];

	run_addr("localhost", AF_INET, sys, got, sizeof(got));
	tap_str(got, "OK 127.0.0.1", "system resolver: ttoaddr(af=AF_INET) 'localhost'");
	if (net) {
		snprintf(want, sizeof(want), "OK %s", net);
		if (strcmp(net, "127.0.0.0") != 0)
			tap_diag("loopback is %s here (vector: 127.0.0.0)", net);
	} else {
		snprintf(want, sizeof(want), "ERR does not look numeric and name lookup failed");
		tap_diag("loopback does not resolve here (netbase creates /etc/networks); vector: 127.0.0.0");
	}
	run_addr("loopback", AF_INET, sys, got, sizeof(got));
	tap_str(got, want, "system resolver: ttoaddr(af=AF_INET) 'loopback' (/etc/networks)");
	run_said("esp.100@localhost", sys, got, sizeof(got));
	tap_str(got, "OK esp.100@127.0.0.1 esp.00000100@127.0.0.1 esp0x100@127.0.0.1 esp256@127.0.0.1",
		"system resolver: ttosa 'esp.100@localhost'");

	if (!v6) {
		tap_diag("this machine has no IPv6 address for localhost, as the vector machine");
		run_addr("localhost", AF_INET6, sys, got, sizeof(got));
		tap_str(got, "ERR does not look numeric and name lookup failed",
			"system resolver: ttoaddr(af=AF_INET6) 'localhost'");
		run_addr("localhost", 0, sys, got, sizeof(got));
		tap_str(got, "OK 127.0.0.1", "system resolver: ttoaddr(af=0) 'localhost'");
		return;
	}
	/*
	 * Here localhost has an IPv6 address (Debian's stock /etc/hosts has
	 * "::1 localhost"). 2.6.38 tries IPv6 first for af=0, so on this machine
	 * it gives that address, not the vector's 127.0.0.1; af=inet6 succeeds
	 * where the vector says the lookup failed.
	 */
	tap_diag("localhost maps to %s here; the vector machine had no IPv6 localhost", v6);
	snprintf(want, sizeof(want), "OK %s", v6);
	run_addr("localhost", AF_INET6, sys, got, sizeof(got));
	tap_str(got, want, "system resolver: ttoaddr(af=AF_INET6) 'localhost' (vector: lookup failed)");
	run_addr("localhost", 0, sys, got, sizeof(got));
	tap_str(got, want, "system resolver: ttoaddr(af=0) 'localhost' (vector: 127.0.0.1)");
}

int main(void)
{
	char path[512];
	struct ctx c = { .col_input = 1, .col_result = 3 };
	int rows;

	snprintf(path, sizeof(path), "%s/conversions.tsv", tap_vectors_dir());
	rows = tap_read_tsv(path, row, &c);
	if (!tap_ok(rows > 0, "read %s", path))
		return tap_done();
	tap_diag("%d conversion vectors checked (result_2.6.38)", c.checked);
	tap_ok(c.checked == 98, "all 98 vectors ran (%d)", c.checked);

	system_resolver_rows();
	return tap_done();
}
