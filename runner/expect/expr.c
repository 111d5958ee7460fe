/*
 * Expressions of expectation files (runner/EXPECTATIONS.md, "Conditions"): a
 * recursive-descent parser into a node array, and an evaluator over it.
 */
#include "expr.h"

#include "facts.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum node_kind { N_NUM, N_NAME, N_NEG, N_ADD, N_SUB, N_MUL, N_DIV, N_MIN, N_MAX, N_ABS, N_CEIL, N_FLOOR };

struct node {
    enum node_kind kind;
    int a, b;   /* children, as node indices */
    double num; /* N_NUM */
    int name;   /* N_NAME: index into names */
};

struct expr {
    struct node *nodes;
    int nnodes, cap;
    int root;
    char **names;
    size_t nnames;
};

struct parser {
    const char *s;
    size_t len, pos;
    int flags;
    int depth;
    expr *e;
    char *err;
    size_t errlen;
    int rc;
};

#define NAME_MAX_LEN 64
#define NUMBER_MAX_LEN 64

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static char peek(const struct parser *p)
{
    return p->pos < p->len ? p->s[p->pos] : '\0';
}

static void skip_spaces(struct parser *p)
{
    while (p->pos < p->len && is_space(p->s[p->pos]))
        p->pos++;
}

/* Records the first error only: later ones are consequences of it. */
static int fail(struct parser *p, int rc, const char *fmt, ...)
{
    if (p->rc == 0) {
        va_list ap;
        va_start(ap, fmt);
        if (p->errlen > 0)
            vsnprintf(p->err, p->errlen, fmt, ap);
        va_end(ap);
        p->rc = rc;
    }
    return -1;
}

static int add_node(struct parser *p, enum node_kind kind, int a, int b)
{
    expr *e = p->e;
    if (e->nnodes >= EXPR_MAX_NODES)
        return fail(p, EXPR_ERR_SYNTAX, "expression too long");
    if (e->nnodes == e->cap) {
        int cap = e->cap ? e->cap * 2 : 8;
        if (cap > EXPR_MAX_NODES)
            cap = EXPR_MAX_NODES;
        struct node *n = realloc(e->nodes, (size_t)cap * sizeof *n);
        if (!n)
            return fail(p, EXPR_ERR_NOMEM, "out of memory");
        e->nodes = n;
        e->cap = cap;
    }
    struct node *n = &e->nodes[e->nnodes];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->a = a;
    n->b = b;
    return e->nnodes++;
}

static int intern_name(struct parser *p, const char *s, size_t n)
{
    expr *e = p->e;
    for (size_t i = 0; i < e->nnames; i++)
        if (strlen(e->names[i]) == n && memcmp(e->names[i], s, n) == 0)
            return (int)i;
    /* Each name comes from a node, so nnodes bounds the table. */
    if (e->nnames == 0) {
        e->names = calloc(EXPR_MAX_NODES, sizeof *e->names);
        if (!e->names)
            return fail(p, EXPR_ERR_NOMEM, "out of memory");
    }
    char *copy = strndup(s, n);
    if (!copy)
        return fail(p, EXPR_ERR_NOMEM, "out of memory");
    e->names[e->nnames] = copy;
    return (int)e->nnames++;
}

/*
 * A tolerance after `= T`: "+15/-0", "+-5", "+ -5", "±5" (UTF-8), and also " +15" (a
 * plus sign stuck to a number after a space), so that "= 50 +15" is reported as a bad
 * tolerance rather than silently read as "= 65". A sum is written "50 + 15" or "50+15".
 */
static bool tolerance_starts(const struct parser *p)
{
    const char *s = p->s;
    size_t q = p->pos, len = p->len;
    if (q + 1 < len && (unsigned char)s[q] == 0xC2 && (unsigned char)s[q + 1] == 0xB1)
        return true;
    if (q >= len || s[q] != '+')
        return false;
    if (q > 0 && is_space(s[q - 1]) && q + 1 < len && is_digit(s[q + 1]))
        return true;
    q++;
    while (q < len && is_space(s[q]))
        q++;
    if (q < len && s[q] == '-')
        return true;
    if (q >= len || !is_digit(s[q]))
        return false;
    while (q < len && (is_digit(s[q]) || s[q] == '.'))
        q++;
    while (q < len && is_space(s[q]))
        q++;
    return q < len && s[q] == '/';
}

