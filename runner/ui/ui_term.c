/*
 * The terminal: curses' setup and teardown, the signals that concern the terminal
 * (resizes, Ctrl-Z and `fg`, the ones that end the program), and handing the terminal
 * to the editor and taking it back. Whatever happens, the terminal is left as the
 * shell gave it.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui_internal.h"

#include <curses.h>
#include <term.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util.h"

static struct {
    bool headless;
    uv_signal_t sig_winch, sig_int, sig_term, sig_hup, sig_tstp, sig_cont;
    SCREEN *term;
    FILE *term_out, *term_in;
    bool suspended;

    /* The editor being run. */
    uv_process_t editor;
    void (*edit_done)(void *ctx, int status);
    void *edit_ctx;
} T;

bool ui__suspended(void)
{
    return T.suspended;
}

bool ui__editing(void)
{
    return T.edit_done != NULL;
}

/* Resizing. */

/* Takes the terminal's size now, which may differ from curses' idea of it. */
static void fit_to_terminal(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    ui__relayout();
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
    bool ours = !T.suspended && !ui__quitting();
    if (ours) {
        def_prog_mode();
        endwin();
    }
    uv_signal_stop(h); /* the last watcher: the default action is back */
    raise(sig);
    uv_signal_start(h, on_tstp, sig);
    ui__probe_forget(); /* the time spent stopped is not loop lag */
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
    ui__probe_forget();
    if (!T.suspended && !ui__quitting()) {
        clearok(curscr, TRUE);
        ui_redraw();
    }
}

/* Signals that end the program. */

static void on_fatal_signal(uv_signal_t *h, int sig)
{
    (void)h;
    ui__exit(128 + sig);
}

void ui__term_init(uv_loop_t *loop, bool headless)
{
    memset(&T, 0, sizeof T);
    T.headless = headless;
    uv_signal_init(loop, &T.sig_int);
    uv_signal_init(loop, &T.sig_term);
    uv_signal_init(loop, &T.sig_hup);
    uv_signal_init(loop, &T.sig_winch);
    uv_signal_start(&T.sig_int, on_fatal_signal, SIGINT);
    uv_signal_start(&T.sig_term, on_fatal_signal, SIGTERM);
    uv_signal_start(&T.sig_hup, on_fatal_signal, SIGHUP);
    uv_signal_init(loop, &T.sig_tstp);
    uv_signal_init(loop, &T.sig_cont);
    /* Ctrl-Z only where it would stop the program anyway (a shell may ignore it). */
    struct sigaction tstp;
    if (!T.headless && sigaction(SIGTSTP, NULL, &tstp) == 0 && tstp.sa_handler == SIG_DFL) {
        uv_signal_start(&T.sig_tstp, on_tstp, SIGTSTP);
        uv_signal_start(&T.sig_cont, on_cont, SIGCONT);
    }
}

void ui__term_watch_resize(void)
{
    uv_signal_start(&T.sig_winch, on_winch, SIGWINCH);
}

void ui__term_close(void)
{
    ui__close((uv_handle_t *)&T.sig_int);
    ui__close((uv_handle_t *)&T.sig_term);
    ui__close((uv_handle_t *)&T.sig_hup);
    ui__close((uv_handle_t *)&T.sig_winch);
    ui__close((uv_handle_t *)&T.sig_tstp);
    ui__close((uv_handle_t *)&T.sig_cont);
}

/* Curses. */

/* What curses_start found wrong with the terminal. */
enum { UI_TERM_UNKNOWN = -1, UI_TERM_NO_CURSOR = -2 };

static int curses_start(const ui_options *o)
{
    if (T.headless) {
        T.term_out = fopen("/dev/null", "w");
        T.term_in = fopen("/dev/null", "r");
        const char *term = getenv("TERM");
        if (!term || !*term || strcmp(term, "dumb") == 0)
            term = "xterm-256color";
        if (!T.term_out || !T.term_in || !(T.term = newterm(term, T.term_out, T.term_in)))
            return -1;
        set_term(T.term);
        resizeterm(o->rows, o->cols);
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
        if (!(T.term = newterm(NULL, stdout, stdin)))
            return UI_TERM_UNKNOWN;
        set_term(T.term);
    }
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    ui__colors_start();
    return 0;
}

void ui__term_stop(void)
{
    if (!T.term)
        return;
    endwin();
    delscreen(T.term);
    T.term = NULL;
    if (T.term_out)
        fclose(T.term_out);
    if (T.term_in)
        fclose(T.term_in);
}

/* Says what is wrong with the terminal, and what to do instead. */
static void explain_refusal(int rc)
{
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
}

int ui__term_start(const ui_options *o)
{
    int rc = curses_start(o);
    if (rc < 0) {
        ui__term_stop();
        explain_refusal(rc);
    }
    return rc;
}

/* The editor: curses steps aside, the editor owns the terminal, then curses is back. */

static void on_editor_exit(uv_process_t *p, int64_t status, int sig)
{
    (void)sig;
    uv_close((uv_handle_t *)p, NULL);
    T.suspended = false;
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    if (!T.headless)
        ui__stdin_resume();
    void (*done)(void *, int) = T.edit_done;
    T.edit_done = NULL;
    if (done)
        done(T.edit_ctx, (int)status);
    ui__draw_now();
}

void ui_edit(const char *path, void (*done)(void *ctx, int status), void *ctx)
{
    if (T.edit_done) {
        ui_message("an editor is already open");
        return;
    }
    if (T.headless) {
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
    ui__stdin_pause();
    T.suspended = true;
    T.edit_done = done;
    T.edit_ctx = ctx;
    int rc = uv_spawn(ui_loop(), &T.editor, &po);
    free(cmd);
    if (rc < 0) {
        T.edit_done = NULL;
        on_editor_exit(&T.editor, -1, 0);
        ui_message("cannot start %s: %s", editor, uv_strerror(rc));
    }
}
