/*
 * Names, checked once the whole file is read (a check may name a later line's capture):
 * every name a condition, let or timeline directive uses must be bound, and each records
 * the captures and machine facts it needs.
 */
#include "expect.h"

#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

static int add_dep(struct parse_state *ps, struct cond *c, int cap)
{
    for (size_t i = 0; i < c->ncaps; i++)
        if (c->caps[i] == cap)
            return 0;
    int *p = realloc(c->caps, (c->ncaps + 1) * sizeof *p);
    if (!p)
        return expect__nomem(ps);
    c->caps = p;
    p[c->ncaps++] = cap;
    return 0;
}

static unsigned fact_bit(const char *name)
{
    return strcmp(name, "cores") == 0         ? FACT_CORES
           : strcmp(name, "load") == 0        ? FACT_LOAD
           : strcmp(name, "omp_threads") == 0 ? FACT_OMP
                                              : FACT_RUN;
}

/* Checks every name of e and records the captures and facts it needs into c. */
static int resolve_names(struct parse_state *ps, struct cond *c, const expr *e, int src,
                         const char *what, size_t let_limit, bool bound)
{
    const expect_file *f = ps->f;
    for (size_t i = 0; e && i < expr_name_count(e); i++) {
        const char *name = expr_name(e, i);
        int cap = expect__find_capture(f, name), let = expect__find_let(f, name);
        int rc = 0;
        unsigned facts = 0;
        if (expr_is_fact(name)) {
            facts = fact_bit(name);
        } else if (expect__find_knob(f, name) >= 0 && cap < 0 && let < 0) {
            facts = FACT_KNOB;
        } else if (cap >= 0) {
            enum cap_type t = f->caps[cap].type;
            if (t == CAP_WORD || t == CAP_TEXT)
                return expect__perr_at(ps, src,
                                       "'%s' is a %s capture: compare it with == or != only", name,
                                       expect__cap_type_names[t]);
            rc = add_dep(ps, c, cap);
        } else if (let >= 0 && (size_t)let < let_limit) {
            const struct cond *d = &f->lets[let].deps;
            for (size_t j = 0; j < d->ncaps && rc == 0; j++)
                rc = add_dep(ps, c, d->caps[j]);
            facts = d->facts;
        } else if (let >= 0) {
            return expect__perr_at(ps, src, "let '%s' uses '%s', which is defined below it",
                                   f->lets[let_limit].name, name);
        } else {
            return expect__perr_at(ps, src, "unknown name '%s' in %s", name, what);
        }
        if (rc < 0)
            return rc;
        c->facts |= facts;
        if (bound)
            c->bound_facts |= facts;
    }
    return 0;
}

int expect__resolve_expr(struct parse_state *ps, struct cond *c, const expr *e, int src,
                         const char *what)
{
    return resolve_names(ps, c, e, src, what, ps->f->nlets, false);
}

static bool is_text_capture(const expect_file *f, int cap)
{
    return cap >= 0 && (f->caps[cap].type == CAP_WORD || f->caps[cap].type == CAP_TEXT);
}

static int resolve_cond(struct parse_state *ps, struct cond *c, int src)
{
    const expect_file *f = ps->f;
    const char *lname = expr_single_name(c->lhs);
    int wl = lname ? expect__find_capture(f, lname) : -1;
    if (c->kind == COND_CMP && (c->op == OP_EQ || c->op == OP_NE) && is_text_capture(f, wl)) {
        const char *rname = c->rhs ? expr_single_name(c->rhs) : NULL;
        c->kind = COND_WORD;
        c->word_lhs = wl;
        c->word_rhs = rname ? expect__find_capture(f, rname) : -1;
        int rc = add_dep(ps, c, wl);
        return rc == 0 && c->word_rhs >= 0 ? add_dep(ps, c, c->word_rhs) : rc;
    }
    if (c->rhs_err)
        return expect__perr_at(ps, src, "%s", c->rhs_err);
    int rc = resolve_names(ps, c, c->lhs, src, "condition", f->nlets, false);
    if (rc == 0)
        rc = resolve_names(ps, c, c->rhs, src, "condition", f->nlets, true);
    if (rc == 0)
        rc = resolve_names(ps, c, c->hi, src, "condition", f->nlets, true);
    return rc;
}

/* An event names a numeric capture or a let; its expressions name what a condition may. */
static int resolve_mark(struct parse_state *ps, struct mark *m)
{
    const expect_file *f = ps->f;
    const char *what = m->span ? "span" : "event";
    if (m->name) {
        int cap = expect__find_capture(f, m->name);
        if (is_text_capture(f, cap))
            return expect__perr_at(ps, m->src, "event '%s' is a %s capture, not a time", m->name,
                                   expect__cap_type_names[f->caps[cap].type]);
        if (cap < 0 && expect__find_let(f, m->name) < 0)
            return expect__perr_at(ps, m->src, "event '%s' is neither a capture nor a let",
                                   m->name);
    }
    int rc = resolve_names(ps, &m->deps, m->wanted, m->src, what, f->nlets, false);
    if (rc == 0)
        rc = resolve_names(ps, &m->deps, m->from, m->src, what, f->nlets, false);
    if (rc == 0)
        rc = resolve_names(ps, &m->deps, m->to, m->src, what, f->nlets, false);
    return rc;
}

/* Names are checked once the whole file is read: a check may name a later line's capture. */
int expect__resolve(struct parse_state *ps)
{
    expect_file *f = ps->f;
    int rc = expect__resolve_knobs(ps);
    for (size_t i = 0; i < f->nlets && rc == 0; i++) {
        struct let *l = &f->lets[i];
        if (expect__find_capture(f, l->name) >= 0)
            return expect__perr_at(ps, l->src, "'%s' is both a capture and a let", l->name);
        rc = resolve_names(ps, &l->deps, l->e, l->src, "let", i, false);
    }
    for (size_t i = 0; i < f->nchecks && rc == 0; i++) {
        struct check *k = &f->checks[i];
        rc = resolve_cond(ps, &k->c, k->src);
        if (rc == 0 && k->objective && !(k->c.facts & FACT_RUN))
            return expect__perr_at(ps, k->src,
                                   "an objective is judged from what the run did: name a fact "
                                   "of the run, like omp_team or sleeps_on_loop");
        if (rc == 0 && k->at.when)
            rc = resolve_cond(ps, k->at.when, k->at.when_src);
    }
    for (size_t i = 0; i < f->nlines && rc == 0; i++)
        if (f->lines[i].at.when)
            rc = resolve_cond(ps, f->lines[i].at.when, f->lines[i].at.when_src);
    for (size_t i = 0; i < f->nmarks && rc == 0; i++)
        rc = resolve_mark(ps, &f->marks[i]);
    return rc;
}
