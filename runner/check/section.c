/*
 * The digest of a marked section of a source file (see section.h).
 */
#include "section.h"

#include <string.h>

#define FNV_OFFSET 14695981039346656037ull
#define FNV_PRIME 1099511628211ull

static uint64_t fnv_add(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

/* Whether s[0..n) holds marker. */
static int line_holds(const char *s, size_t n, const char *marker)
{
    size_t m = strlen(marker);
    for (size_t i = 0; m > 0 && i + m <= n; i++)
        if (memcmp(s + i, marker, m) == 0)
            return 1;
    return 0;
}

int section_digest(const char *text, size_t len, const char *marker, uint64_t *digest)
{
    uint64_t h = FNV_OFFSET;
    int first = 0, lineno = 0;
    for (size_t off = 0; off < len;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - off;
        lineno++;
        while (n > 0 &&
               (text[off + n - 1] == ' ' || text[off + n - 1] == '\t' || text[off + n - 1] == '\r'))
            n--;
        if (!first && line_holds(text + off, n, marker))
            first = lineno;
        if (first) {
            h = fnv_add(h, text + off, n);
            h = fnv_add(h, "\n", 1);
        }
        off = nl ? end + 1 : len;
    }
    *digest = h;
    return first;
}
