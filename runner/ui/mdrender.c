/*
 * Markdown to styled lines with md4c. md4c calls back as it enters and leaves blocks
 * and spans and as text arrives; we gather a block's text with a style per byte, and
 * when the block ends we wrap it into lines behind the prefixes of the blocks that
 * hold it (a quote's bar, a list item's bullet or its indent).
 */
#include "mdrender.h"

#include <errno.h>
#include <md4c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util.h"

#define MD_MAX_DEPTH 32
#define MD_MAX_COLS 16

/* A growing text with a style for each byte. */
typedef struct styled {
    char *text;
    unsigned *style;
    size_t len, cap;
} styled;

typedef struct container {
    MD_BLOCKTYPE type;
    bool ordered;
    unsigned number; /* the next item's number, in an ordered list */
    char marker[16]; /* this item's bullet, until its first line is out */
    int indent;      /* the columns its prefix takes */
} container;

typedef struct table {
    styled cells[64][MD_MAX_COLS];
    int ncols[64];
    int nrows;
    int head_rows;
} table;

typedef struct renderer {
    md_doc *doc;
    int width;
    container stack[MD_MAX_DEPTH];
    int depth;
    styled para;   /* the text of the block being gathered */
    unsigned span; /* the inline styles in effect */
    int heading;   /* the heading level being gathered, or 0 */
    bool in_code;  /* inside a code block */
    table *tbl;    /* the table being gathered, or NULL */
    int tbl_col;
    bool in_head;
    bool need_gap; /* a blank line goes before the next block */
} renderer;

static void styled_add(styled *s, const char *text, size_t n, unsigned style)
{
    if (s->len + n + 1 > s->cap) {
        s->cap = (s->len + n + 1) * 2;
        s->text = xrealloc(s->text, s->cap);
        s->style = xrealloc(s->style, s->cap * sizeof *s->style);
    }
    memcpy(s->text + s->len, text, n);
    for (size_t i = 0; i < n; i++)
        s->style[s->len + i] = style;
    s->len += n;
    s->text[s->len] = '\0';
}

static void styled_free(styled *s)
{
    free(s->text);
    free(s->style);
    memset(s, 0, sizeof *s);
}

/* Length of the UTF-8 character at s (1 for a byte that is not UTF-8). */
static size_t char_len(const char *s, size_t n, int *width)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t k = mbrtowc(&wc, s, n, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *width = 1;
        return 1;
    }
    int w = wcwidth(wc);
    *width = w < 0 ? 1 : w;
    return k;
}

int md_text_width(const char *s, size_t len)
{
    int total = 0;
    for (size_t i = 0; i < len;) {
        int w;
        i += char_len(s + i, len - i, &w);
        total += w;
    }
    return total;
}

/* Appends a finished line made of s, with its spans merged from the byte styles. */
static void emit(renderer *r, const styled *s)
{
    md_doc *d = r->doc;
    d->lines = xrealloc(d->lines, (d->nlines + 1) * sizeof *d->lines);
    md_line *l = &d->lines[d->nlines++];
    memset(l, 0, sizeof *l);
    size_t len = s->len;
    while (len && s->text[len - 1] == ' ' && !(s->style[len - 1] & MD_S_CODEBLOCK))
        len--;
    l->text = xstrndup(s->text ? s->text : "", len);
    l->level = r->heading;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && s->style[j] == s->style[i])
            j++;
        l->spans = xrealloc(l->spans, (l->nspans + 1) * sizeof *l->spans);
        l->spans[l->nspans++] = (md_span){i, j - i, s->style[i]};
        i = j;
    }
    r->need_gap = false;
}

static void emit_blank(renderer *r)
{
    styled empty = {0};
    int h = r->heading;
    r->heading = 0;
    emit(r, &empty);
    r->heading = h;
}

/* A blank line before a block, unless it opens the document or a list item. */
static void gap(renderer *r)
{
    if (r->need_gap && r->doc->nlines > 0)
        emit_blank(r);
    r->need_gap = false;
}

