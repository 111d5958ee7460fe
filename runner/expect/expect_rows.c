/*
 * The rows of the expected/actual table, one per `line`, `expect`/`info` and `let`: the
 * expected text, the actual value and its delta, the status, the hint and the note.
 */
#include "expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"
#include "facts.h"
#include "words.h"

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

/* Whether e names name (directly, not through a let). */
static bool names_knob(const expr *e, const char *name)
{
    for (size_t i = 0; e && i < expr_name_count(e); i++)
        if (strcmp(expr_name(e, i), name) == 0)
            return true;
    return false;
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
            base = expect__pool_printf(r, "%s", lo);
        else
            base = expect__pool_printf(r, "%s +%s/-%s", lo, expr_format(c->up, up, sizeof up),
                                       expr_format(c->down, down, sizeof down));
        break;
    case COND_CMP:
        base = expect__pool_printf(r, "%s %s", expect__op_names[c->op], lo);
        break;
    case COND_RANGE:
        base = expect__pool_printf(r, "in %c%s, %s%c", c->lo_closed ? '[' : '(', lo, hi,
                                   c->hi_closed ? ']' : ')');
        break;
    case COND_WORD: {
        const char *w =
            c->word_rhs >= 0 && r->cap_has[c->word_rhs] ? r->cap_text[c->word_rhs] : c->rhs_text;
        base = expect__pool_printf(r, "%s %s", expect__op_names[c->op], w);
        break;
    }
    }
    if (!base)
        return "";
    /* A bound computed from this machine says how, so that the number makes sense. */
    facts_text(facts, sizeof facts, c->bound_facts, x->m);
    /* A bound that follows a knob says which values it was computed for ("pool 8"). */
    for (size_t i = 0; (c->bound_facts & FACT_KNOB) && i < x->f->nknobs; i++)
        if (x->f->knobs[i].set && strlen(facts) + 40 < sizeof facts &&
            (names_knob(c->rhs, x->f->knobs[i].name) ||
             names_knob(c->hi, x->f->knobs[i].name)))
            snprintf(facts + strlen(facts), sizeof facts - strlen(facts), "%s%s %d",
                     facts[0] ? ", " : "", x->f->knobs[i].name, x->f->knobs[i].value);
    bool derived = facts[0] && v->has_rhs;
    /* A ref is what a run of the lesson as written printed: another setting has none. */
    snprintf(note, sizeof note, "%s",
             at && at->has_ref && !expect__knobs_moved(x->f, x->m) ? at->ref_text : "");
    if (!derived && !note[0])
        return base;
    const char *bounds = c->kind == COND_RANGE
                             ? expect__pool_printf(r, "%s, %s", c->rhs_text, c->hi_text)
                             : c->rhs_text;
    if (!bounds)
        return base;
    if (derived && note[0])
        return expect__pool_printf(r, "%s (%s, %s; ref %s)", base, bounds, facts, note);
    if (derived)
        return expect__pool_printf(r, "%s (%s, %s)", base, bounds, facts);
    return expect__pool_printf(r, "%s (ref %s)", base, note);
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

void expect__row_hint(struct eval_ctx *x, expect_row *row, const struct attrs *at)
{
    if (!at->hint)
        return;
    /* Sentences the observer's reader wrote (a call, its thread and place) first, then
       numbers. */
    char *t = facts_text_interpolate(at->hint, x->m ? x->m->observed : NULL);
    char *h = t ? expr_interpolate(t, expect__lookup, x) : NULL;
    free(t);
    if (!h) {
        x->r->nomem = true;
        return;
    }
    row->hint = expect__pool_strndup(x->r, h, strlen(h));
    free(h);
}

/* Marks a row that waits for, or lost, a capture. */
static void row_missing(struct eval_ctx *x, expect_row *row, int cap, bool complete)
{
    const expect_file *f = x->f;
    row->status = complete ? EXPECT_NOT_RUN : EXPECT_PENDING;
    if (complete) {
        char note[256];
        words_capture_missing(note, sizeof note, f->caps[cap].name,
                              f->lines[f->caps[cap].line].src);
        row->note = expect__pool_printf(x->r, "%s", note);
    }
}

