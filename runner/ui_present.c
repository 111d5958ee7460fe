/*
 * Presentation mode (ui_present.h): one thing at a time, large and plain, for a
 * projector. Each program of the deck (assets/present.txt) goes through five steps:
 * the question, the key lines of code, the run, the timeline, the takeaway with its
 * key number in block digits. The runs are live (runjob, one variant after another)
 * or, with --replay, recorded ones from assets/replay/ played back at their own pace.
 */
#include "ui_present.h"

#include <curses.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "companion.h"
#include "machine.h"
#include "present.h"
#include "runjob.h"
#include "runnable.h"
#include "timeline.h"
#include "ui.h"
#include "ui_timeline.h"
#include "util.h"

enum step { STEP_QUESTION, STEP_CODE, STEP_RUN, STEP_TIMELINE, STEP_TAKEAWAY, STEP_COUNT };

#define PRESENT_MAX_VARIANTS 6
#define REPLAY_GAP_MS 300 /* between two recorded variants */

/* One program of the current item: a lesson variant, its node twin, or a solution. */
typedef struct pvar {
    runnable r;      /* its name as shown and as named in the deck: "blocked",
                        "busy_loop.mjs (node)"; its source for the code step */
    expect_file *ef; /* the expectations plus the deck's marks */
    runjob *job;     /* live */
    char **rlines;   /* recorded */
    double *rt;
    size_t rn;
    bool done;
} pvar;

typedef struct present_screen {
    ui_screen base;
    present_deck deck;
    size_t item;
    int step;
    bool replay;
    pvar v[PRESENT_MAX_VARIANTS];
    size_t nv, next;
    bool ran;
    uint64_t replay_start; /* uv_hrtime() when the recorded run started */
    uv_timer_t timer;      /* starts the next variant; ticks a replay */
    expect_machine machine;
    char error[256];
} present_screen;

static const present_item *cur(const present_screen *ps)
{
    return &ps->deck.items[ps->item];
}

/* The title of the current item, from the catalog. */
static const char *item_title(const present_screen *ps, const catalog_lesson **lesson,
                              const catalog_exercise **exercise)
{
    const catalog *c = ui_app()->cat;
    char key[16];
    snprintf(key, sizeof key, "%d", cur(ps)->number);
    *lesson = cur(ps)->exercise ? NULL : catalog_find_lesson(c, key);
    *exercise = cur(ps)->exercise ? catalog_find_exercise(c, key) : NULL;
    return *lesson ? (*lesson)->title : *exercise ? (*exercise)->title : "?";
}

static void pvar_free(pvar *p)
{
    runjob_free(p->job);
    expect_free(p->ef);
    present_lines_free(p->rlines, p->rn);
    free(p->rt);
    runnable_free(&p->r);
    memset(p, 0, sizeof *p);
}

/* Adds r (the screen owns it now) to the current item's variants. */
static void add_variant(present_screen *ps, runnable *r)
{
    if (ps->nv >= PRESENT_MAX_VARIANTS) {
        runnable_free(r);
        return;
    }
    pvar *p = &ps->v[ps->nv++];
    p->r = *r;
    /* The expectations plus the deck's marks, parsed once for the timeline. */
    char err[256];
    if (r->expect_path && expect_load(r->expect_path, cur(ps)->marks, &p->ef, err, sizeof err) < 0)
        snprintf(ps->error, sizeof ps->error, "%s", err);
}

/* The recorded run of a variant: assets/replay/FOLDER/NAME.txt. */
static void load_replay(present_screen *ps, pvar *p, const char *folder)
{
    char *path = xasprintf("%s/assets/replay/%s/%s.txt", ui_app()->root, folder, p->r.name);
    char *text;
    size_t len;
    if (util_read_file(path, UTIL_FILE_MAX, &text, &len) == 0) {
        p->rn = present_replay_parse(text, len, &p->rlines, &p->rt);
        free(text);
    } else {
        snprintf(ps->error, sizeof ps->error, "no recorded run: %s", path);
    }
    free(path);
}

/* Sets up the variants of the current item (nothing runs yet). */
static void load_item(present_screen *ps)
{
    for (size_t i = 0; i < ps->nv; i++)
        pvar_free(&ps->v[i]);
    ps->nv = ps->next = 0;
    ps->ran = false;
    ps->error[0] = '\0';
    if (ps->replay)
        uv_timer_stop(&ps->timer);
    const catalog_lesson *l;
    const catalog_exercise *e;
    item_title(ps, &l, &e);
    char *node = companion_node();
    runnable r;
    for (size_t k = 0; l && k < l->nvariants; k++) {
        runnable_variant(l, &l->variants[k], &r);
        add_variant(ps, &r);
        if (runnable_twin(&l->variants[k], node, &r) && node)
            add_variant(ps, &r);
        else
            runnable_free(&r);
    }
    if (e) {
        /* The reference solution. */
        runnable_exercise(ui_app()->root, e, true, &r);
        add_variant(ps, &r);
    }
    free(node);
    if (ps->replay) {
        const char *folder = l ? l->dirname : e ? e->dirname : "";
        for (size_t i = 0; i < ps->nv; i++)
            load_replay(ps, &ps->v[i], folder);
    }
}

