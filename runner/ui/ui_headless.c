/*
 * Headless mode, for the tests and `make bench`: the options read from WORKBOOK_*,
 * the key script played one step per loop turn, and the screen dumps.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui_internal.h"

#include <curses.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "util.h"

static struct {
    uv_timer_t script_timer;
    const char *dump_path; /* where <dump> appends the screen */
    char *script;
    size_t script_pos;
} H;

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

int ui__script_load(const ui_options *o)
{
    memset(&H, 0, sizeof H);
    H.dump_path = o->dump_path;
    if (o->keys) {
        H.script = xstrdup(o->keys);
        return 0;
    }
    if (o->keys_file) {
        size_t len;
        int rc = util_read_file(o->keys_file, UTIL_FILE_MAX, &H.script, &len);
        if (rc < 0)
            return rc;
        return 0;
    }
    H.script = xstrdup("");
    return 0;
}

static void dump_screen(void)
{
    if (!H.dump_path)
        return;
    FILE *f = fopen(H.dump_path, "a");
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
        len = text_rstrip(line, len);
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
    uv_timer_start(&H.script_timer, on_script, delay_ms, 0);
}

/* Runs the script one step per loop turn, so runs and redraws interleave as with a
   person typing; <wait> polls until no run or check is going. */
static void on_script(uv_timer_t *t)
{
    (void)t;
    if (ui__quitting())
        return;
    const char *p = H.script + H.script_pos;
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
            H.script_pos = (size_t)(end + 1 - H.script);
            int cols, rows, ms;
            if (strcmp(tok, "dump") == 0) {
                ui__draw_now();
                dump_screen();
            } else if (strcmp(tok, "wait") == 0) {
                if (ui__busy()) {
                    H.script_pos = (size_t)(p - H.script); /* again, a little later */
                    script_next(10);
                    return;
                }
                ui__draw_now();
            } else if (sscanf(tok, "resize %dx%d", &cols, &rows) == 2) {
                resizeterm(rows, cols);
                ui__relayout();
            } else if (sscanf(tok, "sleep %d", &ms) == 1) {
                script_next((uint64_t)ms);
                return;
            } else {
                for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
                    if (strcmp(tok, key_names[i].name) == 0)
                        ui__handle_key(key_names[i].key);
            }
            script_next(0);
            return;
        }
    }
    H.script_pos++;
    ui__handle_key((unsigned char)*p);
    script_next(0);
}

void ui__script_init(uv_loop_t *loop)
{
    uv_timer_init(loop, &H.script_timer);
}

void ui__script_start(void)
{
    script_next(0);
}

void ui__script_close(void)
{
    ui__close((uv_handle_t *)&H.script_timer);
}

void ui__script_free(void)
{
    free(H.script);
}
