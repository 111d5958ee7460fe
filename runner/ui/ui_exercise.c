/*
 * The exercise screen: the task (README.md), then the latest verdict of `c` (the same
 * checks as `workbook check`), then the hints shown so far. w re-checks on every save
 * of the student's file, e opens it in $EDITOR, s shows the reference solution once
 * the file has passed.
 */
#include "ui_exercise.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "machine.h"
#include "mdrender.h"
#include "text.h"
#include "ui.h"
#include "ui_run.h"
#include "ui_code.h"
#include "ui_lesson.h"
#include "util.h"
#include "verdict.h"
#include "words.h"

/* Saves come in bursts (write, rename, chmod): one check per burst. */
#define WATCH_SETTLE_MS 150

/* One row of the screen: a rendered markdown line, or a line of text in a colour. */
typedef struct ex_row {
    const md_line *md;
    char *text;
    int attr;
} ex_row;

typedef struct ex_screen {
    ui_screen base;
    const catalog_exercise *e;
    char *readme;
    md_doc *task;
    char **hints;
    size_t nhints, shown;
    md_doc **hint_docs;
    check *running;
    check_verdict *verdict;
    bool passed;  /* the student's file passed (now or before) */
    bool closing; /* closed while a check ran: free when it reports */
    bool recheck; /* a save arrived during a check */
    bool watching;
    uv_fs_event_t watch;
    uv_timer_t settle;
    int handles_open;
    expect_machine machine;
    ex_row *rows;
    size_t nrows;
    int width; /* the width rows were laid out for */
    int top, page;
    bool follow_verdict; /* scroll to the verdict at the next layout */
    size_t verdict_row;
} ex_screen;

static void start_check(ex_screen *xs);

static void rows_clear(ex_screen *xs)
{
    for (size_t i = 0; i < xs->nrows; i++)
        free(xs->rows[i].text);
    free(xs->rows);
    xs->rows = NULL;
    xs->nrows = 0;
}

static void row_md(ex_screen *xs, const md_line *l)
{
    xs->rows = xrealloc(xs->rows, (xs->nrows + 1) * sizeof *xs->rows);
    xs->rows[xs->nrows++] = (ex_row){.md = l};
}

