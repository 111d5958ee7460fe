/*
 * Presentation mode (ui_present.h): one thing at a time, large and plain, for a
 * projector. Each program of the deck (assets/present.txt) goes through five steps:
 * the question, the key lines of code, the run, the timeline, the takeaway with its
 * key number in block digits. The runs are live (runjob, one variant after another)
 * or, with --replay, recorded ones from assets/replay/ played back at their own pace;
 * present_show.c decides what runs and what it matched, this file draws it.
 */
#include "ui_present.h"

#include <curses.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"
#include "present_show.h"
#include "timeline.h"
#include "ui.h"
#include "sweepjob.h"
#include "ui_knobs.h"
#include "ui_timeline.h"
#include "util.h"

enum step { STEP_QUESTION, STEP_CODE, STEP_RUN, STEP_TIMELINE, STEP_TAKEAWAY, STEP_COUNT };

typedef struct present_screen {
    ui_screen base;
    present_show *show; /* the deck, the current item's programs and their runs */
    size_t item;
    int step;
    bool replay;
    ui_knobs knobs;   /* the panel (K): the current item's knobs */
    knobset settings; /* the values its runs took */
    sweepjob *sweep;  /* s on the panel: the chosen knob swept, drawn over the step */
    knobset_range sweep_range;
} present_screen;

static const present_item *cur(const present_screen *ps)
{
    return &present_show_deck(ps->show)->items[ps->item];
}

static void on_changed(void *ctx)
{
    (void)ctx;
    ui_redraw();
}

/* Drawing: everything centred in a column at most 76 wide. */

static int col_width(int cols)
{
    return cols - 4 > 76 ? 76 : cols - 4;
}

static int col_x(int cols)
{
    return (cols - col_width(cols)) / 2;
}

/* Word-wraps text into the column from row y; returns the next row. */
static int put_wrapped(int y, int maxy, int x, int w, const char *s, int attr)
{
    while (*s && y < maxy) {
        const char *row = s;
        size_t n = ui_wrap_next(&s, w);
        ui_putn(y++, x, w, row, n, attr);
    }
    return y;
}

static void draw_header(present_screen *ps, int cols, const char *what)
{
    int x = col_x(cols), w = col_width(cols);
    char set[160];
    knobset_text(&ps->settings, set, sizeof set);
    ui_putf(0, x, w, ui_attr(UI_DIM), "%s %d · %d/%d %s%s%s",
            cur(ps)->exercise ? "exercise" : "lesson", cur(ps)->number, ps->step + 1, STEP_COUNT,
            what, set[0] ? " · " : "", set);
    if (ps->replay) {
        const char *tag = " recorded ";
        ui_put(0, x + w - ui_width(tag), ui_width(tag), tag, ui_attr(UI_SELECTED) | A_BOLD);
    }
}

static void draw_question(present_screen *ps, int rows, int cols)
{
    const char *title = present_show_title(ps->show);
    int x = col_x(cols), w = col_width(cols);
    int y = rows / 3;
    y = put_wrapped(y, rows, x, w, title, ui_attr(UI_TITLE) | A_BOLD);
    y++;
    put_wrapped(y, rows, x, w, cur(ps)->question ? cur(ps)->question : "", ui_attr(UI_NORMAL));
    /* No status line here (no chrome on a wall); the keys are said once, on the first
       slide, for whoever holds the keyboard. */
    if (ps->item == 0 && ps->step == 0)
        ui_put(rows - 1, x, w, "n or space: next   p: back   r: run again   q: quit",
               ui_attr(UI_DIM));
}