/* Lines of a variant so far: live from its job, recorded up to the replay's clock. */
static size_t pvar_lines(const present_screen *ps, const pvar *p, size_t index, const char ***out,
                         double **t)
{
    static const char *texts[512];
    static double times[512];
    size_t n = 0;
    if (ps->replay) {
        double offset = 0;
        for (size_t i = 0; i < index; i++)
            offset += (ps->v[i].rn ? ps->v[i].rt[ps->v[i].rn - 1] : 0) + REPLAY_GAP_MS;
        double now = ps->ran ? (uv_hrtime() - ps->replay_start) / 1e6 : -1;
        for (size_t i = 0; i < p->rn && n < 512; i++)
            if (p->rt[i] + offset <= now)
                texts[n] = p->rlines[i], times[n++] = p->rt[i];
    } else if (p->job) {
        size_t nl;
        const runjob_line *lines = runjob_lines(p->job, &nl);
        for (size_t i = 0; i < nl && n < 512; i++)
            texts[n] = lines[i].text, times[n++] = (double)lines[i].t_ms;
    }
    *out = texts;
    *t = times;
    return n;
}

static bool pvar_finished(const present_screen *ps, const pvar *p, size_t index)
{
    const char **l;
    double *t;
    if (ps->replay)
        return pvar_lines(ps, p, index, &l, &t) == p->rn && ps->ran;
    return p->done;
}

/* Matches what a variant printed against its expectations (with the deck's marks). */
static expect_result *pvar_match(const present_screen *ps, size_t index)
{
    const pvar *p = &ps->v[index];
    const char **lines;
    double *t;
    size_t n = pvar_lines(ps, p, index, &lines, &t);
    if (!p->ef)
        return NULL;
    return expect_match(p->ef, lines, n, pvar_finished(ps, p, index), &ps->machine);
}

static void start_next(present_screen *ps);

static void on_job_line(void *ctx, size_t index)
{
    (void)ctx, (void)index;
    ui_redraw();
}

static void on_timer(uv_timer_t *t)
{
    present_screen *ps = t->data;
    if (ps->replay) {
        bool all = true;
        for (size_t i = 0; i < ps->nv; i++)
            all &= pvar_finished(ps, &ps->v[i], i);
        if (all)
            uv_timer_stop(t);
        ui_redraw();
        return;
    }
    start_next(ps);
}

static void on_job_done(void *ctx)
{
    pvar *p = ctx;
    p->done = true;
    ui_redraw();
}

static void start_next(present_screen *ps)
{
    while (ps->next < ps->nv) {
        pvar *p = &ps->v[ps->next++];
        runjob_options o = runnable_job_options(&p->r, ui_app()->root);
        o.cols = 80;
        o.rows = 24;
        o.machine = &ps->machine;
        runjob_events ev = {.on_line = on_job_line, .on_done = on_job_done, .ctx = p};
        char err[256];
        if (runjob_start(ui_loop(), &o, &ev, &p->job, err, sizeof err) < 0) {
            snprintf(ps->error, sizeof ps->error, "%s", err);
            p->done = true;
            continue;
        }
        return;
    }
}

/* Runs the item's variants (again). Live runs go one after another: on two cores, two
   at once would disturb each other's timings. */
static void run_item(present_screen *ps)
{
    for (size_t i = 0; i < ps->nv; i++) {
        runjob_free(ps->v[i].job);
        ps->v[i].job = NULL;
        ps->v[i].done = false;
    }
    ps->next = 0;
    ps->ran = true;
    ps->replay_start = uv_hrtime();
    if (ps->replay)
        uv_timer_start(&ps->timer, on_timer, 20, 20);
    else
        start_next(ps);
}

/* Live: when the running variant is done, the next one starts (polled from the timer,
   outside runjob's callbacks). */
