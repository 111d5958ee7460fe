/*
 * Matching output lines against a file: each `line` takes its output line (in order, or
 * in any order within a group), its captures are kept, the lines no pattern took become
 * extra rows. The result and every string in it live in one pool, freed together.
 */
#include "expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

/* The value of an `ints` capture: the sum of "17, 17, 17". */
static double ints_sum(const char *text)
{
    double sum = 0;
    for (char *end; *text; text = *end ? end + 1 : end)
        sum += strtod(text, &end);
    return sum;
}

void expect__take_captures(struct result_impl *r, const expect_file *f, const struct pline *l,
                           const char *s, const struct span *spans, int out_index)
{
    size_t ci = 0;
    for (size_t i = 0; i < l->npieces; i++) {
        int cap = l->pieces[i].cap;
        if (cap < 0)
            continue;
        const struct span *sp = &spans[ci++];
        char *text = expect__pool_strndup(r, s + sp->start, sp->len);
        if (!text)
            return;
        r->cap_text[cap] = text;
        r->cap_has[cap] = true;
        r->cap_out[cap] = out_index;
        r->cap_numeric[cap] = f->caps[cap].type <= CAP_NUM || f->caps[cap].type == CAP_INTS;
        /* Kept as a double for arithmetic; the text stays exact for huge integers. */
        if (f->caps[cap].type == CAP_INTS)
            r->cap_val[cap] = ints_sum(text);
        else if (r->cap_numeric[cap])
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
                if (used[j] || !expect__match_line(f, &f->lines[k], lines[j], lens[j], spans))
                    continue;
                used[j] = true;
                expect__take_captures(r, f, &f->lines[k], lines[j], spans, (int)j);
                if (f->lines[k].rep.on)
                    j = expect__take_repeats(r, f, k, lines, lens, nlines, used, j);
                line_out[k] = (int)j;
                if (j + 1 > next)
                    next = j + 1;
                break;
            }
        }
        pos = next;
        i = gend;
    }
}

/* Copies what the rows point at out of the file, so that the result may outlive it. */
static void own_strings(struct result_impl *r)
{
    for (size_t i = 0; i < r->pub.nrows; i++) {
        expect_row *row = &r->pub.rows[i];
        if (row->kind != EXPECT_ROW_CHECK && row->kind != EXPECT_ROW_LET)
            continue;
        const char **s[] = {&row->label, &row->subject, &row->note, &row->says};
        for (size_t k = 0; k < 4; k++)
            if (*s[k])
                *s[k] = expect__pool_strndup(r, *s[k], strlen(*s[k]));
    }
}

static bool alloc_result(struct result_impl *r, size_t ncaps, size_t nlines, size_t nrows)
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
    r->rep_seen = calloc(nlines ? nlines : 1, sizeof *r->rep_seen);
    return r->rep_seen && r->cap_name && r->cap_text && r->cap_val && r->cap_has &&
           r->cap_numeric && r->cap_out && r->pub.rows;
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
        !alloc_result(r, f->ncaps, f->nlines, f->nitems + nlines)) {
        if (r)
            r->nomem = true;
        goto out;
    }
    for (size_t i = 0; i < f->ncaps; i++)
        r->cap_name[i] = expect__pool_strndup(r, f->caps[i].name, strlen(f->caps[i].name));
    /* Trailing spaces and a "\r" never matter. */
    for (size_t j = 0; j < nlines; j++)
        lens[j] = expect__trim_right(lines[j], strlen(lines[j]));
    for (size_t i = 0; i < f->nlines; i++)
        line_out[i] = -1;
    match_lines(r, f, lines, lens, nlines, used, line_out);

    struct eval_ctx x = {f, m, r, let_has, let_val};
    expect__eval_lets(&x);
    expect_result *res = &r->pub;
    for (size_t i = 0; i < f->nitems; i++)
        expect__item_row(&x, &res->rows[res->nrows++], &f->items[i], line_out, lines, lens,
                         complete);
    for (size_t j = 0; j < nlines; j++) {
        if (used[j])
            continue;
        expect_row *row = &res->rows[res->nrows++];
        row->kind = EXPECT_ROW_EXTRA;
        row->output_index = (int)j;
        row->label = row->actual = row->says = expect__pool_strndup(r, lines[j], lens[j]);
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
    expect__pool_free(r);
    free(r->cap_name);
    free(r->cap_text);
    free(r->cap_val);
    free(r->cap_has);
    free(r->cap_numeric);
    free(r->cap_out);
    free(r->rep_seen);
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
