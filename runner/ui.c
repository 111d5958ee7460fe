/*
 * The one loop of the workbook's screens: keys, resizes, signals, redraws and the
 * loop-lag probe, all on one libuv loop that nothing blocks. The screens themselves
 * live in ui_*.c; this file owns curses' setup and teardown and the screen stack.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "progress.h"
#include "ui_catalog.h"
#include "ui_help.h"
#include "ui_present.h"
#include "ui_status.h"
#include "util.h"

/* The smallest screen the workbook draws on; below it, a notice. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12
/* Redraw requests within this many ms are drawn as one frame. */
#define UI_REDRAW_MS 2
/* The lag probe's period, and how many samples the status line summarises. */
#define UI_PROBE_MS 50
#define UI_PROBE_WINDOW 200

#define UI_MAX_SCREENS 16

static struct {
    app *app;
    ui_options opt;
    uv_loop_t loop;
    uv_poll_t stdin_poll;
    uv_signal_t sig_winch, sig_int, sig_term, sig_hup, sig_tstp, sig_cont;
    uv_timer_t redraw_timer, probe_timer, script_timer;
    bool headless, color, quitting, help, suspended;
    bool utf8;       /* the locale can show UTF-8; else ASCII stand-ins */
    int stdin_flags; /* as the shell gave them, restored after uv_poll_init */
    int exit_code;
    SCREEN *term;
    FILE *term_out, *term_in;

    ui_screen *stack[UI_MAX_SCREENS];
    int depth;
    char message[256];

    /* The lag probe: how late each tick of a repeating timer ran, in µs. */
    uint64_t probe_last_ns;
    uint32_t *lags;
    size_t nlags, lags_cap;

    /* First frame and child-line-to-screen latency. */
    uint64_t start_ns, first_frame_ns;
    uint64_t line_pending_ns; /* the oldest line not yet on screen, or 0 */
    uint32_t *line_lat;
    size_t nline_lat, line_lat_cap;

    /* The headless key script. */
    char *script;
    size_t script_pos;

    /* Progress: stored through progress.h; lessons passed this session in memory. */
    progress *progress;
    bool save_progress;
    ui_mark lesson_marks[100], exercise_marks[100];

    /* The editor being run. */
    uv_process_t editor;
    void (*edit_done)(void *ctx, int status);
    void *edit_ctx;
} U;

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

int ui_attr(enum ui_color c)
{
    if (c < 0 || c >= UI_COLOR_COUNT)
        return 0;
    if (!U.color)
        return ui_colors[c].mono;
    return (int)COLOR_PAIR(c + 1) | ui_colors[c].attr;
}

static void colors_init(void)
{
    if (!U.color)
        return;
    if (!has_colors() || start_color() == ERR) {
        U.color = false;
        return;
    }
    use_default_colors();
    for (int i = 0; i < UI_COLOR_COUNT; i++)
        init_pair((short)(i + 1), ui_colors[i].fg, ui_colors[i].bg);
}

