/*
 * The code screen. Highlighting is deliberately light: comments, strings, numbers,
 * C keywords and libuv's names, recognised line by line with one piece of state (are
 * we inside a block comment), which is all a teaching file needs.
 */
#include "ui_code.h"

#include <ctype.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "ui_run.h"
#include "util.h"

typedef struct code_screen {
    ui_screen base;
    const catalog_lesson *lesson; /* NULL for a single file */
    size_t variant;
    char *path, *title;
    char **lines;
    size_t nlines;
    int top, left, page;
    char error[256];
} code_screen;

static const char *const keywords[] = {
    "auto",    "break",   "case",   "char",     "const",   "continue", "default",  "do",
    "double",  "else",    "enum",   "extern",   "float",   "for",      "goto",     "if",
    "int",     "long",    "return", "short",    "signed",  "sizeof",   "static",   "struct",
    "switch",  "typedef", "union",  "unsigned", "void",    "volatile", "while",    "bool",
    "true",    "false",   "NULL",   "uint64_t", "int64_t", "size_t",   "uint32_t", "#include",
    "#define", "#pragma", "#ifdef", "#ifndef",  "#endif",  "#if",      "#else",
};

static bool is_keyword(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i]) == n && memcmp(keywords[i], s, n) == 0)
            return true;
    return false;
}

static void free_lines(code_screen *cs)
{
    for (size_t i = 0; i < cs->nlines; i++)
        free(cs->lines[i]);
    free(cs->lines);
    cs->lines = NULL;
    cs->nlines = 0;
}

static void load(code_screen *cs)
{
    free_lines(cs);
    cs->error[0] = '\0';
    cs->top = cs->left = 0;
    if (cs->lesson) {
        const catalog_variant *v = &cs->lesson->variants[cs->variant];
        free(cs->path);
        free(cs->title);
        cs->path = xstrdup(v->source);
        cs->title = xasprintf("%02d %s · %s.c (%zu of %zu)", cs->lesson->number, cs->lesson->slug,
                              v->name, cs->variant + 1, cs->lesson->nvariants);
    }
    char *text;
    size_t len;
    int rc = util_read_file(cs->path, UTIL_FILE_MAX, &text, &len);
    if (rc < 0) {
        snprintf(cs->error, sizeof cs->error, "cannot read %s", cs->path);
        return;
    }
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        cs->lines = xrealloc(cs->lines, (cs->nlines + 1) * sizeof *cs->lines);
        cs->lines[cs->nlines++] = xstrndup(p, n);
        p = nl ? nl + 1 : p + n;
    }
    free(text);
}

/* Draws one line of C from column `left`, with in_comment carried between lines. */
static void draw_c_line(int y, int x, int maxw, const char *s, int left, bool *in_comment)
{
    size_t n = strlen(s), i = 0;
    int col = 0; /* the column in the source line */
    while (i < n) {
        size_t j = i + 1;
        int attr = 0;
        if (*in_comment) {
            const char *end = strstr(s + i, "*/");
            j = end ? (size_t)(end - s) + 2 : n;
            *in_comment = end == NULL;
            attr = ui_attr(UI_COMMENT);
        } else if (s[i] == '/' && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            j = end ? (size_t)(end - s) + 2 : n;
            *in_comment = end == NULL;
            attr = ui_attr(UI_COMMENT);
        } else if (s[i] == '/' && s[i + 1] == '/') {
            j = n;
            attr = ui_attr(UI_COMMENT);
        } else if (s[i] == '"' || s[i] == '\'') {
            char q = s[i];
            while (j < n && s[j] != q)
                j += s[j] == '\\' && j + 1 < n ? 2 : 1;
            j = j < n ? j + 1 : n;
            attr = ui_attr(UI_STRING);
        } else if (isdigit((unsigned char)s[i])) {
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '.'))
                j++;
            attr = ui_attr(UI_NUMBER);
        } else if (isalpha((unsigned char)s[i]) || s[i] == '_' || s[i] == '#') {
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            if (is_keyword(s + i, j - i))
                attr = ui_attr(UI_KEYWORD);
            else if (j - i > 3 && (strncmp(s + i, "uv_", 3) == 0 || strncmp(s + i, "omp", 3) == 0 ||
                                   strncmp(s + i, "pthread_", 8) == 0))
                attr = ui_attr(UI_ACCENT);
        }
        /* Skip what is scrolled off to the left, then draw. */
        for (size_t k = i; k < j; k++) {
            if (s[k] == '\t') {
                int spaces = 4 - col % 4;
                for (int t = 0; t < spaces; t++, col++)
                    if (col >= left && col - left < maxw)
                        mvaddch(y, x + col - left, ' ');
                continue;
            }
            if (col >= left && col - left < maxw)
                ui_putn(y, x + col - left, 1, s + k, 1, attr);
            /* UTF-8 continuation bytes take no column of their own. */
            size_t clen = 1;
            while (k + clen < j && ((unsigned char)s[k + clen] & 0xC0) == 0x80)
                clen++;
            if (clen > 1 && col >= left && col - left < maxw)
                ui_putn(y, x + col - left, 1, s + k, clen, attr);
            k += clen - 1;
            col++;
        }
        i = j;
    }
}

