/*
 * Line assembly (see lines.h). The only state carried between chunks is the
 * unfinished line, so a chunk boundary anywhere gives the same lines.
 */
#include "lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int lines_init(lines *l, size_t cap, lines_fn fn, void *ctx)
{
    memset(l, 0, sizeof *l);
    l->cap = cap ? cap : LINES_DEFAULT_CAP;
    l->buf = malloc(l->cap + 1);
    if (!l->buf)
        return -ENOMEM;
    l->buf[0] = '\0';
    l->fn = fn;
    l->ctx = ctx;
    return 0;
}

/* Appends a piece of the current line, keeping at most cap bytes of it. */
static void keep(lines *l, const char *data, size_t n)
{
    size_t room = l->cap - l->len;
    size_t take = n < room ? n : room;

    memcpy(l->buf + l->len, data, take);
    l->len += take;
    if (take < n)
        l->cut = true;
    l->pending = true;
}

static void deliver(lines *l)
{
    /* Reset before calling out, so that the callback sees a consistent state. */
    size_t len = l->len;
    bool cut = l->cut;

    l->buf[len] = '\0';
    l->len = 0;
    l->cut = false;
    l->pending = false;
    if (l->fn)
        l->fn(l->ctx, l->buf, len, cut);
}

void lines_feed(lines *l, const char *data, size_t n)
{
    while (n > 0) {
        const char *nl = memchr(data, '\n', n);
        size_t seg = nl ? (size_t)(nl - data) : n;

        keep(l, data, seg);
        if (!nl)
            return;
        deliver(l);
        data += seg + 1;
        n -= seg + 1;
    }
}

void lines_flush(lines *l)
{
    if (l->pending)
        deliver(l);
}

void lines_free(lines *l)
{
    free(l->buf);
    memset(l, 0, sizeof *l);
}