/* The prefix of a line: the bars and indents of the containers, and the bullet of an
   item whose first line this is. */
static void prefix(renderer *r, styled *line)
{
    for (int i = 0; i < r->depth; i++) {
        container *c = &r->stack[i];
        if (c->type == MD_BLOCK_QUOTE) {
            styled_add(line, "│ ", strlen("│ "), MD_S_QUOTE);
        } else if (c->type == MD_BLOCK_LI) {
            if (c->marker[0]) {
                styled_add(line, c->marker, strlen(c->marker), MD_S_BULLET);
                c->marker[0] = '\0';
            } else {
                for (int k = 0; k < c->indent; k++)
                    styled_add(line, " ", 1, 0);
            }
        }
    }
}

/* Wraps the gathered paragraph into lines no wider than r->width. */
static void flush_para(renderer *r)
{
    styled *p = &r->para;
    if (p->len == 0)
        return;
    gap(r);
    styled line = {0};
    prefix(r, &line);
    int used = md_text_width(line.text ? line.text : "", line.len);
    int start = used;
    bool line_has_word = false;
    size_t i = 0;
    while (i < p->len) {
        if (p->text[i] == '\n') { /* a hard break */
            emit(r, &line);
            line.len = 0;
            prefix(r, &line);
            used = start, line_has_word = false;
            i++;
            continue;
        }
        if (p->text[i] == ' ') {
            i++;
            continue;
        }
        size_t j = i;
        int ww = 0;
        while (j < p->len && p->text[j] != ' ' && p->text[j] != '\n') {
            int w;
            j += char_len(p->text + j, p->len - j, &w);
            ww += w;
        }
        bool space_before = i > 0 && p->text[i - 1] == ' ' && line_has_word;
        if (line_has_word && used + (space_before ? 1 : 0) + ww > r->width) {
            emit(r, &line);
            line.len = 0;
            prefix(r, &line);
            used = start, line_has_word = false, space_before = false;
        }
        if (space_before) {
            styled_add(&line, " ", 1, p->style[i - 1]);
            used++;
        }
        /* A word wider than the line is broken at the edge. */
        while (i < j) {
            int w;
            size_t k = char_len(p->text + i, j - i, &w);
            if (used + w > r->width && used > start) {
                emit(r, &line);
                line.len = 0;
                prefix(r, &line);
                used = start;
            }
            styled_add(&line, p->text + i, k, p->style[i]);
            used += w;
            i += k;
        }
        line_has_word = true;
    }
    if (line.len > 0 && line_has_word)
        emit(r, &line);
    styled_free(&line);
    p->len = 0;
}

static void flush_code(renderer *r)
{
    styled *p = &r->para;
    gap(r);
    size_t i = 0;
    /* md4c ends the block's text with a newline; no empty last line for it. */
    size_t end = p->len;
    if (end && p->text[end - 1] == '\n')
        end--;
    while (i <= end && p->len) {
        size_t j = i;
        while (j < end && p->text[j] != '\n')
            j++;
        styled line = {0};
        prefix(r, &line);
        styled_add(&line, "    ", 4, MD_S_CODEBLOCK);
        styled_add(&line, p->text + i, j - i, MD_S_CODEBLOCK);
        emit(r, &line);
        styled_free(&line);
        i = j + 1;
    }
    p->len = 0;
    r->need_gap = true;
}

static void add_repeat(styled *s, const char *piece, int n, unsigned style)
{
    for (int i = 0; i < n; i++)
        styled_add(s, piece, strlen(piece), style);
}

#define MD_MAX_CELL_LINES 32
#define MD_MIN_COL_WIDTH 6

/* Where the lines of a cell wrapped to width columns start and end (byte offsets):
   at spaces where it can, inside a word longer than the column where it must.
   Returns the number of lines (at least 1). */
