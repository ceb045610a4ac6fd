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
	}
	return -EINVAL;
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