static void code_draw(ui_screen *s, int rows, int cols)
{
    code_screen *cs = (code_screen *)s;
    ui_put(0, 1, cols - 2, cs->title ? cs->title : "", ui_attr(UI_TITLE));
    cs->page = rows - 2;
    if (cs->error[0]) {
        ui_put(2, 2, cols - 3, cs->error, ui_attr(UI_FAIL));
        return;
    }
    int n = (int)cs->nlines;
    if (cs->top > n - cs->page)
        cs->top = n - cs->page;
    if (cs->top < 0)
        cs->top = 0;
    /* Comment state must be known at the first visible line. */
    bool in_comment = false;
    for (int i = 0; i < cs->top; i++) {
        const char *l = cs->lines[i];
        for (const char *p = l; *p; p++) {
            if (!in_comment && p[0] == '/' && p[1] == '/')
                break;
            if (!in_comment && p[0] == '/' && p[1] == '*')
                in_comment = true, p++;
            else if (in_comment && p[0] == '*' && p[1] == '/')
                in_comment = false, p++;
        }
    }
    for (int i = 0; i < cs->page && cs->top + i < n; i++) {
        ui_putf(2 + i, 0, 5, ui_attr(UI_DIM), "%4d", cs->top + i + 1);
        draw_c_line(2 + i, 6, cols - 6, cs->lines[cs->top + i], cs->left, &in_comment);
    }
}

static bool code_key(ui_screen *s, int k)
{
    code_screen *cs = (code_screen *)s;
    if (ui_scroll_key(k, &cs->top, cs->page))
        return true;
    switch (k) {
    case KEY_RIGHT:
    case 'l':
        cs->left += 8;
        return true;
    case 'h':
        cs->left = cs->left >= 8 ? cs->left - 8 : 0;
        return true;
    case '\t':
        if (cs->lesson && cs->lesson->nvariants > 1) {
            cs->variant = (cs->variant + 1) % cs->lesson->nvariants;
            load(cs);
        }
        return true;
    case 'r':
        if (cs->lesson)
            ui_run_open(cs->lesson, cs->variant);
        return true;
    default:
        return false;
    }
}

static void code_close(ui_screen *s)
{
    code_screen *cs = (code_screen *)s;
    free_lines(cs);
    free(cs->path);
    free(cs->title);
    free(cs);
}

static code_screen *code_new(void)
{
    code_screen *cs = xcalloc(1, sizeof *cs);
    cs->base = (ui_screen){
        .name = "code",
        .hints = "↑↓ scroll  Tab next variant  r run  Esc back  ? help",
        .draw = code_draw,
        .key = code_key,
        .close = code_close,
    };
    return cs;
}

void ui_code_open(const catalog_lesson *l, size_t variant)
{
    if (l->nvariants == 0) {
        ui_message("lesson %02d has no program", l->number);
        return;
    }
    code_screen *cs = code_new();
    cs->lesson = l;
    cs->variant = variant < l->nvariants ? variant : 0;
    load(cs);
    ui_push(&cs->base);
}

void ui_code_open_file(const char *path, const char *title)
{
    code_screen *cs = code_new();
    cs->base.hints = "↑↓ scroll  Esc back  ? help";
    cs->path = xstrdup(path);
    cs->title = xstrdup(title);
    load(cs);
    ui_push(&cs->base);
}
