/*
 * The workbook's screens: one libuv loop drives keys (a uv_poll on stdin draining
 * getch()), resizes (SIGWINCH), signals, a coalescing redraw timer and a loop-lag
 * probe; the screens (ui_*.c) only draw and react to keys.
 *
 * Screens form a stack, as in tig: the top one is drawn and gets the keys; Esc pops
 * it. Each screen is one file exposing an opener (ui_catalog_open, ui_run_open, ...)
 * that pushes a ui_screen. Only ui.c and ui_*.c include curses; a screen never spawns
 * processes or writes files: it calls runjob, check and progress.
 *
 * Headless mode (tests): WORKBOOK_HEADLESS=1 draws to /dev/null at a fixed size
 * (WORKBOOK_SIZE=COLSxROWS, default 100x30), takes its keys from WORKBOOK_KEYS or the
 * file WORKBOOK_KEYS_FILE, and writes the screen to WORKBOOK_DUMP on each <dump>.
 * Keys are characters, or names in angle brackets: <enter> <esc> <up> <down> <left>
 * <right> <pgup> <pgdn> <home> <end> <tab> <lt> <dump> <wait> (until no run or check
 * is going) <resize 30x10> <sleep 100>. WORKBOOK_STATS=FILE receives the first-frame
 * time, the loop-lag percentiles and the child-line-to-screen latency at exit.
 */
#ifndef UI_H
#define UI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "app.h"
#include "expect.h"

/* A key that works on every screen that does not use it itself ('P' opens presentation
   mode). The screens that own such keys hand them to ui_main in ui_options, so the loop
   knows no particular screen. */
typedef struct ui_global_key {
    int key;
    void (*act)(void);
} ui_global_key;

typedef struct ui_options {
    bool headless;                    /* draw to /dev/null; keys from keys/keys_file */
    int cols, rows;                   /* the headless screen's size */
    const char *keys;                 /* scripted keys (headless) */
    const char *keys_file;            /* or a file of them */
    const char *dump_path;            /* where <dump> appends the screen */
    const char *stats_path;           /* where the measured figures go at exit, or NULL */
    const ui_global_key *global_keys; /* ended by a row of key 0; NULL for none */
} ui_options;

/* Fills o from the WORKBOOK_* variables above. */
void ui_options_from_env(ui_options *o);

/* Runs the workbook's screens until the user quits, starting with the ones open_first
   opens (ui_catalog_open, say). Returns an exit code. */
int ui_main(app *a, const ui_options *o, void (*open_first)(void));

/* One screen. draw() paints rows [0, rows) of stdscr (the status line is below);
   key() returns true when it used the key. The optional hooks may be NULL. */
typedef struct ui_screen ui_screen;
struct ui_screen {
    const char *name;
    const char *hints; /* key hints for the status line */
    bool chromeless;   /* no status line (presentation mode): only a message shows there */
    void (*draw)(ui_screen *s, int rows, int cols);
    bool (*key)(ui_screen *s, int key);
    void (*resize)(ui_screen *s, int cols, int rows); /* a running child's pty */
    bool (*busy)(ui_screen *s);                       /* a run or check is going */
    void (*close)(ui_screen *s);                      /* frees s */
};

/* The screen stack. ui_pop closes the top screen (not the last one). */
void ui_push(ui_screen *s);
void ui_pop(void);
void ui_quit(void);

app *ui_app(void);
uv_loop_t *ui_loop(void);
/* Asks for a redraw; several requests within a few ms make one. */
void ui_redraw(void);
/* Notes that a child's line arrived now, to measure line-to-screen latency. A line
   that begins with "t_ns=N", N read from CLOCK_MONOTONIC (uv_hrtime's clock) when the
   child wrote it, is measured from N instead: `make bench`'s child prints such lines. */
void ui_note_line(const char *text);
/* A message for the status line (replaces the previous one). */
/* A knob change's first output line came total_ms after Enter, program_ms of which the
   program itself took to print it (for WORKBOOK_STATS: `make bench`). */
void ui_note_knob_line(double total_ms, double program_ms);
void ui_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Opens path in $EDITOR (else vi) with curses suspended; done runs after the editor
   exits and the screen is back. */
void ui_edit(const char *path, void (*done)(void *ctx, int status), void *ctx);

/* The status glyph of a lesson or exercise, through progress.h (an exercise passed,
   a lesson seen, hints shown; a lesson whose runs all held is marked passed for the
   session). Headless runs keep progress in memory unless WORKBOOK_STATE_DIR is set. */
typedef enum ui_mark { UI_NEW, UI_SEEN, UI_PASSED } ui_mark;
ui_mark ui_progress_get(bool exercise, int number);
void ui_progress_set(bool exercise, int number, ui_mark m); /* never lowers a mark */
int ui_progress_hints(int exercise);
void ui_progress_hint(int exercise, int shown);

/* Colours: one table in ui_draw.c; plain attributes when colour is off. */
enum ui_color {
    UI_NORMAL,
    UI_TITLE,
    UI_HEADING,
    UI_DIM,
    UI_PASS,
    UI_FAIL,
    UI_INFO,
    UI_ACCENT,
    UI_SELECTED,
    UI_STATUS,
    UI_CODE,
    UI_KEYWORD,
    UI_STRING,
    UI_COMMENT,
    UI_NUMBER,
    UI_COLOR_COUNT
};
int ui_attr(enum ui_color c);
/* The glyph of a status (report_mark's, drawn with ASCII stand-ins where UTF-8 cannot
   show) and, in *attr, its colour. */
const char *ui_status_glyph(expect_status st, bool info_held, int *attr);

/* Draws UTF-8 text at (y, x), at most maxw columns, control characters shown as ^X.
   Returns the columns used. */
int ui_put(int y, int x, int maxw, const char *s, int attr);
/* Like ui_put with a length. */
int ui_putn(int y, int x, int maxw, const char *s, size_t len, int attr);
/* printf into ui_put. */
int ui_putf(int y, int x, int maxw, int attr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The display width of UTF-8 text. */
int ui_width(const char *s);
/* Wrapping: the bytes of *s that make its next row of at most w columns, broken at a
   space where there is one (a longer word is broken where it must). Advances *s past
   that row and the spaces after it; returns 0 when nothing is left. */
size_t ui_wrap_next(const char **s, int w);
/* The keys of a screen that scrolls a page of rows: ↑↓ j k a row, Space PgDn b PgUp a
   page, g Home the top, G End the end. Moves *top (which the screen clamps when it
   draws) and returns true when k is one of them. */
bool ui_scroll_key(int k, int *top, int page);
/* Fills a row from x to x + w with spaces in attr. */
void ui_fill(int y, int x, int w, int attr);
/* A horizontal rule with an optional title. */
void ui_rule(int y, int x, int w, const char *title);

#endif
