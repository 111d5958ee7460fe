/*
 * The run screen. Each variant of a lesson gets a pane; the variants run one after
 * another (never at once: on a 2-core machine two runs would disturb each other's
 * timings, which are the point). Everything comes from runjob's callbacks, which only
 * ask for a redraw: the drawing reads the job's lines and its latest match.
 */
#include "ui_run.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "machine.h"
#include "runjob.h"
#include "runnable.h"
#include "ui.h"
#include "util.h"
#include "words.h"
#include "companion.h"
#include "ui_checks.h"
#include "ui_knobs.h"
#include "ui_timeline.h"

#define RUN_MAX_PANES 4

typedef struct run_screen run_screen;

typedef struct run_pane {
    run_screen *rs;
    runnable r; /* a variant, its node twin (companion.h), or an exercise's program */
    runjob *job;
    char error[512]; /* the job could not start: why */
    bool started, done;
    bool built;               /* its last build succeeded... */
    struct timespec built_of; /* ...from a source with this modification time */
} run_pane;

struct run_screen {
    ui_screen base;
    int number;        /* the lesson's or the exercise's */
    const char *title; /* the catalog's */
    run_pane panes[RUN_MAX_PANES];
    size_t npanes;
    size_t next; /* the pane to start when the current one is done */
    bool cancelled;
    int scroll;         /* rows scrolled up from the tail; 0 follows the output */
    uv_timer_t starter; /* starts the next pane outside runjob's callbacks */
    uv_timer_t ticker;  /* refreshes the running time while a program is quiet */
    expect_machine machine;
    int pane_cols, pane_rows;
    bool exercise; /* an exercise's program: a pass is not a lesson's progress */
    ui_knobs knobs;   /* the panel (K), and the values the runs take */
    knobset settings; /* the values of the current runs, fixed when they start */
    bool knob_rerun;  /* these runs follow a knob change: an unchanged program is not rebuilt */
    uint64_t knob_enter_ns; /* when Enter asked for them, until their first line */
};

static void start_next(run_screen *rs);

/* The job's callbacks: they only note what happened and ask for a redraw. */

static void on_build_line(void *ctx, const char *line)
{
    (void)ctx, (void)line;
    ui_redraw();
}

static void on_build_done(void *ctx, bool ok, const char *why)
{
    run_pane *p = ctx;
    if (!ok && why && !p->rs->cancelled)
        snprintf(p->error, sizeof p->error, "the build failed: %s", why);
    ui_redraw();
}

static void on_line(void *ctx, size_t index)
{
    run_pane *p = ctx;
    size_t n = 0;
    const runjob_line *lines = p->job ? runjob_lines(p->job, &n) : NULL;
    ui_note_line(index < n ? lines[index].text : NULL);
    /* From Enter on the knobs to the first line, and how much of it the program took. */
    if (p->rs->knob_enter_ns && index < n) {
        ui_note_knob_line((double)(uv_hrtime() - p->rs->knob_enter_ns) / 1e6,
                          (double)lines[index].t_ms);
        p->rs->knob_enter_ns = 0;
    }
    ui_redraw();
}

static void on_starter(uv_timer_t *t)
{
    start_next(t->data);
}

static bool all_passed(const run_screen *rs)
{
    for (size_t i = 0; i < rs->npanes; i++) {
        const run_pane *p = &rs->panes[i];
        const expect_result *r = p->job ? runjob_result(p->job) : NULL;
        if (!p->done || !r || !r->passed)
            return false;
    }
    return true;
}

static void on_done(void *ctx)
{
    run_pane *p = ctx;
    run_screen *rs = p->rs;
    p->done = true;
    p->built = p->job && runjob_build_ok(p->job) && !runjob_status(p->job)->spawn_failed;
    if (!rs->cancelled && rs->next < rs->npanes) {
        uv_timer_start(&rs->starter, on_starter, 0, 0);
    } else {
        uv_timer_stop(&rs->ticker);
        if (all_passed(rs) && !rs->exercise)
            ui_progress_set(false, rs->number, UI_PASSED);
    }
    ui_redraw();
}

static void on_tick(uv_timer_t *t)
{
    (void)t;
    ui_redraw();
}

