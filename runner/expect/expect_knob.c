/*
 * Knobs: the few parameters that carry a lesson's idea (the pool's size, how many waits),
 * each with a range and a default, which the program reads from its environment and the
 * expectations name like any value, so that a changed knob changes what is expected.
 * Also `lasts`, the least time a run takes as a formula of the knobs (a setting that
 * cannot finish within the time limit is refused before it starts), and `plot`, what
 * `workbook sweep` draws. Parsing them, their values and the questions the runner asks
 * live here.
 */
#include "expect.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

int expect__find_knob(const expect_file *f, const char *name)
{
    for (size_t i = 0; i < f->nknobs; i++)
        if (strcmp(f->knobs[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* A default names machine facts at most: it is known before the run. */
static int machine_only(void *ctx, const char *name, double *value)
{
    if (strcmp(name, "cores") != 0 && strcmp(name, "omp_threads") != 0 && strcmp(name, "load") != 0)
        return EXPR_ERR_MISSING;
    return expr_fact(ctx, name, value);
}

/* A knob's default on machine m, a whole number within its range. */
static int knob_default(const struct knob *k, const expect_machine *m, double *value)
{
    int rc = expr_eval(k->def, machine_only, (void *)m, value);
    if (rc == 0)
        *value = fmin(fmax(round(*value), k->lo), k->hi);
    return rc;
}

int expect__knob_value(const expect_file *f, size_t i, const expect_machine *m, double *value)
{
    const struct knob *k = &f->knobs[i];
    if (k->set) {
        *value = k->value;
        return 0;
    }
    return knob_default(k, m, value);
}

bool expect__knobs_moved(const expect_file *f, const expect_machine *m)
{
    for (size_t i = 0; i < f->nknobs; i++) {
        double def;
        if (f->knobs[i].set &&
            (knob_default(&f->knobs[i], m, &def) != 0 || def != f->knobs[i].value))
            return true;
    }
    return false;
}

/* An integer at s[*i] (an optional '-', digits), within int. */
static bool scan_int(const char *s, size_t n, size_t *i, int *out)
{
    size_t j = *i;
    bool neg = j < n && s[j] == '-';
    if (neg)
        j++;
    long v = 0;
    size_t digits = 0;
    for (; j < n && expect__is_digit(s[j]) && digits < 10; j++, digits++)
        v = v * 10 + (s[j] - '0');
    if (digits == 0 || (j < n && expect__is_digit(s[j])) || v > 2000000000)
        return false;
    *out = (int)(neg ? -v : v);
    *i = j;
    return true;
}

static const char knob_help[] = "write 'knob NAME = DEFAULT in [LOW, HIGH]  what it changes', like "
                                "'knob pool = 4 in [1, 64]  threads in the pool'";

/* `knob NAME = DEFAULT in [LOW, HIGH]  WHAT` */
static int parse_knob(struct parse_state *ps, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    size_t i = 0;
    while (i < n && (expect__is_alpha(arg[i]) || expect__is_digit(arg[i]) || arg[i] == '_'))
        i++;
    if (!expect__is_name(arg, i))
        return expect__perr_at(ps, ps->lineno, knob_help);
    char *name = strndup(arg, i);
    if (!name)
        return expect__nomem(ps);
    const char *why = expect__reserved_name(name);
    int rc = 0;
    if (why)
        rc = expect__perr_at(ps, ps->lineno, "'%s' is %s and cannot be a knob", name, why);
    else if (expect__find_knob(f, name) >= 0)
        rc = expect__perr_at(ps, ps->lineno, "a second knob '%s'", name);
    struct knob *k = rc ? NULL : expect__grow(f->knobs, f->nknobs, &f->knobs_cap, sizeof *k);
    if (!k) {
        free(name);
        return rc ? rc : expect__nomem(ps);
    }
    f->knobs = k;
    k += f->nknobs++;
    *k = (struct knob){.src = ps->lineno, .name = name};
    i = expect__skip_spaces(arg, n, i);
    if (i >= n || arg[i] != '=')
        return expect__perr_at(ps, ps->lineno, knob_help);
    size_t used = 0;
    if ((rc = expect__parse_expr(ps, arg + i + 1, n - i - 1, 0, &k->def, &used, &k->def_text)) < 0)
        return rc;
    for (size_t j = 0; j < expr_name_count(k->def); j++) {
        const char *nm = expr_name(k->def, j);
        if (strcmp(nm, "cores") && strcmp(nm, "omp_threads"))
            return expect__perr_at(ps, ps->lineno,
                                   "the default of knob '%s' may name cores and omp_threads "
                                   "only, not '%s'",
                                   name, nm);
    }
    i = expect__skip_spaces(arg, n, i + 1 + used);
    if (n - i < 2 || memcmp(arg + i, "in", 2) != 0)
        return expect__perr_at(ps, ps->lineno, knob_help);
    i = expect__skip_spaces(arg, n, i + 2);
    if (i >= n || arg[i] != '[')
        return expect__perr_at(ps, ps->lineno, knob_help);
    i = expect__skip_spaces(arg, n, i + 1);
    if (!scan_int(arg, n, &i, &k->lo))
        return expect__perr_at(ps, ps->lineno, knob_help);
    i = expect__skip_spaces(arg, n, i);
    if (i >= n || arg[i] != ',')
        return expect__perr_at(ps, ps->lineno, knob_help);
    i = expect__skip_spaces(arg, n, i + 1);
    if (!scan_int(arg, n, &i, &k->hi))
        return expect__perr_at(ps, ps->lineno, knob_help);
    i = expect__skip_spaces(arg, n, i);
    if (i >= n || arg[i] != ']')
        return expect__perr_at(ps, ps->lineno, knob_help);
    if (k->lo > k->hi)
        return expect__perr_at(ps, ps->lineno, "knob '%s' goes from %d down to %d", name, k->lo,
                               k->hi);
    expect_machine none = {.cores = 1, .omp_threads = 1};
    double def;
    if (expr_eval(k->def, machine_only, &none, &def) == 0 && !expr_name_count(k->def) &&
        (def < k->lo || def > k->hi || def != floor(def)))
        return expect__perr_at(ps, ps->lineno,
                               "the default of knob '%s' is not a whole number in [%d, %d]", name,
                               k->lo, k->hi);
    i = expect__skip_spaces(arg, n, i + 1);
    if (i == n)
        return expect__perr_at(ps, ps->lineno, "knob '%s' needs a line saying what it changes",
                               name);
    return (k->what = strndup(arg + i, n - i)) ? 0 : expect__nomem(ps);
}

/* `plot NAME [expected EXPR] [ideal EXPR]` */
static int parse_plot(struct parse_state *ps, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    static const char help[] = "write 'plot NAME [expected EXPR] [ideal EXPR]'";
    if (f->plot_name)
        return expect__perr_at(ps, ps->lineno, "a second 'plot' (line %d)", f->plot_src);
    size_t i = 0;
    while (i < n && !expect__is_space(arg[i]))
        i++;
    if (!expect__is_name(arg, i))
        return expect__perr_at(ps, ps->lineno, help);
    if (!(f->plot_name = strndup(arg, i)))
        return expect__nomem(ps);
    f->plot_src = ps->lineno;
    for (i = expect__skip_spaces(arg, n, i); i < n;) {
        bool ideal = n - i > 5 && memcmp(arg + i, "ideal", 5) == 0 && expect__is_space(arg[i + 5]);
        bool expected =
            n - i > 8 && memcmp(arg + i, "expected", 8) == 0 && expect__is_space(arg[i + 8]);
        if (!ideal && !expected)
            return expect__perr_at(ps, ps->lineno, help);
        expr **e = ideal ? &f->plot_ideal : &f->plot_expected;
        char **text = ideal ? &f->plot_ideal_text : &f->plot_expected_text;
        if (*e)
            return expect__perr_at(ps, ps->lineno, "a second '%s' in 'plot'",
                                   ideal ? "ideal" : "expected");
        i += ideal ? 5 : 8;
        size_t used = 0;
        int rc = expect__parse_expr(ps, arg + i, n - i, 0, e, &used, text);
        if (rc < 0)
            return rc;
        i = expect__skip_spaces(arg, n, i + used);
    }
    return 0;
}

int expect__parse_knob(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    if (strcmp(kw, "knob") == 0)
        return parse_knob(ps, arg, n);
    if (strcmp(kw, "plot") == 0)
        return parse_plot(ps, arg, n);
    if (f->lasts)
        return expect__perr_at(ps, ps->lineno, "a second 'lasts' (line %d)", f->lasts_src);
    f->lasts_src = ps->lineno;
    return expect__parse_expr(ps, arg, n, 0, &f->lasts, NULL, &f->lasts_text);
}

int expect__resolve_knobs(struct parse_state *ps)
{
    expect_file *f = ps->f;
    for (size_t i = 0; i < f->nknobs; i++)
        if (expect__find_capture(f, f->knobs[i].name) >= 0 ||
            expect__find_let(f, f->knobs[i].name) >= 0)
            return expect__perr_at(
                ps, f->knobs[i].src, "'%s' is both a knob and a %s", f->knobs[i].name,
                expect__find_capture(f, f->knobs[i].name) >= 0 ? "capture" : "let");
    if (f->lasts) {
        for (size_t j = 0; j < expr_name_count(f->lasts); j++) {
            const char *nm = expr_name(f->lasts, j);
            if (expect__find_knob(f, nm) < 0 && strcmp(nm, "cores") && strcmp(nm, "omp_threads"))
                return expect__perr_at(ps, f->lasts_src,
                                       "'lasts' is known before the run: it may name knobs, "
                                       "cores and omp_threads, not '%s'",
                                       nm);
        }
    }
    if (!f->plot_name)
        return 0;
    if (expect__find_capture(f, f->plot_name) < 0 && expect__find_let(f, f->plot_name) < 0)
        return expect__perr_at(ps, f->plot_src, "'plot %s': no capture or let '%s'", f->plot_name,
                               f->plot_name);
    int rc = expect__resolve_expr(ps, &f->plot_deps, f->plot_expected, f->plot_src, "plot");
    return rc ? rc : expect__resolve_expr(ps, &f->plot_deps, f->plot_ideal, f->plot_src, "plot");
}

void expect__free_knobs(expect_file *f)
{
    for (size_t i = 0; i < f->nknobs; i++) {
        free(f->knobs[i].name);
        free(f->knobs[i].what);
        free(f->knobs[i].def_text);
        expr_free(f->knobs[i].def);
    }
    free(f->knobs);
    expr_free(f->lasts);
    free(f->lasts_text);
    free(f->plot_name);
    expr_free(f->plot_expected);
    expr_free(f->plot_ideal);
    free(f->plot_expected_text);
    free(f->plot_ideal_text);
    free(f->plot_deps.caps);
}

/* The public side (expect.h). */

size_t expect_knob_count(const expect_file *f)
{
    return f->nknobs;
}

void expect_knob_info(const expect_file *f, size_t i, const expect_machine *m, expect_knob *out)
{
    const struct knob *k = &f->knobs[i];
    double v = k->lo;
    *out = (expect_knob){.name = k->name,
                         .what = k->what,
                         .lo = k->lo,
                         .hi = k->hi,
                         .def_text = k->def_text,
                         .set = k->set};
    if (knob_default(k, m, &v) == 0)
        out->def = (int)v;
    out->value = k->set ? k->value : out->def;
}

int expect_knob_find(const expect_file *f, const char *name)
{
    return expect__find_knob(f, name);
}

int expect_knob_set(expect_file *f, const char *name, const char *value, char *err, size_t errlen)
{
    int i = expect__find_knob(f, name);
    if (i < 0) {
        if (f->nknobs == 0) {
            snprintf(err, errlen, "this program has no knob '%s' (it has no knobs)", name);
            return -ENOENT;
        }
        size_t len =
            (size_t)snprintf(err, errlen, "this program has no knob '%s'; its knobs are", name);
        for (size_t k = 0; k < f->nknobs && len < errlen; k++)
            len += (size_t)snprintf(err + len, errlen - len, "%s %s in [%d, %d]", k ? "," : "",
                                    f->knobs[k].name, f->knobs[k].lo, f->knobs[k].hi);
        return -ENOENT;
    }
    struct knob *k = &f->knobs[i];
    char *end = NULL;
    errno = 0;
    long v = value && *value && !isspace((unsigned char)*value) ? strtol(value, &end, 10) : 0;
    if (!end || *end || errno) {
        snprintf(err, errlen, "knob %s takes a whole number in [%d, %d], not '%s'", name, k->lo,
                 k->hi, value ? value : "");
        return -EINVAL;
    }
    if (v < k->lo || v > k->hi) {
        snprintf(err, errlen, "knob %s goes from %d to %d; %ld is out of its range", name, k->lo,
                 k->hi, v);
        return -ERANGE;
    }
    k->set = true;
    k->value = (int)v;
    return 0;
}

char *expect_knob_env(const char *name, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "KNOB_%s", name);
    for (size_t i = 5; i < len && i < n; i++)
        buf[i] = (char)toupper((unsigned char)buf[i]);
    return buf;
}

void expect_knob_reset(expect_file *f)
{
    for (size_t i = 0; i < f->nknobs; i++)
        f->knobs[i].set = false;
}

static int knob_lookup(void *ctx, const char *name, double *value)
{
    const struct eval_ctx *x = ctx;
    int k = expect__find_knob(x->f, name);
    if (k >= 0)
        return expect__knob_value(x->f, (size_t)k, x->m, value);
    return machine_only((void *)x->m, name, value);
}

int expect_lasts(const expect_file *f, const expect_machine *m, double *ms)
{
    if (!f->lasts)
        return -ENOENT;
    struct eval_ctx x = {.f = f, .m = m};
    return expr_eval(f->lasts, knob_lookup, &x, ms) == 0 ? 0 : -EDOM;
}

const char *expect_lasts_text(const expect_file *f)
{
    return f->lasts_text;
}

const char *expect_plot_name(const expect_file *f)
{
    return f->plot_name;
}

void expect_plot_values(const expect_file *f, const expect_result *res, const expect_machine *m,
                        expect_plot_point *out)
{
    struct result_impl *r = (struct result_impl *)res;
    bool let_has[f->nlets + 1];
    double let_val[f->nlets + 1];
    struct eval_ctx x = {f, m, r, let_has, let_val};
    *out = (expect_plot_point){0};
    if (!f->plot_name || !r)
        return;
    expect__eval_lets(&x);
    out->has_measured = expect__lookup(&x, f->plot_name, &out->measured) == 0;
    out->has_expected =
        f->plot_expected && expr_eval(f->plot_expected, expect__lookup, &x, &out->expected) == 0;
    out->has_ideal =
        f->plot_ideal && expr_eval(f->plot_ideal, expect__lookup, &x, &out->ideal) == 0;
}