/* Drawing helpers. */

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
    if (!U.utf8) {
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

void ui_fill(int y, int x, int w, int attr)
{
    for (int i = 0; i < w; i++)
        mvaddch(y, x + i, ' ' | attr);
}

void ui_rule(int y, int x, int w, const char *title)
{
    for (int i = 0; i < w; i++) {
        if (U.utf8)
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

/* The screen stack. */

app *ui_app(void)
{
    return U.app;
}

uv_loop_t *ui_loop(void)
{
    return &U.loop;
}

void ui_push(ui_screen *s)
{
    if (U.depth == UI_MAX_SCREENS) {
        s->close(s);
        ui_message("too many screens open: press Esc to go back");
        return;
    }
    U.stack[U.depth++] = s;
    U.message[0] = '\0';
    ui_redraw();
}

void ui_pop(void)
{
    if (U.depth <= 1)
        return;
    ui_screen *s = U.stack[--U.depth];
    s->close(s);
    U.message[0] = '\0';
    ui_redraw();
}

void ui_message(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(U.message, sizeof U.message, fmt, ap);
    va_end(ap);
    ui_redraw();
}

static const catalog_lesson *lesson_by_number(int number)
{
    const catalog *c = U.app->cat;
    for (size_t i = 0; i < c->nlessons; i++)
        if (c->lessons[i].number == number)
            return &c->lessons[i];
    return NULL;
}

static void progress_store(void)
{
    if (!U.save_progress)
        return;
    int rc = progress_save(U.progress);
    if (rc < 0)
        ui_message("cannot save progress in %s: %s", progress_dir(U.progress), strerror(-rc));
}

ui_mark ui_progress_get(bool exercise, int number)
{
    if (number < 0 || number >= 100)
        return UI_NEW;
    ui_mark m = exercise ? U.exercise_marks[number] : U.lesson_marks[number];
    if (exercise && U.progress && progress_passed(U.progress, number))
        m = UI_PASSED;
    const catalog_lesson *l = exercise ? NULL : lesson_by_number(number);
    if (l && U.progress && m < UI_PASSED && progress_held(U.progress, l->dirname))
        m = UI_PASSED;
    if (l && U.progress && m == UI_NEW && progress_seen(U.progress, l->dirname))
        m = UI_SEEN;
    return m;
}

void ui_progress_set(bool exercise, int number, ui_mark m)
{
    if (number < 0 || number >= 100)
        return;
    ui_mark *p = exercise ? &U.exercise_marks[number] : &U.lesson_marks[number];
    if (m > *p)
        *p = m;
    if (!U.progress)
        return;
    if (exercise && m == UI_PASSED && !progress_passed(U.progress, number)) {
        progress_set_passed(U.progress, number);
        progress_store();
    }
    const catalog_lesson *l = exercise ? NULL : lesson_by_number(number);
    if (l && m == UI_PASSED && !progress_held(U.progress, l->dirname)) {
        progress_set_held(U.progress, l->dirname);
        progress_store();
    } else if (l && !progress_seen(U.progress, l->dirname)) {
        progress_set_seen(U.progress, l->dirname);
        progress_store();
    }
}

int ui_progress_hints(int exercise)
{
    return U.progress ? progress_hints(U.progress, exercise) : 0;
}

void ui_progress_hint(int exercise, int shown)
{
    if (U.progress && shown > progress_hints(U.progress, exercise)) {
        progress_set_hints(U.progress, exercise, shown);
        progress_store();
    }
}

/* Measurements. */

static void push_sample(uint32_t **arr, size_t *n, size_t *cap, uint32_t v)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        *arr = xrealloc(*arr, *cap * sizeof **arr);
    }
    (*arr)[(*n)++] = v;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) of the last `window` samples (0: all), in µs. */
static uint32_t percentile(const uint32_t *arr, size_t n, size_t window, double p)
{
    if (n == 0)
        return 0;
    size_t from = window && n > window ? n - window : 0;
    size_t m = n - from;
    uint32_t *tmp = xmalloc(m * sizeof *tmp);
    memcpy(tmp, arr + from, m * sizeof *tmp);
    qsort(tmp, m, sizeof *tmp, cmp_u32);
    size_t k = (size_t)(p / 100.0 * (double)(m - 1) + 0.5);
    uint32_t v = tmp[k < m ? k : m - 1];
    free(tmp);
    return v;
}

/* A repeating timer that measures its own lateness: whatever held the loop shows
   up as a tick that came late. */
static void on_probe(uv_timer_t *t)
{
    (void)t;
    uint64_t now = uv_hrtime();
    if (U.probe_last_ns) {
        int64_t late = (int64_t)(now - U.probe_last_ns) - (int64_t)UI_PROBE_MS * 1000000;
        if (late < 0)
            late = 0;
        push_sample(&U.lags, &U.nlags, &U.lags_cap, (uint32_t)(late / 1000));
        /* The status line shows it; a redraw every few ticks is enough. */
        if (U.nlags % 10 == 0 && !U.headless)
            ui_redraw();
    }
    U.probe_last_ns = now;
}

void ui_note_line(const char *text)
{
    uint64_t born = uv_hrtime();
    if (text && strncmp(text, "t_ns=", 5) == 0) {
        unsigned long long stamp = strtoull(text + 5, NULL, 10);
        if (stamp && stamp <= born)
            born = stamp;
    }
    if (!U.line_pending_ns || born < U.line_pending_ns)
        U.line_pending_ns = born;
}

/* Drawing. */

/* The notice, centred; a line wider than the window is split at its spaces. */
static void draw_too_small(int rows, int cols)
{
    const char *text[] = {"make the window larger", "(at least 40x12)", "q quits"};
    char rows_text[6][32];
    int attrs[6], n = 0;
    for (int i = 0; i < 3; i++) {
        const char *p = text[i];
        while (*p && n < 6) {
            size_t len = strlen(p);
            if ((int)len > cols) {
                len = (size_t)cols;
                while (len > 0 && p[len] != ' ')
                    len--;
                if (len == 0)
                    len = (size_t)cols;
            }
            snprintf(rows_text[n], sizeof rows_text[n], "%.*s", (int)len, p);
            attrs[n++] = i == 0 ? ui_attr(UI_HEADING) : 0;
            p += len;
            while (*p == ' ')
                p++;
        }
    }
    int top = rows > n ? (rows - n) / 2 : 0;
    for (int i = 0; i < n && top + i < rows; i++) {
        int w = ui_width(rows_text[i]);
        ui_put(top + i, cols > w ? (cols - w) / 2 : 0, cols, rows_text[i], attrs[i]);
    }
}

static void draw_now(void)
{
    if (U.suspended || U.depth == 0)
        return;
    int rows = LINES, cols = COLS;
    erase();
    if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
        draw_too_small(rows, cols);
    } else {
        ui_screen *s = U.stack[U.depth - 1];
        bool chrome = !s->chromeless || U.message[0];
        s->draw(s, chrome ? rows - 1 : rows, cols);
        char lag[64] = "";
        if (!U.headless && U.nlags) {
            uint32_t last = U.lags[U.nlags - 1];
            uint32_t p99 = percentile(U.lags, U.nlags, UI_PROBE_WINDOW, 99);
            snprintf(lag, sizeof lag, "lag %.1f ms (p99 %.1f)", last / 1000.0, p99 / 1000.0);
        }
        if (chrome)
            ui_status_draw(rows - 1, cols, s->chromeless ? "" : s->hints, U.message,
                           s->chromeless ? "" : lag);
        if (U.help)
            ui_help_draw(rows - 1, cols);
    }
    refresh();
    uint64_t now = uv_hrtime();
    if (!U.first_frame_ns)
        U.first_frame_ns = now;
    if (U.line_pending_ns) {
        push_sample(&U.line_lat, &U.nline_lat, &U.line_lat_cap,
                    (uint32_t)((now - U.line_pending_ns) / 1000));
        U.line_pending_ns = 0;
    }
}