static void start_next(run_screen *rs)
{
    while (rs->next < rs->npanes) {
        run_pane *p = &rs->panes[rs->next++];
        runjob_options o = runnable_job_options(&p->r, ui_app()->root);
        /* A knob changes what the program reads, never the program: when its source is as
           it was at its last good build, it runs at once, without asking make. */
        struct stat st;
        bool same = p->r.source && stat(p->r.source, &st) == 0 &&
                    st.st_mtim.tv_sec == p->built_of.tv_sec &&
                    st.st_mtim.tv_nsec == p->built_of.tv_nsec;
        if (rs->knob_rerun && p->built && same)
            o.make_dir = NULL;
        else if (p->r.source && stat(p->r.source, &st) == 0)
            p->built_of = st.st_mtim;
        o.cols = rs->pane_cols > 20 ? rs->pane_cols - 10 : 80;
        o.rows = rs->pane_rows > 2 ? rs->pane_rows : 24;
        o.machine = &rs->machine;
        o.knobs = &rs->settings;
        o.knobs_lenient = true; /* a lesson's knob, for the variants that have it */
        runjob_events ev = {
            .on_build_line = on_build_line,
            .on_build_done = on_build_done,
            .on_line = on_line,
            .on_done = on_done,
            .ctx = p,
        };
        p->started = true;
        p->done = false;
        p->error[0] = '\0';
        runjob *j = NULL;
        int rc = runjob_start(ui_loop(), &o, &ev, &j, p->error, sizeof p->error);
        if (rc < 0) {
            p->done = true;
            continue; /* the error is shown in the pane; go on with the next variant */
        }
        p->job = j;
        ui_knobs_learn(&rs->knobs, runjob_expect(j), &rs->machine);
        uv_timer_start(&rs->ticker, on_tick, 100, 100);
        return;
    }
}

static bool run_busy(ui_screen *s)
{
    run_screen *rs = (run_screen *)s;
    for (size_t i = 0; i < rs->npanes; i++)
        if (rs->panes[i].started && !rs->panes[i].done)
            return true;
    return rs->next < rs->npanes && !rs->cancelled;
}

static void restart(run_screen *rs)
{
    for (size_t i = 0; i < rs->npanes; i++) {
        runjob_free(rs->panes[i].job);
        rs->panes[i].job = NULL;
        rs->panes[i].started = rs->panes[i].done = false;
        rs->panes[i].error[0] = '\0';
    }
    rs->next = 0;
    rs->cancelled = false;
    rs->scroll = 0;
    ui_knobs_settings(&rs->knobs, &rs->settings);
    start_next(rs);
}

static void cancel(run_screen *rs)
{
    rs->cancelled = true;
    for (size_t i = 0; i < rs->npanes; i++)
        if (rs->panes[i].job && !rs->panes[i].done)
            runjob_cancel(rs->panes[i].job);
    ui_message("cancelled: the program's process group was killed");
}

/* Drawing: a pane's rows (ui_checks.h), from its job. */

static void draw_summary(ui_rows *o, const run_pane *p)
{
    const runjob *j = p->job;
    const expect_result *res = runjob_result(j);
    const child_status *st = runjob_status(j);
    char how[160] = "";
    if (runjob_build_ok(j))
        words_exit(st, runjob_timeout(j), how, sizeof how);
    o->row++;
    if (st->cancelled) {
        ui_rows_text(o, 0, "cancelled: the process group was killed (r runs it again)",
                     ui_attr(UI_ACCENT));
        return;
    }
    if (how[0])
        ui_rows_text(o, 0, how, ui_attr(UI_DIM));
    if (!res)
        return;
    ui_rows_summary(o, res);
}

static void pane_title(const run_pane *p, char *buf, size_t len)
{
    /* A twin's name says what runs it ("busy_loop.mjs (node)"); a C program's gets its .c. */
    const char *name = p->r.name, *ext = p->r.arg ? "" : ".c";
    if (p->error[0] && !p->job)
        snprintf(buf, len, "%s%s · cannot run", name, ext);
    else if (!p->started)
        snprintf(buf, len, "%s%s · waiting", name, ext);
    else if (runjob_get_phase(p->job) == RUNJOB_BUILDING)
        snprintf(buf, len, "%s%s · building", name, ext);
    else if (runjob_get_phase(p->job) == RUNJOB_RUNNING)
        snprintf(buf, len, "%s%s · running %.1f s", name, ext,
                 (uv_hrtime() - runjob_started_ns(p->job)) / 1e9);
    else
        snprintf(buf, len, "%s%s · done in %.2f s", name, ext,
                 runjob_status(p->job)->elapsed_ns / 1e9);
}

/* Every row of a pane, through o (counting or drawing). */
static void pane_rows(ui_rows *o, const run_pane *p)
{
    const runjob *j = p->job;
    if (j) {
        const expect_file *ef = runjob_expect(j);
        if (ef && expect_title(ef))
            ui_rows_text(o, 0, expect_title(ef), ui_attr(UI_DIM));
        size_t nb;
        const char *const *build = runjob_build_lines(j, &nb);
        bool building = runjob_get_phase(j) == RUNJOB_BUILDING;
        /* The build log while it builds or when it failed; a good build stays out of the way. */
        if (building || !runjob_build_ok(j)) {
            for (size_t i = 0; i < nb; i++)
                ui_rows_text(o, 2, build[i], ui_attr(UI_DIM));
        }
        if (!building)
            ui_rows_output(o, j);
        if (runjob_get_phase(j) == RUNJOB_DONE)
            draw_summary(o, p);
    }
    if (p->error[0])
        ui_rows_text(o, 0, p->error, ui_attr(UI_FAIL));
}

