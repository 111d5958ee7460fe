/*
 * Reading an expectation file (runner/EXPECTATIONS.md) into its directives, one line at
 * a time; every error is "FILE:LINE: what is wrong". Patterns, conditions and timeline
 * directives have files of their own; names are checked at the end (expect_resolve.c).
 */
#include "expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

static int add_item(struct parse_state *ps, enum item_kind kind, int index)
{
    expect_file *f = ps->f;
    struct item *it = expect__grow(f->items, f->nitems, &f->items_cap, sizeof *it);
    if (!it)
        return expect__nomem(ps);
    f->items = it;
    it[f->nitems++] = (struct item){kind, index};
    return 0;
}

static struct attrs *target_attrs(struct parse_state *ps)
{
    if (ps->target < 0)
        return NULL;
    if (ps->target_kind == ITEM_LINE)
        return &ps->f->lines[ps->target].at;
    return &ps->f->checks[ps->target].at;
}

/* hint, ref, when or label, of the line or check just read (the table below makes sure
   there is one). */
static int parse_attribute(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    struct attrs *at = target_attrs(ps);
    bool words = strcmp(kw, "hint") == 0 || strcmp(kw, "label") == 0;
    if (n == 0)
        return expect__perr_at(ps, ps->lineno, "'%s' needs %s", kw, words ? "text" : "a value");
    if (strcmp(kw, "label") == 0) {
        if (at->label)
            return expect__perr_at(ps, ps->lineno, "a second 'label' for the same directive");
        return (at->label = strndup(arg, n)) ? 0 : expect__nomem(ps);
    }
    if (strcmp(kw, "hint") == 0) {
        /* Several hint lines make one longer hint. */
        size_t old = at->hint ? strlen(at->hint) : 0;
        char *h = realloc(at->hint, old + n + 2);
        if (!h)
            return expect__nomem(ps);
        if (old)
            h[old++] = ' ';
        memcpy(h + old, arg, n);
        h[old + n] = '\0';
        at->hint = h;
        return 0;
    }
    if (strcmp(kw, "ref") == 0) {
        if (at->has_ref)
            return expect__perr_at(ps, ps->lineno, "a second 'ref' for the same directive");
        expr *e = NULL;
        int rc = expect__parse_expr(ps, arg, n, 0, &e, NULL, &at->ref_text);
        if (rc == 0 && (expr_name_count(e) > 0 || expr_eval(e, NULL, NULL, &at->ref) < 0))
            rc = expect__perr_at(ps, ps->lineno, "'ref' needs a number, like 'ref 350'");
        expr_free(e);
        at->has_ref = rc == 0;
        return rc;
    }
    if (at->when)
        return expect__perr_at(ps, ps->lineno, "a second 'when' for the same directive");
    if (!(at->when = calloc(1, sizeof *at->when)))
        return expect__nomem(ps);
    at->when_src = ps->lineno;
    return expect__parse_cond(ps, at->when, arg, n);
}

static int parse_line_directive(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw;
    expect_file *f = ps->f;
    struct pline *l = expect__grow(f->lines, f->nlines, &f->lines_cap, sizeof *l);
    if (!l)
        return expect__nomem(ps);
    f->lines = l;
    l += f->nlines;
    l->src = ps->lineno;
    l->group = ps->group;
    if (!(l->text = strndup(arg, n)))
        return expect__nomem(ps);
    int rc = expect__parse_pattern(ps, l, arg, n);
    f->nlines++; /* counted even on error, so that expect_free frees it */
    if (rc < 0)
        return rc;
    ps->target_kind = ITEM_LINE;
    ps->target = (int)f->nlines - 1;
    return add_item(ps, ITEM_LINE, ps->target);
}

static int parse_repeat(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    int rc = parse_line_directive(ps, kw, arg, n);
    if (rc == 0)
        expect__repeat_begin(ps);
    return rc;
}