static void on_redraw(uv_timer_t *t)
{
    (void)t;
    draw_now();
}

void ui_redraw(void)
{
    if (U.quitting)
        return;
    if (!uv_is_active((uv_handle_t *)&U.redraw_timer))
        uv_timer_start(&U.redraw_timer, on_redraw, UI_REDRAW_MS, 0);
}

/* Resizing. */

static void relayout(void)
{
    for (int i = 0; i < U.depth; i++)
        if (U.stack[i]->resize)
            U.stack[i]->resize(U.stack[i], COLS, LINES);
    clearok(curscr, TRUE);
    draw_now();
}

/* Takes the terminal's size now, which may differ from curses' idea of it. */
static void fit_to_terminal(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    relayout();
}

static void on_winch(uv_signal_t *h, int sig)
{
    (void)h, (void)sig;
    fit_to_terminal();
}

/* Ctrl-Z. libuv owns SIGTSTP (so curses installs no handler of its own, which would
   run inside the signal handler): here, in a loop callback, the terminal is given
   back, the process stops with the default action, and after `fg` it carries on
   from raise() with a full redraw at the size the terminal has now. While an editor
   has the terminal, curses is already out of the way and stays so. */
static void on_tstp(uv_signal_t *h, int sig)
{
    bool ours = !U.suspended && !U.quitting;
    if (ours) {
        def_prog_mode();
        endwin();
    }
    uv_signal_stop(h); /* the last watcher: the default action is back */
    raise(sig);
    uv_signal_start(h, on_tstp, sig);
    U.probe_last_ns = 0; /* the time spent stopped is not loop lag */
    if (ours) {
        reset_prog_mode();
        fit_to_terminal();
    }
}

/* Continued after a stop that did not pass through on_tstp (kill -STOP, then -CONT):
   the screen may have been written over meanwhile. */
static void on_cont(uv_signal_t *h, int sig)
{
    (void)h, (void)sig;
    U.probe_last_ns = 0;
    if (!U.suspended && !U.quitting) {
        clearok(curscr, TRUE);
        ui_redraw();
    }
}