static void on_poll(uv_timer_t *t)
{
    present_screen *ps = t->data;
    if (ps->replay) {
        on_timer(t);
        return;
    }
    bool running = false;
    for (size_t i = 0; i < ps->nv; i++)
        running |= ps->v[i].job && !ps->v[i].done;
    if (!running && ps->ran && ps->next < ps->nv)
        start_next(ps);
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
    const catalog_lesson *l;
    const catalog_exercise *e;
    const char *title = item_title(ps, &l, &e);
    int x = col_x(cols), w = col_width(cols);
    ui_putf(0, x, w, ui_attr(UI_DIM), "%s %d · %d/%d %s", cur(ps)->exercise ? "exercise" : "lesson",
            cur(ps)->number, ps->step + 1, STEP_COUNT, what);
    if (ps->replay) {
        const char *tag = " recorded ";
        ui_put(0, x + w - ui_width(tag), ui_width(tag), tag, ui_attr(UI_SELECTED) | A_BOLD);
    }
    (void)title;
}

static void draw_question(present_screen *ps, int rows, int cols)
{
    const catalog_lesson *l;
    const catalog_exercise *e;
    const char *title = item_title(ps, &l, &e);
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
    const pvar *p = NULL;
    for (size_t i = 0; i < ps->nv && it->code_variant; i++)
        if (strcmp(ps->v[i].r.name, it->code_variant) == 0 && !ps->v[i].r.arg)
            p = &ps->v[i];
    if (!p && ps->nv)
        p = &ps->v[0];
    char *text = NULL;
    size_t len;
    if (!p || !p->r.source || util_read_file(p->r.source, UTIL_FILE_MAX, &text, &len) < 0) {
        ui_put(2, x, w, "no source to show", ui_attr(UI_DIM));
        return;
    }
    char **lines;
    int first;
    size_t n = present_excerpt(text, it->code_from ? it->code_from : "main", it->code_to,
                               (size_t)(rows - 3), &lines, &first);
    const char *base = strrchr(p->r.source, '/') ? strrchr(p->r.source, '/') + 1 : p->r.source;
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
    if (!ps->ran) {
        ui_put(rows / 2, x, w, "r runs it live", ui_attr(UI_DIM));
        return;
    }
    for (size_t i = 0; i < ps->nv && y < rows; i++) {
        const pvar *p = &ps->v[i];
        const char **lines;
        double *t;
        size_t n = pvar_lines(ps, p, i, &lines, &t);
        expect_result *r = pvar_match(ps, i);
        bool fin = pvar_finished(ps, p, i);
        int attr;
        const char *mark = ui_status_glyph(!fin             ? EXPECT_PENDING
                                           : r && r->passed ? EXPECT_PASS
                                                            : EXPECT_FAIL,
                                           true, &attr);
        ui_putf(y, x, w, attr | A_BOLD, "%s %s", mark, p->r.name);
        y++;
        /* The last lines that fit, each with its arrival time. */
        int room = rows - y - (int)(ps->nv - i - 1) * 2;
        size_t from = (int)n > room && room > 0 ? n - (size_t)room : 0;
        for (size_t k = from; k < n && y < rows; k++) {
            char buf[256];
            snprintf(buf, sizeof buf, "%5.0f  %s", t[k], lines[k]);
            ui_put(y++, x + 2, w - 2, buf, ui_attr(UI_NORMAL));
        }
        expect_result_free(r);
    }
    if (ps->error[0] && y < rows)
        ui_put(y, x, w, ps->error, ui_attr(UI_FAIL));
}

static size_t collect_timeline(present_screen *ps, timeline_variant *tv)
{
    size_t n = 0;
    for (size_t i = 0; i < ps->nv; i++) {
        const char **lines;
        double *t;
        size_t nl = pvar_lines(ps, &ps->v[i], i, &lines, &t);
        expect_result *r = pvar_match(ps, i);
        if (r && timeline_variant_init(&tv[n], ps->v[i].r.name, ps->v[i].ef, r, &ps->machine,
                                       nl ? t[nl - 1] : 0) == 0) {
            /* A live run has its threads; a replay has none recorded. */
            if (ps->v[i].job)
                timeline_variant_add_lanes(&tv[n], runjob_observed(ps->v[i].job));
            n++;
        }
        expect_result_free(r);
    }
    return n;
}

