/*
 * Fuzz target: line assembly. The input is cut into chunks of fuzzed sizes and fed in
 * turn; the lines that come out must be exactly those of a plain split of the whole
 * input at "\n", each cut at the cap and flagged when it was, whatever the chunks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct expected {
    const uint8_t *data; /* the whole input */
    size_t size, at;     /* where the next expected line starts */
    size_t cap;
    size_t delivered;
} expected;

/* Compares a delivered line with the next line of the plain split. */
static void on_line(void *ctx, const char *line, size_t len, bool cut)
{
    expected *e = ctx;
    const uint8_t *start = e->data + e->at;
    const uint8_t *nl = memchr(start, '\n', e->size - e->at);
    size_t full = nl ? (size_t)(nl - start) : e->size - e->at;
    size_t want = full < e->cap ? full : e->cap;

    if (e->at > e->size || len != want || cut != (full > e->cap) ||
        memcmp(line, start, len) != 0 || line[len] != '\0')
        abort();
    e->at += full + (nl ? 1 : 0);
    e->delivered++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    /* The first byte is the cap (1..256), the second the seed of the chunk sizes. */
    size_t cap = (size_t)data[0] + 1;
    unsigned seed = data[1];
    data += 2, size -= 2;

    expected e = {.data = data, .size = size, .cap = cap};
    lines l;
    if (lines_init(&l, cap, on_line, &e) != 0)
        abort();
    for (size_t at = 0; at < size;) {
        seed = seed * 1103515245u + 12345u;
        size_t chunk = 1 + (seed >> 16) % 300;
        if (chunk > size - at)
            chunk = size - at;
        lines_feed(&l, (const char *)data + at, chunk);
        at += chunk;
    }
    lines_flush(&l);
    /* Everything was delivered: the split's last line, if the input did not end on
       "\n", came out at the flush. */
    if (e.at != size)
        abort();
    lines_free(&l);
    return 0;
}