/* Keys. */

static void handle_key(int k)
{
    if (k == ERR || k == KEY_RESIZE || U.quitting || U.depth == 0)
        return;
    if (U.help) {
        U.help = false;
        ui_redraw();
        if (k == 'q')
            ui_quit();
        return;
    }
    if (k == 12) { /* Ctrl-L */
        clearok(curscr, TRUE);
        ui_redraw();
        return;
    }
    ui_screen *s = U.stack[U.depth - 1];
    if (COLS >= UI_MIN_COLS && LINES >= UI_MIN_ROWS && s->key(s, k)) {
        ui_redraw();
        return;
    }
    switch (k) {
    case 'q':
        ui_quit();
        break;
    case '?':
        U.help = true;
        break;
    case 'P':
        ui_present_open(false);
        break;
    case 27: /* Esc */
    case KEY_BACKSPACE:
    case KEY_LEFT:
        ui_pop();
        break;
    default:
        break;
    }
    ui_redraw();
}

static void on_stdin(uv_poll_t *h, int status, int events)
{
    (void)h;
    if (status < 0 || (events & UV_DISCONNECT)) {
        /* The terminal went away: nothing more can be shown. */
        U.exit_code = 129;
        ui_quit();
        return;
    }
    int k;
    while (!U.quitting && !U.suspended && (k = getch()) != ERR)
        handle_key(k);
}

/* The headless key script. */

static bool any_busy(void)
{
    for (int i = 0; i < U.depth; i++)
        if (U.stack[i]->busy && U.stack[i]->busy(U.stack[i]))
            return true;
    return U.edit_done != NULL;
}

static void dump_screen(void)
{
    if (!U.opt.dump_path)
        return;
    FILE *f = fopen(U.opt.dump_path, "a");
    if (!f)
        return;
    for (int y = 0; y < LINES; y++) {
        char line[4096];
        size_t len = 0;
        for (int x = 0; x < COLS && len + MB_LEN_MAX < sizeof line; x++) {
            cchar_t cc;
            wchar_t ws[CCHARW_MAX + 1];
            attr_t at;
            short pair;
            if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, ws, &at, &pair, NULL) == ERR ||
                !ws[0]) {
                continue; /* the second cell of a wide character */
            }
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t n = wcrtomb(line + len, ws[0], &st);
            if (n != (size_t)-1)
                len += n;
        }
        while (len && line[len - 1] == ' ')
            len--;
        fprintf(f, "%.*s\n", (int)len, line);
    }
    fprintf(f, "----\n");
    fclose(f);
}

static const struct {
    const char *name;
    int key;
} key_names[] = {
    {"enter", '\n'},    {"esc", 27},          {"up", KEY_UP},      {"down", KEY_DOWN},
    {"left", KEY_LEFT}, {"right", KEY_RIGHT}, {"pgup", KEY_PPAGE}, {"pgdn", KEY_NPAGE},
    {"home", KEY_HOME}, {"end", KEY_END},     {"tab", '\t'},       {"lt", '<'},
    {"space", ' '},
};

static void on_script(uv_timer_t *t);

static void script_next(uint64_t delay_ms)
{
    uv_timer_start(&U.script_timer, on_script, delay_ms, 0);
}

/* Runs the script one step per loop turn, so runs and redraws interleave as with a
   person typing; <wait> polls until no run or check is going. */
static void on_script(uv_timer_t *t)
{
    (void)t;
    if (U.quitting)
        return;
    const char *p = U.script + U.script_pos;
    while (*p == '\n' || *p == '\r')
        p++;
    if (!*p) {
        ui_quit();
        return;
    }
    if (*p == '<') {
        const char *end = strchr(p, '>');
        if (end) {
            char tok[64];
            size_t n = (size_t)(end - p - 1);
            snprintf(tok, sizeof tok, "%.*s", (int)(n < sizeof tok ? n : sizeof tok - 1), p + 1);
            U.script_pos = (size_t)(end + 1 - U.script);
            int cols, rows, ms;
            if (strcmp(tok, "dump") == 0) {
                draw_now();
                dump_screen();
            } else if (strcmp(tok, "wait") == 0) {
                if (any_busy()) {
                    U.script_pos = (size_t)(p - U.script); /* again, a little later */
                    script_next(10);
                    return;
                }
                draw_now();
            } else if (sscanf(tok, "resize %dx%d", &cols, &rows) == 2) {
                resizeterm(rows, cols);
                relayout();
            } else if (sscanf(tok, "sleep %d", &ms) == 1) {
                script_next((uint64_t)ms);
                return;
            } else {
                for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
                    if (strcmp(tok, key_names[i].name) == 0)
                        handle_key(key_names[i].key);
            }
            script_next(0);
            return;
        }
    }
    U.script_pos++;
    handle_key((unsigned char)*p);
    script_next(0);
}