static int parse_check(struct parse_state *ps, bool info, bool objective, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    struct check *k = expect__grow(f->checks, f->nchecks, &f->checks_cap, sizeof *k);
    if (!k)
        return expect__nomem(ps);
    f->checks = k;
    k += f->nchecks++;
    k->src = ps->lineno;
    k->info = info;
    k->objective = objective;
    int rc = expect__parse_cond(ps, &k->c, arg, n);
    if (rc < 0)
        return rc;
    ps->target_kind = ITEM_CHECK;
    ps->target = (int)f->nchecks - 1;
    return add_item(ps, ITEM_CHECK, ps->target);
}

/* `expect COND` or `info COND` (a check that informs and does not grade). */
static int parse_expect(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    return parse_check(ps, kw[0] == 'i', false, arg, n);
}

static int parse_let(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw;
    expect_file *f = ps->f;
    size_t i = 0;
    while (i < n && (expect__is_alpha(arg[i]) || expect__is_digit(arg[i]) || arg[i] == '_'))
        i++;
    size_t name_len = i;
    i = expect__skip_spaces(arg, n, i);
    if (!expect__is_name(arg, name_len) || i >= n || arg[i] != '=' ||
        (i + 1 < n && arg[i + 1] == '='))
        return expect__perr_at(ps, ps->lineno, "expected 'let NAME = EXPR'");
    struct let *l = expect__grow(f->lets, f->nlets, &f->lets_cap, sizeof *l);
    if (!l)
        return expect__nomem(ps);
    f->lets = l;
    l += f->nlets++;
    l->src = ps->lineno;
    l->deps.word_lhs = l->deps.word_rhs = -1;
    if (!(l->name = strndup(arg, name_len)) || !(l->label = strndup(arg, n)))
        return expect__nomem(ps);
    const char *why = expect__reserved_name(l->name);
    if (why)
        return expect__perr_at(ps, ps->lineno, "'%s' is %s and cannot be a let name", l->name, why);
    if (expect__find_let(f, l->name) != (int)f->nlets - 1)
        return expect__perr_at(ps, ps->lineno, "let '%s' is defined twice", l->name);
    int rc = expect__parse_expr(ps, arg + i + 1, n - i - 1, 0, &l->e, NULL, &l->expr_text);
    if (rc < 0)
        return rc;
    ps->target = -1;
    return add_item(ps, ITEM_LET, (int)f->nlets - 1);
}

/* The objectives of earlier versions named what the object code used; now an objective is
   a condition on what the run did, and the old names get told so. */
static int parse_objective(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw;
    static const char *const old[] = {"openmp", "offload", "pthreads"};
    for (size_t i = 0; i < 3; i++)
        if (strlen(old[i]) == n && memcmp(arg, old[i], n) == 0)
            return expect__perr_at(ps, ps->lineno,
                                   "'objective %s' is gone: an objective is now a condition on "
                                   "what the run did, like 'objective omp_team >= 2'",
                                   old[i]);
    ps->f->nobjectives++;
    return parse_check(ps, false, true, arg, n);
}

/* `unchanged DIGEST TEXT`: 16 hex digits, then the text of the section's first line. */
static int parse_unchanged(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw;
    expect_file *f = ps->f;
    uint64_t digest = 0;
    size_t i = 0;
    for (; i < n && i < 16; i++) {
        char ch = arg[i];
        int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
        if (v < 0)
            break;
        digest = digest << 4 | (uint64_t)v;
    }
    size_t text = expect__skip_spaces(arg, n, i);
    if (i != 16 || text == i || text == n)
        return expect__perr_at(ps, ps->lineno,
                               "write 'unchanged DIGEST TEXT': 16 lowercase hex digits, then the "
                               "text of the section's first line");
    struct unchanged *u = expect__grow(f->unchanged, f->nunchanged, &f->unchanged_cap, sizeof *u);
    if (!u)
        return expect__nomem(ps);
    f->unchanged = u;
    u += f->nunchanged;
    u->digest = digest;
    if (!(u->marker = strndup(arg + text, n - text)))
        return expect__nomem(ps);
    f->nunchanged++;
    return 0;
}

