/*
 * Markdown to styled lines: lesson.md and the exercises' READMEs parsed with md4c and
 * laid out for a terminal of a given width (paragraphs wrapped, lists with bullets,
 * quotes with a bar, code blocks kept as they are, tables with aligned columns).
 *
 * No curses: the screens map the styles to colours, the tests read the lines. Widths
 * are display columns of UTF-8 text (setlocale must select a UTF-8 locale).
 */
#ifndef MDRENDER_H
#define MDRENDER_H

#include <stddef.h>

/* Styles, combined as bits. */
enum {
    MD_S_EM = 1 << 0,
    MD_S_STRONG = 1 << 1,
    MD_S_CODE = 1 << 2, /* `code` in a paragraph */
    MD_S_LINK = 1 << 3,
    MD_S_HEADING = 1 << 4,    /* the line's level says which */
    MD_S_CODEBLOCK = 1 << 5,  /* a line of a fenced or indented code block */
    MD_S_QUOTE = 1 << 6,      /* a quote's bar */
    MD_S_TABLE = 1 << 7,      /* table borders */
    MD_S_TABLE_HEAD = 1 << 8, /* a header cell */
    MD_S_BULLET = 1 << 9,     /* a list's bullet or number */
    MD_S_RULE = 1 << 10,      /* a horizontal rule */
};

/* A run of bytes of a line in one style. */
typedef struct md_span {
    size_t off, len;
    unsigned style;
} md_span;

typedef struct md_line {
    char *text;     /* UTF-8, no newline */
    md_span *spans; /* covering text in order; unstyled bytes have style 0 */
    size_t nspans;
    int level; /* 1-6 for a heading's lines, else 0 */
} md_line;

typedef struct md_doc {
    md_line *lines;
    size_t nlines;
} md_doc;

/* Renders markdown text for a width (at least 10 columns is sensible). Returns 0 and
   sets *out, or a negative errno (-EINVAL when md4c cannot parse it). A table wider
   than width narrows its widest columns and wraps their cells (down to 6 columns a
   column); code blocks wider than width are kept wide: the screen cuts them. */
int mdrender(const char *text, size_t len, int width, md_doc **out);
void md_doc_free(md_doc *d);

/* The display width of UTF-8 text (a byte that is not UTF-8 counts as one column). */
int md_text_width(const char *s, size_t len);

#endif
