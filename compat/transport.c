// SPDX-License-Identifier: GPL-2.0-or-later
#include "compat/number.h"
#include "compat/transport.h"

/*
 * strtoul(text, &end, 0) into a C int, refused when text has something
 * after the number or no number at all (end == text with a 0 result).
 */
static enum transport_result c_int(const char *text, int *value)
{
	uint64_t v;
	size_t used = legacy_strtoul(text, &v);

	if (text[used] != '\0' || (v == 0 && used == 0))
		return TRANSPORT_BAD_CHAR;
	*value = (int)(uint32_t)v;
	return TRANSPORT_OK;
}

enum transport_result transport_proto_parse(const char *text, const struct netdb *db,
					    uint8_t *proto, bool *given)
{
	int v = db && db->proto ? db->proto(db->ctx, text) : -1;

	if (v < 0) {
		if (c_int(text, &v) != TRANSPORT_OK)
			return TRANSPORT_BAD_CHAR;
		if (v > 255)
			return TRANSPORT_RANGE;
	}
	*proto = (uint8_t)v;
	*given = v != 0;
	return TRANSPORT_OK;
}

enum transport_result transport_port_parse(const char *text, const struct netdb *db,
					   uint16_t *port)
{
	int v = db && db->service ? db->service(db->ctx, text) : -1;

	if (v >= 0) {
		*port = (uint16_t)v;
		return TRANSPORT_OK;
	}
	if (c_int(text, &v) != TRANSPORT_OK)
		return TRANSPORT_BAD_CHAR;
	*port = (uint16_t)v;
	return v > 65535 ? TRANSPORT_RANGE : TRANSPORT_OK;
}
