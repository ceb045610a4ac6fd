// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every `eroute` row of tests/vectors/eroute-probes.tsv, run in-process
 * against the fake kernel: exit status, stdout and stderr as Openswan
 * 2.6.38 printed them (program path /usr/local/libexec/ipsec/eroute), or
 * what tests/probe-deviations.tsv says we print instead and why; for an
 * accepted row, the eroute records and policies the recorded PF_KEY message
 * describes; for a refused one, the kernel left as it was.
 *
 * The kernel answers of the corpus were simulated: where KLIPS' answer
 * followed from its state (an eroute already there, none with that key,
 * no IPIP SA), the fake kernel is given that state; other errnos are
 * injected at the first change.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "compat/subnet.h"
#include "src/cmd_eroute.h"
#include "src/planner.h"
#include "src/snapshot.h"
#include "tests/unit/eroute_rows.h"
#include "tests/unit/fake_kernel.h"
#include "tests/unit/probe_rows.h"
#include "tests/unit/resolver_ref.h"
#include "tests/unit/tap.h"

#define PROG "/usr/local/libexec/ipsec/eroute"

/* --- the PF_KEY message of a row --------------------------------------------------- */

struct flowmsg {
	char type[16];			/* X_ADDFLOW, X_DELFLOW */
	uint8_t proto;			/* from satype */
	uint32_t spi, flags;
	struct ip_addr dst;		/* SA destination */
	struct ip_subnet src_flow, dst_flow;
	bool sport_mask, dport_mask, has_sa;
	int proto_ext;			/* -1: no PROTOCOL extension */
};

static const char *after(const char *s, const char *name)
{
	const char *p = strstr(s, name);

	return p ? p + strlen(name) : NULL;
}

/* "192.0.1.0", "192.0.1.0:80", "[3049:1::]:500", "3049:1::" -> address and port. */
static void flow_addr(const char *p, struct ip_addr *a, unsigned *port)
{
	char buf[128];
	size_t n = strcspn(p, ")");
	char *colon;

	snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
	*port = 0;
	if (buf[0] == '[') {
		char *end = strchr(buf, ']');

		*end = '\0';
		if (end[1] == ':')
			*port = (unsigned)strtoul(end + 2, NULL, 10);
		addr_parse(buf + 1, AF_INET6, NULL, a);
		return;
	}
	colon = strrchr(buf, ':');
	if (strchr(buf, '.') && colon) {
		*port = (unsigned)strtoul(colon + 1, NULL, 10);
		*colon = '\0';
	}
	addr_parse(buf, 0, NULL, a);
}

static uint8_t satype_proto(const char *p)
{
	if (!strncmp(p, "IPIP", 4))
		return SA_TUN;
	if (!strncmp(p, "ESP", 3))
		return SA_ESP;
	if (!strncmp(p, "AH", 2))
		return SA_AH;
	if (!strncmp(p, "COMP", 4))
		return SA_COMP;
	if (!strncmp(p, "INT", 3))
		return SA_INT;
	return 0;
}

static void parse_flowmsg(const char *s, struct flowmsg *m)
{
	const char *p;
	unsigned port, mport;
	struct ip_addr mask;

	memset(m, 0, sizeof(*m));
	snprintf(m->type, sizeof(m->type), "%.*s", (int)strcspn(s, " "), s);
	m->proto = (p = after(s, "satype=")) ? satype_proto(p) : 0;
	if ((p = after(s, " SA(spi="))) {
		m->has_sa = true;
		m->spi = (uint32_t)strtoul(p, NULL, 0);
		m->flags = (uint32_t)strtoul(after(p, "flags="), NULL, 0);
	}
	if ((p = after(s, " DST(")))
		flow_addr(p, &m->dst, &port);
	if ((p = after(s, "SRC_FLOW("))) {
		flow_addr(p, &m->src_flow.addr, &port);
		m->src_flow.port = (uint16_t)port;
		flow_addr(after(s, "SRC_MASK("), &mask, &mport);
		m->src_flow.bits = (uint8_t)subnet_mask_bits(&mask);
		m->sport_mask = mport != 0;
	}
	if ((p = after(s, "DST_FLOW("))) {
		flow_addr(p, &m->dst_flow.addr, &port);
		m->dst_flow.port = (uint16_t)port;
		flow_addr(after(s, "DST_MASK("), &mask, &mport);
		m->dst_flow.bits = (uint8_t)subnet_mask_bits(&mask);
		m->dport_mask = mport != 0;
	}
	m->proto_ext = (p = after(s, "PROTOCOL(")) ? atoi(p) : -1;
}