static void row_text(ex_screen *xs, int attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void row_text(ex_screen *xs, int attr, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    xs->rows = xrealloc(xs->rows, (xs->nrows + 1) * sizeof *xs->rows);
    xs->rows[xs->nrows++] = (ex_row){.text = xstrdup(buf), .attr = attr};
}

/* Text wrapped at spaces to the layout width, each row indented. */
static void row_wrapped(ex_screen *xs, int attr, int indent, const char *text)
{
    int w = xs->width - indent > 20 ? xs->width - indent : 20;
    const char *p = text;
    while (*p) {
        const char *row = p;
        size_t n = ui_wrap_next(&p, w);
        row_text(xs, attr, "%*s%.*s", indent, "", (int)n, row);
    }
}

/* A program's bytes, made safe to draw. */
static void row_visible(ex_screen *xs, int attr, const char *prefix, const char *raw)
{
    char shown[1024];
    text_visible(raw ? raw : "", shown, sizeof shown);
    row_text(xs, attr, "%s%s", prefix, shown);
}

static void layout_verdict(ex_screen *xs, const check_verdict *v)
{
    if (v->error) {
        char *why = xasprintf("cannot check: %s", v->error);
        row_wrapped(xs, ui_attr(UI_FAIL), 0, why);
        free(why);
        return;
    }
    if (!v->compiled && v->build_log && *v->build_log) {
        const char *p = v->build_log;
        for (int n = 0; *p && n < 12; n++) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            char *line = xstrndup(p, len);
            row_visible(xs, ui_attr(UI_DIM), "  ", line);
            free(line);
            p = nl ? nl + 1 : p + len;
        }
    }
    for (size_t i = 0; i < v->nitems; i++) {
        const check_item *it = &v->items[i];
        int attr;
        bool held;
        expect_status st = verdict_item_status(it, &held);
        const char *g = ui_status_glyph(st, held, &attr);
        char label[512];
        text_visible(it->label ? it->label : "", label, sizeof label);
        /* "✓" and "i✓" padded to one width, so that every label starts in one column. */
        const char *gap = ui_width(g) < 2 ? "  " : " ";
        if (words_rules() && it->expected && it->kind == CHECK_RELATION)
            row_text(xs, attr, "%s%s%s   expected %s", g, gap, label, it->expected);
        else
            row_text(xs, attr, "%s%s%s", g, gap, label);
        if (words_rules() && it->rule)
            row_visible(xs, ui_attr(UI_DIM), "    rule: ", it->rule);
        /* The race check's words are the checker's own, and long: wrapped, like a hint. */
        if (it->kind == CHECK_RACE && it->actual && it->mark != CHECK_OK)
            row_wrapped(xs, ui_attr(UI_DIM), 4, it->actual);
        else if (it->mark == CHECK_FAIL && it->actual)
            row_visible(xs, ui_attr(UI_DIM), "    got: ", it->actual);
        if (it->hint)
            row_wrapped(xs, ui_attr(UI_ACCENT), 4, it->hint);
        if (it->note && it->mark != CHECK_OK)
            row_wrapped(xs, ui_attr(UI_DIM), 4, it->note);
    }
    if (v->ndiff) {
        row_text(xs, ui_attr(UI_DIM), "diff (- expected, + printed):");
        for (size_t i = 0; i < v->ndiff && i < 40; i++) {
            char prefix[8];
            snprintf(prefix, sizeof prefix, "  %c ", v->diff[i].op);
            int attr = v->diff[i].op == '-'   ? ui_attr(UI_FAIL)
                       : v->diff[i].op == '+' ? ui_attr(UI_ACCENT)
                                              : ui_attr(UI_DIM);
            row_visible(xs, attr, prefix, v->diff[i].text);
        }
    }
    int attr;
    const char *mark = ui_status_glyph(v->passed ? EXPECT_PASS : EXPECT_FAIL, true, &attr);
    if (v->passed)
        row_text(xs, attr, "%s  passed: %d checks held (%.2f s)", mark, v->checks_passed,
                 v->total_s);
    else
        row_text(xs, attr, "%s  %d of %d checks failed (%.2f s)", mark, v->checks_failed,
                 v->checks_passed + v->checks_failed, v->total_s);
    if (v->toolchain) {
        char *built = xasprintf("built with %s", v->toolchain);
        row_wrapped(xs, ui_attr(UI_DIM), 0, built);
        free(built);
    }
    /* Said only when it is missing: the student must know the run could touch their files. */
    if (v->sandbox && strncmp(v->sandbox, "not ", 4) == 0)
        row_wrapped(xs, ui_attr(UI_DIM), 0, v->sandbox);
    if (v->environment)
        row_wrapped(xs, ui_attr(UI_DIM), 0, v->environment);
}

static void layout(ex_screen *xs, int cols)
{
    int width = cols - 4 < 88 ? cols - 4 : 88;
    if (width == xs->width && xs->rows)
        return;
    rows_clear(xs);
    if (width != xs->width) {
        md_doc_free(xs->task);
        xs->task = NULL;
        for (size_t i = 0; i < xs->shown; i++) {
            md_doc_free(xs->hint_docs[i]);
            xs->hint_docs[i] = NULL;
        }
    }
    xs->width = width;
    if (!xs->task && xs->readme)
        mdrender(xs->readme, strlen(xs->readme), width, &xs->task);
    if (xs->task)
        for (size_t i = 0; i < xs->task->nlines; i++)
            row_md(xs, &xs->task->lines[i]);
    else
        row_text(xs, ui_attr(UI_DIM), "(no task text: %s)", xs->e->readme);
    row_text(xs, 0, "%s", "");
    xs->verdict_row = xs->nrows;
    if (xs->running)
        row_text(xs, ui_attr(UI_INFO), "checking %s …", xs->e->source);
    else if (xs->verdict)
        layout_verdict(xs, xs->verdict);
    else
        row_text(xs, ui_attr(UI_DIM), "c checks your file: %s", xs->e->source);
    for (size_t i = 0; i < xs->shown && i < xs->nhints; i++) {
        row_text(xs, 0, "%s", "");
        row_text(xs, ui_attr(UI_HEADING), "Hint %zu of %zu", i + 1, xs->nhints);
        if (!xs->hint_docs[i])
            mdrender(xs->hints[i], strlen(xs->hints[i]), width, &xs->hint_docs[i]);
        if (xs->hint_docs[i])
            for (size_t k = 0; k < xs->hint_docs[i]->nlines; k++)
                row_md(xs, &xs->hint_docs[i]->lines[k]);
    }
}