static int parse_sum(struct parser *p);

static int parse_number(struct parser *p)
{
    size_t start = p->pos;
    while (is_digit(peek(p)))
        p->pos++;
    if (peek(p) == '.') {
        p->pos++;
        while (is_digit(peek(p)))
            p->pos++;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        size_t q = p->pos + 1;
        if (q < p->len && (p->s[q] == '+' || p->s[q] == '-'))
            q++;
        if (q < p->len && is_digit(p->s[q])) {
            p->pos = q;
            while (is_digit(peek(p)))
                p->pos++;
        }
    }
    size_t n = p->pos - start;
    if (n == 1 && p->s[start] == '.')
        return fail(p, EXPR_ERR_SYNTAX, "expected a number after '.'");
    if (n >= NUMBER_MAX_LEN)
        return fail(p, EXPR_ERR_SYNTAX, "number too long");
    char buf[NUMBER_MAX_LEN];
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    int id = add_node(p, N_NUM, -1, -1);
    if (id >= 0)
        p->e->nodes[id].num = strtod(buf, NULL);
    return id;
}

static int parse_call(struct parser *p, enum node_kind kind, const char *fname)
{
    int nargs = kind == N_ABS || kind == N_CEIL || kind == N_FLOOR ? 1 : 2;
    int args[2] = {-1, -1};
    p->pos++; /* the '(' */
    for (int i = 0; i < nargs; i++) {
        args[i] = parse_sum(p);
        if (args[i] < 0)
            return -1;
        skip_spaces(p);
        char want = i + 1 < nargs ? ',' : ')';
        if (peek(p) != want)
            return fail(p, EXPR_ERR_SYNTAX, "%s() takes %d argument%s", fname, nargs,
                        nargs > 1 ? "s" : "");
        p->pos++;
    }
    return add_node(p, kind, args[0], args[1]);
}

static int parse_name(struct parser *p)
{
    size_t start = p->pos;
    while (is_alpha(peek(p)) || is_digit(peek(p)) || peek(p) == '_')
        p->pos++;
    size_t n = p->pos - start;
    if (n > NAME_MAX_LEN)
        return fail(p, EXPR_ERR_SYNTAX, "name too long");
    char name[NAME_MAX_LEN + 1];
    memcpy(name, p->s + start, n);
    name[n] = '\0';
    size_t save = p->pos;
    skip_spaces(p);
    if (peek(p) == '(' && expr_is_function(name)) {
        enum node_kind k = strcmp(name, "min") == 0   ? N_MIN
                           : strcmp(name, "max") == 0 ? N_MAX
                           : strcmp(name, "abs") == 0 ? N_ABS
                           : strcmp(name, "floor") == 0 ? N_FLOOR
                                                      : N_CEIL;
        return parse_call(p, k, name);
    }
    p->pos = save;
    int nm = intern_name(p, name, n);
    if (nm < 0)
        return -1;
    int id = add_node(p, N_NAME, -1, -1);
    if (id >= 0)
        p->e->nodes[id].name = nm;
    return id;
}