static void draw_code(present_screen *ps, int rows, int cols)
{
    const present_item *it = cur(ps);
    int x = col_x(cols), w = col_width(cols);
    const runnable *p = NULL;
    size_t nv = present_show_count(ps->show);
    for (size_t i = 0; i < nv && it->code_variant; i++) {
        const runnable *r = present_show_program(ps->show, i);
        if (strcmp(r->name, it->code_variant) == 0 && !r->arg)
            p = r;
    }
    if (!p && nv)
        p = present_show_program(ps->show, 0);
    char *text = NULL;
    size_t len;
    if (!p || !p->source || util_read_file(p->source, UTIL_FILE_MAX, &text, &len) < 0) {
        ui_put(2, x, w, "no source to show", ui_attr(UI_DIM));
        return;
    }
    char **lines;
    int first;
    size_t n = present_excerpt(text, it->code_from ? it->code_from : "main", it->code_to,
                               (size_t)(rows - 3), &lines, &first);
    const char *base = util_base_name(p->source);
    ui_putf(2, x, w, ui_attr(UI_HEADING), "%s, line %d", base, first);
    /* On a projector every column counts: the excerpt loses the indentation all its
       lines share, and a line still too long says so with "…". */
    size_t indent = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t k = strspn(lines[i], " ");
        if (lines[i][k] && k < indent)
            indent = k;
    }
    if (indent == SIZE_MAX)
        indent = 0;
    for (size_t i = 0; i < n; i++) {
        const char *line = strlen(lines[i]) >= indent ? lines[i] + indent : "";
        if (ui_width(line) > w && w > 2) {
            int used = ui_put(4 + (int)i, x, w - 1, line, ui_attr(UI_CODE));
            ui_put(4 + (int)i, x + used, 1, "…", ui_attr(UI_DIM));
        } else {
            ui_put(4 + (int)i, x, w, line, ui_attr(UI_CODE));
        }
    }
    present_lines_free(lines, n);
    free(text);
}

static void draw_run(present_screen *ps, int rows, int cols)
{
    int x = col_x(cols), w = col_width(cols), y = 2;
    if (!present_show_ran(ps->show)) {
        ui_put(rows / 2, x, w, "r runs it live", ui_attr(UI_DIM));
        return;
    }
    size_t nv = present_show_count(ps->show);
    for (size_t i = 0; i < nv && y < rows; i++) {
        const char **lines;
        double *t;
        size_t n = present_show_lines(ps->show, i, &lines, &t);
        expect_result *r = present_show_match(ps->show, i);
        bool fin = present_show_finished(ps->show, i);
        int attr;
        const char *mark = ui_status_glyph(!fin             ? EXPECT_PENDING
                                           : r && r->passed ? EXPECT_PASS
                                                            : EXPECT_FAIL,
                                           true, &attr);
        ui_putf(y, x, w, attr | A_BOLD, "%s %s", mark, present_show_program(ps->show, i)->name);
        y++;
        /* The last lines that fit, each with its arrival time. */
        int room = rows - y - (int)(nv - i - 1) * 2;
        size_t from = (int)n > room && room > 0 ? n - (size_t)room : 0;
        for (size_t k = from; k < n && y < rows; k++) {
            char buf[256];
            snprintf(buf, sizeof buf, "%5.0f  %s", t[k], lines[k]);
            ui_put(y++, x + 2, w - 2, buf, ui_attr(UI_NORMAL));
        }
        expect_result_free(r);
    }
    const char *error = present_show_error(ps->show);
    if (error[0] && y < rows)
        ui_put(y, x, w, error, ui_attr(UI_FAIL));
}

static void draw_timeline(present_screen *ps, int rows, int cols)
{
    int x = col_x(cols), w = col_width(cols);
    if (!present_show_ran(ps->show)) {
        ui_put(rows / 2, x, w, "r runs it live; the timeline follows", ui_attr(UI_DIM));
        return;
    }
    timeline_variant tv[PRESENT_MAX_PROGRAMS];
    size_t n = present_show_timeline(ps->show, tv);
    timeline_options o = {.ascii = ui_timeline_ascii()};
    timeline_grid g;
    if (timeline_render(tv, n, w, &o, &g) == 0) {
        if (g.nrows > rows - 2) {
            /* Too tall with its legend: the legend goes first. */
            timeline_grid_free(&g);
            o.no_legend = true;
            timeline_render(tv, n, w, &o, &g);
        }
        ui_timeline_draw_grid(&g, 2, x, 0, rows - 2);
        timeline_grid_free(&g);
    }
    for (size_t i = 0; i < n; i++)
        timeline_variant_free(&tv[i]);
}

static void draw_takeaway(present_screen *ps, int rows, int cols)
{
    const present_item *it = cur(ps);
    int x = col_x(cols), w = col_width(cols), y = 2;
    char num[64];
    if (present_show_number(ps->show, num, sizeof num)) {
        char big[PRESENT_BIG_ROWS][512];
        int bw = present_big(num, ui_timeline_ascii(), big);
        int bx = bw < w ? x + (w - bw) / 2 : x;
        for (int r = 0; r < PRESENT_BIG_ROWS; r++)
            ui_put(y + r, bx, w, big[r], ui_attr(UI_ACCENT) | A_BOLD);
        y += PRESENT_BIG_ROWS + 1;
        char caption[256];
        const char *c = it->num_caption ? it->num_caption : "";
        const char *at = strstr(c, "{cores}");
        if (at)
            snprintf(caption, sizeof caption, "%.*s%d%s", (int)(at - c), c,
                     present_show_machine(ps->show)->cores, at + 7);
        else
            snprintf(caption, sizeof caption, "%s", c);
        y = put_wrapped(y, rows, x, w, caption, ui_attr(UI_HEADING));
        y++;
    }
    put_wrapped(y, rows, x, w, it->takeaway ? it->takeaway : "", ui_attr(UI_NORMAL) | A_BOLD);
}

