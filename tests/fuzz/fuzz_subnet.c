// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/subnet.h"
#include "compat/transport.h"
#include "tests/fuzz/fuzz.h"

static int no_name(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return -1;
}

static const struct netdb fuzz_netdb = { no_name, no_name, NULL };

/*
 * A parsed subnet has its host bits clear and a prefix length within its
 * family, and its text parses back to the same subnet; the transport
 * conversions take any text.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int families[] = { 0, AF_INET, AF_INET6 };
	char *text = fuzz_cstring(data, size), buf[SUBNET_BUF];
	struct ip_subnet s, back;
	struct ip_addr mask;
	uint8_t proto;
	uint16_t port;
	bool given;

	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		if (subnet_parse(text, families[i], &fuzz_resolver, &s))
			continue;
		FUZZ_CHECK(s.addr.family == AF_INET || s.addr.family == AF_INET6);
		FUZZ_CHECK(!families[i] || s.addr.family == families[i]);
		FUZZ_CHECK(s.bits <= 8 * addr_len(s.addr.family));
		subnet_mask(s.addr.family, s.bits, &mask);
		for (size_t j = 0; j < sizeof(mask.a); j++)
			FUZZ_CHECK((s.addr.a[j] & ~mask.a[j]) == 0);
		FUZZ_CHECK(subnet_format(&s, buf) == buf && strlen(buf) < SUBNET_BUF);
		FUZZ_CHECK(subnet_parse(buf, 0, NULL, &back) == NULL);
		FUZZ_CHECK(addr_equal(&s.addr, &back.addr) && s.bits == back.bits && back.port == 0);
	}
	transport_proto_parse(text, &fuzz_netdb, &proto, &given);
	transport_port_parse(text, &fuzz_netdb, &port);
	free(text);
	return 0;
}
