/*
 * What the files of the workbook's loop share. Not part of the interface: the screens
 * use ui.h only.
 *
 *   ui.c           the loop: stdin, keys, the redraw timer, the screen stack, ui_main
 *   ui_term.c      the terminal: curses' setup and teardown, the signals, handing the
 *                  terminal over to Ctrl-Z and to the editor and taking it back
 *   ui_headless.c  the WORKBOOK_* options, the scripted keys and the screen dumps
 *   ui_stats.c     the workbook measuring itself: loop lag, first frame, line latency
 *   ui_draw.c      colours, ASCII stand-ins and the put/fill drawing helpers
 *   ui_progress.c  the status marks, through progress.h
 */
#ifndef UI_INTERNAL_H
#define UI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "app.h"
#include "ui.h"

/* ui.c */

/* True once ui_quit has begun. */
bool ui__quitting(void);
/* Quits with this exit code (a signal, or the terminal gone). */
void ui__exit(int code);
/* Draws the top screen now, not on the redraw timer. */
void ui__draw_now(void);
/* Tells every screen the size curses has now, then draws. */
void ui__relayout(void);
/* One key, as from getch(). */
void ui__handle_key(int k);
/* True while a run, a check or the editor is going. */
bool ui__busy(void);
/* Stops and restarts reading keys from stdin (the editor has the terminal). */
void ui__stdin_pause(void);
void ui__stdin_resume(void);
/* Closes a handle unless it is closing already. */
void ui__close(uv_handle_t *h);

/* ui_term.c */

/* Watches SIGINT, SIGTERM, SIGHUP, and Ctrl-Z where it would stop the program. */
void ui__term_init(uv_loop_t *loop, bool headless);
/* Watches SIGWINCH; after curses, whose handler libuv's replaces. */
void ui__term_watch_resize(void);
/* Closes the signal handles. */
void ui__term_close(void);
/* Starts curses on the terminal (or /dev/null at o's size when headless). On failure
   says on stderr what is wrong and what to do, and returns a negative number. */
int ui__term_start(const ui_options *o);
void ui__term_stop(void);
/* True while curses has given the terminal away (the editor runs). */
bool ui__suspended(void);
/* True while the editor runs. */
bool ui__editing(void);

/* ui_headless.c */

/* Reads the key script from o (keys, else keys_file). Returns 0 or a negative errno. */
int ui__script_load(const ui_options *o);
void ui__script_init(uv_loop_t *loop);
/* Plays the script, one step per loop turn; the end of it quits. */
void ui__script_start(void);
void ui__script_close(void);
void ui__script_free(void);

/* ui_stats.c */

/* Forgets earlier figures and notes the start time. */
void ui__stats_start(bool headless);
void ui__probe_init(uv_loop_t *loop);
void ui__probe_start(void);
void ui__probe_close(void);
/* The process was stopped: the time since the last tick is not loop lag. */
void ui__probe_forget(void);
/* The status line's lag figure, or "" before the first sample. */
void ui__stats_lag_text(char *buf, size_t size);
/* Notes that a frame reached the terminal now. */
void ui__stats_frame(void);
/* Writes the figures to path (nothing if NULL). */
void ui__stats_write(const char *path);
void ui__stats_free(void);

/* ui_draw.c */

/* Colour on or off, and whether the locale shows UTF-8 (else ASCII stand-ins). */
void ui__draw_init(bool color, bool utf8);
/* Sets up the colour pairs once curses is started; turns colour off if it cannot. */
void ui__colors_start(void);

/* ui_progress.c */

/* Opens the stored progress (in memory only for a headless run without
   WORKBOOK_STATE_DIR); *warning gets what the user should be told, or NULL. */
void ui__progress_open(app *a, bool headless, char **warning);
void ui__progress_close(void);

#endif
