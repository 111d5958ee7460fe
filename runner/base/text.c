/*
 * Terminal-safe text (see text.h). The input is walked one character at a time:
 * each is classified, given its visible form, and appended only if that form fits
 * whole, so the output is always a prefix of the full rendering.
 */
#include "text.h"

#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define TAB_STOP 8

/* The length of the valid UTF-8 sequence starting at s (at most n bytes), and its
   code point; 0 when the bytes there are not one. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf; /* the allowed range of the second byte */

    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xc2 && b <= 0xdf) {
        len = 2;
        *cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
        len = 3;
        *cp = b & 0x0f;
        if (b == 0xe0)
            lo = 0xa0; /* no overlong forms */
        if (b == 0xed)
            hi = 0x9f; /* no surrogates */
    } else if (b >= 0xf0 && b <= 0xf4) {
        len = 4;
        *cp = b & 0x07;
        if (b == 0xf0)
            lo = 0x90;
        if (b == 0xf4)
            hi = 0x8f; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        unsigned char c = s[i];
        if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xbf))
            return 0;
        *cp = (*cp << 6) | (c & 0x3f);
    }
    return len;
}

/* Characters that are valid but that a terminal would act on. */
static bool unsafe_code_point(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* Writes the "\xNN" form of each of the n bytes at s into form; returns its length. */
static size_t hex_escape(const unsigned char *s, size_t n, char *form)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        form[4 * i] = '\\';
        form[4 * i + 1] = 'x';
        form[4 * i + 2] = digits[s[i] >> 4];
        form[4 * i + 3] = digits[s[i] & 15];
    }
    return 4 * n;
}

size_t text_visible_n(const char *in, size_t n, char *out, size_t out_size)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t at = 0, used = 0, col = 0;

    if (!out || out_size == 0)
        return 0;
    while (used < n) {
        char form[TAB_STOP > 16 ? TAB_STOP : 16];
        size_t flen, cols = 1;
        uint32_t cp;
        size_t len = utf8_decode(s + used, n - used, &cp);

        if (len == 0) {
            len = 1;
            flen = hex_escape(s + used, 1, form);
            cols = flen;
        } else if (cp == '\t') {
            flen = cols = TAB_STOP - col % TAB_STOP;
            memset(form, ' ', flen);
        } else if (cp < 0x20 || cp == 0x7f) {
            form[0] = '^';
            form[1] = cp == 0x7f ? '?' : (char)(cp + 0x40);
            flen = cols = 2;
        } else if (unsafe_code_point(cp)) {
            flen = hex_escape(s + used, len, form);
            cols = flen;
        } else {
            memcpy(form, s + used, len);
            flen = len;
        }
        if (flen > out_size - 1 - at)
            break;
        memcpy(out + at, form, flen);
        at += flen;
        used += len;
        col += cols;
    }
    out[at] = '\0';
    return used;
}

size_t text_visible(const char *s, char *out, size_t out_size)
{
    return text_visible_n(s ? s : "", s ? strlen(s) : 0, out, out_size);
}

size_t text_rstrip(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n;
}

char *text_line_dup(const char *in, size_t n)
{
    size_t nuls = 0;
    for (size_t i = 0; i < n; i++)
        nuls += in[i] == '\0';
    char *s = xmalloc(n + nuls + 1), *w = s;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '\0') {
            *w++ = '^';
            *w++ = '@';
        } else {
            *w++ = in[i];
        }
    }
    *w = '\0';
    return s;
}

int text_cells(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}
