/*
 * The timeline screen (ui_timeline.h). A screen of its own, so that the picture gets
 * the whole width: the wider the axis, the clearer a 250 ms gap.
 */
#include "ui_timeline.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "ui.h"
#include "util.h"

typedef struct timeline_screen {
    ui_screen base;
    char *title;
    timeline_variant *v;
    size_t n;
    int scroll;
} timeline_screen;

static int style_attr(timeline_style st)
{
    switch (st) {
    case TL_HEADING:
        return ui_attr(UI_HEADING);
    case TL_AXIS:
    case TL_DIM:
        return ui_attr(UI_DIM);
    case TL_WANTED:
        return ui_attr(UI_INFO);
    case TL_ACTUAL:
        return ui_attr(UI_PASS);
    case TL_LATE:
        return ui_attr(UI_FAIL);
    case TL_SPAN:
        return ui_attr(UI_ACCENT);
    case TL_BLOCKED:
        return ui_attr(UI_FAIL);
    default:
        return ui_attr(UI_NORMAL);
    }
}

bool ui_timeline_ascii(void)
{
    return !report_style_for(false).utf8;
}

void ui_timeline_draw_grid(const timeline_grid *g, int y, int x, int first, int maxrows)
{
    for (int r = 0; r < maxrows && first + r < g->nrows; r++) {
        const timeline_cell *row = &g->cells[(first + r) * g->width];
        for (int c = 0; c < g->width; c++)
            if (row[c].glyph[0] && strcmp(row[c].glyph, " ") != 0)
                ui_put(y + r, x + c, 1, row[c].glyph, style_attr((timeline_style)row[c].style));
    }
}

static void timeline_draw(ui_screen *s, int rows, int cols)
{
    timeline_screen *ts = (timeline_screen *)s;
    ui_putf(0, 1, cols - 2, ui_attr(UI_TITLE), "%s · timeline", ts->title);
    int width = cols - 2 > 120 ? 120 : cols - 2;
    timeline_options o = {.ascii = ui_timeline_ascii()};
    timeline_grid g;
    if (timeline_render(ts->v, ts->n, width, &o, &g) < 0) {
        ui_put(2, 1, cols - 2, "the window is too narrow for a timeline", ui_attr(UI_DIM));
        return;
    }
    int h = rows - 2;
    if (ts->scroll > g.nrows - h)
        ts->scroll = g.nrows - h > 0 ? g.nrows - h : 0;
    ui_timeline_draw_grid(&g, 2, 1, ts->scroll, h);
    timeline_grid_free(&g);
}

static bool timeline_key(ui_screen *s, int k)
{
    timeline_screen *ts = (timeline_screen *)s;
    if (k == KEY_DOWN || k == 'j')
        ts->scroll++;
    else if ((k == KEY_UP || k == 'k') && ts->scroll > 0)
        ts->scroll--;
    else if (k == 't')
        ui_pop();
    else
        return false;
    return true;
}

static void timeline_close(ui_screen *s)
{
    timeline_screen *ts = (timeline_screen *)s;
    for (size_t i = 0; i < ts->n; i++)
        timeline_variant_free(&ts->v[i]);
    free(ts->v);
    free(ts->title);
    free(ts);
}

void ui_timeline_open(const char *title, timeline_variant *v, size_t n)
{
    timeline_screen *ts = xcalloc(1, sizeof *ts);
    ts->base = (ui_screen){
        .name = "timeline",
        .hints = "· wanted  ● happened  ◆ on time  ━ work   ↑↓ scroll  t Esc back",
        .draw = timeline_draw,
        .key = timeline_key,
        .close = timeline_close,
    };
    ts->title = xstrdup(title ? title : "");
    ts->v = v;
    ts->n = n;
    ui_push(&ts->base);
}