/* A `when` that does not hold here makes the row not gradable; returns true then. */
static bool row_not_gradable(struct eval_ctx *x, expect_row *row, const struct attrs *at)
{
    struct cond_values v;
    bool held;
    if (!at->when)
        return false;
    int rc = expect__cond_eval(x, at->when, &held, &v);
    if (rc == EXPR_ERR_MISSING && missing_capture(x, at->when) >= 0)
        return false; /* the row waits for that capture like its own */
    if (rc == 0 && held)
        return false;
    char facts[128], note[512];
    facts_text(facts, sizeof facts, at->when->facts, x->m);
    row->status = EXPECT_NOT_GRADABLE;
    words_needs(note, sizeof note, at->when->text, facts);
    row->note = expect__pool_printf(x->r, "%s", note);
    return true;
}

/* Sentences: every row reads as words, whether or not its file gives it a `label`. */

/* Sentences are written to a memory stream: it grows as they do. */
struct says_buf {
    FILE *f;
    char *s;
    size_t n;
};

static bool says_open(struct says_buf *b)
{
    b->s = NULL;
    b->n = 0;
    b->f = open_memstream(&b->s, &b->n);
    return b->f != NULL;
}

static void says_add(struct says_buf *b, const char *s, size_t n)
{
    fwrite(s, 1, n, b->f);
}

static const char *says_done(struct eval_ctx *x, struct says_buf *b)
{
    bool ok = fclose(b->f) == 0 && b->s;
    const char *s = ok ? expect__pool_strndup(x->r, b->s, b->n) : NULL;
    free(b->s);
    if (!s)
        x->r->nomem = true;
    return s ? s : "";
}

/* The value of {EXPR} in a label as text, or NULL when it is not known (yet). A lone
   capture is written as printed, exact past 2^53. */
static bool label_value(struct eval_ctx *x, const char *s, size_t n, char *buf, size_t len)
{
    expr *e = NULL;
    size_t used = 0;
    char err[8];
    double v;
    bool ok = false;
    if (expr_parse(s, n, 0, &e, &used, err, sizeof err) == 0 && used == n) {
        const char *name = expr_single_name(e);
        int cap = name ? expect__find_capture(x->f, name) : -1;
        if (cap >= 0 && x->r->cap_has[cap]) {
            snprintf(buf, len, "%s", x->r->cap_text[cap]);
            ok = true;
        } else if (expr_eval(e, expect__lookup, x, &v) == 0) {
            expr_format(v, buf, len);
            ok = true;
        }
    }
    expr_free(e);
    return ok;
}

/* A label with its {EXPR}s filled in. A part in parentheses whose value is not known
   (yet) is left out, "heartbeat 1 came on time ({hb1} ms)" reading "heartbeat 1 came on
   time" until hb1 arrives; elsewhere an unknown value reads "…". */
static const char *label_says(struct eval_ctx *x, const char *label)
{
    struct says_buf b;
    long open_at = 0; /* where the outermost "(" began in b, with the space before it */
    int depth = 0;
    bool drop = false;
    if (!says_open(&b)) {
        x->r->nomem = true;
        return "";
    }
    for (const char *s = label; *s;) {
        if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
            says_add(&b, s, 1);
            s += 2;
            continue;
        }
        const char *close = s[0] == '{' ? strchr(s + 1, '}') : NULL;
        if (close) {
            char val[128];
            if (label_value(x, s + 1, (size_t)(close - s - 1), val, sizeof val))
                says_add(&b, val, strlen(val));
            else if (depth > 0)
                drop = true;
            else
                says_add(&b, WORDS_UNKNOWN, strlen(WORDS_UNKNOWN));
            s = close + 1;
            continue;
        }
        if (s[0] == '(' && depth++ == 0) {
            open_at = ftell(b.f) - (s > label && s[-1] == ' ');
            drop = false;
        }
        says_add(&b, s, 1);
        if (s[0] == ')' && depth > 0 && --depth == 0 && drop)
            fseek(b.f, open_at, SEEK_SET); /* what follows overwrites the group */
        s++;
    }
    return says_done(x, &b);
}

/* A pattern as words: its literal text, and "…" for each capture. */
static const char *pattern_says(struct eval_ctx *x, const struct pline *l)
{
    struct says_buf b;
    if (!says_open(&b)) {
        x->r->nomem = true;
        return "";
    }
    for (size_t i = 0; i < l->npieces; i++) {
        if (l->pieces[i].cap >= 0 && !x->f->caps[l->pieces[i].cap].counted)
            says_add(&b, WORDS_UNKNOWN, strlen(WORDS_UNKNOWN));
        else if (l->pieces[i].cap < 0)
            says_add(&b, l->pieces[i].lit, l->pieces[i].litlen);
    }
    return says_done(x, &b);
}