static int parse_unary(struct parser *p)
{
    /* Only nesting recurses, so counting it here bounds the stack. */
    if (++p->depth > EXPR_MAX_DEPTH)
        return fail(p, EXPR_ERR_SYNTAX, "expression nested too deeply");
    int id;
    skip_spaces(p);
    char c = peek(p);
    if (c == '-') {
        p->pos++;
        int a = parse_unary(p);
        id = a < 0 ? -1 : add_node(p, N_NEG, a, -1);
    } else if (c == '(') {
        p->pos++;
        id = parse_sum(p);
        skip_spaces(p);
        if (id >= 0 && peek(p) != ')')
            id = fail(p, EXPR_ERR_SYNTAX, "missing ')'");
        else
            p->pos++;
    } else if (is_digit(c) || c == '.') {
        id = parse_number(p);
    } else if (is_alpha(c)) {
        id = parse_name(p);
    } else if (p->pos >= p->len) {
        id = fail(p, EXPR_ERR_SYNTAX, "expression ends too early");
    } else if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f) {
        id = fail(p, EXPR_ERR_SYNTAX, "expected a number, a name or '(' at '%c'", c);
    } else {
        id = fail(p, EXPR_ERR_SYNTAX, "expected a number, a name or '('");
    }
    p->depth--;
    return id;
}

static int parse_product(struct parser *p)
{
    int left = parse_unary(p);
    while (left >= 0) {
        skip_spaces(p);
        char c = peek(p);
        if (c != '*' && c != '/')
            break;
        p->pos++;
        int right = parse_unary(p);
        if (right < 0)
            return -1;
        left = add_node(p, c == '*' ? N_MUL : N_DIV, left, right);
    }
    return left;
}

static int parse_sum(struct parser *p)
{
    int left = parse_product(p);
    while (left >= 0) {
        skip_spaces(p);
        char c = peek(p);
        if (c != '+' && c != '-')
            break;
        if ((p->flags & EXPR_STOP_AT_TOLERANCE) && p->depth == 0 && tolerance_starts(p))
            break;
        p->pos++;
        int right = parse_product(p);
        if (right < 0)
            return -1;
        left = add_node(p, c == '+' ? N_ADD : N_SUB, left, right);
    }
    return left;
}

int expr_parse(const char *text, size_t len, int flags, expr **out, size_t *used, char *err,
               size_t errlen)
{
    *out = NULL;
    if (errlen > 0)
        err[0] = '\0';
    expr *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "out of memory");
        return EXPR_ERR_NOMEM;
    }
    struct parser p = {.s = text, .len = len, .flags = flags, .e = e, .err = err, .errlen = errlen};
    e->root = parse_sum(&p);
    if (p.rc != 0) {
        expr_free(e);
        return p.rc;
    }
    skip_spaces(&p);
    if (used)
        *used = p.pos;
    *out = e;
    return 0;
}

void expr_free(expr *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nnames; i++)
        free(e->names[i]);
    free(e->names);
    free(e->nodes);
    free(e);
}

size_t expr_name_count(const expr *e)
{
    return e->nnames;
}

const char *expr_name(const expr *e, size_t i)
{
    return i < e->nnames ? e->names[i] : NULL;
}

const char *expr_single_name(const expr *e)
{
    const struct node *n = &e->nodes[e->root];
    return n->kind == N_NAME ? e->names[n->name] : NULL;
}

/* The tree has at most EXPR_MAX_NODES nodes, which bounds this recursion. */
static int eval_node(const expr *e, int id, expr_lookup_fn lookup, void *ctx, double *out)
{
    const struct node *n = &e->nodes[id];
    double a = 0, b = 0;
    int rc;
    switch (n->kind) {
    case N_NUM:
        *out = n->num;
        return 0;
    case N_NAME:
        return lookup(ctx, e->names[n->name], out);
    default:
        break;
    }
    if ((rc = eval_node(e, n->a, lookup, ctx, &a)) < 0)
        return rc;
    if (n->b >= 0 && (rc = eval_node(e, n->b, lookup, ctx, &b)) < 0)
        return rc;
    switch (n->kind) {
    case N_NEG:
        *out = -a;
        break;
    case N_ADD:
        *out = a + b;
        break;
    case N_SUB:
        *out = a - b;
        break;
    case N_MUL:
        *out = a * b;
        break;
    case N_DIV:
        if (b == 0)
            return EXPR_ERR_DOMAIN;
        *out = a / b;
        break;
    case N_MIN:
        *out = a < b ? a : b;
        break;
    case N_MAX:
        *out = a > b ? a : b;
        break;
    case N_ABS:
        *out = fabs(a);
        break;
    case N_CEIL:
        *out = ceil(a);
        break;
    case N_FLOOR:
        *out = floor(a);
        break;
    default:
        return EXPR_ERR_DOMAIN;
    }
    return isfinite(*out) ? 0 : EXPR_ERR_DOMAIN;
}