static int wrap_cell(const styled *cell, int width, size_t *starts, size_t *ends)
{
    int n = 0;
    size_t i = 0, len = cell->len;
    while (n < MD_MAX_CELL_LINES) {
        while (i < len && cell->text[i] == ' ' && n > 0)
            i++;
        size_t line_start = i, last_space = 0, j = i;
        int cols = 0;
        bool cut = false;
        while (j < len) {
            int w;
            size_t k = char_len(cell->text + j, len - j, &w);
            if (cols + w > width) {
                cut = true;
                break;
            }
            if (cell->text[j] == ' ')
                last_space = j;
            cols += w;
            j += k;
        }
        size_t line_end = j;
        if (cut && last_space > line_start)
            line_end = last_space;
        starts[n] = line_start;
        ends[n] = line_end;
        n++;
        i = line_end;
        if (!cut)
            break;
    }
    return n;
}

/* Narrows the widest columns until the table fits in avail columns, so a wide
   table wraps its cells rather than running off the screen. */
static void fit_columns(int *w, int ncols, int avail)
{
    for (;;) {
        int total = 0, widest = 0;
        for (int c = 0; c < ncols; c++) {
            total += w[c];
            if (w[c] > w[widest])
                widest = c;
        }
        if (total <= avail || w[widest] <= MD_MIN_COL_WIDTH)
            return;
        w[widest]--;
    }
}

static void flush_table(renderer *r)
{
    table *t = r->tbl;
    int ncols = 0;
    for (int i = 0; i < t->nrows; i++)
        if (t->ncols[i] > ncols)
            ncols = t->ncols[i];
    int w[MD_MAX_COLS] = {0};
    for (int i = 0; i < t->nrows; i++)
        for (int c = 0; c < t->ncols[i]; c++) {
            int cw =
                md_text_width(t->cells[i][c].text ? t->cells[i][c].text : "", t->cells[i][c].len);
            if (cw > w[c])
                w[c] = cw;
        }
    styled probe = {0};
    prefix(r, &probe);
    int indent = md_text_width(probe.text ? probe.text : "", probe.len);
    styled_free(&probe);
    fit_columns(w, ncols, r->width - indent - 3 * (ncols - 1));

    gap(r);
    size_t starts[MD_MAX_COLS][MD_MAX_CELL_LINES], ends[MD_MAX_COLS][MD_MAX_CELL_LINES];
    int nlines[MD_MAX_COLS];
    for (int i = 0; i < t->nrows; i++) {
        int height = 1;
        for (int c = 0; c < ncols; c++) {
            styled *cell = &t->cells[i][c];
            unsigned extra = i < t->head_rows ? MD_S_TABLE_HEAD : 0;
            for (size_t k = 0; k < cell->len; k++)
                cell->style[k] |= extra;
            nlines[c] = c < t->ncols[i] ? wrap_cell(cell, w[c], starts[c], ends[c]) : 0;
            if (nlines[c] > height)
                height = nlines[c];
        }
        for (int row = 0; row < height; row++) {
            styled line = {0};
            prefix(r, &line);
            for (int c = 0; c < ncols; c++) {
                styled_add(&line, c ? " │ " : "", c ? strlen(" │ ") : 0, MD_S_TABLE);
                const styled *cell = &t->cells[i][c];
                int cw = 0;
                if (row < nlines[c]) {
                    for (size_t k = starts[c][row]; k < ends[c][row]; k++)
                        styled_add(&line, cell->text + k, 1, cell->style[k]);
                    cw = md_text_width(cell->text + starts[c][row], ends[c][row] - starts[c][row]);
                }
                if (c + 1 < ncols)
                    add_repeat(&line, " ", w[c] - cw, 0);
            }
            emit(r, &line);
            styled_free(&line);
        }
        if (i + 1 == t->head_rows) {
            styled rule = {0};
            prefix(r, &rule);
            for (int c = 0; c < ncols; c++) {
                if (c)
                    styled_add(&rule, "─┼─", strlen("─┼─"), MD_S_TABLE);
                add_repeat(&rule, "─", w[c], MD_S_TABLE);
            }
            emit(r, &rule);
            styled_free(&rule);
        }
    }
    for (int i = 0; i < t->nrows; i++)
        for (int c = 0; c < MD_MAX_COLS; c++)
            styled_free(&t->cells[i][c]);
    free(t);
    r->tbl = NULL;
    r->need_gap = true;
}