void expect__row_says_line(struct eval_ctx *x, expect_row *row, const struct pline *l)
{
    /* A line that came is shown as it came; a repeat whose values broke is told by what
       it should have been, its actual saying what broke. */
    if (row->output_index >= 0 && row->status != EXPECT_FAIL)
        row->says = row->actual;
    else if (l->at.label)
        row->says = label_says(x, l->at.label);
    else
        row->says = pattern_says(x, l);
}

/* What a condition is about, in words: a fact of the run by its description, a capture by
   the line it comes from, a let by its name. */
static const char *subject_says(struct eval_ctx *x, const struct cond *c, char *buf, size_t n)
{
    const char *name =
        c->kind == COND_WORD ? x->f->caps[c->word_lhs].name : expr_single_name(c->lhs);
    if (!name)
        return words_computed(c->facts & FACT_RUN);
    int fact = facts_index(name);
    if (fact >= 0)
        return facts_describe(fact);
    int cap = expect__find_capture(x->f, name);
    if (cap < 0)
        return name;
    const char *pattern = pattern_says(x, &x->f->lines[x->f->caps[cap].line]);
    if (x->f->caps[cap].counted)
        words_count(buf, n, pattern);
    else
        words_capture(buf, n, (int)x->f->caps[cap].type, pattern);
    return buf;
}

/* A condition as words when its file gives no `label` (words.h): "blocking sleeps on the
   loop thread: exactly 0", "the time in "heartbeat 1 at … ms": at most 80". */
static const char *cond_says(struct eval_ctx *x, const struct cond *c, const struct cond_values *v)
{
    char a[64], b[64], bound[192], subject[512], says[768];
    const char *lo = v->has_rhs ? expr_format(v->rhs, a, sizeof a) : WORDS_UNKNOWN;
    const char *hi = v->has_hi ? expr_format(v->hi, b, sizeof b) : WORDS_UNKNOWN;
    switch (c->kind) {
    case COND_TOL:
        if (c->up == 0 && c->down == 0)
            words_exactly(bound, sizeof bound, lo);
        else if (v->has_rhs)
            words_between(bound, sizeof bound, expr_format(v->rhs - c->down, a, sizeof a),
                          expr_format(v->rhs + c->up, b, sizeof b));
        else
            words_between(bound, sizeof bound, WORDS_UNKNOWN, WORDS_UNKNOWN);
        break;
    case COND_CMP:
        words_compared(bound, sizeof bound, (int)c->op, lo);
        break;
    case COND_RANGE:
        words_range(bound, sizeof bound, c->lo_closed, lo, c->hi_closed, hi);
        break;
    case COND_WORD:
        words_word(bound, sizeof bound, c->op == OP_NE,
                   c->word_rhs < 0              ? c->rhs_text
                   : x->r->cap_has[c->word_rhs] ? x->r->cap_text[c->word_rhs]
                                                : WORDS_UNKNOWN);
        break;
    }
    words_condition(says, sizeof says, subject_says(x, c, subject, sizeof subject), bound);
    const char *s = expect__pool_strndup(x->r, says, strlen(says));
    return s ? s : "";
}

