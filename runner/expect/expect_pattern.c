/*
 * The patterns of `line` directives: reading one into literal pieces and typed captures,
 * and fitting one output line to it.
 */
#include "expect.h"

#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

int expect__add_capture(struct parse_state *ps, const char *name, size_t n, enum cap_type type)
{
    expect_file *f = ps->f;
    char *copy = strndup(name, n);
    if (!copy)
        return expect__nomem(ps);
    const char *why = expect__reserved_name(copy);
    int rc = 0;
    if (why)
        rc = expect__perr_at(ps, ps->lineno, "'%s' is %s and cannot be a capture name", copy, why);
    else if (expect__find_capture(f, copy) >= 0)
        rc = expect__perr_at(ps, ps->lineno, "capture '%s' is bound twice", copy);
    struct capture *c = rc ? NULL : expect__grow(f->caps, f->ncaps, &f->caps_cap, sizeof *c);
    if (!c) {
        free(copy);
        return rc ? rc : expect__nomem(ps);
    }
    f->caps = c;
    c[f->ncaps] = (struct capture){copy, type, (int)f->nlines, false};
    return (int)f->ncaps++;
}

static int add_piece(struct parse_state *ps, struct pline *l, int cap, const char *lit, size_t n)
{
    struct piece *p = realloc(l->pieces, (l->npieces + 1) * sizeof *p);
    if (!p)
        return expect__nomem(ps);
    l->pieces = p;
    p[l->npieces] = (struct piece){cap, NULL, n};
    if (cap < 0 && !(p[l->npieces].lit = strndup(lit, n)))
        return expect__nomem(ps);
    l->npieces++;
    return 0;
}

static int parse_capture(struct parse_state *ps, struct pline *l, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (!colon)
        return expect__perr_at(ps, ps->lineno, "capture '{%.*s}' needs a type, like {%.*s:ms}",
                               expect__quote_len(n), s, expect__quote_len(n), s);
    size_t nn = (size_t)(colon - s), tn = n - nn - 1;
    if (!expect__is_name(s, nn))
        return expect__perr_at(
            ps, ps->lineno,
            "bad capture name '%.*s' (letters, digits and _, starting with a letter)",
            expect__quote_len(nn), s);
    int type = -1;
    for (int t = CAP_MS; t <= CAP_INTS; t++)
        if (strlen(expect__cap_type_names[t]) == tn &&
            memcmp(colon + 1, expect__cap_type_names[t], tn) == 0)
            type = t;
    if (type < 0)
        return expect__perr_at(ps, ps->lineno,
                               "unknown capture type '%.*s' (use ms, int, num, ints, word or text)",
                               expect__quote_len(tn), colon + 1);
    int cap = expect__add_capture(ps, s, nn, (enum cap_type)type);
    return cap < 0 ? cap : add_piece(ps, l, cap, NULL, 0);
}

/* Splits a `line` pattern into literal pieces and captures. */
int expect__parse_pattern(struct parse_state *ps, struct pline *l, const char *s, size_t n)
{
    char *lit = malloc(n + 1);
    size_t litn = 0, ncaps = 0;
    int rc = lit ? 0 : expect__nomem(ps);
    for (size_t i = 0; i < n && rc == 0;) {
        if ((s[i] == '{' || s[i] == '}') && i + 1 < n && s[i + 1] == s[i]) {
            lit[litn++] = s[i];
            i += 2;
        } else if (s[i] == '}') {
            rc = expect__perr_at(ps, ps->lineno,
                                 "a '}' on its own in a line (write '}}' for a brace)");
        } else if (s[i] == '{') {
            const char *close = memchr(s + i, '}', n - i);
            if (!close) {
                rc = expect__perr_at(ps, ps->lineno,
                                     "'{' without '}' in a line (write '{{' for a brace)");
                break;
            }
            if (++ncaps > MAX_LINE_CAPTURES) {
                rc = expect__perr_at(ps, ps->lineno, "too many captures in one line (at most %d)",
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
            rc = expect__perr_at(ps, ps->lineno, "a 'text' capture must come last in its line");
    return rc;
}

/* The end of the number a numeric capture takes at s[i] (i itself when there is none). */
static size_t scan_number(const char *s, size_t n, size_t i, enum cap_type t)
{
    size_t start = i, digits = 0;
    if (t != CAP_MS && i < n && s[i] == '-')
        i++;
    while (i < n && expect__is_digit(s[i]))
        i++, digits++;
    if (t == CAP_NUM && i + 1 < n && s[i] == '.' && expect__is_digit(s[i + 1])) {
        i++;
        while (i < n && expect__is_digit(s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return start;
    if (t == CAP_NUM && i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t q = i + 1;
        if (q < n && (s[q] == '+' || s[q] == '-'))
            q++;
        if (q < n && expect__is_digit(s[q])) {
            while (q < n && expect__is_digit(s[q]))
                q++;
            i = q;
        }
    }
    return i;
}

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
        size_t trimmed = expect__trim_right(p->lit, p->litlen);
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
        while (end < n && !expect__is_space(s[end]))
            end++;
        for (size_t e = end; e > pos; e--) {
            spans[ci] = (struct span){pos, e - pos};
            if (match_from(f, l, pi + 1, ci + 1, s, n, e, spans, budget))
                return true;
        }
        return false;
    }
    if (t == CAP_INTS) {
        /* "17, 17, 17": integers, each after a comma and a space. */
        end = scan_number(s, n, pos, CAP_INT);
        for (size_t next; end > pos && end + 2 < n && s[end] == ',' && s[end + 1] == ' ' &&
                          (next = scan_number(s, n, end + 2, CAP_INT)) > end + 2;)
            end = next;
    } else {
        end = scan_number(s, n, pos, t);
    }
    if (end == pos)
        return false;
    spans[ci] = (struct span){pos, end - pos};
    return match_from(f, l, pi + 1, ci + 1, s, n, end, spans, budget);
}

bool expect__match_line(const expect_file *f, const struct pline *l, const char *s, size_t n,
                        struct span *spans)
{
    long budget = MATCH_BUDGET;
    return match_from(f, l, 0, 0, s, n, 0, spans, &budget);
}
