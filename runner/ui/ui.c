/*
 * The one loop of the workbook's screens: keys, redraws and the screen stack, all on
 * one libuv loop that nothing blocks. The screens themselves live in ui_*.c; the
 * terminal, headless mode, the measurements and drawing each have a file of their own
 * (ui_internal.h lists them).
 */
#include "ui.h"

#include <curses.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "ui_help.h"
#include "ui_internal.h"
#include "toolchain.h"
#include "ui_status.h"
#include "util.h"

/* The smallest screen the workbook draws on; below it, a notice. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12
/* Redraw requests within this many ms are drawn as one frame. */
#define UI_REDRAW_MS 2

#define UI_MAX_SCREENS 16

static struct {
    app *app;
    uv_loop_t loop;
    uv_poll_t stdin_poll;
    uv_timer_t redraw_timer;
    bool headless, quitting, help;
    int stdin_flags; /* as the shell gave them, restored after uv_poll_init */
    int exit_code;

    ui_screen *stack[UI_MAX_SCREENS];
    int depth;
    const ui_global_key *global_keys; /* from ui_options */
    char message[256];
} U;

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

void ui__draw_now(void)
{
    if (ui__suspended() || U.depth == 0)
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
        if (!U.headless)
            ui__stats_lag_text(lag, sizeof lag);
        if (chrome)
            ui_status_draw(rows - 1, cols, s->chromeless ? "" : s->hints, U.message,
                           s->chromeless ? "" : lag);
        if (U.help)
            ui_help_draw(rows - 1, cols);
    }
    refresh();
    ui__stats_frame();
}

static void on_redraw(uv_timer_t *t)
{
    (void)t;
    ui__draw_now();
}

void ui_redraw(void)
{
    if (U.quitting)
        return;
    if (!uv_is_active((uv_handle_t *)&U.redraw_timer))
        uv_timer_start(&U.redraw_timer, on_redraw, UI_REDRAW_MS, 0);
}

void ui__relayout(void)
{
    for (int i = 0; i < U.depth; i++)
        if (U.stack[i]->resize)
            U.stack[i]->resize(U.stack[i], COLS, LINES);
    clearok(curscr, TRUE);
    ui__draw_now();
}

/* Keys. */

void ui__handle_key(int k)
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
    case 27: /* Esc */
    case KEY_BACKSPACE:
    case KEY_LEFT:
        ui_pop();
        break;
    default:
        for (const ui_global_key *g = U.global_keys; g && g->key; g++)
            if (g->key == k) {
                g->act();
                break;
            }
        break;
    }
    ui_redraw();
}

static void on_stdin(uv_poll_t *h, int status, int events)
{
    (void)h;
    if (status < 0 || (events & UV_DISCONNECT)) {
        /* The terminal went away: nothing more can be shown. */
        ui__exit(129);
        return;
    }
    int k;
    while (!U.quitting && !ui__suspended() && (k = getch()) != ERR)
        ui__handle_key(k);
}

void ui__stdin_pause(void)
{
    uv_poll_stop(&U.stdin_poll);
}

void ui__stdin_resume(void)
{
    uv_poll_start(&U.stdin_poll, UV_READABLE | UV_DISCONNECT, on_stdin);
}

bool ui__busy(void)
{
    for (int i = 0; i < U.depth; i++)
        if (U.stack[i]->busy && U.stack[i]->busy(U.stack[i]))
            return true;
    return ui__editing();
}

/* Quitting. */

bool ui__quitting(void)
{
    return U.quitting;
}

void ui__close(uv_handle_t *h)
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

void ui__exit(int code)
{
    U.exit_code = code;
    ui_quit();
}

/* The compiler is asked once, on libuv's pool, so that the first check never holds the
   loop while the toolchain script runs. */
static uv_work_t toolchain_work;
static char *toolchain_dir;

static void ask_toolchain(uv_work_t *req)
{
    (void)req;
    toolchain_get(toolchain_dir, NULL);
}

static void asked_toolchain(uv_work_t *req, int status)
{
    (void)req, (void)status;
    free(toolchain_dir);
    toolchain_dir = NULL;
}

int ui_main(app *a, const ui_options *o, void (*open_first)(void))
{
    memset(&U, 0, sizeof U);
    ui__stats_start(o->headless);
    U.app = a;
    U.headless = o->headless;
    U.global_keys = o->global_keys;
    setlocale(LC_ALL, "");
    ui__draw_init(a->color, strcmp(nl_langinfo(CODESET), "UTF-8") == 0);

    char *warning = NULL;
    ui__progress_open(a, U.headless, &warning);
    if (U.headless && ui__script_load(o) < 0) {
        fprintf(stderr, "workbook: cannot read the key script %s\n", o->keys_file);
        return EXIT_USAGE;
    }
    int rc = uv_loop_init(&U.loop);
    if (rc < 0) {
        fprintf(stderr, "workbook: cannot start the event loop: %s\n", uv_strerror(rc));
        return EXIT_USAGE;
    }
    /* Signals first, so that a signal during setup still restores the terminal. */
    ui__term_init(&U.loop, U.headless);
    uv_timer_init(&U.loop, &U.redraw_timer);
    ui__probe_init(&U.loop);
    ui__script_init(&U.loop);

    if (ui__term_start(o) < 0) {
        U.exit_code = EXIT_USAGE;
        goto out;
    }
    /* After curses: libuv's handler replaces the one curses installs. */
    if (!U.headless) {
        ui__term_watch_resize();
        /* uv_poll_init makes stdin non-blocking, and the terminal's stdout with it
           (one open file): curses' writes could then fail with EAGAIN, and the shell
           would inherit the flag (dash says "turning off NDELAY mode"). getch() in
           nodelay mode does not need it, so the flags go back as they were. */
        U.stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
        uv_poll_init(&U.loop, &U.stdin_poll, STDIN_FILENO);
        if (U.stdin_flags >= 0)
            fcntl(STDIN_FILENO, F_SETFL, U.stdin_flags);
        ui__stdin_resume();
    }
    ui__probe_start();
    toolchain_dir = a->root ? catalog_common_dir(a->root) : NULL;
    if (uv_queue_work(&U.loop, &toolchain_work, ask_toolchain, asked_toolchain) < 0) {
        free(toolchain_dir);
        toolchain_dir = NULL;
    }

    open_first();
    if (warning)
        ui_message("%s", warning);
    free(warning);
    ui__draw_now();
    if (U.headless)
        ui__script_start();

    uv_run(&U.loop, UV_RUN_DEFAULT);
    if (!U.quitting)
        ui_quit();
    ui__term_stop();

out:
    ui__term_close();
    ui__close((uv_handle_t *)&U.redraw_timer);
    ui__probe_close();
    ui__script_close();
    if (uv_is_active((uv_handle_t *)&U.stdin_poll) || U.stdin_poll.loop)
        ui__close((uv_handle_t *)&U.stdin_poll);
    /* The cancelled children exit quickly (SIGKILL); their handles close on this run. */
    uv_run(&U.loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&U.loop) != 0)
        fprintf(stderr, "workbook: some handles were still open at exit\n");
    ui__stats_write(o->stats_path);
    ui__progress_close();
    ui__script_free();
    ui__stats_free();
    return U.exit_code;
}