/* Signals and quitting. */

static void on_fatal_signal(uv_signal_t *h, int sig)
{
    (void)h;
    U.exit_code = 128 + sig;
    ui_quit();
}

static void close_handle(uv_handle_t *h)
{
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

void ui_quit(void)
{
    if (U.quitting)
        return;
    U.quitting = true;
    /* Closing the screens cancels their runs: each kills its process group. */
    while (U.depth > 0) {
        ui_screen *s = U.stack[--U.depth];
        s->close(s);
    }
    uv_stop(&U.loop);
}

/* The editor: curses steps aside, the editor owns the terminal, then curses is back. */

static void on_editor_exit(uv_process_t *p, int64_t status, int sig)
{
    (void)sig;
    uv_close((uv_handle_t *)p, NULL);
    U.suspended = false;
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    if (!U.headless)
        uv_poll_start(&U.stdin_poll, UV_READABLE | UV_DISCONNECT, on_stdin);
    void (*done)(void *, int) = U.edit_done;
    U.edit_done = NULL;
    if (done)
        done(U.edit_ctx, (int)status);
    draw_now();
}

void ui_edit(const char *path, void (*done)(void *ctx, int status), void *ctx)
{
    if (U.edit_done) {
        ui_message("an editor is already open");
        return;
    }
    if (U.headless) {
        ui_message("no editor in headless mode");
        return;
    }
    const char *editor = getenv("VISUAL");
    if (!editor || !*editor)
        editor = getenv("EDITOR");
    if (!editor || !*editor)
        editor = "vi";
    /* Through the shell, so that EDITOR="code --wait" works; the file is "$1". */
    char *cmd = xasprintf("%s \"$1\"", editor);
    char *args[] = {"sh", "-c", cmd, "sh", (char *)path, NULL};
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_INHERIT_FD, .data.fd = 0},
        {.flags = UV_INHERIT_FD, .data.fd = 1},
        {.flags = UV_INHERIT_FD, .data.fd = 2},
    };
    uv_process_options_t po = {
        .file = "sh",
        .args = args,
        .exit_cb = on_editor_exit,
        .stdio_count = 3,
        .stdio = stdio,
    };
    def_prog_mode();
    endwin();
    uv_poll_stop(&U.stdin_poll);
    U.suspended = true;
    U.edit_done = done;
    U.edit_ctx = ctx;
    int rc = uv_spawn(&U.loop, &U.editor, &po);
    free(cmd);
    if (rc < 0) {
        U.edit_done = NULL;
        on_editor_exit(&U.editor, -1, 0);
        ui_message("cannot start %s: %s", editor, uv_strerror(rc));
    }
}

/* Setup and teardown. */

void ui_options_from_env(ui_options *o)
{
    memset(o, 0, sizeof *o);
    const char *h = getenv("WORKBOOK_HEADLESS");
    o->headless = h && *h && strcmp(h, "0") != 0;
    o->cols = 100, o->rows = 30;
    const char *size = getenv("WORKBOOK_SIZE");
    if (size)
        sscanf(size, "%dx%d", &o->cols, &o->rows);
    o->keys = getenv("WORKBOOK_KEYS");
    o->keys_file = getenv("WORKBOOK_KEYS_FILE");
    o->dump_path = getenv("WORKBOOK_DUMP");
    o->stats_path = getenv("WORKBOOK_STATS");
}

/* What curses_start found wrong with the terminal. */
enum { UI_TERM_UNKNOWN = -1, UI_TERM_NO_CURSOR = -2 };