static void draw_pane(const run_screen *rs, const run_pane *p, int y, int x, int h, int w)
{
    char title[128];
    pane_title(p, title, sizeof title);
    ui_rule(y, x, w, title);
    ui_rows count = {.y = y + 1, .x = x + 1, .h = h - 1, .w = w - 2};
    pane_rows(&count, p);
    int total = count.row;
    int skip = total > h - 1 ? total - (h - 1) - rs->scroll : 0;
    if (skip < 0)
        skip = 0;
    ui_rows o = {.y = y + 1, .x = x + 1, .h = h - 1, .w = w - 2, .skip = skip, .draw = true};
    pane_rows(&o, p);
}

static void layout(run_screen *rs, int rows, int cols, int *ncols, int *pane_h, int *pane_w)
{
    int n = (int)rs->npanes;
    *ncols = cols >= 120 && n >= 2 ? 2 : 1;
    int nrows = (n + *ncols - 1) / *ncols;
    *pane_h = (rows - 1) / (nrows ? nrows : 1);
    *pane_w = cols / *ncols;
}

static void run_draw(ui_screen *s, int rows, int cols)
{
    run_screen *rs = (run_screen *)s;
    /* The values these runs took, where they differ from the lesson as written: at the
       right, before the title, which gives way on a narrow screen. */
    char set[200], knobs[220] = "";
    knobset_text(&rs->settings, set, sizeof set);
    if (set[0])
        snprintf(knobs, sizeof knobs, "knobs: %s", set);
    int kw = knobs[0] ? ui_width(knobs) : 0;
    if (kw > cols - 2)
        kw = cols - 2;
    ui_putf(0, 1, cols - 2 - (kw ? kw + 1 : 0), ui_attr(UI_TITLE),
            rs->exercise ? "ex%d %s" : "%02d %s", rs->number, rs->title);
    if (kw)
        ui_put(0, cols - 1 - kw, kw, knobs, ui_attr(UI_ACCENT));
    int ncols, ph, pw;
    layout(rs, rows, cols, &ncols, &ph, &pw);
    for (size_t i = 0; i < rs->npanes; i++) {
        int col = (int)i % ncols, row = (int)i / ncols;
        draw_pane(rs, &rs->panes[i], 1 + row * ph, col * pw, ph, pw - (col + 1 < ncols ? 1 : 0));
    }
    ui_knobs_draw(&rs->knobs, 1, 0, rows - 1, cols, false);
}

static void run_resize(ui_screen *s, int cols, int rows)
{
    run_screen *rs = (run_screen *)s;
    int ncols, ph, pw;
    layout(rs, rows - 1, cols, &ncols, &ph, &pw);
    rs->pane_cols = pw, rs->pane_rows = ph;
    for (size_t i = 0; i < rs->npanes; i++)
        if (rs->panes[i].job && !rs->panes[i].done)
            runjob_resize(rs->panes[i].job, pw > 20 ? pw - 10 : 10, ph > 2 ? ph : 2);
}

/* The timeline of the panes' runs, all on one axis. */
static void open_timeline(run_screen *rs)
{
    if (run_busy(&rs->base)) {
        ui_message("the timeline comes when the run is over");
        return;
    }
    timeline_variant *v = xcalloc(rs->npanes, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < rs->npanes; i++) {
        const run_pane *p = &rs->panes[i];
        if (!p->job || !runjob_expect(p->job))
            continue;
        size_t nl;
        const runjob_line *lines = runjob_lines(p->job, &nl);
        if (timeline_variant_init(&v[n], p->r.name, runjob_expect(p->job), runjob_result(p->job),
                                  &rs->machine, nl ? (double)lines[nl - 1].t_ms : 0) == 0) {
            timeline_variant_add_lanes(&v[n], runjob_observed(p->job));
            n++;
        }
    }
    if (n == 0) {
        free(v);
        ui_message("nothing ran yet: r runs the lesson");
        return;
    }
    char title[160];
    snprintf(title, sizeof title, rs->exercise ? "ex%d %s" : "%02d %s", rs->number, rs->title);
    ui_timeline_open(title, v, n);
}

/* The knobs panel's keys come first while it is open; Enter runs again with its values
   (a run still going is cancelled: the new values are the question now). */
