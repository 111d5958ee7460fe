/*
 * Drawing on stdscr: the one colour table, ASCII stand-ins for a locale that cannot
 * show UTF-8, and the put/fill helpers every screen draws with.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui_internal.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "report.h"

static struct {
    bool color;
    bool utf8; /* the locale can show UTF-8; else ASCII stand-ins */
} D;

/* One colour table: foreground, background (-1 is the terminal's), extra attributes,
   and what to use instead when there is no colour. */
static const struct {
    short fg, bg;
    int attr;
    int mono;
} ui_colors[UI_COLOR_COUNT] = {
    [UI_NORMAL] = {-1, -1, 0, 0},
    [UI_TITLE] = {COLOR_CYAN, -1, A_BOLD, A_BOLD},
    [UI_HEADING] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [UI_DIM] = {-1, -1, A_DIM, A_DIM},
    [UI_PASS] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
    [UI_FAIL] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE},
    [UI_INFO] = {COLOR_BLUE, -1, A_BOLD, 0},
    [UI_ACCENT] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD},
    [UI_SELECTED] = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
    [UI_STATUS] = {COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE},
    [UI_CODE] = {COLOR_GREEN, -1, 0, 0},
    [UI_KEYWORD] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [UI_STRING] = {COLOR_GREEN, -1, 0, 0},
    [UI_COMMENT] = {COLOR_CYAN, -1, 0, A_DIM},
    [UI_NUMBER] = {COLOR_MAGENTA, -1, 0, 0},
};

void ui__draw_init(bool color, bool utf8)
{
    D.color = color;
    D.utf8 = utf8;
}

int ui_attr(enum ui_color c)
{
    if (c < 0 || c >= UI_COLOR_COUNT)
        return 0;
    if (!D.color)
        return ui_colors[c].mono;
    return (int)COLOR_PAIR(c + 1) | ui_colors[c].attr;
}

bool ui_scroll_key(int k, int *top, int page)
{
    int step = page > 1 ? page - 1 : 1;
    switch (k) {
    case KEY_DOWN:
    case 'j':
        ++*top;
        return true;
    case KEY_UP:
    case 'k':
        --*top;
        return true;
    case ' ':
    case KEY_NPAGE:
        *top += step;
        return true;
    case KEY_PPAGE:
    case 'b':
        *top -= step;
        return true;
    case 'g':
    case KEY_HOME:
        *top = 0;
        return true;
    case 'G':
    case KEY_END:
        *top = 1 << 30;
        return true;
    default:
        return false;
    }
}

const char *ui_status_glyph(expect_status st, bool info_held, int *attr)
{
    static const report_style utf8 = {.utf8 = true};
    enum ui_color c = st == EXPECT_PASS   ? UI_PASS
                      : st == EXPECT_FAIL ? UI_FAIL
                      : st == EXPECT_INFO ? UI_INFO
                                          : UI_DIM;
    *attr = ui_attr(c);
    return report_mark(&utf8, st, info_held);
}

void ui__colors_start(void)
{
    if (!D.color)
        return;
    if (!has_colors() || start_color() == ERR) {
        D.color = false;
        return;
    }
    use_default_colors();
    for (int i = 0; i < UI_COLOR_COUNT; i++)
        init_pair((short)(i + 1), ui_colors[i].fg, ui_colors[i].bg);
}

/* In a locale that is not UTF-8 the terminal cannot show the workbook's UTF-8 text
   (curses would leave blanks where ✓ and ✗ should be), so each character outside
   ASCII is drawn as one ASCII cell: the same width, so layouts hold. */
static const struct {
    wchar_t wc;
    char ascii;
} ascii_standins[] = {
    {L'✓', '+'}, {L'✗', 'X'},  {L'─', '-'},  {L'━', '='}, {L'│', '|'}, {L'┼', '+'}, {L'┬', '+'},
    {L'░', '.'}, {L'▓', '#'},  {L'█', '#'},  {L'•', '*'}, {L'·', '.'}, {L'—', '-'}, {L'–', '-'},
    {L'…', '~'}, {L'↑', '^'},  {L'↓', 'v'},  {L'→', '>'}, {L'←', '<'}, {L'Δ', 'd'}, {L'◆', '*'},
    {L'●', 'o'}, {L'▸', '>'},  {L'×', 'x'},  {L'±', '~'}, {L'µ', 'u'}, {L'≈', '~'}, {L'≥', '>'},
    {L'≤', '<'}, {L'‘', '\''}, {L'’', '\''}, {L'“', '"'}, {L'”', '"'},
};

/* Decodes UTF-8 without the locale's help: the code point, or U+FFFD for a byte that
   does not start a well-formed sequence. Returns the bytes used (at least 1). */
