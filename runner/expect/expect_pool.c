/*
 * A match result's pool (expect_internal.h): every string of a result is allocated
 * here and freed with it, so a result is one thing to free however many rows it has.
 * Used by matching (expect_match.c) and by the rows (expect_rows.c).
 */
#include "expect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect_internal.h"

char *expect__pool_strndup(struct result_impl *r, const char *s, size_t n)
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

char *expect__pool_printf(struct result_impl *r, const char *fmt, ...)
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

char *expect__pool_format(struct result_impl *r, double v)
{
    char buf[64];
    expr_format(v, buf, sizeof buf);
    return expect__pool_strndup(r, buf, strlen(buf));
}

void expect__pool_free(struct result_impl *r)
{
    while (r->pool) {
        struct pool_block *next = r->pool->next;
        free(r->pool);
        r->pool = next;
    }
}