static bool knobs_key(run_screen *rs, int k)
{
    ui_knobs_action a = ui_knobs_key(&rs->knobs, k);
    if (a == UI_KNOBS_RUN) {
        if (run_busy(&rs->base))
            cancel(rs);
        rs->knobs.open = false; /* the runs, and the header says with which values */
        rs->knob_rerun = true;
        rs->knob_enter_ns = uv_hrtime();
        restart(rs);
    }
    return a != UI_KNOBS_NONE;
}

static bool run_key(ui_screen *s, int k)
{
    run_screen *rs = (run_screen *)s;
    if (knobs_key(rs, k))
        return true;
    switch (k) {
    case 'K':
        rs->knobs.open = true;
        if (rs->knobs.n == 0)
            ui_message("this program has no knobs");
        return true;
    case 'r':
        if (run_busy(s)) {
            ui_message("still running: x cancels it");
            return true;
        }
        rs->knob_rerun = false; /* r builds as it always has */
        restart(rs);
        return true;
    case 'x':
        if (run_busy(s))
            cancel(rs);
        return true;
    case 27:
        if (run_busy(s)) {
            cancel(rs);
            return true;
        }
        return false;
    case KEY_UP:
    case 'k':
        rs->scroll++;
        return true;
    case KEY_DOWN:
    case 'j':
        if (rs->scroll > 0)
            rs->scroll--;
        return true;
    case 'G':
        rs->scroll = 0;
        return true;
    case 't':
        open_timeline(rs);
        return true;
    case 'R':
        /* The panes draw from their results each frame: the next frame shows the change. */
        words_set_rules(!words_rules());
        ui_redraw();
        return true;
    default:
        return false;
    }
}

static void on_closed(uv_handle_t *h)
{
    free(h->data);
}

static void run_close(ui_screen *s)
{
    run_screen *rs = (run_screen *)s;
    rs->cancelled = true;
    for (size_t i = 0; i < rs->npanes; i++) {
        runjob_free(rs->panes[i].job); /* a running job is killed and freed when it ends */
        runnable_free(&rs->panes[i].r);
    }
    /* The ticker closes last, so its close callback frees the screen. */
    uv_close((uv_handle_t *)&rs->starter, NULL);
    uv_close((uv_handle_t *)&rs->ticker, on_closed);
}

static run_screen *run_screen_new(void)
{
    run_screen *rs = xcalloc(1, sizeof *rs);
    rs->base = (ui_screen){
        .name = "run",
        .hints = "r run again  x cancel  K knobs  t timeline  ↑↓ scroll  Esc back  ? help",
        .draw = run_draw,
        .key = run_key,
        .resize = run_resize,
        .busy = run_busy,
        .close = run_close,
    };
    machine_facts(&rs->machine);
    return rs;
}

/* Starts the panes the caller has set up, one after another. */
static void run_screen_start(run_screen *rs)
{
    uv_timer_init(ui_loop(), &rs->starter);
    uv_timer_init(ui_loop(), &rs->ticker);
    rs->starter.data = rs;
    rs->ticker.data = rs;
    run_resize(&rs->base, COLS, LINES);
    ui_push(&rs->base);
    start_next(rs);
}

static void add_pane(run_screen *rs, const runnable *r)
{
    rs->panes[rs->npanes++] = (run_pane){.rs = rs, .r = *r};
}

void ui_run_open(const catalog_lesson *l, size_t first_variant)
{
    if (l->nvariants == 0) {
        ui_message("lesson %02d has no program to run", l->number);
        return;
    }
    run_screen *rs = run_screen_new();
    rs->number = l->number;
    rs->title = l->title;
    char *node = companion_node();
    /* The chosen variant first, then the others in the catalog's order. */
    for (size_t i = 0; i < l->nvariants && rs->npanes < RUN_MAX_PANES; i++) {
        const catalog_variant *v = &l->variants[(first_variant + i) % l->nvariants];
        runnable r;
        runnable_variant(l, v, &r);
        add_pane(rs, &r);
        /* Node beside C: a variant's JavaScript twin runs next, judged by the same file. */
        if (!runnable_twin(v, node, &r))
            continue;
        if (node && rs->npanes < RUN_MAX_PANES) {
            add_pane(rs, &r);
        } else {
            if (!node)
                ui_message(COMPANION_NO_NODE);
            runnable_free(&r);
        }
    }
    free(node);
    run_screen_start(rs);
}

void ui_run_open_exercise(const catalog_exercise *e)
{
    run_screen *rs = run_screen_new();
    rs->exercise = true;
    rs->number = e->number;
    rs->title = e->title;
    runnable r;
    runnable_exercise(ui_app()->root, e, false, &r);
    add_pane(rs, &r);
    run_screen_start(rs);
}