static int parse_title(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    (void)kw;
    if (f->title)
        return expect__perr_at(ps, ps->lineno, "a second 'title'");
    if (n == 0)
        return expect__perr_at(ps, ps->lineno, "'title' needs text");
    return (f->title = strndup(arg, n)) ? 0 : expect__nomem(ps);
}

static int parse_timeout(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    size_t i = 0;
    (void)kw;
    if (f->has_timeout)
        return expect__perr_at(ps, ps->lineno, "a second 'timeout'");
    if (!expect__scan_decimal(arg, n, &i, &f->timeout) || i != n || f->timeout <= 0 ||
        f->timeout > 86400)
        return expect__perr_at(ps, ps->lineno,
                               "'timeout' needs a number of seconds, like 'timeout 10'");
    f->has_timeout = true;
    return 0;
}

static int parse_extra_lines(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw;
    if (n != 2 || memcmp(arg, "ok", 2) != 0)
        return expect__perr_at(ps, ps->lineno, "write 'extra-lines ok'");
    ps->f->extra_ok = true;
    return 0;
}

static int parse_race_check(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw, (void)arg, (void)n;
    if (ps->f->race_check)
        return expect__perr_at(ps, ps->lineno, "a second 'race-check'");
    ps->f->race_check = true;
    return 0;
}

static int parse_any_order(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw, (void)arg, (void)n;
    if (ps->group >= 0)
        return expect__perr_at(ps, ps->lineno, "'any-order' inside 'any-order' (line %d)",
                               ps->group_src);
    ps->group = ps->f->ngroups++;
    ps->group_src = ps->lineno;
    return 0;
}

static int parse_end(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    (void)kw, (void)arg, (void)n;
    if (ps->group < 0)
        return expect__perr_at(ps, ps->lineno, "'end' without 'any-order'");
    ps->group = -1;
    return 0;
}

static int parse_knob(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    return expect__parse_knob(ps, kw, arg, n);
}

static int parse_mark(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    return expect__parse_mark(ps, kw[0] == 's', arg, n);
}

/* The attributes a directive takes on the lines after it: hint, ref, when and label (of a
   line or a check), rising and count (of a repeat). */
enum { TAKES_ATTRS = 1, TAKES_REPEAT_ATTRS = 2 };

/* Every word that starts a line of an expectation file: a new directive is one row. An
   attribute (attribute_of set) belongs to the directive before it, which must take it;
   a directive says which attributes may follow it (takes), and whether it is one word. */
static const struct directive {
    const char *name;
    int (*parse)(struct parse_state *ps, const char *kw, const char *arg, size_t n);
    unsigned takes;        /* for a directive: the attributes that may follow it */
    unsigned attribute_of; /* for an attribute: the TAKES_ bit it needs */
    const char *follows;   /* for an attribute: what it must follow, in words */
    bool bare;             /* a directive of one word: nothing may come after it */
} directives[] = {
    /* Directives. */
    {.name = "line", .parse = parse_line_directive, .takes = TAKES_ATTRS},
    {.name = "repeat", .parse = parse_repeat, .takes = TAKES_ATTRS | TAKES_REPEAT_ATTRS},
    {.name = "expect", .parse = parse_expect, .takes = TAKES_ATTRS},
    {.name = "info", .parse = parse_expect, .takes = TAKES_ATTRS},
    {.name = "objective", .parse = parse_objective, .takes = TAKES_ATTRS},
    {.name = "unchanged", .parse = parse_unchanged},
    {.name = "let", .parse = parse_let},
    {.name = "knob", .parse = parse_knob},
    {.name = "lasts", .parse = parse_knob},
    {.name = "plot", .parse = parse_knob},
    {.name = "event", .parse = parse_mark},
    {.name = "span", .parse = parse_mark},
    {.name = "title", .parse = parse_title},
    {.name = "timeout", .parse = parse_timeout},
    {.name = "extra-lines", .parse = parse_extra_lines},
    {.name = "any-order", .parse = parse_any_order, .bare = true},
    {.name = "race-check", .parse = parse_race_check, .bare = true},
    {.name = "end", .parse = parse_end, .bare = true},
    /* Attributes. */
    {.name = "hint",
     .parse = parse_attribute,
     .attribute_of = TAKES_ATTRS,
     .follows = "a line, expect, info or objective"},
    {.name = "ref",
     .parse = parse_attribute,
     .attribute_of = TAKES_ATTRS,
     .follows = "a line, expect, info or objective"},
    {.name = "when",
     .parse = parse_attribute,
     .attribute_of = TAKES_ATTRS,
     .follows = "a line, expect, info or objective"},
    {.name = "label",
     .parse = parse_attribute,
     .attribute_of = TAKES_ATTRS,
     .follows = "a line, expect, info or objective"},
    {.name = "rising",
     .parse = expect__parse_repeat_attr,
     .attribute_of = TAKES_REPEAT_ATTRS,
     .follows = "a repeat"},
    {.name = "count",
     .parse = expect__parse_repeat_attr,
     .attribute_of = TAKES_REPEAT_ATTRS,
     .follows = "a repeat"},
};