static int curses_start(void)
{
    if (U.headless) {
        U.term_out = fopen("/dev/null", "w");
        U.term_in = fopen("/dev/null", "r");
        const char *term = getenv("TERM");
        if (!term || !*term || strcmp(term, "dumb") == 0)
            term = "xterm-256color";
        if (!U.term_out || !U.term_in || !(U.term = newterm(term, U.term_out, U.term_in)))
            return -1;
        set_term(U.term);
        resizeterm(U.opt.rows, U.opt.cols);
    } else {
        /* The terminal's description first, on its own: a failed newterm leaks, and
           a terminal that cannot place the cursor (TERM=dumb) would show the screens
           as a stream of garbled lines. Either is refused before anything is drawn. */
        int err = 0;
        if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
            return UI_TERM_UNKNOWN;
        const char *cup = tigetstr("cup");
        bool can_move = cup && cup != (char *)-1;
        del_curterm(cur_term);
        if (!can_move)
            return UI_TERM_NO_CURSOR;
        if (!(U.term = newterm(NULL, stdout, stdin)))
            return UI_TERM_UNKNOWN;
        set_term(U.term);
    }
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    colors_init();
    return 0;
}

static void curses_stop(void)
{
    if (!U.term)
        return;
    endwin();
    delscreen(U.term);
    U.term = NULL;
    if (U.term_out)
        fclose(U.term_out);
    if (U.term_in)
        fclose(U.term_in);
}

static void write_stats(void)
{
    if (!U.opt.stats_path)
        return;
    FILE *f = fopen(U.opt.stats_path, "w");
    if (!f)
        return;
    fprintf(f, "first_frame_ms %.1f\n",
            U.first_frame_ns ? (U.first_frame_ns - U.start_ns) / 1e6 : -1.0);
    /* On uv_hrtime's clock, so that a caller can count from before the exec. */
    fprintf(f, "first_frame_at_ns %llu\n", (unsigned long long)U.first_frame_ns);
    fprintf(f, "lag_samples %zu\n", U.nlags);
    fprintf(f, "lag_p50_ms %.2f\nlag_p99_ms %.2f\nlag_max_ms %.2f\n",
            percentile(U.lags, U.nlags, 0, 50) / 1000.0,
            percentile(U.lags, U.nlags, 0, 99) / 1000.0,
            percentile(U.lags, U.nlags, 0, 100) / 1000.0);
    fprintf(f, "line_samples %zu\n", U.nline_lat);
    fprintf(f, "line_to_screen_p50_ms %.2f\nline_to_screen_p95_ms %.2f\n",
            percentile(U.line_lat, U.nline_lat, 0, 50) / 1000.0,
            percentile(U.line_lat, U.nline_lat, 0, 95) / 1000.0);
    fclose(f);
}

static int load_script(void)
{
    if (U.opt.keys) {
        U.script = xstrdup(U.opt.keys);
        return 0;
    }
    if (U.opt.keys_file) {
        size_t len;
        int rc = util_read_file(U.opt.keys_file, 1 << 20, &U.script, &len);
        if (rc < 0)
            return rc;
        return 0;
    }
    U.script = xstrdup("");
    return 0;
}

