/*
 * `workbook run LESSON [VARIANT]`: build a lesson, stream its output as it arrives,
 * then print expected beside actual. Without a variant, every variant runs in turn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "app.h"
#include "machine.h"
#include "report.h"
#include "runjob.h"
#include "text.h"

typedef struct run_view {
    report_style style;
    const catalog_lesson *lesson;
    const catalog_variant *variant;
    runjob *job;
    bool build_shown; /* the build's lines are shown only when it fails */
    int exit_code;
} run_view;

static void on_build_line(void *ctx, const char *line)
{
    (void)ctx, (void)line;
}

static void on_build_done(void *ctx, bool ok, const char *why)
{
    run_view *v = ctx;
    if (ok)
        return;
    size_t n;
    const char *const *lines = runjob_build_lines(v->job, &n);
    fprintf(stdout, "the build failed (%s); make said:\n", why ? why : "?");
    char buf[1024];
    for (size_t i = 0; i < n; i++) {
        text_visible(lines[i], buf, sizeof buf);
        fprintf(stdout, "  %s\n", buf);
    }
    v->build_shown = true;
}

static void on_line(void *ctx, size_t index)
{
    run_view *v = ctx;
    size_t n;
    const runjob_line *lines = runjob_lines(v->job, &n);
    char buf[1024];
    text_visible(lines[index].text, buf, sizeof buf);
    printf("  %s[%5llu ms]%s %s%s\n", v->style.color ? "\033[2m" : "",
           (unsigned long long)lines[index].t_ms, report_reset(&v->style), buf,
           lines[index].cut ? " [line cut]" : "");
    fflush(stdout);
}

static void on_done(void *ctx)
{
    run_view *v = ctx;
    if (!runjob_build_ok(v->job)) {
        v->exit_code = EXIT_USAGE;
        if (!v->build_shown)
            printf("the build was stopped\n");
        return;
    }
    const child_status *st = runjob_status(v->job);
    char how[256];
    if (st->spawn_failed)
        snprintf(how, sizeof how, "could not start %s: %s", v->variant->binary,
                 uv_strerror(st->spawn_error));
    else
        child_status_describe(st, runjob_timeout(v->job), how, sizeof how);
    bool clean_exit = !st->spawn_failed && st->exit_code == 0 && st->term_signal == 0 &&
                      !st->timed_out && !st->output_capped;
    printf("  %s%s%s\n\n", clean_exit ? "" : (v->style.color ? "\033[1;31m" : ""), how,
           report_reset(&v->style));

    const expect_result *r = runjob_result(v->job);
    if (!r) {
        printf("  (no expectations for this variant)\n");
        v->exit_code = clean_exit ? EXIT_PASS : EXIT_FAILED;
        return;
    }
    int failed = report_print_table(stdout, r, &v->style);
    bool ok = clean_exit && failed == 0 && r->passed;
    printf("\n  %s%s%s\n", report_color(&v->style, ok ? EXPECT_PASS : EXPECT_FAIL, false),
           ok ? "every expectation held" : "some expectations did not hold",
           report_reset(&v->style));
    v->exit_code = ok ? EXIT_PASS : EXIT_FAILED;
}

static int run_variant(app *a, const catalog_lesson *l, const catalog_variant *var,
                       const char *expect_path, const expect_machine *m)
{
    run_view v = {.style = report_style_for(a->color), .lesson = l, .variant = var};
    const char *title = NULL;
    printf("%slesson %02d %s: %s%s\n", a->color ? "\033[1m" : "", l->number, l->slug, var->name,
           report_reset(&v.style));

    uv_loop_t loop;
    uv_loop_init(&loop);
    runjob_options o = {
        .root = a->root,
        .make_dir = l->dir,
        .binary = var->binary,
        .expect_path = expect_path ? expect_path : var->expect_path,
        .cols = 100,
        .rows = 30,
        .machine = m,
    };
    runjob_events ev = {
        .on_build_line = on_build_line,
        .on_build_done = on_build_done,
        .on_line = on_line,
        .on_done = on_done,
        .ctx = &v,
    };
    char err[512];
    if (runjob_start(&loop, &o, &ev, &v.job, err, sizeof err) < 0) {
        fprintf(stderr, "workbook: %s\n", err);
        uv_loop_close(&loop);
        return EXIT_USAGE;
    }
    if (runjob_expect(v.job))
        title = expect_title(runjob_expect(v.job));
    if (title)
        printf("%s\n", title);
    fflush(stdout);
    uv_run(&loop, UV_RUN_DEFAULT);
    runjob_free(v.job);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return v.exit_code;
}

static void list_lessons(app *a, FILE *out)
{
    fprintf(out, "the lessons are:\n");
    for (size_t i = 0; i < a->cat->nlessons; i++) {
        const catalog_lesson *l = &a->cat->lessons[i];
        fprintf(out, "  %02d  %-14s", l->number, l->slug);
        for (size_t k = 0; k < l->nvariants; k++)
            fprintf(out, " %s", l->variants[k].name);
        fprintf(out, "\n");
    }
}

/* Takes `--expect FILE` out of argv: judge the run by another file's expectations
   (the tests use it to show that one variant's expectations fail on the other). */
static const char *take_expect_option(int *argc, char **argv)
{
    const char *path = NULL;
    int n = 0;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--expect") == 0 && i + 1 < *argc)
            path = argv[++i];
        else
            argv[n++] = argv[i];
    }
    *argc = n;
    return path;
}

int cmd_run(app *a, int argc, char **argv)
{
    const char *expect_path = take_expect_option(&argc, argv);
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: workbook run LESSON [VARIANT]\n");
        list_lessons(a, stderr);
        return EXIT_USAGE;
    }
    const catalog_lesson *l = catalog_find_lesson(a->cat, argv[1]);
    if (!l) {
        fprintf(stderr, "workbook: there is no lesson '%s'; ", argv[1]);
        list_lessons(a, stderr);
        return EXIT_USAGE;
    }
    if (l->nvariants == 0) {
        fprintf(stderr, "workbook: lesson %02d has no program to run; read it in the workbook%s\n",
                l->number, l->quiz ? ", or take its quiz: workbook quiz" : "");
        return EXIT_USAGE;
    }
    const catalog_variant *only = NULL;
    if (argc == 3) {
        only = catalog_find_variant(l, argv[2]);
        if (!only) {
            fprintf(stderr,
                    "workbook: lesson %02d has no variant '%s'; its variants are:", l->number,
                    argv[2]);
            for (size_t k = 0; k < l->nvariants; k++)
                fprintf(stderr, " %s", l->variants[k].name);
            fprintf(stderr, "\n");
            return EXIT_USAGE;
        }
    }
    expect_machine m;
    machine_facts(&m);
    int worst = EXIT_PASS;
    for (size_t k = 0; k < l->nvariants; k++) {
        const catalog_variant *var = &l->variants[k];
        if (only && var != only)
            continue;
        if (!only && k > 0)
            printf("\n");
        int rc = run_variant(a, l, var, expect_path, &m);
        if (rc > worst)
            worst = rc;
        if (rc == EXIT_USAGE)
            break;
    }
    return worst;
}
