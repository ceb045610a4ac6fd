// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The executor (src/plan.h): runs a plan's operations in order, and when
 * one fails undoes those already done, in reverse order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "src/explain.h"
#include "src/plan.h"

struct op *plan_add(struct plan *p, enum op_kind kind)
{
	struct op *op = vec_push(&p->ops);

	if (op)
		op->kind = kind;
	return op;
}

struct sa_keys *op_keys(struct op *op)
{
	if (!op->keys)
		op->keys = calloc(1, sizeof(*op->keys));
	return op->keys;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < plan_len(p); i++) {
		struct op *op = plan_op(p, i);

		if (op->keys) {
			explicit_bzero(op->keys, sizeof(*op->keys));
			free(op->keys);
			op->keys = NULL;
		}
	}
	vec_free(&p->ops);
}

/*
 * XFRM cannot change an SA's mode: read it (keys included), delete it and
 * add it back in the new mode with its counters and replay state. If the
 * add fails, the old SA is put back at once.
 */
static int remode(struct op *op, struct kernel *k)
{
	struct sa_state *fresh;
	int ret;

	if (!op_keys(op))
		return -ENOMEM;
	ret = kernel_sa_get(k, &op->id, &op->sa, op->keys);
	if (ret)
		return ret;
	fresh = malloc(sizeof(*fresh));
	if (!fresh)
		return -ENOMEM;
	*fresh = op->sa;
	fresh->mode = op->mode;
	fresh->src = op->src;
	fresh->sel = op->sel;
	fresh->flags.af_unspec = op->mode == SA_MODE_TUNNEL;
	ret = kernel_sa_del(k, &op->id);
	if (!ret) {
		ret = kernel_sa_add(k, fresh, op->keys, true);
		if (ret)
			kernel_sa_add(k, &op->sa, op->keys, true);
	}
	free(fresh);
	return ret;
}

/* Read back the policy of op->pol's key into op->old_pol: 0 (had_old says if there was one). */
static int read_back(struct op *op, struct kernel *k)
{
	int ret = kernel_policy_get(k, &op->pol, &op->old_pol);

	op->had_old = ret == 0;
	return ret == -ENOENT ? 0 : ret;
}

static int run_policy_op(struct op *op, struct kernel *k)
{
	int ret;

	switch (op->kind) {
	case OP_POLICY_ADD:
		return kernel_policy_add(k, &op->pol, false);
	case OP_POLICY_UPD:
		ret = read_back(op, k);
		return ret ? ret : kernel_policy_add(k, &op->pol, true);
	case OP_POLICY_DEL:
		ret = read_back(op, k);
		return ret || !op->had_old ? ret : kernel_policy_del(k, &op->pol);
	case OP_EROUTE_ADD:
		return kernel_eroute_add(k, &op->er, false);
	case OP_EROUTE_UPD:
		return kernel_eroute_add(k, &op->er, true);
	case OP_EROUTE_DEL:
		return kernel_eroute_del(k, &op->er);
	case OP_RULE_ADD:
		return kernel_rule_add(k, &op->rule);
	case OP_RULE_DEL:
		ret = kernel_rule_del(k, &op->rule);
		op->had_old = ret != -ENOENT;
		return ret == -ENOENT ? 0 : ret;
	default:
		return -EINVAL;
	}
}

static int undo_policy_op(struct op *op, struct kernel *k)
{
	switch (op->kind) {
	case OP_POLICY_ADD:
		return kernel_policy_del(k, &op->pol);
	case OP_POLICY_UPD:
		return op->had_old ? kernel_policy_add(k, &op->old_pol, true) :
				     kernel_policy_del(k, &op->pol);
	case OP_POLICY_DEL:
		return op->had_old ? kernel_policy_add(k, &op->old_pol, false) : 0;
	case OP_EROUTE_ADD:
		return kernel_eroute_del(k, &op->er);
	case OP_EROUTE_UPD:
		return kernel_eroute_add(k, &op->old_er, true);
	case OP_EROUTE_DEL:
		return kernel_eroute_add(k, &op->er, false);
	case OP_RULE_ADD:
		return kernel_rule_del(k, &op->rule);
	case OP_RULE_DEL:
		return op->had_old ? kernel_rule_add(k, &op->rule) : 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int run_op(struct op *op, struct kernel *k)
{
	int ret;

	switch (op->kind) {
	case OP_SA_ADD:
		return kernel_sa_add(k, &op->sa, op->keys, op->restore);
	case OP_SA_DEL:
		/* Read it back first (keys included) so the delete can be undone. */
		if (!op_keys(op))
			return -ENOMEM;
		ret = kernel_sa_get(k, &op->id, &op->sa, op->keys);
		return ret ? ret : kernel_sa_del(k, &op->id);
	case OP_SA_FLUSH:
		return kernel_sa_flush(k, op->proto);
	case OP_RECORD_ADD:
		return kernel_record_add(k, &op->rec);
	case OP_RECORD_DEL:
		return kernel_record_del(k, &op->rec);
	case OP_SA_REMODE:
		return remode(op, k);
	default:
		return run_policy_op(op, k);
	}
}

static int undo_op(struct op *op, struct kernel *k)
{
	switch (op->kind) {
	case OP_SA_ADD:
		return kernel_sa_del(k, &op->sa.id);
	case OP_SA_DEL:
		return kernel_sa_add(k, &op->sa, op->keys, true);
	case OP_RECORD_ADD:
		return kernel_record_del(k, &op->rec);
	case OP_RECORD_DEL:
		return kernel_record_add(k, &op->rec);
	case OP_SA_REMODE: {
		int ret = kernel_sa_del(k, &op->id);

		return ret ? ret : kernel_sa_add(k, &op->sa, op->keys, true);
	}
	case OP_SA_FLUSH:
		break;
	default:
		return undo_policy_op(op, k);
	}
	return -EOPNOTSUPP;
}

int plan_execute(struct plan *p, struct kernel *k, struct plan_failure *f,
		 FILE *debug, const char *prog)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < plan_len(p); i++) {
		int ret;

		if (debug) {
			fprintf(debug, "%s: debug: ", prog);
			op_describe(plan_op(p, i), debug);
			fputc('\n', debug);
		}
		ret = run_op(plan_op(p, i), k);
		if (!ret) {
			plan_op(p, i)->done = true;
			continue;
		}
		f->op = i;
		f->err = -ret;
		snprintf(f->extack, sizeof(f->extack), "%s", kernel_extack(k));
		for (size_t j = i; j-- > 0;) {
			int u = undo_op(plan_op(p, j), k);

			if (u && !f->undo_err)
				f->undo_err = -u;
			plan_op(p, j)->done = false;
		}
		return ret;
	}
	return 0;
}
