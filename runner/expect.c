/*
 * Expectation files (runner/EXPECTATIONS.md): the parser, the matcher and the rows of the
 * expected/actual table. Pure functions; expressions live in expr.c.
 */
#include "expect.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

static const char *const cap_type_names[] = {"ms", "int", "num", "word", "text"};
static const char *const op_names[] = {"<", "<=", ">", ">=", "==", "!="};

/* Where the parser is; the attribute target is an index, as arrays move when they grow. */
struct parse_state {
    expect_file *f;
    const char *filename;
    int lineno;
    char *err;
    size_t errlen;
    enum item_kind target_kind;
    int target; /* -1: no directive takes attributes here */
    int group, group_src;
};

static const char COND_HELP[] = "expected a condition like 'x = 50 +15/-0', 'x >= y' or "
                                "'x in [150, 200)'";

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t trim_right(const char *s, size_t n)
{
    while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == '\r'))
        n--;
    return n;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && is_space(s[i]))
        i++;
    return i;
}

/* Quoted text in messages is cut short: a message is one line on a terminal. */
static int quote_len(size_t n)
{
    return n > 40 ? 40 : (int)n;
}

static int perr_at(struct parse_state *ps, int line, const char *fmt, ...)
{
    if (ps->errlen == 0)
        return EXPECT_ERR_FORMAT;
    int k = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->filename, line);
    if (k >= 0 && (size_t)k < ps->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err + k, ps->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return EXPECT_ERR_FORMAT;
}

static int nomem(struct parse_state *ps)
{
    if (ps->errlen > 0)
        snprintf(ps->err, ps->errlen, "%s: out of memory", ps->filename);
    return EXPECT_ERR_NOMEM;
}

/* Makes room for one more element; returns the (maybe moved) array, or NULL. */
static void *grow(void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = realloc(arr, ncap * elem);
    if (p) {
        memset((char *)p + n * elem, 0, (ncap - n) * elem);
        *cap = ncap;
    }
    return p;
}

