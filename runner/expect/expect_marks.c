/*
 * The timeline of a run: the `event` and `span` directives, read from the file and given
 * their values from a match.
 */
#include "expect.h"

#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

/* Whether the word w stands at s[i], followed by a space or the end. */
static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    return i + k <= n && memcmp(s + i, w, k) == 0 && (i + k == n || expect__is_space(s[i + k]));
}

/* `event NAME [wanted EXPR] [as LABEL]` and `span LABEL from EXPR to EXPR`: the timeline. */
int expect__parse_mark(struct parse_state *ps, bool span, const char *arg, size_t n)
{
    static const char event_help[] = "expected 'event NAME [wanted EXPR] [as LABEL]'";
    static const char span_help[] = "expected 'span LABEL from EXPR to EXPR'";
    expect_file *f = ps->f;
    if (f->nmarks >= MAX_DIRECTIVES)
        return expect__perr_at(ps, ps->lineno, "too many directives (at most %d)", MAX_DIRECTIVES);
    struct mark *m = expect__grow(f->marks, f->nmarks, &f->marks_cap, sizeof *m);
    if (!m)
        return expect__nomem(ps);
    f->marks = m;
    m += f->nmarks++;
    m->src = ps->lineno;
    m->span = span;
    m->deps.word_lhs = m->deps.word_rhs = -1;
    size_t i = 0, used;
    int rc;
    if (span) {
        size_t k = 1;
        while (k < n && !(expect__is_space(arg[k - 1]) && word_at(arg, n, k, "from")))
            k++;
        if (k >= n || expect__trim_right(arg, k) == 0)
            return expect__perr_at(ps, ps->lineno, span_help);
        if (!(m->label = strndup(arg, expect__trim_right(arg, k))))
            return expect__nomem(ps);
        i = k + 4;
        if ((rc = expect__parse_expr(ps, arg + i, n - i, 0, &m->from, &used, NULL)) < 0)
            return rc;
        i += used;
        if (!word_at(arg, n, i, "to"))
            return expect__perr_at(ps, ps->lineno, "%s: 'to' is missing", span_help);
        i += 2;
        return expect__parse_expr(ps, arg + i, n - i, 0, &m->to, NULL, NULL);
    }
    while (i < n && !expect__is_space(arg[i]))
        i++;
    if (!expect__is_name(arg, i))
        return expect__perr_at(ps, ps->lineno, event_help);
    if (!(m->name = strndup(arg, i)))
        return expect__nomem(ps);
    i = expect__skip_spaces(arg, n, i);
    if (word_at(arg, n, i, "wanted")) {
        i += 6;
        if ((rc = expect__parse_expr(ps, arg + i, n - i, 0, &m->wanted, &used, NULL)) < 0)
            return rc;
        i += used;
    }
    if (word_at(arg, n, i, "as")) {
        i = expect__skip_spaces(arg, n, i + 2);
        if (i == n)
            return expect__perr_at(ps, ps->lineno, "'as' needs a label");
        if (!(m->label = strndup(arg + i, n - i)))
            return expect__nomem(ps);
        i = n;
    }
    if (i != n)
        return expect__perr_at(ps, ps->lineno, "unexpected '%.*s' in an event: %s",
                               expect__quote_len(n - i), arg + i, event_help);
    if (!m->label && !(m->label = strdup(m->name)))
        return expect__nomem(ps);
    return 0;
}

size_t expect_mark_count(const expect_file *f)
{
    return f->nmarks;
}

void expect_marks(const expect_file *f, const expect_result *res, const expect_machine *m,
                  expect_mark *out)
{
    struct result_impl *r = (struct result_impl *)res;
    bool let_has[f->nlets + 1];
    double let_val[f->nlets + 1];
    struct eval_ctx x = {f, m, r, let_has, let_val};
    if (r)
        expect__eval_lets(&x);
    for (size_t i = 0; i < f->nmarks; i++) {
        const struct mark *k = &f->marks[i];
        expect_mark *o = &out[i];
        *o = (expect_mark){.span = k->span, .label = k->label, .name = k->name};
        if (!r)
            continue;
        if (k->name)
            o->has_at = expect__lookup(&x, k->name, &o->at) == 0;
        o->has_wanted = k->wanted && expr_eval(k->wanted, expect__lookup, &x, &o->wanted) == 0;
        o->has_from = k->from && expr_eval(k->from, expect__lookup, &x, &o->from) == 0;
        o->has_to = k->to && expr_eval(k->to, expect__lookup, &x, &o->to) == 0;
    }
}