static struct selector msg_selector(const struct flowmsg *m)
{
	struct selector sel = {
		.src = m->src_flow.addr, .dst = m->dst_flow.addr,
		.src_len = m->src_flow.bits, .dst_len = m->dst_flow.bits,
		.proto = m->proto_ext > 0 ? (uint8_t)m->proto_ext : 0,
		.sport = m->src_flow.port, .dport = m->dst_flow.port,
		.sport_mask = m->sport_mask ? 0xffff : 0, .dport_mask = m->dport_mask ? 0xffff : 0,
	};

	return sel;
}

/* --- the fake kernel's state for a row ------------------------------------------- */

static const struct eroute *fake_eroute(enum eroute_kind kind, const struct selector *sel)
{
	for (int i = 0; i < fake.neroutes; i++)
		if (fake.eroutes[i].kind == kind && selector_equal(&fake.eroutes[i].sel, sel))
			return &fake.eroutes[i];
	return NULL;
}

static int fake_count(enum eroute_kind kind)
{
	int n = 0;

	for (int i = 0; i < fake.neroutes; i++)
		n += fake.eroutes[i].kind == kind;
	return n;
}

static void seed_eroute(enum eroute_kind kind, const struct selector *sel, const char *said)
{
	struct eroute *e = &fake.eroutes[fake.neroutes++];

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->sel = *sel;
	said_parse(said, NULL, &e->said);
}

/* The eroute of the corpus' example: 192.0.1.0/24 -> 192.0.2.0/24 => tun0x1002@192.1.2.23. */
static void seed_example(void)
{
	struct selector sel = { .src_len = 24, .dst_len = 24 };

	addr_parse("192.0.1.0", AF_INET, NULL, &sel.src);
	addr_parse("192.0.2.0", AF_INET, NULL, &sel.dst);
	seed_eroute(ER_OUT, &sel, "tun0x1002@192.1.2.23");
}

/* A tun+esp group to 192.1.2.45, what --addin tun0x1001@192.1.2.45 needs. */
static void seed_inbound_group(void)
{
	struct said tun, esp;
	struct ip_addr peer;
	struct record *g = &fake.recs[fake.nrecs];

	said_parse("tun0x1001@192.1.2.45", NULL, &tun);
	said_parse("esp0x1001@192.1.2.45", NULL, &esp);
	addr_parse("192.1.2.23", AF_INET, NULL, &peer);
	fake_add_tun(&tun, &peer);
	fake_add_sa(&esp, &peer);
	g = &fake.recs[fake.nrecs++];
	memset(g, 0, sizeof(*g));
	g->kind = RECORD_GROUP;
	g->head = tun;
	g->ntmpl = 1;
	g->tmpl[0].id = esp;
	g->tmpl[0].src = peer;
	g->tmpl[0].mode = SA_MODE_TUNNEL;
	g->tmpl[0].tun_spi = tun.spi;
}

static int errno_in(const char *notes)
{
	const char *p = after(notes, "errno=");

	return p ? atoi(p) : 0;
}

/* The state KLIPS' answer came from, or the errno to inject. */
static void prepare(const char *id, const char *notes, const struct flowmsg *m)
{
	struct selector sel = msg_selector(m);
	bool add = !strcmp(m->type, "X_ADDFLOW"), clear = !add && m->has_sa && m->flags & 4;
	bool del = !strcmp(m->type, "X_DELFLOW") && !clear;
	bool replace = add && m->flags & 2 && !(m->flags & 8), inbound = add && m->flags & 8;
	int err = errno_in(notes);

	if (strstr(notes, "procdir=klips"))
		seed_example();
	if (strstr(notes, "socket")) {
		fake.open_err = err;
		return;
	}
	/* Answers that followed from KLIPS' state: the fake gets that state. */
	if (!strcmp(id, "er-add-eexist")) {
		seed_eroute(ER_OUT, &sel, "%drop");
		return;
	}
	if (!strcmp(id, "er-replace-enoent") || !strcmp(id, "er-del-enoent")) {
		sel.src_len = 16;	/* the same key with another mask */
		seed_eroute(ER_OUT, &sel, "%drop");
		return;
	}
	if (!strcmp(id, "er-replace-efault") || !strcmp(id, "er-del-efault") ||
	    !strcmp(id, "er-addin-enoent"))
		return;
	/* What --del, --replace and --clear find, and --addin's tunnel group. */
	if (del || replace)
		seed_eroute(ER_OUT, &sel, "%drop");
	if (clear)
		seed_example();
	if (inbound)
		seed_inbound_group();
	if (err) {
		fake.fail_call = 1;
		fake.fail_err = err;
	}
}