/* A sweep of one knob: the chart as it grows, a point a run, at the size of the screen. */
static void draw_sweep(present_screen *ps, int rows, int cols)
{
    int x = col_x(cols), w = col_width(cols);
    const plot_point *pts;
    const bool *held;
    size_t n = sweepjob_points(ps->sweep, &pts, &held);
    const knobset_range *r = &ps->sweep_range;
    ui_putf(0, x, w, ui_attr(UI_DIM), "%s %d · sweep %s %d..%d · %zu/%zu runs%s",
            cur(ps)->exercise ? "exercise" : "lesson", cur(ps)->number, r->name, r->from, r->to, n,
            sweepjob_total(ps->sweep), sweepjob_done(ps->sweep) ? "" : " …");
    const char *error = sweepjob_error(ps->sweep);
    if (error[0]) {
        put_wrapped(2, rows, x, w, error, ui_attr(UI_FAIL));
        return;
    }
    if (n == 0) {
        ui_put(rows / 2, x, w, "the first run builds and runs…", ui_attr(UI_DIM));
        return;
    }
    plot_options o = {.width = w,
                      .height = rows - 2,
                      .ascii = ui_timeline_ascii(),
                      .x_name = r->name,
                      .y_name = sweepjob_plot_name(ps->sweep)};
    plot_chart c;
    if (plot_render(pts, n, &o, &c) != 0)
        return;
    for (int i = 0; i < c.nrows; i++)
        ui_put(2 + i, x, w, c.rows[i], ui_attr(i == c.nrows - 1 ? UI_DIM : UI_NORMAL));
    plot_free(&c);
}

static void on_sweep_changed(void *ctx, size_t i)
{
    (void)ctx, (void)i;
    ui_redraw();
}

/* s on the knobs panel: the chosen knob over about eight values, on the first of the
   item's programs that has it, with the other knobs as the panel has them. */
static void start_sweep(present_screen *ps)
{
    if (present_show_busy(ps->show)) {
        ui_message("still running: s again once it is over");
        return;
    }
    knobset fixed;
    ui_knobs_settings(&ps->knobs, &fixed);
    ui_knobs_sweep_range(&ps->knobs, &ps->sweep_range);
    knobset_drop(&fixed, ps->sweep_range.name);
    for (size_t i = 0; i < present_show_count(ps->show); i++) {
        const expect_file *f = present_show_expect(ps->show, i);
        if (!f || expect_knob_find(f, ps->sweep_range.name) < 0)
            continue;
        sweepjob_options o = {.root = ui_app()->root,
                              .r = present_show_program(ps->show, i),
                              .range = ps->sweep_range,
                              .fixed = &fixed,
                              .machine = present_show_machine(ps->show),
                              .changed = on_sweep_changed,
                              .ctx = ps};
        char err[256];
        if (sweepjob_start(ui_loop(), &o, &ps->sweep, err, sizeof err) < 0)
            ui_message("%s", err);
        ps->knobs.open = false;
        return;
    }
}

static void stop_sweep(present_screen *ps)
{
    sweepjob_free(ps->sweep);
    ps->sweep = NULL;
}

static void present_draw(ui_screen *s, int rows, int cols)
{
    present_screen *ps = (present_screen *)s;
    static const char *const names[] = {"the question", "the code", "the run", "the timeline",
                                        "the takeaway"};
    if (present_show_deck(ps->show)->n == 0) {
        ui_put(1, 1, cols - 2, present_show_error(ps->show), ui_attr(UI_FAIL));
        return;
    }
    if (ps->sweep) {
        draw_sweep(ps, rows, cols);
        return;
    }
    draw_header(ps, cols, names[ps->step]);
    switch (ps->step) {
    case STEP_QUESTION:
        draw_question(ps, rows, cols);
        break;
    case STEP_CODE:
        draw_code(ps, rows, cols);
        break;
    case STEP_RUN:
        draw_run(ps, rows, cols);
        break;
    case STEP_TIMELINE:
        draw_timeline(ps, rows, cols);
        break;
    default:
        draw_takeaway(ps, rows, cols);
        break;
    }
    ui_knobs_draw(&ps->knobs, 1, col_x(cols), rows - 1, col_width(cols), true);
}

