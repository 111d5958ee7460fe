/*
 * Conditions as written: `x = 50 +15/-0`, `x >= y`, `x in [150, 200)`, and the
 * expressions inside them. Names are left for expect_resolve.c; values for expect_eval.c.
 */
#include "expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

static const char COND_HELP[] = "expected a condition like 'x = 50 +15/-0', 'x >= y' or "
                                "'x in [150, 200)'";

/* A non-negative decimal of a tolerance: "15", "2.5". */
bool expect__scan_decimal(const char *s, size_t n, size_t *i, double *v)
{
    size_t start = *i;
    char buf[64];
    while (*i < n && (expect__is_digit(s[*i]) || s[*i] == '.') && *i - start < sizeof buf - 1)
        (*i)++;
    size_t len = *i - start;
    if (len == 0 || !expect__is_digit(s[start]))
        return false;
    memcpy(buf, s + start, len);
    buf[len] = '\0';
    char *end;
    *v = strtod(buf, &end);
    return *end == '\0';
}

/* "+15/-0", "+-5", "± 5": the whole rest of the condition. */
static bool parse_tolerance(const char *s, size_t n, double *up, double *down)
{
    size_t i = 0;
    bool symmetric = false;
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xB1) {
        i = 2;
        symmetric = true;
    } else if (n >= 1 && s[0] == '+') {
        i = expect__skip_spaces(s, n, 1);
        if (i < n && s[i] == '-') {
            i++;
            symmetric = true;
        }
    } else {
        return false;
    }
    i = expect__skip_spaces(s, n, i);
    if (!expect__scan_decimal(s, n, &i, up))
        return false;
    if (symmetric) {
        *down = *up;
    } else {
        i = expect__skip_spaces(s, n, i);
        if (i >= n || s[i] != '/')
            return false;
        i = expect__skip_spaces(s, n, i + 1);
        if (i >= n || s[i] != '-')
            return false;
        i = expect__skip_spaces(s, n, i + 1);
        if (!expect__scan_decimal(s, n, &i, down))
            return false;
    }
    return expect__skip_spaces(s, n, i) == n;
}

/* Parses an expression that must fill s[0..n) exactly (or *used gets how much it took). */
int expect__parse_expr(struct parse_state *ps, const char *s, size_t n, int flags, expr **e,
                       size_t *used, char **text)
{
    char msg[160];
    size_t u = 0;
    int rc = expr_parse(s, n, flags, e, &u, msg, sizeof msg);
    if (rc == EXPR_ERR_NOMEM)
        return expect__nomem(ps);
    if (rc < 0)
        return expect__perr_at(ps, ps->lineno, "%s", msg);
    if (!used && u != n)
        return expect__perr_at(ps, ps->lineno, "unexpected '%.*s' in an expression",
                               expect__quote_len(n - u), s + u);
    if (used)
        *used = u;
    size_t start = expect__skip_spaces(s, n, 0);
    if (text && !(*text = strndup(s + start, expect__trim_right(s, u) - start)))
        return expect__nomem(ps);
    return 0;
}

static int parse_range(struct parse_state *ps, struct cond *c, const char *s, size_t n)
{
    static const char help[] = "expected a range like 'in [150, 200)'";
    size_t i = expect__skip_spaces(s, n, 0), used;
    if (i >= n || (s[i] != '[' && s[i] != '('))
        return expect__perr_at(ps, ps->lineno, help);
    c->lo_closed = s[i] == '[';
    i++;
    int rc = expect__parse_expr(ps, s + i, n - i, 0, &c->rhs, &used, &c->rhs_text);
    if (rc < 0)
        return rc;
    i += used;
    if (i >= n || s[i] != ',')
        return expect__perr_at(ps, ps->lineno, help);
    i++;
    if ((rc = expect__parse_expr(ps, s + i, n - i, 0, &c->hi, &used, &c->hi_text)) < 0)
        return rc;
    i += used;
    if (i >= n || (s[i] != ']' && s[i] != ')'))
        return expect__perr_at(ps, ps->lineno, help);
    c->hi_closed = s[i] == ']';
    size_t rest = expect__skip_spaces(s, n, i + 1);
    if (rest != n)
        return expect__perr_at(ps, ps->lineno, "unexpected '%.*s' after the range",
                               expect__quote_len(n - rest), s + rest);
    return 0;
}

static int parse_comparison(struct parse_state *ps, struct cond *c, const char *s, size_t n)
{
    size_t i = expect__skip_spaces(s, n, 0);
    if (i == n)
        return expect__perr_at(ps, ps->lineno, "nothing after '%s'", expect__op_names[c->op]);
    if (!(c->rhs_text = strndup(s + i, n - i)))
        return expect__nomem(ps);
    char msg[160];
    size_t used = 0;
    int rc = expr_parse(s + i, n - i, 0, &c->rhs, &used, msg, sizeof msg);
    if (rc == EXPR_ERR_NOMEM)
        return expect__nomem(ps);
    if (rc == 0 && used != n - i) {
        snprintf(msg, sizeof msg, "unexpected '%.*s' after the condition",
                 expect__quote_len(n - i - used), s + i + used);
        rc = EXPR_ERR_SYNTAX;
    }
    if (rc < 0) {
        expr_free(c->rhs);
        c->rhs = NULL;
        /* Against a word capture the right side is a word, which is no expression:
           the verdict waits until every capture's type is known. */
        if (c->op != OP_EQ && c->op != OP_NE)
            return expect__perr_at(ps, ps->lineno, "%s", msg);
        if (!(c->rhs_err = strdup(msg)))
            return expect__nomem(ps);
    }
    return 0;
}

int expect__parse_cond(struct parse_state *ps, struct cond *c, const char *s, size_t n)
{
    size_t used;
    c->word_lhs = c->word_rhs = -1;
    if (!(c->text = strndup(s, n)))
        return expect__nomem(ps);
    int rc = expect__parse_expr(ps, s, n, 0, &c->lhs, &used, &c->lhs_text);
    if (rc < 0)
        return rc;
    const char *r = s + used;
    size_t rn = n - used;
    if (rn >= 2 && r[0] == 'i' && r[1] == 'n' &&
        (rn == 2 || expect__is_space(r[2]) || r[2] == '[' || r[2] == '(')) {
        c->kind = COND_RANGE;
        return parse_range(ps, c, r + 2, rn - 2);
    }
    static const struct {
        const char *text;
        enum cmp_op op;
    } ops[] = {{"<=", OP_LE}, {">=", OP_GE}, {"==", OP_EQ},
               {"!=", OP_NE}, {"<", OP_LT},  {">", OP_GT}};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        size_t len = strlen(ops[k].text);
        if (rn >= len && memcmp(r, ops[k].text, len) == 0) {
            c->kind = COND_CMP;
            c->op = ops[k].op;
            return parse_comparison(ps, c, r + len, rn - len);
        }
    }
    if (rn == 0 || r[0] != '=')
        return expect__perr_at(ps, ps->lineno, COND_HELP);
    c->kind = COND_TOL;
    rc =
        expect__parse_expr(ps, r + 1, rn - 1, EXPR_STOP_AT_TOLERANCE, &c->rhs, &used, &c->rhs_text);
    if (rc < 0)
        return rc;
    if (used == rn - 1)
        return 0; /* plain `= T`: exactly */
    if (!parse_tolerance(r + 1 + used, rn - 1 - used, &c->up, &c->down))
        return expect__perr_at(ps, ps->lineno, "expected a tolerance like +15/-0");
    return 0;
}