static const struct directive *find_directive(const char *kw)
{
    for (size_t j = 0; j < sizeof directives / sizeof directives[0]; j++)
        if (strcmp(kw, directives[j].name) == 0)
            return &directives[j];
    return NULL;
}

static int parse_file_line(struct parse_state *ps, const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return expect__perr_at(ps, ps->lineno, "a NUL byte in the file");
    n = expect__trim_right(s, n);
    size_t i = expect__skip_spaces(s, n, 0);
    if (i == n || s[i] == '#')
        return 0;
    size_t k = i;
    while (k < n && !expect__is_space(s[k]))
        k++;
    char kw[16];
    if (k - i >= sizeof kw)
        return expect__perr_at(ps, ps->lineno, "unknown directive '%.*s'", expect__quote_len(k - i),
                               s + i);
    memcpy(kw, s + i, k - i);
    kw[k - i] = '\0';
    const char *arg = s + expect__skip_spaces(s, n, k);
    size_t argn = (size_t)(s + n - arg);
    const struct directive *d = find_directive(kw);
    if (d && d->attribute_of) {
        if (!(ps->takes & d->attribute_of))
            return expect__perr_at(ps, ps->lineno, "'%s' must follow %s", kw, d->follows);
        return d->parse(ps, kw, arg, argn);
    }
    if (ps->f->nitems >= MAX_DIRECTIVES)
        return expect__perr_at(ps, ps->lineno, "too many directives (at most %d)", MAX_DIRECTIVES);
    ps->target = -1;
    ps->takes = 0;
    if (!d)
        return expect__perr_at(ps, ps->lineno, "unknown directive '%s'", kw);
    if (d->bare && argn > 0)
        return expect__perr_at(ps, ps->lineno, "'%s' takes nothing after it", kw);
    int rc = d->parse(ps, kw, arg, argn);
    if (rc == 0)
        ps->takes = d->takes;
    return rc;
}

int expect_parse(const char *text, size_t len, const char *filename, expect_file **out, char *err,
                 size_t errlen)
{
    struct parse_state ps = {.filename = filename ? filename : "expect",
                             .err = err,
                             .errlen = errlen,
                             .target = -1,
                             .group = -1};
    *out = NULL;
    if (errlen > 0)
        err[0] = '\0';
    if (len > MAX_FILE_BYTES)
        return expect__perr_at(&ps, 1, "the file is too large (at most %u bytes)", MAX_FILE_BYTES);
    if (!(ps.f = calloc(1, sizeof *ps.f)))
        return expect__nomem(&ps);
    int rc = 0;
    for (size_t off = 0; off < len && rc == 0;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - text) : len;
        ps.lineno++;
        rc = parse_file_line(&ps, text + off, end - off);
        off = end + 1;
    }
    if (rc == 0 && ps.group >= 0)
        rc = expect__perr_at(&ps, ps.group_src, "'any-order' without 'end'");
    if (rc == 0)
        rc = expect__resolve(&ps);
    if (rc < 0) {
        expect_free(ps.f);
        return rc;
    }
    *out = ps.f;
    return 0;
}