static void line_row(struct eval_ctx *x, expect_row *row, const struct pline *l, int out,
                     const char *const *lines, const size_t *lens, bool complete)
{
    row->kind = EXPECT_ROW_LINE;
    row->src_line = l->src;
    row->output_index = out;
    row->label = row->expected = expect__pool_strndup(x->r, l->text, strlen(l->text));
    row->actual = "";
    if (out >= 0) {
        row->status = EXPECT_PASS;
        row->actual = expect__pool_strndup(x->r, lines[out], lens[out]);
        if (l->rep.on)
            expect__repeat_row(x, row, l);
    } else if (!complete) {
        row->status = EXPECT_PENDING;
    } else if (!row_not_gradable(x, row, &l->at)) {
        row->status = EXPECT_FAIL;
        row->note = WORDS_MISSING;
        expect__row_hint(x, row, &l->at);
    }
    expect__row_says_line(x, row, l);
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
    row->derived = (c->facts & FACT_MACHINE) != 0;
    row->objective = k->objective;
    row->output_index = -1;
    for (size_t i = 0; i < c->ncaps; i++)
        if (r->cap_has[c->caps[i]] && r->cap_out[c->caps[i]] > row->output_index)
            row->output_index = r->cap_out[c->caps[i]];
    struct cond_values v;
    bool held;
    int rc = expect__cond_eval(x, c, &held, &v);
    row->expected = expected_text(x, c, &k->at, &v);
    row->says = k->at.label ? label_says(x, k->at.label) : cond_says(x, c, &v);
    row->actual = "";
    if (c->kind == COND_WORD && r->cap_has[c->word_lhs]) {
        row->actual = r->cap_text[c->word_lhs];
    } else if (v.has_lhs) {
        const char *name = expr_single_name(c->lhs);
        int cap = name ? expect__find_capture(x->f, name) : -1;
        row->has_value = true;
        row->value = v.lhs;
        /* A captured value is shown as printed: exact even past 2^53. */
        row->actual = cap >= 0 ? r->cap_text[cap] : expect__pool_format(r, v.lhs);
        if (c->kind == COND_TOL && v.has_rhs) {
            row->has_delta = true;
            row->delta = v.lhs - v.rhs;
        } else if (k->at.has_ref && !expect__knobs_moved(x->f, x->m)) {
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
    if (!complete && expect__repeat_open(x, c)) {
        row->status = EXPECT_PENDING;
        return;
    }
    if (rc == EXPR_ERR_MISSING && (c->facts & FACT_RUN) &&
        !(x->m && x->m->observed && x->m->observed->valid)) {
        /* The observer's log is read once the program has ended. */
        row->status = complete ? EXPECT_NOT_RUN : EXPECT_PENDING;
        if (complete)
            row->note = WORDS_NOT_OBSERVED;
        return;
    }
    if (rc == EXPR_ERR_MISSING && (c->facts & FACT_RUN) && !(c->facts & FACT_MACHINE)) {
        /* A time of something that never happened (loop_sleep_from with no sleep). */
        row->status = k->info ? EXPECT_INFO : EXPECT_FAIL;
        row->note = WORDS_NEVER_HAPPENED;
        expect__row_hint(x, row, &k->at);
        return;
    }
    if (rc == EXPR_ERR_MISSING) {
        row->status = EXPECT_NOT_GRADABLE;
        row->note = WORDS_FACTS_UNKNOWN;
        return;
    }
    if (rc < 0)
        row->note = WORDS_NOT_COMPUTED;
    if (k->info) {
        row->status = EXPECT_INFO;
        row->info_held = rc == 0 && held;
    } else {
        row->status = rc == 0 && held ? EXPECT_PASS : EXPECT_FAIL;
    }
    if (rc < 0 || !held)
        expect__row_hint(x, row, &k->at);
}

static void let_row(struct eval_ctx *x, expect_row *row, size_t i, bool complete)
{
    const struct let *l = &x->f->lets[i];
    row->kind = EXPECT_ROW_LET;
    row->src_line = l->src;
    row->output_index = -1;
    row->label = l->label;
    row->subject = row->says = l->name;
    row->expected = "";
    row->actual = "";
    row->note = l->expr_text;
    row->timing = uses_ms(x->f, &l->deps);
    row->derived = (l->deps.facts & ~(unsigned)FACT_KNOB) != 0; /* a knob is no machine fact */
    int miss = missing_capture(x, &l->deps);
    if (miss >= 0) {
        row_missing(x, row, miss, complete);
        return;
    }
    row->status = EXPECT_INFO;
    row->info_held = x->let_has[i];
    if (!x->let_has[i]) {
        row->note = WORDS_NOT_COMPUTED;
        return;
    }
    row->has_value = true;
    row->value = x->let_val[i];
    row->actual = expect__pool_format(x->r, row->value);
}

void expect__item_row(struct eval_ctx *x, expect_row *row, const struct item *it,
                      const int *line_out, const char *const *lines, const size_t *lens,
                      bool complete)
{
    const expect_file *f = x->f;
    if (it->kind == ITEM_LINE)
        line_row(x, row, &f->lines[it->index], line_out[it->index], lines, lens, complete);
    else if (it->kind == ITEM_CHECK)
        check_row(x, row, &f->checks[it->index], complete);
    else
        let_row(x, row, (size_t)it->index, complete);
}
