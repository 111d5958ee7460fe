/*
 * Fuzz target: terminal-safe text. Whatever the bytes and the size of the output
 * buffer, the result fits, ends in its only NUL, is valid UTF-8, and holds nothing a
 * terminal acts on: no C0 control (tabs become spaces), no DEL, no C1 control, no
 * character that reorders or breaks the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Returns the length of the valid UTF-8 character at s and its code point, or 0. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const struct {
        unsigned char lead_lo, lead_hi, lo, hi;
        size_t len;
    } forms[] = {
        {0xc2, 0xdf, 0x80, 0xbf, 2}, {0xe0, 0xe0, 0xa0, 0xbf, 3}, {0xe1, 0xec, 0x80, 0xbf, 3},
        {0xed, 0xed, 0x80, 0x9f, 3}, {0xee, 0xef, 0x80, 0xbf, 3}, {0xf0, 0xf0, 0x90, 0xbf, 4},
        {0xf1, 0xf3, 0x80, 0xbf, 4}, {0xf4, 0xf4, 0x80, 0x8f, 4},
    };
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        if (s[0] < forms[k].lead_lo || s[0] > forms[k].lead_hi)
            continue;
        size_t len = forms[k].len;
        if (n < len || s[1] < forms[k].lo || s[1] > forms[k].hi)
            return 0;
        *cp = s[0] & (0xff >> (len + 1));
        for (size_t i = 1; i < len; i++) {
            if (i > 1 && (s[i] < 0x80 || s[i] > 0xbf))
                return 0;
            *cp = (*cp << 6) | (s[i] & 0x3f);
        }
        return len;
    }
    return 0;
}

static void check_safe(const char *out, size_t out_size)
{
    size_t len = strlen(out);
    if (len >= out_size)
        abort();
    const unsigned char *s = (const unsigned char *)out;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = decode(s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
            (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
            cp == 0x2028 || cp == 0x2029)
            abort();
        i += n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* The first byte sizes the output buffer: 1..256 bytes, or 4 KiB when it is 0. */
    size_t out_size = data[0] ? data[0] : 4096;
    data++, size--;

    char *out = malloc(out_size);
    size_t used = text_visible_n((const char *)data, size, out, out_size);
    if (used > size)
        abort();
    check_safe(out, out_size);
    /* With room for the worst case (4 bytes out per byte in, or a tab's 8 columns),
       everything is rendered. */
    if (out_size > 8 * size && used != size)
        abort();

    /* The NUL-terminated entry point stops at the first NUL. */
    char *str = malloc(size + 1);
    memcpy(str, data, size);
    str[size] = '\0';
    used = text_visible(str, out, out_size);
    if (used > strlen(str))
        abort();
    check_safe(out, out_size);
    free(str);
    free(out);
    return 0;
}
