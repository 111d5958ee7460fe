/*
 * The parsed form of an expectation file once read: looking up its names, what the
 * runner may ask of it, and freeing it.
 */
#include "expect.h"

#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

const char *const expect__cap_type_names[] = {"ms", "int", "num", "word", "text", "ints"};
const char *const expect__op_names[] = {"<", "<=", ">", ">=", "==", "!="};

int expect__find_capture(const expect_file *f, const char *name)
{
    for (size_t i = 0; i < f->ncaps; i++)
        if (strcmp(f->caps[i].name, name) == 0)
            return (int)i;
    return -1;
}

int expect__find_let(const expect_file *f, const char *name)
{
    for (size_t i = 0; i < f->nlets; i++)
        if (strcmp(f->lets[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void cond_free(struct cond *c)
{
    if (!c)
        return;
    free(c->text);
    free(c->lhs_text);
    free(c->rhs_text);
    free(c->hi_text);
    free(c->rhs_err);
    free(c->caps);
    expr_free(c->lhs);
    expr_free(c->rhs);
    expr_free(c->hi);
}

static void attrs_free(struct attrs *at)
{
    free(at->label);
    free(at->hint);
    free(at->ref_text);
    cond_free(at->when);
    free(at->when);
}

void expect_free(expect_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nlines; i++) {
        struct pline *l = &f->lines[i];
        for (size_t j = 0; j < l->npieces; j++)
            free(l->pieces[j].lit);
        free(l->pieces);
        free(l->text);
        attrs_free(&l->at);
    }
    for (size_t i = 0; i < f->ncaps; i++)
        free(f->caps[i].name);
    for (size_t i = 0; i < f->nchecks; i++) {
        cond_free(&f->checks[i].c);
        attrs_free(&f->checks[i].at);
    }
    for (size_t i = 0; i < f->nlets; i++) {
        struct let *l = &f->lets[i];
        free(l->name);
        free(l->label);
        free(l->expr_text);
        expr_free(l->e);
        cond_free(&l->deps);
    }
    for (size_t i = 0; i < f->nmarks; i++) {
        struct mark *m = &f->marks[i];
        free(m->name);
        free(m->label);
        expr_free(m->wanted);
        expr_free(m->from);
        expr_free(m->to);
        cond_free(&m->deps);
    }
    free(f->marks);
    for (size_t i = 0; i < f->nunchanged; i++)
        free(f->unchanged[i].marker);
    free(f->unchanged);
    free(f->lines);
    free(f->caps);
    free(f->checks);
    free(f->lets);
    free(f->items);
    free(f->title);
    expect__free_knobs(f);
    free(f);
}

const char *expect_title(const expect_file *f)
{
    return f->title;
}

double expect_timeout(const expect_file *f, double def)
{
    return f->has_timeout ? f->timeout : def;
}

size_t expect_objective_count(const expect_file *f)
{
    return f->nobjectives;
}

bool expect_race_check(const expect_file *f)
{
    return f->race_check;
}

size_t expect_line_count(const expect_file *f)
{
    return f->nlines;
}

size_t expect_unchanged_count(const expect_file *f)
{
    return f->nunchanged;
}

const char *expect_unchanged(const expect_file *f, size_t i, uint64_t *digest)
{
    *digest = f->unchanged[i].digest;
    return f->unchanged[i].marker;
}