int expr_eval(const expr *e, expr_lookup_fn lookup, void *ctx, double *out)
{
    double v = 0;
    int rc = eval_node(e, e->root, lookup, ctx, &v);
    if (rc == 0)
        *out = v;
    return rc;
}

bool expr_is_fact(const char *name)
{
    return strcmp(name, "cores") == 0 || strcmp(name, "omp_threads") == 0 ||
           strcmp(name, "load") == 0 || facts_index(name) >= 0;
}

int expr_fact(const expect_machine *m, const char *name, double *value)
{
    if (!m)
        return EXPR_ERR_MISSING;
    int obs = facts_index(name);
    if (obs >= 0) {
        if (!m->observed || !m->observed->valid || !m->observed->has[obs])
            return EXPR_ERR_MISSING;
        *value = m->observed->value[obs];
    } else if (strcmp(name, "cores") == 0)
        *value = m->cores;
    else if (strcmp(name, "omp_threads") == 0)
        *value = m->omp_threads;
    else if (strcmp(name, "load") == 0)
        *value = m->load;
    else
        return EXPR_ERR_MISSING;
    return 0;
}

bool expr_is_function(const char *name)
{
    return strcmp(name, "min") == 0 || strcmp(name, "max") == 0 || strcmp(name, "abs") == 0 ||
           strcmp(name, "ceil") == 0 || strcmp(name, "floor") == 0;
}

static void strip_zeros(char *buf)
{
    if (!strchr(buf, '.'))
        return;
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
}

char *expr_format(double v, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    if (isnan(v))
        snprintf(buf, n, "nan");
    else if (isinf(v))
        snprintf(buf, n, v < 0 ? "-inf" : "inf");
    else if (v == floor(v) && fabs(v) <= 9007199254740992.0)
        snprintf(buf, n, "%.0f", v == 0 ? 0.0 : v); /* never "-0" */
    else if (fabs(v) >= 1e15)
        snprintf(buf, n, "%.6g", v);
    else if (fabs(v) >= 0.01) {
        /* Two decimals are as much as a millisecond timing or a speedup can carry. */
        snprintf(buf, n, "%.2f", v);
        strip_zeros(buf);
        if (strcmp(buf, "-0") == 0)
            snprintf(buf, n, "0");
    } else
        snprintf(buf, n, "%.2g", v);
    return buf;
}

struct text_buf {
    char *s;
    size_t len, cap;
    bool nomem;
};

static void text_add(struct text_buf *b, const char *s, size_t n)
{
    if (b->nomem)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->nomem = true;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

char *expr_interpolate(const char *text, expr_lookup_fn lookup, void *ctx)
{
    struct text_buf b = {0};
    text_add(&b, "", 0);
    for (const char *s = text; *s;) {
        if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
            text_add(&b, s, 1);
            s += 2;
            continue;
        }
        const char *close = s[0] == '{' ? strchr(s + 1, '}') : NULL;
        if (!close) {
            text_add(&b, s, 1);
            s++;
            continue;
        }
        const char *inner = s + 1;
        size_t inner_len = (size_t)(close - inner);
        expr *e = NULL;
        size_t used = 0;
        char err[8], num[64];
        double v = 0;
        if (expr_parse(inner, inner_len, 0, &e, &used, err, sizeof err) == 0 && used == inner_len &&
            expr_eval(e, lookup, ctx, &v) == 0) {
            expr_format(v, num, sizeof num);
            text_add(&b, num, strlen(num));
        } else
            text_add(&b, s, inner_len + 2);
        expr_free(e);
        s = close + 1;
    }
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