static size_t utf8_decode(const unsigned char *s, size_t len, wchar_t *wc)
{
    unsigned c = s[0];
    size_t n = c < 0x80                ? 1
               : c >= 0xC2 && c < 0xE0 ? 2
               : c >= 0xE0 && c < 0xF0 ? 3
               : c >= 0xF0 && c < 0xF5 ? 4
                                       : 0;
    if (n == 0 || n > len) {
        *wc = 0xFFFD;
        return 1;
    }
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *wc = 0xFFFD;
            return 1;
        }
        cp = cp << 6 | (s[k] & 0x3F);
    }
    *wc = (wchar_t)cp;
    return n;
}

/* The next character of s to draw, and how many bytes it took (at least 1). */
static size_t next_char(const char *s, size_t len, mbstate_t *st, wchar_t *wc)
{
    if (!D.utf8) {
        size_t n = utf8_decode((const unsigned char *)s, len, wc);
        if (*wc >= 0x80) {
            wchar_t in = *wc;
            *wc = '?';
            for (size_t i = 0; i < sizeof ascii_standins / sizeof ascii_standins[0]; i++)
                if (ascii_standins[i].wc == in)
                    *wc = (unsigned char)ascii_standins[i].ascii;
        }
        return n;
    }
    size_t n = mbrtowc(wc, s, len, st);
    if (n == (size_t)-1 || n == (size_t)-2) {
        memset(st, 0, sizeof *st);
        *wc = 0xFFFD; /* a byte that is not UTF-8: show a replacement character */
        return 1;
    }
    return n ? n : 1; /* n == 0: a NUL byte inside the line */
}

int ui_putn(int y, int x, int maxw, const char *s, size_t len, int attr)
{
    int used = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t i = 0;
    while (i < len && used < maxw) {
        wchar_t wc;
        size_t n = next_char(s + i, len - i, &st, &wc);
        if (wc < 0x20 || wc == 0x7f) {
            /* Control characters would move the cursor: show them as ^X. */
            if (wc == '\t') {
                int spaces = 4 - used % 4;
                for (int k = 0; k < spaces && used < maxw; k++)
                    mvaddch(y, x + used++, ' ' | attr);
            } else if (used + 2 <= maxw) {
                mvaddch(y, x + used, '^' | A_REVERSE);
                addch((wc == 0x7f ? '?' : (char)(wc + '@')) | A_REVERSE);
                used += 2;
            } else {
                break;
            }
            i += n;
            continue;
        }
        int w = wcwidth(wc);
        if (w < 0)
            w = 1, wc = 0xFFFD;
        if (used + w > maxw)
            break;
        cchar_t cc;
        wchar_t ws[2] = {wc, 0};
        setcchar(&cc, ws, (attr_t)attr, 0, NULL);
        mvadd_wch(y, x + used, &cc);
        used += w;
        i += n;
    }
    return used;
}

int ui_put(int y, int x, int maxw, const char *s, int attr)
{
    return ui_putn(y, x, maxw, s, strlen(s), attr);
}

int ui_putf(int y, int x, int maxw, int attr, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ui_put(y, x, maxw, buf, attr);
}

int ui_width(const char *s)
{
    int w = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t len = strlen(s), i = 0;
    while (i < len) {
        wchar_t wc;
        size_t n = next_char(s + i, len - i, &st, &wc);
        int cw = wc < 0x20 ? 2 : wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        i += n;
    }
    return w;
}

size_t ui_wrap_next(const char **s, int w)
{
    const char *p = *s;
    size_t len = strlen(p), i = 0, last_space = 0;
    int cols = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    while (i < len) {
        wchar_t wc;
        size_t n = next_char(p + i, len - i, &st, &wc);
        int cw = wc < 0x20 ? 2 : wcwidth(wc);
        cw = cw < 0 ? 1 : cw;
        if (cols + cw > w && i > 0)
            break;
        if (p[i] == ' ')
            last_space = i;
        cols += cw;
        i += n;
    }
    size_t take = i;
    if (i < len && last_space > 0)
        take = last_space;
    const char *next = p + take;
    while (*next == ' ')
        next++;
    *s = next;
    return take;
}

void ui_fill(int y, int x, int w, int attr)
{
    for (int i = 0; i < w; i++)
        mvaddch(y, x + i, ' ' | attr);
}

void ui_rule(int y, int x, int w, const char *title)
{
    for (int i = 0; i < w; i++) {
        if (D.utf8)
            mvadd_wch(y, x + i, WACS_HLINE);
        else
            mvaddch(y, x + i, '-');
    }
    if (title && *title && w > 6) {
        mvaddch(y, x + 1, ' ');
        int n = ui_put(y, x + 2, w - 4, title, ui_attr(UI_TITLE));
        mvaddch(y, x + 2 + n, ' ');
    }
}