/* The knobs of the item now shown, at their defaults. */
static void learn_knobs(present_screen *ps)
{
    bool can_sweep = ps->knobs.can_sweep;
    ui_knobs_clear(&ps->knobs);
    ps->knobs.can_sweep = can_sweep;
    ps->settings = (knobset){0};
    for (size_t i = 0; i < present_show_count(ps->show); i++)
        ui_knobs_learn(&ps->knobs, present_show_expect(ps->show, i),
                       present_show_machine(ps->show));
}

/* Enter on the panel: the room has answered; run with the new values. */
static void run_with_knobs(present_screen *ps)
{
    knobset k;
    char err[256];
    ui_knobs_settings(&ps->knobs, &k);
    if (present_show_busy(ps->show)) {
        ui_message("still running: Enter again once it is over");
        return;
    }
    if (present_show_set_knobs(ps->show, &k, err, sizeof err) < 0) {
        ui_message("%s", err);
        return;
    }
    ps->settings = k;
    ps->knobs.open = false;
    ps->step = STEP_RUN;
    present_show_run(ps->show);
}

static void go(present_screen *ps, int delta)
{
    int step = ps->step + delta;
    if (step >= STEP_COUNT && ps->item + 1 < present_show_deck(ps->show)->n) {
        ps->step = STEP_QUESTION;
        present_show_load(ps->show, ++ps->item);
        learn_knobs(ps);
        return;
    }
    if (step < 0 && ps->item > 0) {
        ps->step = STEP_TAKEAWAY;
        present_show_load(ps->show, --ps->item);
        learn_knobs(ps);
        return;
    }
    if (step < 0 || step >= STEP_COUNT)
        return;
    ps->step = step;
    /* The run starts when its step is reached, once. */
    if (ps->step == STEP_RUN && !present_show_ran(ps->show))
        present_show_run(ps->show);
}

static bool present_key(ui_screen *s, int k)
{
    present_screen *ps = (present_screen *)s;
    if (present_show_deck(ps->show)->n == 0)
        return false;
    /* Over a sweep, the step's keys take it away first. */
    if (ps->sweep && (k == 27 || k == 'n' || k == 'p' || k == ' ' || k == 'K')) {
        stop_sweep(ps);
        return true;
    }
    ui_knobs_action a = ui_knobs_key(&ps->knobs, k);
    if (a == UI_KNOBS_RUN)
        run_with_knobs(ps);
    if (a == UI_KNOBS_SWEEP)
        start_sweep(ps);
    if (a != UI_KNOBS_NONE)
        return true;
    switch (k) {
    case 'K':
        ps->knobs.open = true;
        return true;
    case 'n':
    case ' ':
    case KEY_RIGHT:
    case KEY_NPAGE:
        go(ps, 1);
        return true;
    case 'p':
    case KEY_PPAGE:
        go(ps, -1);
        return true;
    case 'r':
        if (present_show_busy(ps->show)) {
            ui_message("still running");
            return true;
        }
        ps->step = STEP_RUN;
        present_show_run(ps->show);
        return true;
    default:
        return false;
    }
}

static bool present_busy(ui_screen *s)
{
    present_screen *ps = (present_screen *)s;
    return present_show_busy(ps->show) || (ps->sweep && !sweepjob_done(ps->sweep));
}

static void present_close(ui_screen *s)
{
    present_screen *ps = (present_screen *)s;
    stop_sweep(ps);
    present_show_close(ps->show);
    free(ps);
}

void ui_present_open(bool replay)
{
    present_screen *ps = xcalloc(1, sizeof *ps);
    ps->base = (ui_screen){
        .name = "present",
        .hints = "n next  p back  r run  K knobs  q quit",
        .chromeless = true,
        .draw = present_draw,
        .key = present_key,
        .busy = present_busy,
        .close = present_close,
    };
    ps->replay = replay;
    ps->show = present_show_new(ui_app(), ui_loop(), replay, on_changed, ps);
    learn_knobs(ps);
    ps->knobs.can_sweep = !replay; /* a recorded run has no knobs to turn */
    ui_push(&ps->base);
}

static void open_live(void)
{
    ui_present_open(false);
}

const ui_global_key ui_present_keys[] = {
    {'P', open_live},
    {0, NULL},
};