static void relayout(ex_screen *xs)
{
    rows_clear(xs);
    ui_redraw();
}

static void ex_draw(ui_screen *s, int rows, int cols)
{
    ex_screen *xs = (ex_screen *)s;
    layout(xs, cols);
    ui_putf(0, 1, cols - 2, ui_attr(UI_TITLE), "ex%d %s", xs->e->number, xs->e->slug);
    if (xs->watching)
        ui_put(0, cols - 10, 9, "watching", ui_attr(UI_ACCENT));
    xs->page = rows - 2;
    int n = (int)xs->nrows;
    if (xs->follow_verdict) {
        /* Show the verdict, with as much of it on screen as fits. */
        xs->top = (int)xs->verdict_row - 1;
        xs->follow_verdict = false;
    }
    if (xs->top > n - xs->page)
        xs->top = n - xs->page;
    if (xs->top < 0)
        xs->top = 0;
    for (int i = 0; i < xs->page && xs->top + i < n; i++) {
        const ex_row *r = &xs->rows[xs->top + i];
        if (r->md)
            ui_md_draw_line(2 + i, 2, cols - 3, r->md);
        else
            ui_put(2 + i, 2, cols - 3, r->text, r->attr);
    }
}

/* Checking. */

static void ex_free(ex_screen *xs)
{
    rows_clear(xs);
    md_doc_free(xs->task);
    for (size_t i = 0; i < xs->nhints; i++)
        md_doc_free(xs->hint_docs[i]);
    free(xs->hint_docs);
    verdict_hints_free(xs->hints, xs->nhints);
    check_verdict_free(xs->verdict);
    free(xs->readme);
    free(xs);
}

static void maybe_free(ex_screen *xs)
{
    if (xs->closing && !xs->running && xs->handles_open == 0)
        ex_free(xs);
}

static void on_check_done(void *ctx, check_verdict *v)
{
    ex_screen *xs = ctx;
    xs->running = NULL;
    if (xs->closing) {
        check_verdict_free(v);
        maybe_free(xs);
        return;
    }
    check_verdict_free(xs->verdict);
    xs->verdict = v;
    if (v->passed && !v->error) {
        xs->passed = true;
        ui_progress_set(true, xs->e->number, UI_PASSED);
        ui_message("✓ exercise %d passed: s shows the reference solution", xs->e->number);
    } else if (!v->error) {
        char *first = verdict_first_failure(v);
        ui_message("✗ %s", first ? first : "not yet");
        free(first);
    }
    xs->follow_verdict = true;
    relayout(xs);
    if (xs->recheck) {
        xs->recheck = false;
        start_check(xs);
    }
}

static void start_check(ex_screen *xs)
{
    if (xs->running) {
        xs->recheck = true;
        return;
    }
    const app *a = ui_app();
    char *build_dir = xasprintf("%s/build/check/%s", a->root, xs->e->dirname);
    char *include_dir = xasprintf("%s/lessons/common", a->root);
    check_options o = {
        .source = xs->e->source,
        .expect_path = xs->e->expect_path,
        .build_dir = build_dir,
        .include_dir = include_dir,
        .machine = &xs->machine,
    };
    char err[512];
    int rc = check_start(ui_loop(), &o, on_check_done, xs, &xs->running, err, sizeof err);
    free(build_dir);
    free(include_dir);
    if (rc < 0) {
        xs->running = NULL;
        ui_message("cannot check: %s", err);
        return;
    }
    xs->follow_verdict = true;
    relayout(xs);
}

/* Watching: the folder, since editors often save by writing a new file and renaming
   it over the old one, which a watch on the file itself would lose. */

static void on_settled(uv_timer_t *t)
{
    start_check(t->data);
}

static void on_fs_event(uv_fs_event_t *h, const char *filename, int events, int status)
{
    (void)events;
    ex_screen *xs = h->data;
    const char *base = util_base_name(xs->e->source);
    if (status < 0 || (filename && strcmp(filename, base) != 0))
        return;
    uv_timer_start(&xs->settle, on_settled, WATCH_SETTLE_MS, 0);
}

