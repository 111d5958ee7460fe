/*
 * The catalog: every lesson and exercise with a status glyph (new, seen, passed) and
 * a progress bar. Enter opens the selected one, r runs a lesson straight away, a
 * digit jumps to that lesson.
 */
#include "ui_catalog.h"

#include <curses.h>
#include <stdlib.h>

#include "ui.h"
#include "ui_exercise.h"
#include "ui_lesson.h"
#include "ui_run.h"
#include "util.h"

typedef struct catalog_screen {
    ui_screen base;
    size_t sel; /* lessons first, then exercises */
    size_t top;
} catalog_screen;

static size_t item_count(const catalog *c)
{
    return c->nlessons + c->nexercises;
}

static const char *mark_glyph(ui_mark m, int *attr)
{
    switch (m) {
    case UI_PASSED:
        *attr = ui_attr(UI_PASS);
        return "✓";
    case UI_SEEN:
        *attr = ui_attr(UI_INFO);
        return "•";
    default:
        *attr = ui_attr(UI_DIM);
        return "·";
    }
}

/* The screen row of item i: a heading line sits above the lessons and another above
   the exercises. */
static int item_row(const catalog *c, size_t i)
{
    return (int)i + 1 + (i >= c->nlessons ? 2 : 0);
}

static void draw_progress(int y, int cols, const catalog *c)
{
    size_t total = item_count(c), done = 0, seen = 0;
    for (size_t i = 0; i < c->nlessons; i++) {
        ui_mark m = ui_progress_get(false, c->lessons[i].number);
        done += m == UI_PASSED;
        seen += m != UI_NEW;
    }
    for (size_t i = 0; i < c->nexercises; i++)
        done += ui_progress_get(true, c->exercises[i].number) == UI_PASSED;
    int x = ui_put(y, 1, cols - 2, "Progress ", ui_attr(UI_DIM)) + 1;
    int barw = cols - x - 24;
    if (barw > 40)
        barw = 40;
    if (barw >= 5 && total) {
        int full = (int)((double)done / (double)total * barw + 0.5);
        for (int i = 0; i < barw; i++)
            ui_put(y, x + i, 1, i < full ? "█" : "░", ui_attr(i < full ? UI_PASS : UI_DIM));
        x += barw + 1;
    }
    ui_putf(y, x, cols - x - 1, 0, "%zu/%zu passed, %zu seen", done, total, seen);
}

static void catalog_draw(ui_screen *s, int rows, int cols)
{
    catalog_screen *cs = (catalog_screen *)s;
    const catalog *c = ui_app()->cat;
    ui_put(0, 1, cols - 2, "Wait or Work", ui_attr(UI_TITLE));
    ui_put(0, 14, cols - 15, "— is this work waiting, or working?", ui_attr(UI_DIM));
    draw_progress(1, cols, c);

    int list_top = 3, list_rows = rows - list_top;
    size_t n = item_count(c);
    if (n == 0) {
        ui_put(list_top, 2, cols - 3, "No lessons found under lessons/.", 0);
        return;
    }
    /* Scroll so that the selection, and the row above it, stay visible. */
    int sel_row = item_row(c, cs->sel);
    if (sel_row >= (int)cs->top + list_rows)
        cs->top = (size_t)(sel_row - list_rows + 1);
    if (sel_row - 1 < (int)cs->top)
        cs->top = (size_t)(sel_row - 1);

    int last = item_row(c, n - 1);
    for (int row = 0; row <= last; row++) {
        int y = list_top + row - (int)cs->top;
        if (y < list_top || y >= rows)
            continue;
        if (row == 0) {
            ui_put(y, 1, cols - 2, "Lessons", ui_attr(UI_HEADING));
            continue;
        }
        if (c->nexercises && row == (int)c->nlessons + 2) {
            ui_put(y, 1, cols - 2, "Exercises", ui_attr(UI_HEADING));
            continue;
        }
        if (row == (int)c->nlessons + 1)
            continue;
        size_t i = row <= (int)c->nlessons ? (size_t)row - 1 : (size_t)row - 3;
        bool sel = i == cs->sel;
        int attr = sel ? ui_attr(UI_SELECTED) : 0;
        if (sel)
            ui_fill(y, 0, cols, attr);
        int gattr;
        int num, follows = 0;
        const char *slug, *title;
        if (i < c->nlessons) {
            const catalog_lesson *l = &c->lessons[i];
            num = l->number, slug = l->slug, title = l->title;
        } else {
            const catalog_exercise *e = &c->exercises[i - c->nlessons];
            num = e->number, slug = e->slug, title = e->title, follows = e->follows;
        }
        const char *g = mark_glyph(ui_progress_get(i >= c->nlessons, num), &gattr);
        ui_put(y, 2, 1, g, sel ? attr : gattr);
        if (i < c->nlessons)
            ui_putf(y, 4, cols - 5, attr | A_BOLD, "%02d", num);
        else
            ui_putf(y, 4, cols - 5, attr | A_BOLD, "ex%d", num);
        ui_put(y, 9, 14, slug ? slug : "", attr);
        int tx = 24;
        if (cols > 30 && follows) { /* the course's order: the lesson this one practises */
            tx += ui_putf(y, tx, cols - tx - 1, attr, "after %02d · ", follows);
            title = title ? catalog_short_title(title) : NULL;
        }
        if (cols > 30 && title)
            ui_put(y, tx, cols - tx - 1, title, attr | (sel ? 0 : ui_attr(UI_DIM)));
    }
}

