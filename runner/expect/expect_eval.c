/*
 * Values after a match: what a name stands for (a machine fact, a capture or a let), the
 * lets in file order, and whether a condition holds.
 */
#include "expect.h"

#include <math.h>
#include <string.h>

#include "expect_internal.h"

int expect__lookup(void *vctx, const char *name, double *value)
{
    const struct eval_ctx *x = vctx;
    if (expr_is_fact(name))
        return expr_fact(x->m, name, value);
    int cap = expect__find_capture(x->f, name);
    if (cap >= 0) {
        if (!x->r->cap_has[cap] || !x->r->cap_numeric[cap])
            return EXPR_ERR_MISSING;
        *value = x->r->cap_val[cap];
        return 0;
    }
    int let = expect__find_let(x->f, name);
    if (let >= 0 && x->let_has[let]) {
        *value = x->let_val[let];
        return 0;
    }
    int knob = expect__find_knob(x->f, name);
    if (knob >= 0)
        return expect__knob_value(x->f, (size_t)knob, x->m, value);
    return EXPR_ERR_MISSING;
}

void expect__eval_lets(struct eval_ctx *x)
{
    const expect_file *f = x->f;
    for (size_t i = 0; i < f->nlets; i++)
        x->let_has[i] = expr_eval(f->lets[i].e, expect__lookup, x, &x->let_val[i]) == 0;
}

/* Comparisons forgive the rounding of decimal captures like 1.85. */
static bool approx_le(double a, double b)
{
    return a <= b + 1e-9 * fmax(1.0, fabs(b));
}

static bool compare(enum cmp_op op, double a, double b)
{
    switch (op) {
    case OP_LT:
        return a < b && !approx_le(b, a);
    case OP_LE:
        return approx_le(a, b);
    case OP_GT:
        return a > b && !approx_le(a, b);
    case OP_GE:
        return approx_le(b, a);
    case OP_EQ:
        return approx_le(a, b) && approx_le(b, a);
    case OP_NE:
        return !(approx_le(a, b) && approx_le(b, a));
    }
    return false;
}

/* Evaluates every part it can (the expected side is shown even when the actual is missing). */
int expect__cond_eval(struct eval_ctx *x, const struct cond *c, bool *held, struct cond_values *v)
{
    memset(v, 0, sizeof *v);
    *held = false;
    if (c->kind == COND_WORD) {
        const struct result_impl *r = x->r;
        if (!r->cap_has[c->word_lhs] || (c->word_rhs >= 0 && !r->cap_has[c->word_rhs]))
            return EXPR_ERR_MISSING;
        const char *rhs = c->word_rhs >= 0 ? r->cap_text[c->word_rhs] : c->rhs_text;
        *held = (strcmp(r->cap_text[c->word_lhs], rhs) == 0) == (c->op == OP_EQ);
        return 0;
    }
    int rc = expr_eval(c->lhs, expect__lookup, x, &v->lhs);
    v->has_lhs = rc == 0;
    int rc2 = c->rhs ? expr_eval(c->rhs, expect__lookup, x, &v->rhs) : 0;
    v->has_rhs = c->rhs && rc2 == 0;
    int rc3 = c->hi ? expr_eval(c->hi, expect__lookup, x, &v->hi) : 0;
    v->has_hi = c->hi && rc3 == 0;
    if (rc == 0)
        rc = rc2 < 0 ? rc2 : rc3;
    if (rc < 0)
        return rc;
    switch (c->kind) {
    case COND_TOL:
        *held = approx_le(v->rhs - c->down, v->lhs) && approx_le(v->lhs, v->rhs + c->up);
        break;
    case COND_CMP:
        *held = compare(c->op, v->lhs, v->rhs);
        break;
    case COND_RANGE:
        *held = compare(c->lo_closed ? OP_GE : OP_GT, v->lhs, v->rhs) &&
                compare(c->hi_closed ? OP_LE : OP_LT, v->lhs, v->hi);
        break;
    case COND_WORD:
        break;
    }
    return 0;
}