static void draw_timeline(present_screen *ps, int rows, int cols)
{
    int x = col_x(cols), w = col_width(cols);
    if (!ps->ran) {
        ui_put(rows / 2, x, w, "r runs it live; the timeline follows", ui_attr(UI_DIM));
        return;
    }
    timeline_variant tv[PRESENT_MAX_VARIANTS];
    size_t n = collect_timeline(ps, tv);
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

/* The key number of the current item, from its variant's run; false when there is none. */
static bool key_number(present_screen *ps, char *buf, size_t size)
{
    const present_item *it = cur(ps);
    if (!it->num_variant || !ps->ran)
        return false;
    for (size_t i = 0; i < ps->nv; i++) {
        if (strcmp(ps->v[i].r.name, it->num_variant) != 0)
            continue;
        expect_result *r = pvar_match(ps, i);
        double v = 0;
        bool ok = r && expect_result_capture(r, it->num_name, &v);
        for (size_t k = 0; r && !ok && k < r->nrows; k++)
            if (r->rows[k].kind == EXPECT_ROW_LET && r->rows[k].has_value &&
                strcmp(r->rows[k].subject, it->num_name) == 0)
                v = r->rows[k].value, ok = true;
        expect_result_free(r);
        return ok && present_format_number(it->num_format, v, buf, size);
    }
    return false;
}

static void draw_takeaway(present_screen *ps, int rows, int cols)
{
    const present_item *it = cur(ps);
    int x = col_x(cols), w = col_width(cols), y = 2;
    char num[64];
    if (key_number(ps, num, sizeof num)) {
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
            snprintf(caption, sizeof caption, "%.*s%d%s", (int)(at - c), c, ps->machine.cores,
                     at + 7);
        else
            snprintf(caption, sizeof caption, "%s", c);
        y = put_wrapped(y, rows, x, w, caption, ui_attr(UI_HEADING));
        y++;
    }
    put_wrapped(y, rows, x, w, it->takeaway ? it->takeaway : "", ui_attr(UI_NORMAL) | A_BOLD);
}

static void present_draw(ui_screen *s, int rows, int cols)
{
    present_screen *ps = (present_screen *)s;
    static const char *const names[] = {"the question", "the code", "the run", "the timeline",
                                        "the takeaway"};
    if (ps->deck.n == 0) {
        ui_put(1, 1, cols - 2, ps->error, ui_attr(UI_FAIL));
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
}

static void go(present_screen *ps, int delta)
{
    int step = ps->step + delta;
    if (step >= STEP_COUNT && ps->item + 1 < ps->deck.n) {
        ps->item++;
        ps->step = STEP_QUESTION;
        load_item(ps);
        return;
    }
    if (step < 0 && ps->item > 0) {
        ps->item--;
        ps->step = STEP_TAKEAWAY;
        load_item(ps);
        return;
    }
    if (step < 0 || step >= STEP_COUNT)
        return;
    ps->step = step;
    /* The run starts when its step is reached, once. */
    if (ps->step == STEP_RUN && !ps->ran)
        run_item(ps);
}

static bool present_key(ui_screen *s, int k)
{
    present_screen *ps = (present_screen *)s;
    if (ps->deck.n == 0)
        return false;
    switch (k) {
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
    case 'r': {
        bool running = false;
        for (size_t i = 0; i < ps->nv; i++)
            running |= ps->v[i].job && !ps->v[i].done;
        if (running) {
            ui_message("still running");
            return true;
        }
        ps->step = STEP_RUN;
        run_item(ps);
        return true;
    }
    default:
        return false;
    }
}

static bool present_busy(ui_screen *s)
{
    present_screen *ps = (present_screen *)s;
    for (size_t i = 0; i < ps->nv; i++)
        if (ps->v[i].job && !ps->v[i].done)
            return true;
    return ps->ran && !ps->replay && ps->next < ps->nv;
}

static void on_closed(uv_handle_t *h)
{
    present_screen *ps = h->data;
    present_deck_free(&ps->deck);
    free(ps);
}

static void present_close(ui_screen *s)
{
    present_screen *ps = (present_screen *)s;
    for (size_t i = 0; i < ps->nv; i++)
        pvar_free(&ps->v[i]); /* a running job is killed and freed when it ends */
    uv_close((uv_handle_t *)&ps->timer, on_closed);
}

void ui_present_open(bool replay)
{
    present_screen *ps = xcalloc(1, sizeof *ps);
    ps->base = (ui_screen){
        .name = "present",
        .hints = "n next  p back  r run  q quit",
        .chromeless = true,
        .draw = present_draw,
        .key = present_key,
        .busy = present_busy,
        .close = present_close,
    };
    ps->replay = replay;
    machine_facts(&ps->machine);
    uv_timer_init(ui_loop(), &ps->timer);
    ps->timer.data = ps;
    char *path = xasprintf("%s/assets/present.txt", ui_app()->root);
    char *text;
    size_t len;
    if (util_read_file(path, UTIL_FILE_MAX, &text, &len) < 0) {
        snprintf(ps->error, sizeof ps->error, "cannot read %s", path);
    } else {
        if (present_deck_parse(text, len, &ps->deck, ps->error, sizeof ps->error) < 0)
            ps->deck.n = 0;
        free(text);
    }
    free(path);
    if (ps->deck.n)
        load_item(ps);
    /* Live runs: a poll starts the next variant when one is done. */
    if (!replay)
        uv_timer_start(&ps->timer, on_poll, 50, 50);
    ui_push(&ps->base);
}