static void open_selected(catalog_screen *cs, bool run)
{
    const catalog *c = ui_app()->cat;
    if (cs->sel < c->nlessons) {
        const catalog_lesson *l = &c->lessons[cs->sel];
        ui_progress_set(false, l->number, UI_SEEN);
        if (run)
            ui_run_open(l, 0);
        else
            ui_lesson_open(l);
    } else if (cs->sel - c->nlessons < c->nexercises) {
        const catalog_exercise *e = &c->exercises[cs->sel - c->nlessons];
        ui_progress_set(true, e->number, UI_SEEN);
        ui_exercise_open(e, run);
    }
}

static bool catalog_key(ui_screen *s, int k)
{
    catalog_screen *cs = (catalog_screen *)s;
    const catalog *c = ui_app()->cat;
    size_t n = item_count(c);
    if (n == 0)
        return false;
    switch (k) {
    case KEY_DOWN:
    case 'j':
        if (cs->sel + 1 < n)
            cs->sel++;
        return true;
    case KEY_UP:
    case 'k':
        if (cs->sel > 0)
            cs->sel--;
        return true;
    case 'g':
    case KEY_HOME:
        cs->sel = 0;
        return true;
    case 'G':
    case KEY_END:
        cs->sel = n - 1;
        return true;
    case '\n':
    case '\r':
    case KEY_ENTER:
    case KEY_RIGHT:
    case 'l':
        open_selected(cs, false);
        return true;
    case 'r':
    case 'c':
        open_selected(cs, true);
        return true;
    case KEY_LEFT:
    case 27:
        return true; /* the bottom of the stack: nothing to go back to */
    default:
        if (k >= '0' && k <= '9') {
            for (size_t i = 0; i < c->nlessons; i++)
                if (c->lessons[i].number == k - '0') {
                    cs->sel = i;
                    return true;
                }
            ui_message("there is no lesson %c", k);
            return true;
        }
        return false;
    }
}

static void catalog_close(ui_screen *s)
{
    free(s);
}

void ui_catalog_open(void)
{
    catalog_screen *cs = xcalloc(1, sizeof *cs);
    cs->base = (ui_screen){
        .name = "catalog",
        .hints = "↑↓ move  Enter open  r run  0-9 lesson  ? help  q quit",
        .draw = catalog_draw,
        .key = catalog_key,
        .close = catalog_close,
    };
    ui_push(&cs->base);
}
