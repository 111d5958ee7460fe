/*
 * What every part of the parser shares (expect_internal.h): its errors, growing its
 * arrays, and what makes a name. Below the files that parse (expect_parse.c,
 * expect_pattern.c, expect_cond.c, expect_marks.c, expect_resolve.c), which use these
 * and not each other's.
 */
#include "expect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"
#include "facts.h"

int expect__perr_at(struct parse_state *ps, int line, const char *fmt, ...)
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

int expect__nomem(struct parse_state *ps)
{
    if (ps->errlen > 0)
        snprintf(ps->err, ps->errlen, "%s: out of memory", ps->filename);
    return EXPECT_ERR_NOMEM;
}

/* Makes room for one more element; returns the (maybe moved) array, or NULL. */
void *expect__grow(void *arr, size_t n, size_t *cap, size_t elem)
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

bool expect__is_name(const char *s, size_t n)
{
    if (n == 0 || n > 64 || !expect__is_alpha(s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!expect__is_alpha(s[i]) && !expect__is_digit(s[i]) && s[i] != '_')
            return false;
    return true;
}

/* Why a name cannot be bound, or NULL when it can. */
const char *expect__reserved_name(const char *name)
{
    if (facts_index(name) >= 0)
        return "a fact of the run";
    if (expr_is_fact(name))
        return "a machine fact";
    if (expr_is_function(name))
        return "a function";
    if (strcmp(name, "in") == 0)
        return "a keyword";
    return NULL;
}