/* --- checks ------------------------------------------------------------------------- */

static bool said_of(const struct flowmsg *m, struct said *s)
{
	memset(s, 0, sizeof(*s));
	s->proto = m->proto;
	s->spi = m->spi;
	s->dst = m->dst;
	return m->has_sa;
}

/* The records and policies the PF_KEY message of an accepted row describes. */
static void check_request(const char *id, const struct flowmsg *m, int before_out)
{
	struct selector sel = msg_selector(m);
	const struct eroute *e;
	struct said said;
	char why[256] = "";
	bool ok = true;

	said_of(m, &said);
	if (!strcmp(m->type, "X_ADDFLOW")) {
		enum eroute_kind kind = m->flags & 8 ? ER_IN : ER_OUT;
		int dir = kind == ER_IN ? POLICY_IN : POLICY_OUT;
		struct policy key = { .sel = sel, .dir = (uint8_t)dir };
		bool found_pol = false;

		e = fake_eroute(kind, &sel);
		if (!e) {
			ok = false;
			snprintf(why, sizeof(why), "no %s record for the flow", kind == ER_IN ? "inbound" : "eroute");
		} else if (said_cmp(&e->said, &said)) {
			ok = false;
			snprintf(why, sizeof(why), "the record names another SA");
		}
		for (int i = 0; i < fake.npolicies && !found_pol; i++)
			found_pol = fake.policies[i].dir == key.dir && selector_equal(&fake.policies[i].sel, &sel) &&
				    fake.policies[i].priority == eroute_priority(&sel);
		if (ok && !found_pol) {
			ok = false;
			snprintf(why, sizeof(why), "no live %s policy for the flow", kind == ER_IN ? "in" : "out");
		}
	} else if (m->has_sa && m->flags & 4) {
		if (fake_count(ER_OUT) != 0) {
			ok = false;
			snprintf(why, sizeof(why), "%d eroute records left after --clear", fake_count(ER_OUT));
		}
	} else {
		if (fake_eroute(ER_OUT, &sel) || fake_count(ER_OUT) != before_out - 1) {
			ok = false;
			snprintf(why, sizeof(why), "the eroute of the flow is still there");
		}
	}
	if (!tap_ok(ok, "%s: the kernel holds what the PF_KEY message describes", id))
		tap_diag("%s", why);
}

static void run_row(const struct row_cmd *c, char **f)
{
	const struct deviation *dev;
	char *before, *after_state;
	struct flowmsg m;
	int rc, before_out;

	fake_reset();
	parse_flowmsg(f[COL_PF], &m);
	prepare(f[COL_ID], f[COL_NOTES], &m);
	before = fake_state_text();
	before_out = fake_count(ER_OUT);
	rc = eroute_row_call(c, f, &dev);
	after_state = fake_state_text();
	if (rc == 0 && *f[COL_PF])
		check_request(f[COL_ID], &m, before_out);
	else
		tap_str(after_state, before, "%s: the kernel is left as it was", f[COL_ID]);
	free(after_state);
	free(before);
}

int main(void)
{
	/* er-optionsfrom reads opts-eroute.txt from the current directory. */
	static const struct row_cmd eroute = {
		.tool = "eroute", .prog = PROG, .cmd = eroute_main, .opts_file = "opts-eroute.txt",
		.opts_text = "--eraf inet --src 192.0.1.0/24\n# comment\n"
			     "--dst 192.0.2.0/24 --said tun0x1002@192.1.2.23\n",
		.row = run_row,
	};
	int rows = eroute_rows_run(&eroute);

	tap_ok(rows == 166, "%d eroute rows checked", rows);
	return tap_done();
}