static int find_capture(const expect_file *f, const char *name)
{
    for (size_t i = 0; i < f->ncaps; i++)
        if (strcmp(f->caps[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int find_let(const expect_file *f, const char *name)
{
    for (size_t i = 0; i < f->nlets; i++)
        if (strcmp(f->lets[i].name, name) == 0)
            return (int)i;
    return -1;
}

static bool is_name(const char *s, size_t n)
{
    if (n == 0 || n > 64 || !is_alpha(s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '_')
            return false;
    return true;
}

static int add_item(struct parse_state *ps, enum item_kind kind, int index)
{
    expect_file *f = ps->f;
    struct item *it = grow(f->items, f->nitems, &f->items_cap, sizeof *it);
    if (!it)
        return nomem(ps);
    f->items = it;
    it[f->nitems++] = (struct item){kind, index};
    return 0;
}

/* Why a name cannot be bound, or NULL when it can. */
static const char *reserved_name(const char *name)
{
    if (expr_is_fact(name))
        return "a machine fact";
    if (expr_is_function(name))
        return "a function";
    if (strcmp(name, "in") == 0)
        return "a keyword";
    return NULL;
}

static int add_capture(struct parse_state *ps, const char *name, size_t n, enum cap_type type)
{
    expect_file *f = ps->f;
    char *copy = strndup(name, n);
    if (!copy)
        return nomem(ps);
    const char *why = reserved_name(copy);
    int rc = 0;
    if (why)
        rc = perr_at(ps, ps->lineno, "'%s' is %s and cannot be a capture name", copy, why);
    else if (find_capture(f, copy) >= 0)
        rc = perr_at(ps, ps->lineno, "capture '%s' is bound twice", copy);
    struct capture *c = rc ? NULL : grow(f->caps, f->ncaps, &f->caps_cap, sizeof *c);
    if (!c) {
        free(copy);
        return rc ? rc : nomem(ps);
    }
    f->caps = c;
    c[f->ncaps] = (struct capture){copy, type, (int)f->nlines};
    return (int)f->ncaps++;
}

static int add_piece(struct parse_state *ps, struct pline *l, int cap, const char *lit, size_t n)
{
    struct piece *p = realloc(l->pieces, (l->npieces + 1) * sizeof *p);
    if (!p)
        return nomem(ps);
    l->pieces = p;
    p[l->npieces] = (struct piece){cap, NULL, n};
    if (cap < 0 && !(p[l->npieces].lit = strndup(lit, n)))
        return nomem(ps);
    l->npieces++;
    return 0;
}

static int parse_capture(struct parse_state *ps, struct pline *l, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (!colon)
        return perr_at(ps, ps->lineno, "capture '{%.*s}' needs a type, like {%.*s:ms}",
                       quote_len(n), s, quote_len(n), s);
    size_t nn = (size_t)(colon - s), tn = n - nn - 1;
    if (!is_name(s, nn))
        return perr_at(ps, ps->lineno,
                       "bad capture name '%.*s' (letters, digits and _, starting with a letter)",
                       quote_len(nn), s);
    int type = -1;
    for (int t = CAP_MS; t <= CAP_TEXT; t++)
        if (strlen(cap_type_names[t]) == tn && memcmp(colon + 1, cap_type_names[t], tn) == 0)
            type = t;
    if (type < 0)
        return perr_at(ps, ps->lineno,
                       "unknown capture type '%.*s' (use ms, int, num, word or text)",
                       quote_len(tn), colon + 1);
    int cap = add_capture(ps, s, nn, (enum cap_type)type);
    return cap < 0 ? cap : add_piece(ps, l, cap, NULL, 0);
}

/* Splits a `line` pattern into literal pieces and captures. */
static int parse_pattern(struct parse_state *ps, struct pline *l, const char *s, size_t n)
{
    char *lit = malloc(n + 1);
    size_t litn = 0, ncaps = 0;
    int rc = lit ? 0 : nomem(ps);
    for (size_t i = 0; i < n && rc == 0;) {
        if ((s[i] == '{' || s[i] == '}') && i + 1 < n && s[i + 1] == s[i]) {
            lit[litn++] = s[i];
            i += 2;
        } else if (s[i] == '}') {
            rc = perr_at(ps, ps->lineno, "a '}' on its own in a line (write '}}' for a brace)");
        } else if (s[i] == '{') {
            const char *close = memchr(s + i, '}', n - i);
            if (!close) {
                rc = perr_at(ps, ps->lineno, "'{' without '}' in a line (write '{{' for a brace)");
                break;
            }
            if (++ncaps > MAX_LINE_CAPTURES) {
                rc = perr_at(ps, ps->lineno, "too many captures in one line (at most %d)",
                             MAX_LINE_CAPTURES);
                break;
            }
            if (litn > 0 && (rc = add_piece(ps, l, -1, lit, litn)) < 0)
                break;
            litn = 0;
            rc = parse_capture(ps, l, s + i + 1, (size_t)(close - s) - i - 1);
            i = (size_t)(close - s) + 1;
        } else {
            lit[litn++] = s[i++];
        }
    }
    if (rc == 0 && litn > 0)
        rc = add_piece(ps, l, -1, lit, litn);
    free(lit);
    for (size_t i = 0; rc == 0 && i + 1 < l->npieces; i++)
        if (l->pieces[i].cap >= 0 && ps->f->caps[l->pieces[i].cap].type == CAP_TEXT)
            rc = perr_at(ps, ps->lineno, "a 'text' capture must come last in its line");
    return rc;
}

/* A non-negative decimal of a tolerance: "15", "2.5". */
static bool scan_decimal(const char *s, size_t n, size_t *i, double *v)
{
    size_t start = *i;
    char buf[64];
    while (*i < n && (is_digit(s[*i]) || s[*i] == '.') && *i - start < sizeof buf - 1)
        (*i)++;
    size_t len = *i - start;
    if (len == 0 || !is_digit(s[start]))
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
        i = skip_spaces(s, n, 1);
        if (i < n && s[i] == '-') {
            i++;
            symmetric = true;
        }
    } else {
        return false;
    }
    i = skip_spaces(s, n, i);
    if (!scan_decimal(s, n, &i, up))
        return false;
    if (symmetric) {
        *down = *up;
    } else {
        i = skip_spaces(s, n, i);
        if (i >= n || s[i] != '/')
            return false;
        i = skip_spaces(s, n, i + 1);
        if (i >= n || s[i] != '-')
            return false;
        i = skip_spaces(s, n, i + 1);
        if (!scan_decimal(s, n, &i, down))
            return false;
    }
    return skip_spaces(s, n, i) == n;
}

/* Parses an expression that must fill s[0..n) exactly (or *used gets how much it took). */
static int parse_expr(struct parse_state *ps, const char *s, size_t n, int flags, expr **e,
                      size_t *used, char **text)
{
    char msg[160];
    size_t u = 0;
    int rc = expr_parse(s, n, flags, e, &u, msg, sizeof msg);
    if (rc == EXPR_ERR_NOMEM)
        return nomem(ps);
    if (rc < 0)
        return perr_at(ps, ps->lineno, "%s", msg);
    if (!used && u != n)
        return perr_at(ps, ps->lineno, "unexpected '%.*s' in an expression", quote_len(n - u),
                       s + u);
    if (used)
        *used = u;
    size_t start = skip_spaces(s, n, 0);
    if (text && !(*text = strndup(s + start, trim_right(s, u) - start)))
        return nomem(ps);
    return 0;
}

static int parse_range(struct parse_state *ps, struct cond *c, const char *s, size_t n)
{
    static const char help[] = "expected a range like 'in [150, 200)'";
    size_t i = skip_spaces(s, n, 0), used;
    if (i >= n || (s[i] != '[' && s[i] != '('))
        return perr_at(ps, ps->lineno, help);
    c->lo_closed = s[i] == '[';
    i++;
    int rc = parse_expr(ps, s + i, n - i, 0, &c->rhs, &used, &c->rhs_text);
    if (rc < 0)
        return rc;
    i += used;
    if (i >= n || s[i] != ',')
        return perr_at(ps, ps->lineno, help);
    i++;
    if ((rc = parse_expr(ps, s + i, n - i, 0, &c->hi, &used, &c->hi_text)) < 0)
        return rc;
    i += used;
    if (i >= n || (s[i] != ']' && s[i] != ')'))
        return perr_at(ps, ps->lineno, help);
    c->hi_closed = s[i] == ']';
    size_t rest = skip_spaces(s, n, i + 1);
    if (rest != n)
        return perr_at(ps, ps->lineno, "unexpected '%.*s' after the range", quote_len(n - rest),
                       s + rest);
    return 0;
}

static int parse_comparison(struct parse_state *ps, struct cond *c, const char *s, size_t n)
{
    size_t i = skip_spaces(s, n, 0);
    if (i == n)
        return perr_at(ps, ps->lineno, "nothing after '%s'", op_names[c->op]);
    if (!(c->rhs_text = strndup(s + i, n - i)))
        return nomem(ps);
    char msg[160];
    size_t used = 0;
    int rc = expr_parse(s + i, n - i, 0, &c->rhs, &used, msg, sizeof msg);
    if (rc == EXPR_ERR_NOMEM)
        return nomem(ps);
    if (rc == 0 && used != n - i) {
        snprintf(msg, sizeof msg, "unexpected '%.*s' after the condition", quote_len(n - i - used),
                 s + i + used);
        rc = EXPR_ERR_SYNTAX;
    }
    if (rc < 0) {
        expr_free(c->rhs);
        c->rhs = NULL;
        /* Against a word capture the right side is a word, which is no expression:
           the verdict waits until every capture's type is known. */
        if (c->op != OP_EQ && c->op != OP_NE)
            return perr_at(ps, ps->lineno, "%s", msg);
        if (!(c->rhs_err = strdup(msg)))
            return nomem(ps);
    }
    return 0;
}

static int parse_cond(struct parse_state *ps, struct cond *c, const char *s, size_t n)
{
    size_t used;
    c->word_lhs = c->word_rhs = -1;
    if (!(c->text = strndup(s, n)))
        return nomem(ps);
    int rc = parse_expr(ps, s, n, 0, &c->lhs, &used, &c->lhs_text);
    if (rc < 0)
        return rc;
    const char *r = s + used;
    size_t rn = n - used;
    if (rn >= 2 && r[0] == 'i' && r[1] == 'n' &&
        (rn == 2 || is_space(r[2]) || r[2] == '[' || r[2] == '(')) {
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
        return perr_at(ps, ps->lineno, COND_HELP);
    c->kind = COND_TOL;
    rc = parse_expr(ps, r + 1, rn - 1, EXPR_STOP_AT_TOLERANCE, &c->rhs, &used, &c->rhs_text);
    if (rc < 0)
        return rc;
    if (used == rn - 1)
        return 0; /* plain `= T`: exactly */
    if (!parse_tolerance(r + 1 + used, rn - 1 - used, &c->up, &c->down))
        return perr_at(ps, ps->lineno, "expected a tolerance like +15/-0");
    return 0;
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

static struct attrs *target_attrs(struct parse_state *ps)
{
    if (ps->target < 0)
        return NULL;
    if (ps->target_kind == ITEM_LINE)
        return &ps->f->lines[ps->target].at;
    return &ps->f->checks[ps->target].at;
}

static int parse_attribute(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    struct attrs *at = target_attrs(ps);
    if (!at)
        return perr_at(ps, ps->lineno, "'%s' must follow a line, expect or info", kw);
    if (n == 0)
        return perr_at(ps, ps->lineno, "'%s' needs %s", kw,
                       strcmp(kw, "hint") == 0 ? "text" : "a value");
    if (strcmp(kw, "hint") == 0) {
        /* Several hint lines make one longer hint. */
        size_t old = at->hint ? strlen(at->hint) : 0;
        char *h = realloc(at->hint, old + n + 2);
        if (!h)
            return nomem(ps);
        if (old)
            h[old++] = ' ';
        memcpy(h + old, arg, n);
        h[old + n] = '\0';
        at->hint = h;
        return 0;
    }
    if (strcmp(kw, "ref") == 0) {
        if (at->has_ref)
            return perr_at(ps, ps->lineno, "a second 'ref' for the same directive");
        expr *e = NULL;
        int rc = parse_expr(ps, arg, n, 0, &e, NULL, &at->ref_text);
        if (rc == 0 && (expr_name_count(e) > 0 || expr_eval(e, NULL, NULL, &at->ref) < 0))
            rc = perr_at(ps, ps->lineno, "'ref' needs a number, like 'ref 350'");
        expr_free(e);
        at->has_ref = rc == 0;
        return rc;
    }
    if (at->when)
        return perr_at(ps, ps->lineno, "a second 'when' for the same directive");
    if (!(at->when = calloc(1, sizeof *at->when)))
        return nomem(ps);
    at->when_src = ps->lineno;
    return parse_cond(ps, at->when, arg, n);
}

static int parse_line_directive(struct parse_state *ps, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    struct pline *l = grow(f->lines, f->nlines, &f->lines_cap, sizeof *l);
    if (!l)
        return nomem(ps);
    f->lines = l;
    l += f->nlines;
    l->src = ps->lineno;
    l->group = ps->group;
    if (!(l->text = strndup(arg, n)))
        return nomem(ps);
    int rc = parse_pattern(ps, l, arg, n);
    f->nlines++; /* counted even on error, so that expect_free frees it */
    if (rc < 0)
        return rc;
    ps->target_kind = ITEM_LINE;
    ps->target = (int)f->nlines - 1;
    return add_item(ps, ITEM_LINE, ps->target);
}

static int parse_check(struct parse_state *ps, bool info, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    struct check *k = grow(f->checks, f->nchecks, &f->checks_cap, sizeof *k);
    if (!k)
        return nomem(ps);
    f->checks = k;
    k += f->nchecks++;
    k->src = ps->lineno;
    k->info = info;
    int rc = parse_cond(ps, &k->c, arg, n);
    if (rc < 0)
        return rc;
    ps->target_kind = ITEM_CHECK;
    ps->target = (int)f->nchecks - 1;
    return add_item(ps, ITEM_CHECK, ps->target);
}

static int parse_let(struct parse_state *ps, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    size_t i = 0;
    while (i < n && (is_alpha(arg[i]) || is_digit(arg[i]) || arg[i] == '_'))
        i++;
    size_t name_len = i;
    i = skip_spaces(arg, n, i);
    if (!is_name(arg, name_len) || i >= n || arg[i] != '=' || (i + 1 < n && arg[i + 1] == '='))
        return perr_at(ps, ps->lineno, "expected 'let NAME = EXPR'");
    struct let *l = grow(f->lets, f->nlets, &f->lets_cap, sizeof *l);
    if (!l)
        return nomem(ps);
    f->lets = l;
    l += f->nlets++;
    l->src = ps->lineno;
    l->deps.word_lhs = l->deps.word_rhs = -1;
    if (!(l->name = strndup(arg, name_len)) || !(l->label = strndup(arg, n)))
        return nomem(ps);
    const char *why = reserved_name(l->name);
    if (why)
        return perr_at(ps, ps->lineno, "'%s' is %s and cannot be a let name", l->name, why);
    if (find_let(f, l->name) != (int)f->nlets - 1)
        return perr_at(ps, ps->lineno, "let '%s' is defined twice", l->name);
    int rc = parse_expr(ps, arg + i + 1, n - i - 1, 0, &l->e, NULL, &l->expr_text);
    if (rc < 0)
        return rc;
    ps->target = -1;
    return add_item(ps, ITEM_LET, (int)f->nlets - 1);
}

static int parse_objective(struct parse_state *ps, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    static const char *const known[] = {"openmp", "offload", "pthreads"};
    bool ok = false;
    for (size_t i = 0; i < 3; i++)
        ok |= strlen(known[i]) == n && memcmp(arg, known[i], n) == 0;
    if (!ok)
        return perr_at(ps, ps->lineno, "unknown objective '%.*s' (use openmp, offload or pthreads)",
                       quote_len(n), arg);
    /* One spare slot keeps the array NULL-terminated. */
    size_t cap = f->objectives_cap;
    char **o = grow(f->objectives, f->nobjectives + 1, &cap, sizeof *o);
    if (!o)
        return nomem(ps);
    f->objectives = o;
    f->objectives_cap = cap;
    if (!(o[f->nobjectives] = strndup(arg, n)))
        return nomem(ps);
    o[++f->nobjectives] = NULL;
    return 0;
}

static int parse_simple(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    if (strcmp(kw, "title") == 0) {
        if (f->title)
            return perr_at(ps, ps->lineno, "a second 'title'");
        if (n == 0)
            return perr_at(ps, ps->lineno, "'title' needs text");
        return (f->title = strndup(arg, n)) ? 0 : nomem(ps);
    }
    if (strcmp(kw, "timeout") == 0) {
        size_t i = 0;
        if (f->has_timeout)
            return perr_at(ps, ps->lineno, "a second 'timeout'");
        if (!scan_decimal(arg, n, &i, &f->timeout) || i != n || f->timeout <= 0 ||
            f->timeout > 86400)
            return perr_at(ps, ps->lineno,
                           "'timeout' needs a number of seconds, like 'timeout 10'");
        f->has_timeout = true;
        return 0;
    }
    if (strcmp(kw, "extra-lines") == 0) {
        if (n != 2 || memcmp(arg, "ok", 2) != 0)
            return perr_at(ps, ps->lineno, "write 'extra-lines ok'");
        f->extra_ok = true;
        return 0;
    }
    if (strcmp(kw, "objective") == 0)
        return parse_objective(ps, arg, n);
    if (n > 0)
        return perr_at(ps, ps->lineno, "'%s' takes nothing after it", kw);
    if (strcmp(kw, "any-order") == 0) {
        if (ps->group >= 0)
            return perr_at(ps, ps->lineno, "'any-order' inside 'any-order' (line %d)",
                           ps->group_src);
        ps->group = f->ngroups++;
        ps->group_src = ps->lineno;
        return 0;
    }
    if (ps->group < 0)
        return perr_at(ps, ps->lineno, "'end' without 'any-order'");
    ps->group = -1;
    return 0;
}

/* Whether the word w stands at s[i], followed by a space or the end. */
static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    return i + k <= n && memcmp(s + i, w, k) == 0 && (i + k == n || is_space(s[i + k]));
}

/* `event NAME [wanted EXPR] [as LABEL]` and `span LABEL from EXPR to EXPR`: the timeline. */
static int parse_mark(struct parse_state *ps, bool span, const char *arg, size_t n)
{
    static const char event_help[] = "expected 'event NAME [wanted EXPR] [as LABEL]'";
    static const char span_help[] = "expected 'span LABEL from EXPR to EXPR'";
    expect_file *f = ps->f;
    if (f->nmarks >= MAX_DIRECTIVES)
        return perr_at(ps, ps->lineno, "too many directives (at most %d)", MAX_DIRECTIVES);
    struct mark *m = grow(f->marks, f->nmarks, &f->marks_cap, sizeof *m);
    if (!m)
        return nomem(ps);
    f->marks = m;
    m += f->nmarks++;
    m->src = ps->lineno;
    m->span = span;
    m->deps.word_lhs = m->deps.word_rhs = -1;
    size_t i = 0, used;
    int rc;
    if (span) {
        size_t k = 1;
        while (k < n && !(is_space(arg[k - 1]) && word_at(arg, n, k, "from")))
            k++;
        if (k >= n || trim_right(arg, k) == 0)
            return perr_at(ps, ps->lineno, span_help);
        if (!(m->label = strndup(arg, trim_right(arg, k))))
            return nomem(ps);
        i = k + 4;
        if ((rc = parse_expr(ps, arg + i, n - i, 0, &m->from, &used, NULL)) < 0)
            return rc;
        i += used;
        if (!word_at(arg, n, i, "to"))
            return perr_at(ps, ps->lineno, "%s: 'to' is missing", span_help);
        i += 2;
        return parse_expr(ps, arg + i, n - i, 0, &m->to, NULL, NULL);
    }
    while (i < n && !is_space(arg[i]))
        i++;
    if (!is_name(arg, i))
        return perr_at(ps, ps->lineno, event_help);
    if (!(m->name = strndup(arg, i)))
        return nomem(ps);
    i = skip_spaces(arg, n, i);
    if (word_at(arg, n, i, "wanted")) {
        i += 6;
        if ((rc = parse_expr(ps, arg + i, n - i, 0, &m->wanted, &used, NULL)) < 0)
            return rc;
        i += used;
    }
    if (word_at(arg, n, i, "as")) {
        i = skip_spaces(arg, n, i + 2);
        if (i == n)
            return perr_at(ps, ps->lineno, "'as' needs a label");
        if (!(m->label = strndup(arg + i, n - i)))
            return nomem(ps);
        i = n;
    }
    if (i != n)
        return perr_at(ps, ps->lineno, "unexpected '%.*s' in an event: %s", quote_len(n - i),
                       arg + i, event_help);
    if (!m->label && !(m->label = strdup(m->name)))
        return nomem(ps);
    return 0;
}

static int parse_file_line(struct parse_state *ps, const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return perr_at(ps, ps->lineno, "a NUL byte in the file");
    n = trim_right(s, n);
    size_t i = skip_spaces(s, n, 0);
    if (i == n || s[i] == '#')
        return 0;
    size_t k = i;
    while (k < n && !is_space(s[k]))
        k++;
    char kw[16];
    if (k - i >= sizeof kw)
        return perr_at(ps, ps->lineno, "unknown directive '%.*s'", quote_len(k - i), s + i);
    memcpy(kw, s + i, k - i);
    kw[k - i] = '\0';
    const char *arg = s + skip_spaces(s, n, k);
    size_t argn = (size_t)(s + n - arg);
    if (strcmp(kw, "hint") == 0 || strcmp(kw, "ref") == 0 || strcmp(kw, "when") == 0)
        return parse_attribute(ps, kw, arg, argn);
    if (ps->f->nitems >= MAX_DIRECTIVES)
        return perr_at(ps, ps->lineno, "too many directives (at most %d)", MAX_DIRECTIVES);
    ps->target = -1;
    if (strcmp(kw, "line") == 0)
        return parse_line_directive(ps, arg, argn);
    if (strcmp(kw, "expect") == 0 || strcmp(kw, "info") == 0)
        return parse_check(ps, kw[0] == 'i', arg, argn);
    if (strcmp(kw, "let") == 0)
        return parse_let(ps, arg, argn);
    if (strcmp(kw, "event") == 0 || strcmp(kw, "span") == 0)
        return parse_mark(ps, kw[0] == 's', arg, argn);
    static const char *const simple[] = {"title",     "timeout",   "extra-lines",
                                         "objective", "any-order", "end"};
    for (size_t j = 0; j < sizeof simple / sizeof simple[0]; j++)
        if (strcmp(kw, simple[j]) == 0)
            return parse_simple(ps, kw, arg, argn);
    return perr_at(ps, ps->lineno, "unknown directive '%s'", kw);
}

static int add_dep(struct parse_state *ps, struct cond *c, int cap)
{
    for (size_t i = 0; i < c->ncaps; i++)
        if (c->caps[i] == cap)
            return 0;
    int *p = realloc(c->caps, (c->ncaps + 1) * sizeof *p);
    if (!p)
        return nomem(ps);
    c->caps = p;
    p[c->ncaps++] = cap;
    return 0;
}

static unsigned fact_bit(const char *name)
{
    return strcmp(name, "cores") == 0  ? FACT_CORES
           : strcmp(name, "load") == 0 ? FACT_LOAD
                                       : FACT_OMP;
}

/* Checks every name of e and records the captures and facts it needs into c. */
static int resolve_names(struct parse_state *ps, struct cond *c, const expr *e, int src,
                         const char *what, size_t let_limit, bool bound)
{
    const expect_file *f = ps->f;
    for (size_t i = 0; e && i < expr_name_count(e); i++) {
        const char *name = expr_name(e, i);
        int cap = find_capture(f, name), let = find_let(f, name);
        int rc = 0;
        unsigned facts = 0;
        if (expr_is_fact(name)) {
            facts = fact_bit(name);
        } else if (cap >= 0) {
            enum cap_type t = f->caps[cap].type;
            if (t == CAP_WORD || t == CAP_TEXT)
                return perr_at(ps, src, "'%s' is a %s capture: compare it with == or != only", name,
                               cap_type_names[t]);
            rc = add_dep(ps, c, cap);
        } else if (let >= 0 && (size_t)let < let_limit) {
            const struct cond *d = &f->lets[let].deps;
            for (size_t j = 0; j < d->ncaps && rc == 0; j++)
                rc = add_dep(ps, c, d->caps[j]);
            facts = d->facts;
        } else if (let >= 0) {
            return perr_at(ps, src, "let '%s' uses '%s', which is defined below it",
                           f->lets[let_limit].name, name);
        } else {
            return perr_at(ps, src, "unknown name '%s' in %s", name, what);
        }
        if (rc < 0)
            return rc;
        c->facts |= facts;
        if (bound)
            c->bound_facts |= facts;
    }
    return 0;
}

static bool is_text_capture(const expect_file *f, int cap)
{
    return cap >= 0 && (f->caps[cap].type == CAP_WORD || f->caps[cap].type == CAP_TEXT);
}

static int resolve_cond(struct parse_state *ps, struct cond *c, int src)
{
    const expect_file *f = ps->f;
    const char *lname = expr_single_name(c->lhs);
    int wl = lname ? find_capture(f, lname) : -1;
    if (c->kind == COND_CMP && (c->op == OP_EQ || c->op == OP_NE) && is_text_capture(f, wl)) {
        const char *rname = c->rhs ? expr_single_name(c->rhs) : NULL;
        c->kind = COND_WORD;
        c->word_lhs = wl;
        c->word_rhs = rname ? find_capture(f, rname) : -1;
        int rc = add_dep(ps, c, wl);
        return rc == 0 && c->word_rhs >= 0 ? add_dep(ps, c, c->word_rhs) : rc;
    }
    if (c->rhs_err)
        return perr_at(ps, src, "%s", c->rhs_err);
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
        int cap = find_capture(f, m->name);
        if (is_text_capture(f, cap))
            return perr_at(ps, m->src, "event '%s' is a %s capture, not a time", m->name,
                           cap_type_names[f->caps[cap].type]);
        if (cap < 0 && find_let(f, m->name) < 0)
            return perr_at(ps, m->src, "event '%s' is neither a capture nor a let", m->name);
    }
    int rc = resolve_names(ps, &m->deps, m->wanted, m->src, what, f->nlets, false);
    if (rc == 0)
        rc = resolve_names(ps, &m->deps, m->from, m->src, what, f->nlets, false);
    if (rc == 0)
        rc = resolve_names(ps, &m->deps, m->to, m->src, what, f->nlets, false);
    return rc;
}

/* Names are checked once the whole file is read: a check may name a later line's capture. */
static int resolve(struct parse_state *ps)
{
    expect_file *f = ps->f;
    int rc = 0;
    for (size_t i = 0; i < f->nlets && rc == 0; i++) {
        struct let *l = &f->lets[i];
        if (find_capture(f, l->name) >= 0)
            return perr_at(ps, l->src, "'%s' is both a capture and a let", l->name);
        rc = resolve_names(ps, &l->deps, l->e, l->src, "let", i, false);
    }
    for (size_t i = 0; i < f->nchecks && rc == 0; i++) {
        struct check *k = &f->checks[i];
        rc = resolve_cond(ps, &k->c, k->src);
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
        return perr_at(&ps, 1, "the file is too large (at most %u bytes)", MAX_FILE_BYTES);
    if (!(ps.f = calloc(1, sizeof *ps.f)))
        return nomem(&ps);
    int rc = 0;
    for (size_t off = 0; off < len && rc == 0;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - text) : len;
        ps.lineno++;
        rc = parse_file_line(&ps, text + off, end - off);
        off = end + 1;
    }
    if (rc == 0 && ps.group >= 0)
        rc = perr_at(&ps, ps.group_src, "'any-order' without 'end'");
    if (rc == 0)
        rc = resolve(&ps);
    if (rc < 0) {
        expect_free(ps.f);
        return rc;
    }
    *out = ps.f;
    return 0;
}

static void attrs_free(struct attrs *at)
{
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
    for (size_t i = 0; i < f->nobjectives; i++)
        free(f->objectives[i]);
    free(f->objectives);
    free(f->lines);
    free(f->caps);
    free(f->checks);
    free(f->lets);
    free(f->items);
    free(f->title);
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

const char *const *expect_objectives(const expect_file *f)
{
    static const char *const none[] = {NULL};
    return f->objectives ? (const char *const *)f->objectives : none;
}

size_t expect_line_count(const expect_file *f)
{
    return f->nlines;
}

/* Matching. Every string of a result lives in its pool, freed with it. */
struct pool_block {
    struct pool_block *next;
    char data[];
};

struct result_impl {
    expect_result pub; /* first, so that the public pointer is this one */
    struct pool_block *pool;
    bool nomem;
    size_t ncaps;
    const char **cap_name;
    const char **cap_text;
    double *cap_val;
    bool *cap_has;
    bool *cap_numeric;
    int *cap_out;
};

struct eval_ctx {
    const expect_file *f;
    const expect_machine *m;
    struct result_impl *r;
    bool *let_has;
    double *let_val;
};

static char *pool_strndup(struct result_impl *r, const char *s, size_t n)
{
    struct pool_block *b = malloc(sizeof *b + n + 1);
    if (!b) {
        r->nomem = true;
        return NULL;
    }
    b->next = r->pool;
    r->pool = b;
    memcpy(b->data, s, n);
    b->data[n] = '\0';
    return b->data;
}

static char *pool_printf(struct result_impl *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    struct pool_block *b = n < 0 ? NULL : malloc(sizeof *b + (size_t)n + 1);
    if (!b) {
        r->nomem = true;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(b->data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->next = r->pool;
    r->pool = b;
    return b->data;
}

static char *pool_format(struct result_impl *r, double v)
{
    char buf[64];
    expr_format(v, buf, sizeof buf);
    return pool_strndup(r, buf, strlen(buf));
}

static int lookup(void *vctx, const char *name, double *value)
{
    const struct eval_ctx *x = vctx;
    if (expr_is_fact(name))
        return expr_fact(x->m, name, value);
    int cap = find_capture(x->f, name);
    if (cap >= 0) {
        if (!x->r->cap_has[cap] || !x->r->cap_numeric[cap])
            return EXPR_ERR_MISSING;
        *value = x->r->cap_val[cap];
        return 0;
    }
    int let = find_let(x->f, name);
    if (let >= 0 && x->let_has[let]) {
        *value = x->let_val[let];
        return 0;
    }
    return EXPR_ERR_MISSING;
}

/* The end of the number a numeric capture takes at s[i] (i itself when there is none). */
static size_t scan_number(const char *s, size_t n, size_t i, enum cap_type t)
{
    size_t start = i, digits = 0;
    if (t != CAP_MS && i < n && s[i] == '-')
        i++;
    while (i < n && is_digit(s[i]))
        i++, digits++;
    if (t == CAP_NUM && i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
        i++;
        while (i < n && is_digit(s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return start;
    if (t == CAP_NUM && i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t q = i + 1;
        if (q < n && (s[q] == '+' || s[q] == '-'))
            q++;
        if (q < n && is_digit(s[q])) {
            while (q < n && is_digit(s[q]))
                q++;
            i = q;
        }
    }
    return i;
}

struct span {
    size_t start, len;
};

/*
 * Does s[pos..n) fit pieces pi.. of l? Numbers take all the digits they can; a word tries
 * its longest run first and backs off, within a step budget so no line can take long.
 * The recursion is at most one level per piece.
 */
static bool match_from(const expect_file *f, const struct pline *l, size_t pi, size_t ci,
                       const char *s, size_t n, size_t pos, struct span *spans, long *budget)
{
    if (--*budget < 0)
        return false;
    if (pi == l->npieces)
        return pos == n;
    const struct piece *p = &l->pieces[pi];
    if (p->cap < 0) {
        if (n - pos >= p->litlen && memcmp(s + pos, p->lit, p->litlen) == 0)
            return match_from(f, l, pi + 1, ci, s, n, pos + p->litlen, spans, budget);
        /* "done: {rest:text}" fits "done:" too, whose trailing space was trimmed away. */
        size_t trimmed = trim_right(p->lit, p->litlen);
        if (pi + 2 == l->npieces && l->pieces[pi + 1].cap >= 0 &&
            f->caps[l->pieces[pi + 1].cap].type == CAP_TEXT && n - pos == trimmed &&
            memcmp(s + pos, p->lit, trimmed) == 0) {
            spans[ci] = (struct span){n, 0};
            return true;
        }
        return false;
    }
    enum cap_type t = f->caps[p->cap].type;
    if (t == CAP_TEXT) {
        spans[ci] = (struct span){pos, n - pos};
        return true; /* always the last piece */
    }
    size_t end = pos;
    if (t == CAP_WORD) {
        while (end < n && !is_space(s[end]))
            end++;
        for (size_t e = end; e > pos; e--) {
            spans[ci] = (struct span){pos, e - pos};
            if (match_from(f, l, pi + 1, ci + 1, s, n, e, spans, budget))
                return true;
        }
        return false;
    }
    end = scan_number(s, n, pos, t);
    if (end == pos)
        return false;
    spans[ci] = (struct span){pos, end - pos};
    return match_from(f, l, pi + 1, ci + 1, s, n, end, spans, budget);
}

static void take_captures(struct result_impl *r, const expect_file *f, const struct pline *l,
                          const char *s, const struct span *spans, int out_index)
{
    size_t ci = 0;
    for (size_t i = 0; i < l->npieces; i++) {
        int cap = l->pieces[i].cap;
        if (cap < 0)
            continue;
        const struct span *sp = &spans[ci++];
        char *text = pool_strndup(r, s + sp->start, sp->len);
        if (!text)
            return;
        r->cap_text[cap] = text;
        r->cap_has[cap] = true;
        r->cap_out[cap] = out_index;
        r->cap_numeric[cap] = f->caps[cap].type <= CAP_NUM;
        /* Kept as a double for arithmetic; the text stays exact for huge integers. */
        if (r->cap_numeric[cap])
            r->cap_val[cap] = strtod(text, NULL);
    }
}

/* Each line takes the first unused output line at or after the previous match. */
static void match_lines(struct result_impl *r, const expect_file *f, const char *const *lines,
                        const size_t *lens, size_t nlines, bool *used, int *line_out)
{
    struct span spans[MAX_LINE_CAPTURES];
    size_t pos = 0;
    for (size_t i = 0; i < f->nlines;) {
        size_t gend = i + 1;
        if (f->lines[i].group >= 0)
            while (gend < f->nlines && f->lines[gend].group == f->lines[i].group)
                gend++;
        size_t next = pos;
        for (size_t k = i; k < gend; k++) {
            for (size_t j = pos; j < nlines; j++) {
                long budget = MATCH_BUDGET;
                if (used[j] ||
                    !match_from(f, &f->lines[k], 0, 0, lines[j], lens[j], 0, spans, &budget))
                    continue;
                used[j] = true;
                line_out[k] = (int)j;
                take_captures(r, f, &f->lines[k], lines[j], spans, (int)j);
                if (j + 1 > next)
                    next = j + 1;
                break;
            }
        }
        pos = next;
        i = gend;
    }
}

struct cond_values {
    bool has_lhs, has_rhs, has_hi;
    double lhs, rhs, hi;
};

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
static int cond_eval(struct eval_ctx *x, const struct cond *c, bool *held, struct cond_values *v)
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
    int rc = expr_eval(c->lhs, lookup, x, &v->lhs);
    v->has_lhs = rc == 0;
    int rc2 = c->rhs ? expr_eval(c->rhs, lookup, x, &v->rhs) : 0;
    v->has_rhs = c->rhs && rc2 == 0;
    int rc3 = c->hi ? expr_eval(c->hi, lookup, x, &v->hi) : 0;
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

static void facts_text(char *buf, size_t n, unsigned facts, const expect_machine *m)
{
    char load[64];
    buf[0] = '\0';
    if (!m)
        return;
    if (facts & FACT_CORES)
        snprintf(buf + strlen(buf), n - strlen(buf), "%d core%s", m->cores,
                 m->cores == 1 ? "" : "s");
    if (facts & FACT_OMP)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%d OpenMP thread%s", buf[0] ? ", " : "",
                 m->omp_threads, m->omp_threads == 1 ? "" : "s");
    if (facts & FACT_LOAD)
        snprintf(buf + strlen(buf), n - strlen(buf), "%sload %s", buf[0] ? ", " : "",
                 expr_format(m->load, load, sizeof load));
}

/* What the table shows as expected: "50 +15/-0", ">= 300 (ref 350)", "in [150, 200)". */
static const char *expected_text(struct eval_ctx *x, const struct cond *c, const struct attrs *at,
                                 const struct cond_values *v)
{
    struct result_impl *r = x->r;
    char a[64], b[64], up[64], down[64], facts[128], note[64];
    const char *lo = v->has_rhs ? expr_format(v->rhs, a, sizeof a) : c->rhs_text;
    const char *hi = v->has_hi ? expr_format(v->hi, b, sizeof b) : c->hi_text;
    const char *base = NULL;
    switch (c->kind) {
    case COND_TOL:
        if (c->up == 0 && c->down == 0)
            base = pool_printf(r, "%s", lo);
        else
            base = pool_printf(r, "%s +%s/-%s", lo, expr_format(c->up, up, sizeof up),
                               expr_format(c->down, down, sizeof down));
        break;
    case COND_CMP:
        base = pool_printf(r, "%s %s", op_names[c->op], lo);
        break;
    case COND_RANGE:
        base = pool_printf(r, "in %c%s, %s%c", c->lo_closed ? '[' : '(', lo, hi,
                           c->hi_closed ? ']' : ')');
        break;
    case COND_WORD: {
        const char *w =
            c->word_rhs >= 0 && r->cap_has[c->word_rhs] ? r->cap_text[c->word_rhs] : c->rhs_text;
        base = pool_printf(r, "%s %s", op_names[c->op], w);
        break;
    }
    }
    if (!base)
        return "";
    /* A bound computed from this machine says how, so that the number makes sense. */
    facts_text(facts, sizeof facts, c->bound_facts, x->m);
    bool derived = facts[0] && v->has_rhs;
    snprintf(note, sizeof note, "%s", at && at->has_ref ? at->ref_text : "");
    if (!derived && !note[0])
        return base;
    const char *bounds =
        c->kind == COND_RANGE ? pool_printf(r, "%s, %s", c->rhs_text, c->hi_text) : c->rhs_text;
    if (!bounds)
        return base;
    if (derived && note[0])
        return pool_printf(r, "%s (%s, %s; ref %s)", base, bounds, facts, note);
    if (derived)
        return pool_printf(r, "%s (%s, %s)", base, bounds, facts);
    return pool_printf(r, "%s (ref %s)", base, note);
}

static bool uses_ms(const expect_file *f, const struct cond *c)
{
    for (size_t i = 0; i < c->ncaps; i++)
        if (f->caps[c->caps[i]].type == CAP_MS)
            return true;
    return false;
}

/* The first capture c needs that is missing, or -1. */
static int missing_capture(const struct eval_ctx *x, const struct cond *c)
{
    for (size_t i = 0; i < c->ncaps; i++)
        if (!x->r->cap_has[c->caps[i]])
            return c->caps[i];
    return -1;
}

static void row_hint(struct eval_ctx *x, expect_row *row, const struct attrs *at)
{
    if (!at->hint)
        return;
    char *h = expr_interpolate(at->hint, lookup, x);
    if (!h) {
        x->r->nomem = true;
        return;
    }
    row->hint = pool_strndup(x->r, h, strlen(h));
    free(h);
}

/* Marks a row that waits for, or lost, a capture. */
static void row_missing(struct eval_ctx *x, expect_row *row, int cap, bool complete)
{
    const expect_file *f = x->f;
    row->status = complete ? EXPECT_NOT_RUN : EXPECT_PENDING;
    if (complete)
        row->note = pool_printf(x->r, "not run: '%s' (line %d) is missing", f->caps[cap].name,
                                f->lines[f->caps[cap].line].src);
}

/* A `when` that does not hold here makes the row not gradable; returns true then. */
static bool row_not_gradable(struct eval_ctx *x, expect_row *row, const struct attrs *at)
{
    struct cond_values v;
    bool held;
    if (!at->when)
        return false;
    int rc = cond_eval(x, at->when, &held, &v);
    if (rc == EXPR_ERR_MISSING && missing_capture(x, at->when) >= 0)
        return false; /* the row waits for that capture like its own */
    if (rc == 0 && held)
        return false;
    char facts[128];
    facts_text(facts, sizeof facts, at->when->facts, x->m);
    row->status = EXPECT_NOT_GRADABLE;
    row->note = facts[0] ? pool_printf(x->r, "not gradable here: needs %s (this machine: %s)",
                                       at->when->text, facts)
                         : pool_printf(x->r, "not gradable here: needs %s", at->when->text);
    return true;
}

static void line_row(struct eval_ctx *x, expect_row *row, const struct pline *l, int out,
                     const char *const *lines, const size_t *lens, bool complete)
{
    row->kind = EXPECT_ROW_LINE;
    row->src_line = l->src;
    row->output_index = out;
    row->label = row->expected = pool_strndup(x->r, l->text, strlen(l->text));
    row->actual = "";
    if (out >= 0) {
        row->status = EXPECT_PASS;
        row->actual = pool_strndup(x->r, lines[out], lens[out]);
    } else if (!complete) {
        row->status = EXPECT_PENDING;
    } else if (!row_not_gradable(x, row, &l->at)) {
        row->status = EXPECT_FAIL;
        row->note = "missing";
        row_hint(x, row, &l->at);
    }
}

static void check_row(struct eval_ctx *x, expect_row *row, const struct check *k, bool complete)
{
    const struct cond *c = &k->c;
    struct result_impl *r = x->r;
    row->kind = EXPECT_ROW_CHECK;
    row->src_line = k->src;
    row->label = c->text;
    row->subject = c->lhs_text;
    row->timing = uses_ms(x->f, c);
    row->derived = c->facts != 0;
    row->output_index = -1;
    for (size_t i = 0; i < c->ncaps; i++)
        if (r->cap_has[c->caps[i]] && r->cap_out[c->caps[i]] > row->output_index)
            row->output_index = r->cap_out[c->caps[i]];
    struct cond_values v;
    bool held;
    int rc = cond_eval(x, c, &held, &v);
    row->expected = expected_text(x, c, &k->at, &v);
    row->actual = "";
    if (c->kind == COND_WORD && r->cap_has[c->word_lhs]) {
        row->actual = r->cap_text[c->word_lhs];
    } else if (v.has_lhs) {
        const char *name = expr_single_name(c->lhs);
        int cap = name ? find_capture(x->f, name) : -1;
        row->has_value = true;
        row->value = v.lhs;
        /* A captured value is shown as printed: exact even past 2^53. */
        row->actual = cap >= 0 ? r->cap_text[cap] : pool_format(r, v.lhs);
        if (c->kind == COND_TOL && v.has_rhs) {
            row->has_delta = true;
            row->delta = v.lhs - v.rhs;
        } else if (k->at.has_ref) {
            row->has_delta = true;
            row->delta = v.lhs - k->at.ref;
        }
    }
    if (row_not_gradable(x, row, &k->at))
        return;
    int miss = missing_capture(x, c);
    if (miss < 0 && k->at.when)
        miss = missing_capture(x, k->at.when);
    if (miss >= 0) {
        row_missing(x, row, miss, complete);
        return;
    }
    if (rc == EXPR_ERR_MISSING) {
        row->status = EXPECT_NOT_GRADABLE;
        row->note = "not gradable here: the machine's facts are unknown";
        return;
    }
    if (rc < 0)
        row->note = "could not be computed (a division by zero?)";
    if (k->info) {
        row->status = EXPECT_INFO;
        row->info_held = rc == 0 && held;
    } else {
        row->status = rc == 0 && held ? EXPECT_PASS : EXPECT_FAIL;
    }
    if (rc < 0 || !held)
        row_hint(x, row, &k->at);
}

static void let_row(struct eval_ctx *x, expect_row *row, size_t i, bool complete)
{
    const struct let *l = &x->f->lets[i];
    row->kind = EXPECT_ROW_LET;
    row->src_line = l->src;
    row->output_index = -1;
    row->label = l->label;
    row->subject = l->name;
    row->expected = "";
    row->actual = "";
    row->note = l->expr_text;
    row->timing = uses_ms(x->f, &l->deps);
    row->derived = l->deps.facts != 0;
    int miss = missing_capture(x, &l->deps);
    if (miss >= 0) {
        row_missing(x, row, miss, complete);
        return;
    }
    row->status = EXPECT_INFO;
    row->info_held = x->let_has[i];
    if (!x->let_has[i]) {
        row->note = "could not be computed (a division by zero?)";
        return;
    }
    row->has_value = true;
    row->value = x->let_val[i];
    row->actual = pool_format(x->r, row->value);
}

/* Copies what the rows point at out of the file, so that the result may outlive it. */
static void own_strings(struct result_impl *r)
{
    for (size_t i = 0; i < r->pub.nrows; i++) {
        expect_row *row = &r->pub.rows[i];
        if (row->kind != EXPECT_ROW_CHECK && row->kind != EXPECT_ROW_LET)
            continue;
        const char **s[] = {&row->label, &row->subject, &row->note};
        for (size_t k = 0; k < 3; k++)
            if (*s[k])
                *s[k] = pool_strndup(r, *s[k], strlen(*s[k]));
    }
}

static bool alloc_result(struct result_impl *r, size_t ncaps, size_t nrows)
{
    size_t n = ncaps ? ncaps : 1;
    r->ncaps = ncaps;
    r->cap_name = calloc(n, sizeof *r->cap_name);
    r->cap_text = calloc(n, sizeof *r->cap_text);
    r->cap_val = calloc(n, sizeof *r->cap_val);
    r->cap_has = calloc(n, sizeof *r->cap_has);
    r->cap_numeric = calloc(n, sizeof *r->cap_numeric);
    r->cap_out = calloc(n, sizeof *r->cap_out);
    r->pub.rows = calloc(nrows ? nrows : 1, sizeof *r->pub.rows);
    return r->cap_name && r->cap_text && r->cap_val && r->cap_has && r->cap_numeric && r->cap_out &&
           r->pub.rows;
}

expect_result *expect_match(const expect_file *f, const char *const *lines, size_t nlines,
                            bool complete, const expect_machine *m)
{
    struct result_impl *r = calloc(1, sizeof *r);
    size_t n = nlines ? nlines : 1;
    size_t *lens = calloc(n, sizeof *lens);
    bool *used = calloc(n, sizeof *used);
    int *line_out = malloc((f->nlines ? f->nlines : 1) * sizeof *line_out);
    size_t nl = f->nlets ? f->nlets : 1;
    bool *let_has = calloc(nl, sizeof *let_has);
    double *let_val = calloc(nl, sizeof *let_val);
    if (!r || !lens || !used || !line_out || !let_has || !let_val ||
        !alloc_result(r, f->ncaps, f->nitems + nlines)) {
        if (r)
            r->nomem = true;
        goto out;
    }
    for (size_t i = 0; i < f->ncaps; i++)
        r->cap_name[i] = pool_strndup(r, f->caps[i].name, strlen(f->caps[i].name));
    /* Trailing spaces and a "\r" never matter. */
    for (size_t j = 0; j < nlines; j++)
        lens[j] = trim_right(lines[j], strlen(lines[j]));
    for (size_t i = 0; i < f->nlines; i++)
        line_out[i] = -1;
    match_lines(r, f, lines, lens, nlines, used, line_out);

    struct eval_ctx x = {f, m, r, let_has, let_val};
    for (size_t i = 0; i < f->nlets; i++)
        let_has[i] = expr_eval(f->lets[i].e, lookup, &x, &let_val[i]) == 0;
    expect_result *res = &r->pub;
    for (size_t i = 0; i < f->nitems; i++) {
        expect_row *row = &res->rows[res->nrows++];
        const struct item *it = &f->items[i];
        if (it->kind == ITEM_LINE)
            line_row(&x, row, &f->lines[it->index], line_out[it->index], lines, lens, complete);
        else if (it->kind == ITEM_CHECK)
            check_row(&x, row, &f->checks[it->index], complete);
        else
            let_row(&x, row, (size_t)it->index, complete);
    }
    for (size_t j = 0; j < nlines; j++) {
        if (used[j])
            continue;
        expect_row *row = &res->rows[res->nrows++];
        row->kind = EXPECT_ROW_EXTRA;
        row->output_index = (int)j;
        row->label = row->actual = pool_strndup(r, lines[j], lens[j]);
        row->expected = "";
        row->status = f->extra_ok ? EXPECT_INFO : EXPECT_FAIL;
        row->info_held = f->extra_ok;
        row->note = f->extra_ok ? "extra line (allowed)" : "extra line";
    }
    own_strings(r);
    for (size_t i = 0; i < res->nrows; i++) {
        if (res->rows[i].status != EXPECT_FAIL)
            continue;
        res->failed++;
        res->timing_failed += res->rows[i].timing;
    }
    res->complete = complete;
    res->passed = complete && res->failed == 0;
out:
    free(lens);
    free(used);
    free(line_out);
    free(let_has);
    free(let_val);
    if (r && r->nomem) {
        expect_result_free(&r->pub);
        return NULL;
    }
    return r ? &r->pub : NULL;
}

void expect_result_free(expect_result *res)
{
    if (!res)
        return;
    struct result_impl *r = (struct result_impl *)res;
    while (r->pool) {
        struct pool_block *next = r->pool->next;
        free(r->pool);
        r->pool = next;
    }
    free(r->cap_name);
    free(r->cap_text);
    free(r->cap_val);
    free(r->cap_has);
    free(r->cap_numeric);
    free(r->cap_out);
    free(r->pub.rows);
    free(r);
}

static int result_capture(const expect_result *res, const char *name)
{
    const struct result_impl *r = (const struct result_impl *)res;
    for (size_t i = 0; i < r->ncaps; i++)
        if (r->cap_has[i] && r->cap_name[i] && strcmp(r->cap_name[i], name) == 0)
            return (int)i;
    return -1;
}

bool expect_result_capture(const expect_result *res, const char *name, double *value)
{
    int i = result_capture(res, name);
    const struct result_impl *r = (const struct result_impl *)res;
    if (i < 0 || !r->cap_numeric[i])
        return false;
    *value = r->cap_val[i];
    return true;
}

const char *expect_result_capture_text(const expect_result *res, const char *name)
{
    int i = result_capture(res, name);
    return i < 0 ? NULL : ((const struct result_impl *)res)->cap_text[i];
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
    for (size_t i = 0; i < f->nlets; i++)
        let_has[i] = r && expr_eval(f->lets[i].e, lookup, &x, &let_val[i]) == 0;
    for (size_t i = 0; i < f->nmarks; i++) {
        const struct mark *k = &f->marks[i];
        expect_mark *o = &out[i];
        *o = (expect_mark){.span = k->span, .label = k->label, .name = k->name};
        if (!r)
            continue;
        if (k->name)
            o->has_at = lookup(&x, k->name, &o->at) == 0;
        o->has_wanted = k->wanted && expr_eval(k->wanted, lookup, &x, &o->wanted) == 0;
        o->has_from = k->from && expr_eval(k->from, lookup, &x, &o->from) == 0;
        o->has_to = k->to && expr_eval(k->to, lookup, &x, &o->to) == 0;
    }
}
