/*
 * `repeat` lines: a pattern that fits one or more output lines, such as the progress
 * reports of a job (`progress 3/40`, `progress 7/40`, ...). Its captures keep the values
 * of the last line it took; `rising NAME` says a capture must grow from each of its lines
 * to the next, and `count NAME` binds how many lines it took. Reading those attributes,
 * taking the lines from the output and the row that says how it went live here, so that
 * a plain `line` never pays for them.
 */
#include "expect.h"

#include <stdio.h>
#include <string.h>

#include "expect_internal.h"

void expect__repeat_begin(struct parse_state *ps)
{
    struct pline *l = &ps->f->lines[ps->f->nlines - 1];
    l->rep = (struct repeat){.on = true, .rising = -1, .count = -1};
}

/* `rising NAME`: NAME is a numeric capture of the repeat's own pattern. */
static int parse_rising(struct parse_state *ps, struct pline *l, int line, const char *arg,
                        size_t n)
{
    if (l->rep.rising >= 0)
        return expect__perr_at(ps, ps->lineno, "a second 'rising' for the same repeat");
    char name[80];
    snprintf(name, sizeof name, "%.*s", (int)n, arg);
    int cap = expect__find_capture(ps->f, name);
    if (cap < 0 || ps->f->caps[cap].line != line || ps->f->caps[cap].counted)
        return expect__perr_at(ps, ps->lineno, "'rising %s': no capture '%s' in this repeat's line",
                               name, name);
    if (ps->f->caps[cap].type > CAP_NUM)
        return expect__perr_at(ps, ps->lineno, "'rising %s': '%s' is a %s capture, not a number",
                               name, name, expect__cap_type_names[ps->f->caps[cap].type]);
    l->rep.rising = cap;
    return 0;
}

int expect__parse_repeat_attr(struct parse_state *ps, const char *kw, const char *arg, size_t n)
{
    expect_file *f = ps->f;
    if (ps->target < 0 || ps->target_kind != ITEM_LINE || !f->lines[ps->target].rep.on)
        return expect__perr_at(ps, ps->lineno, "'%s' must follow a repeat", kw);
    if (!expect__is_name(arg, n))
        return expect__perr_at(ps, ps->lineno, "'%s' needs a name, like '%s k'", kw, kw);
    int line = ps->target;
    struct pline *l = &f->lines[line];
    if (kw[0] == 'r')
        return parse_rising(ps, l, line, arg, n);
    if (l->rep.count >= 0)
        return expect__perr_at(ps, ps->lineno, "a second 'count' for the same repeat");
    int cap = expect__add_capture(ps, arg, n, CAP_INT);
    if (cap < 0)
        return cap;
    f->caps[cap].line = line;
    f->caps[cap].counted = true;
    l->rep.count = cap;
    return 0;
}

/* Keeps the count in its capture: a number like any other, on the repeat's last line. */
static void take_count(struct result_impl *r, int cap, int count, int out_index)
{
    char *text = expect__pool_printf(r, "%d", count);
    if (!text)
        return;
    r->cap_text[cap] = text;
    r->cap_has[cap] = true;
    r->cap_out[cap] = out_index;
    r->cap_numeric[cap] = true;
    r->cap_val[cap] = count;
}

size_t expect__take_repeats(struct result_impl *r, const expect_file *f, size_t k,
                            const char *const *lines, const size_t *lens, size_t nlines, bool *used,
                            size_t j)
{
    const struct pline *l = &f->lines[k];
    struct repeat_seen *seen = &r->rep_seen[k];
    struct span spans[MAX_LINE_CAPTURES];
    int rising = l->rep.rising;
    *seen = (struct repeat_seen){.count = 1, .broke = -1};
    if (rising >= 0)
        seen->prev = r->cap_val[rising];
    for (size_t i = j + 1; i < nlines; i++) {
        if (used[i] || !expect__match_line(f, l, lines[i], lens[i], spans))
            continue;
        used[i] = true;
        j = i;
        seen->count++;
        expect__take_captures(r, f, l, lines[i], spans, (int)i);
        if (rising < 0)
            continue;
        /* The first fall is the one worth showing: what follows it is its consequence. */
        if (seen->broke < 0 && !(r->cap_val[rising] > seen->prev)) {
            seen->broke = (int)i;
            seen->value = r->cap_val[rising];
        } else if (seen->broke < 0) {
            seen->prev = r->cap_val[rising];
        }
    }
    if (l->rep.count >= 0)
        take_count(r, l->rep.count, seen->count, (int)j);
    return j;
}

void expect__repeat_row(struct eval_ctx *x, expect_row *row, const struct pline *l)
{
    const expect_file *f = x->f;
    const struct repeat_seen *seen = &x->r->rep_seen[l - f->lines];
    char prev[64], value[64];
    row->note = seen->count == 1 ? "1 line" : expect__pool_printf(x->r, "%d lines", seen->count);
    if (l->rep.rising < 0 || seen->broke < 0)
        return;
    const char *name = f->caps[l->rep.rising].name;
    row->status = EXPECT_FAIL;
    row->actual = expect__pool_printf(x->r, "%s went from %s to %s", name,
                                      expr_format(seen->prev, prev, sizeof prev),
                                      expr_format(seen->value, value, sizeof value));
    row->note =
        expect__pool_printf(x->r, "%s did not rise at output line %d", name, seen->broke + 1);
    expect__row_hint(x, row, &l->at);
}

bool expect__repeat_open(const struct eval_ctx *x, const struct cond *c)
{
    for (size_t i = 0; i < c->ncaps; i++)
        if (x->f->lines[x->f->caps[c->caps[i]].line].rep.on)
            return true;
    return false;
}