int ui_main(app *a, const ui_options *o)
{
    memset(&U, 0, sizeof U);
    U.start_ns = uv_hrtime();
    U.app = a;
    U.opt = *o;
    U.headless = o->headless;
    U.color = a->color;
    setlocale(LC_ALL, "");
    U.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

    /* Headless runs are tests: they keep progress to themselves unless told where. */
    const char *state_dir = getenv("WORKBOOK_STATE_DIR");
    char *warning = NULL;
    if (!U.headless || (state_dir && *state_dir)) {
        U.progress = progress_open(a->root, state_dir && *state_dir ? state_dir : NULL, &warning);
        U.save_progress = true;
    } else {
        U.progress = progress_new("/nonexistent");
    }
    if (U.headless && load_script() < 0) {
        fprintf(stderr, "workbook: cannot read the key script %s\n", o->keys_file);
        return EXIT_USAGE;
    }
    int rc = uv_loop_init(&U.loop);
    if (rc < 0) {
        fprintf(stderr, "workbook: cannot start the event loop: %s\n", uv_strerror(rc));
        return EXIT_USAGE;
    }
    /* Signals first, so that a signal during setup still restores the terminal. */
    uv_signal_init(&U.loop, &U.sig_int);
    uv_signal_init(&U.loop, &U.sig_term);
    uv_signal_init(&U.loop, &U.sig_hup);
    uv_signal_init(&U.loop, &U.sig_winch);
    uv_signal_start(&U.sig_int, on_fatal_signal, SIGINT);
    uv_signal_start(&U.sig_term, on_fatal_signal, SIGTERM);
    uv_signal_start(&U.sig_hup, on_fatal_signal, SIGHUP);
    uv_signal_init(&U.loop, &U.sig_tstp);
    uv_signal_init(&U.loop, &U.sig_cont);
    /* Ctrl-Z only where it would stop the program anyway (a shell may ignore it). */
    struct sigaction tstp;
    if (!U.headless && sigaction(SIGTSTP, NULL, &tstp) == 0 && tstp.sa_handler == SIG_DFL) {
        uv_signal_start(&U.sig_tstp, on_tstp, SIGTSTP);
        uv_signal_start(&U.sig_cont, on_cont, SIGCONT);
    }
    uv_timer_init(&U.loop, &U.redraw_timer);
    uv_timer_init(&U.loop, &U.probe_timer);
    uv_timer_init(&U.loop, &U.script_timer);

    rc = curses_start();
    if (rc < 0) {
        curses_stop();
        const char *term = getenv("TERM");
        if (!term || !*term)
            fprintf(stderr, "workbook: TERM is not set, so the screens cannot be drawn.\n");
        else if (rc == UI_TERM_NO_CURSOR)
            fprintf(stderr,
                    "workbook: this terminal (TERM=%s) cannot move the cursor, "
                    "which the screens need.\n",
                    term);
        else
            fprintf(stderr,
                    "workbook: the terminal type TERM=%s is not known here "
                    "(no terminfo entry for it).\n",
                    term);
        fprintf(stderr, "Set TERM to your terminal's type (for example TERM=xterm-256color), "
                        "or use the verbs that need no screen: workbook list, workbook run N, "
                        "workbook check N.\n");
        U.exit_code = EXIT_USAGE;
        goto out;
    }
    /* After curses: libuv's handler replaces the one curses installs. */
    if (!U.headless) {
        uv_signal_start(&U.sig_winch, on_winch, SIGWINCH);
        /* uv_poll_init makes stdin non-blocking, and the terminal's stdout with it
           (one open file): curses' writes could then fail with EAGAIN, and the shell
           would inherit the flag (dash says "turning off NDELAY mode"). getch() in
           nodelay mode does not need it, so the flags go back as they were. */
        U.stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
        uv_poll_init(&U.loop, &U.stdin_poll, STDIN_FILENO);
        if (U.stdin_flags >= 0)
            fcntl(STDIN_FILENO, F_SETFL, U.stdin_flags);
        uv_poll_start(&U.stdin_poll, UV_READABLE | UV_DISCONNECT, on_stdin);
    }
    uv_timer_start(&U.probe_timer, on_probe, UI_PROBE_MS, UI_PROBE_MS);

    ui_catalog_open();
    if (a->present)
        ui_present_open(a->present == 2);
    if (warning)
        ui_message("%s", warning);
    free(warning);
    draw_now();
    if (U.headless)
        script_next(0);

    uv_run(&U.loop, UV_RUN_DEFAULT);
    if (!U.quitting)
        ui_quit();
    curses_stop();

out:
    close_handle((uv_handle_t *)&U.sig_int);
    close_handle((uv_handle_t *)&U.sig_term);
    close_handle((uv_handle_t *)&U.sig_hup);
    close_handle((uv_handle_t *)&U.sig_winch);
    close_handle((uv_handle_t *)&U.sig_tstp);
    close_handle((uv_handle_t *)&U.sig_cont);
    close_handle((uv_handle_t *)&U.redraw_timer);
    close_handle((uv_handle_t *)&U.probe_timer);
    close_handle((uv_handle_t *)&U.script_timer);
    if (uv_is_active((uv_handle_t *)&U.stdin_poll) || U.stdin_poll.loop)
        close_handle((uv_handle_t *)&U.stdin_poll);
    /* The cancelled children exit quickly (SIGKILL); their handles close on this run. */
    uv_run(&U.loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&U.loop) != 0)
        fprintf(stderr, "workbook: some handles were still open at exit\n");
    write_stats();
    progress_free(U.progress);
    free(U.script);
    free(U.lags);
    free(U.line_lat);
    return U.exit_code;
}