static styled *target(renderer *r)
{
    if (r->tbl && r->tbl->nrows > 0) {
        int row = r->tbl->nrows - 1;
        int col = r->tbl_col < MD_MAX_COLS ? r->tbl_col : MD_MAX_COLS - 1;
        return &r->tbl->cells[row][col];
    }
    return &r->para;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    renderer *r = ud;
    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        flush_para(r);
        if (r->depth < MD_MAX_DEPTH) {
            container *c = &r->stack[r->depth++];
            memset(c, 0, sizeof *c);
            c->type = type;
            c->ordered = type == MD_BLOCK_OL;
            c->number = c->ordered ? ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
        }
        break;
    case MD_BLOCK_LI: {
        flush_para(r);
        container *list = r->depth ? &r->stack[r->depth - 1] : NULL;
        if (r->depth < MD_MAX_DEPTH) {
            container *c = &r->stack[r->depth++];
            memset(c, 0, sizeof *c);
            c->type = MD_BLOCK_LI;
            if (list && list->ordered)
                snprintf(c->marker, sizeof c->marker, "%u. ", list->number++);
            else
                snprintf(c->marker, sizeof c->marker, "• ");
            c->indent = md_text_width(c->marker, strlen(c->marker));
        }
        break;
    }
    case MD_BLOCK_QUOTE:
        flush_para(r);
        gap(r);
        if (r->depth < MD_MAX_DEPTH) {
            container *c = &r->stack[r->depth++];
            memset(c, 0, sizeof *c);
            c->type = MD_BLOCK_QUOTE;
        }
        break;
    case MD_BLOCK_H:
        flush_para(r);
        r->need_gap = true;
        r->heading = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
        break;
    case MD_BLOCK_CODE:
        flush_para(r);
        r->in_code = true;
        break;
    case MD_BLOCK_HR: {
        flush_para(r);
        gap(r);
        styled line = {0};
        prefix(r, &line);
        int n = r->width - md_text_width(line.text ? line.text : "", line.len);
        add_repeat(&line, "─", n > 0 ? n : 1, MD_S_RULE);
        emit(r, &line);
        styled_free(&line);
        r->need_gap = true;
        break;
    }
    case MD_BLOCK_TABLE:
        flush_para(r);
        r->tbl = xcalloc(1, sizeof *r->tbl);
        break;
    case MD_BLOCK_THEAD:
        r->in_head = true;
        break;
    case MD_BLOCK_TR:
        if (r->tbl && r->tbl->nrows < 64) {
            r->tbl->nrows++;
            if (r->in_head)
                r->tbl->head_rows = r->tbl->nrows;
        }
        r->tbl_col = -1;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        r->tbl_col++;
        if (r->tbl && r->tbl->nrows && r->tbl_col < MD_MAX_COLS)
            r->tbl->ncols[r->tbl->nrows - 1] = r->tbl_col + 1;
        break;
    case MD_BLOCK_P:
        flush_para(r);
        if (!r->tbl)
            r->need_gap =
                r->need_gap || r->depth == 0 || r->doc->nlines == 0 ? r->need_gap : r->need_gap;
        break;
    default:
        break;
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    (void)detail;
    renderer *r = ud;
    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_QUOTE:
        flush_para(r);
        if (r->depth)
            r->depth--;
        r->need_gap = true;
        break;
    case MD_BLOCK_LI:
        flush_para(r);
        if (r->depth)
            r->depth--;
        break;
    case MD_BLOCK_H:
        for (size_t i = 0; i < r->para.len; i++)
            r->para.style[i] |= MD_S_HEADING;
        flush_para(r);
        r->heading = 0;
        r->need_gap = true;
        break;
    case MD_BLOCK_CODE:
        flush_code(r);
        r->in_code = false;
        break;
    case MD_BLOCK_P:
        if (!r->tbl) {
            flush_para(r);
            r->need_gap = true;
        }
        break;
    case MD_BLOCK_THEAD:
        r->in_head = false;
        break;
    case MD_BLOCK_TABLE:
        if (r->tbl)
            flush_table(r);
        break;
    default:
        break;
    }
    return 0;
}