static void toggle_watch(ex_screen *xs)
{
    if (xs->watching) {
        uv_fs_event_stop(&xs->watch);
        uv_timer_stop(&xs->settle);
        xs->watching = false;
        ui_message("watch off");
        return;
    }
    char *dir = xstrdup(xs->e->source);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int rc = uv_fs_event_start(&xs->watch, on_fs_event, dir, 0);
    free(dir);
    if (rc < 0) {
        ui_message("cannot watch %s: %s", xs->e->source, uv_strerror(rc));
        return;
    }
    xs->watching = true;
    ui_message("watching %s: every save is checked", xs->e->source);
    start_check(xs);
}

static void on_edited(void *ctx, int status)
{
    ex_screen *xs = ctx;
    (void)status;
    if (!xs->watching)
        ui_message("back from the editor: c checks your file");
}

static bool ex_key(ui_screen *s, int k)
{
    ex_screen *xs = (ex_screen *)s;
    switch (k) {
    case 'c':
        start_check(xs);
        return true;
    case 'x':
        if (xs->running)
            check_cancel(xs->running);
        return true;
    case 'h':
        if (xs->nhints == 0) {
            ui_message("this exercise has no hints");
        } else if (xs->shown < xs->nhints) {
            xs->shown++;
            relayout(xs);
            layout(xs, COLS);
            xs->top = (int)xs->nrows; /* the new hint is at the bottom */
            ui_progress_hint(xs->e->number, (int)xs->shown);
        } else {
            ui_message("that was the last hint");
        }
        return true;
    case 'w':
        toggle_watch(xs);
        return true;
    case 'R':
        words_set_rules(!words_rules());
        relayout(xs);
        layout(xs, COLS);
        ui_message(words_rules() ? "each check's rule is shown under its sentence (R hides them)"
                                 : "the checks read as sentences (R shows their rules)");
        return true;
    case 'r':
        ui_run_open_exercise(xs->e);
        return true;
    case 'e':
        ui_edit(xs->e->source, on_edited, xs);
        return true;
    case 's':
        if (!xs->passed)
            ui_message("the solution opens once your file passes (c checks it)");
        else if (xs->e->solution)
            ui_code_open_file(xs->e->solution, "the reference solution");
        return true;
    default:
        return ui_scroll_key(k, &xs->top, xs->page);
    }
}

static bool ex_busy(ui_screen *s)
{
    return ((ex_screen *)s)->running != NULL;
}

static void on_handle_closed(uv_handle_t *h)
{
    ex_screen *xs = h->data;
    xs->handles_open--;
    maybe_free(xs);
}

static void ex_close(ui_screen *s)
{
    ex_screen *xs = (ex_screen *)s;
    xs->closing = true;
    if (xs->running)
        check_cancel(xs->running); /* its verdict comes later and frees the screen */
    uv_close((uv_handle_t *)&xs->watch, on_handle_closed);
    uv_close((uv_handle_t *)&xs->settle, on_handle_closed);
}

void ui_exercise_open(const catalog_exercise *e, bool check_now)
{
    ex_screen *xs = xcalloc(1, sizeof *xs);
    xs->base = (ui_screen){
        .name = "exercise",
        .hints = "c check  r run  h hint  w watch  e edit  s solution  Esc back",
        .draw = ex_draw,
        .key = ex_key,
        .busy = ex_busy,
        .close = ex_close,
    };
    xs->e = e;
    machine_facts(&xs->machine);
    size_t len;
    if (e->readme && util_read_file(e->readme, UTIL_FILE_MAX, &xs->readme, &len) < 0)
        xs->readme = NULL;
    char *hints_md;
    if (e->hints && util_read_file(e->hints, UTIL_FILE_MAX, &hints_md, &len) == 0) {
        xs->nhints = verdict_hints_split(hints_md, len, &xs->hints);
        free(hints_md);
    }
    xs->hint_docs = xcalloc(xs->nhints + 1, sizeof *xs->hint_docs);
    xs->shown = (size_t)ui_progress_hints(e->number);
    if (xs->shown > xs->nhints)
        xs->shown = xs->nhints;
    xs->passed = ui_progress_get(true, e->number) == UI_PASSED;
    uv_fs_event_init(ui_loop(), &xs->watch);
    uv_timer_init(ui_loop(), &xs->settle);
    xs->watch.data = xs->settle.data = xs;
    xs->handles_open = 2;
    ui_push(&xs->base);
    if (check_now)
        start_check(xs);
}