static unsigned span_style(MD_SPANTYPE type)
{
    switch (type) {
    case MD_SPAN_EM:
        return MD_S_EM;
    case MD_SPAN_STRONG:
        return MD_S_STRONG;
    case MD_SPAN_CODE:
        return MD_S_CODE;
    case MD_SPAN_A:
        return MD_S_LINK;
    default:
        return 0;
    }
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
    (void)detail;
    renderer *r = ud;
    r->span |= span_style(type);
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
    (void)detail;
    renderer *r = ud;
    r->span &= ~span_style(type);
    return 0;
}

static const char *entity(const char *s, size_t n)
{
    static const struct {
        const char *name, *text;
    } map[] = {{"&amp;", "&"},  {"&lt;", "<"},     {"&gt;", ">"},    {"&quot;", "\""},
               {"&nbsp;", " "}, {"&mdash;", "—"},  {"&ndash;", "–"}, {"&times;", "×"},
               {"&rarr;", "→"}, {"&hellip;", "…"}, {"&apos;", "'"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i].name) == n && memcmp(map[i].name, s, n) == 0)
            return map[i].text;
    return NULL;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
    renderer *r = ud;
    styled *t = target(r);
    unsigned style = r->span;
    if (r->in_code) {
        styled_add(t, text, size, MD_S_CODEBLOCK);
        return 0;
    }
    switch (type) {
    case MD_TEXT_SOFTBR:
        styled_add(t, " ", 1, style);
        break;
    case MD_TEXT_BR:
        styled_add(t, r->tbl ? " " : "\n", 1, style);
        break;
    case MD_TEXT_ENTITY: {
        const char *e = entity(text, size);
        if (e)
            styled_add(t, e, strlen(e), style);
        else
            styled_add(t, text, size, style);
        break;
    }
    case MD_TEXT_NULLCHAR:
        styled_add(t, "\xEF\xBF\xBD", 3, style);
        break;
    default:
        /* Newlines inside a paragraph's text (a code span's) read as spaces. */
        for (MD_SIZE i = 0; i < size; i++) {
            char c = text[i] == '\n' ? ' ' : text[i];
            styled_add(t, &c, 1, style);
        }
        break;
    }
    return 0;
}

int mdrender(const char *text, size_t len, int width, md_doc **out)
{
    renderer r = {0};
    r.doc = xcalloc(1, sizeof *r.doc);
    r.width = width > 4 ? width : 4;
    MD_PARSER parser = {
        .abi_version = 0,
        .flags =
            MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTML,
        .enter_block = enter_block,
        .leave_block = leave_block,
        .enter_span = enter_span,
        .leave_span = leave_span,
        .text = on_text,
    };
    int rc = md_parse(text, (MD_SIZE)len, &parser, &r);
    flush_para(&r);
    styled_free(&r.para);
    if (r.tbl) {
        for (int i = 0; i < r.tbl->nrows; i++)
            for (int c = 0; c < MD_MAX_COLS; c++)
                styled_free(&r.tbl->cells[i][c]);
        free(r.tbl);
    }
    if (rc != 0) {
        md_doc_free(r.doc);
        return -EINVAL;
    }
    *out = r.doc;
    return 0;
}

void md_doc_free(md_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nlines; i++) {
        free(d->lines[i].text);
        free(d->lines[i].spans);
    }
    free(d->lines);
    free(d);
}
