/*
 * `workbook sweep LESSON NAME=A..B[:STEP] [VARIANT] [--format text|csv|json]`: runs a
 * lesson's variant once for each value of one knob and shows what its `plot` names
 * (a speedup, a wait) beside the expected value and the ideal line: a table and a chart
 * sized to the terminal, or CSV or JSON for a notebook. Every value is checked (range,
 * time limit) before the first run, so that a sweep never stops halfway on a typo.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <uv.h>

#include "app.h"
#include "json.h"
#include "knobset.h"
#include "machine.h"
#include "plot.h"
#include "report.h"
#include "runnable.h"
#include "sweepjob.h"
#include "util.h"
#include "verb.h"

#define SWEEP_MAX_POINTS SWEEPJOB_MAX_POINTS

enum sweep_format { SWEEP_TEXT, SWEEP_CSV, SWEEP_JSON };

/* One run of the sweep, once it is over. */
typedef struct sweep_run {
    plot_point pt;
    bool held; /* every expectation held and the program ended cleanly */
} sweep_run;

typedef struct sweep {
    const catalog_lesson *lesson;
    const catalog_variant *variant;
    knobset_range range;
    knobset fixed; /* --set: the other knobs, the same in every run */
    const char *plot_name;
    char *plot_name_copy;
    enum sweep_format format;
    const char *csv_path;
    sweep_run runs[SWEEP_MAX_POINTS];
    size_t nruns;
    sweepjob *job;
} sweep;

/* A run ended: its point is kept, and a line says so, so that a long sweep shows it is
   alive (on stderr for CSV and JSON, whose stdout is data). */
static void on_changed(void *ctx, size_t i)
{
    sweep *s = ctx;
    const plot_point *pts;
    const bool *held;
    size_t n = sweepjob_points(s->job, &pts, &held);
    if (i >= n)
        return; /* the sweep stopped: sweepjob_error says why */
    s->runs[i] = (sweep_run){.pt = pts[i], .held = held[i]};
    s->nruns = n;
    FILE *progress = s->format == SWEEP_TEXT ? stdout : stderr;
    char v[32] = "-";
    if (pts[i].has_measured)
        report_format_number(pts[i].measured, v, sizeof v);
    fprintf(progress, "  %s=%g: %s %s%s\n", s->range.name, pts[i].x, s->plot_name, v,
            held[i] ? "" : " (some expectations did not hold)");
    fflush(progress);
}

/* Runs the sweep on a loop of its own; returns 0 or EXIT_USAGE (a run that could not
   start or build, said on stderr). */
static int run_sweep(app *a, sweep *s, const expect_machine *m)
{
    runnable var;
    runnable_variant(s->lesson, s->variant, &var);
    uv_loop_t loop;
    uv_loop_init(&loop);
    sweepjob_options o = {.root = a->root,
                          .r = &var,
                          .range = s->range,
                          .fixed = &s->fixed,
                          .machine = m,
                          .changed = on_changed,
                          .ctx = s};
    char err[512];
    int rc = sweepjob_start(&loop, &o, &s->job, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "workbook: %s\n", err);
    } else {
        uv_run(&loop, UV_RUN_DEFAULT);
        if (sweepjob_error(s->job)[0]) {
            fprintf(stderr, "workbook: %s\n", sweepjob_error(s->job));
            rc = -1;
        }
        sweepjob_free(s->job);
        uv_run(&loop, UV_RUN_DEFAULT);
    }
    uv_loop_close(&loop);
    runnable_free(&var);
    return rc < 0 ? EXIT_USAGE : 0;
}

/* The variant that has the knob (the one named, else the first), with every value of
   the range checked against its range and its time limit. Returns 0 or EXIT_USAGE. */
static int choose_variant(sweep *s, const char *variant_name, const expect_machine *m)
{
    const catalog_lesson *l = s->lesson;
    knobset one = {0};
    knobset_put(&one, s->range.name, "1");
    for (size_t k = 0; k < l->nvariants && !s->variant; k++) {
        const catalog_variant *v = &l->variants[k];
        if (variant_name && strcmp(v->name, variant_name) != 0)
            continue;
        runnable r;
        runnable_variant(l, v, &r);
        expect_file *f = NULL;
        char err[512];
        if (r.expect_path && expect_load(r.expect_path, NULL, &f, err, sizeof err) == 0 &&
            expect_knob_find(f, s->range.name) >= 0) {
            s->variant = v;
            s->plot_name_copy = expect_plot_name(f) ? xstrdup(expect_plot_name(f)) : NULL;
        }
        int rc = 0;
        for (int x = s->range.from; s->variant && rc == 0 && x <= s->range.to; x += s->range.step) {
            char text[24];
            snprintf(text, sizeof text, "%d", x);
            knobset ks = s->fixed;
            knobset_put(&ks, s->range.name, text);
            expect_knob_reset(f);
            rc = knobset_apply(&ks, f, false, err, sizeof err);
            if (rc == 0)
                rc = knobset_check_time(f, m, expect_timeout(f, RUNJOB_DEFAULT_TIMEOUT), err,
                                        sizeof err);
        }
        expect_free(f);
        runnable_free(&r);
        if (rc < 0) {
            fprintf(stderr, "workbook: %s\n", err);
            return EXIT_USAGE;
        }
    }
    if (!s->variant) {
        /* The same sentence as `workbook run --set` gives for a knob no variant has. */
        if (!variant_name)
            cmd_run_check_knobs(l, NULL, &one, NULL, m);
        else if (!catalog_find_variant(l, variant_name))
            fprintf(stderr, "workbook: lesson %02d has no variant '%s'\n", l->number, variant_name);
        else
            fprintf(stderr, "workbook: %s of lesson %02d has no knob '%s'\n", variant_name,
                    l->number, s->range.name);
        return EXIT_USAGE;
    }
    if (!s->plot_name_copy) {
        fprintf(stderr, "workbook: %s says nothing to plot (a `plot` line in its .expect file)\n",
                s->variant->name);
        return EXIT_USAGE;
    }
    s->plot_name = s->plot_name_copy;
    return 0;
}

/* The terminal's size, or COLUMNS and LINES, or 100x30. */
static void term_size(int *cols, int *rows)
{
    struct winsize ws;
    *cols = 100;
    *rows = 30;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        *cols = ws.ws_col;
        *rows = ws.ws_row;
    }
    if (getenv("COLUMNS") && atoi(getenv("COLUMNS")) > 0)
        *cols = atoi(getenv("COLUMNS"));
    if (getenv("LINES") && atoi(getenv("LINES")) > 0)
        *rows = atoi(getenv("LINES"));
}

static void number(FILE *out, bool has, double v, const char *none)
{
    char buf[64];
    if (!has) {
        fputs(none, out);
        return;
    }
    report_format_number(v, buf, sizeof buf);
    fputs(buf, out);
}

static void write_csv(FILE *out, const sweep *s)
{
    fprintf(out, "%s,%s,expected,ideal,held\n", s->range.name, s->plot_name);
    for (size_t i = 0; i < s->nruns; i++) {
        const sweep_run *r = &s->runs[i];
        fprintf(out, "%g,", r->pt.x);
        number(out, r->pt.has_measured, r->pt.measured, "");
        fputc(',', out);
        number(out, r->pt.has_expected, r->pt.expected, "");
        fputc(',', out);
        number(out, r->pt.has_ideal, r->pt.ideal, "");
        fprintf(out, ",%s\n", r->held ? "true" : "false");
    }
}

static void write_json(FILE *out, const sweep *s)
{
    fprintf(out, "{\"lesson\": \"%02d-%s\", \"variant\": ", s->lesson->number, s->lesson->slug);
    json_write_string(out, s->variant->name);
    fprintf(out, ", \"knob\": ");
    json_write_string(out, s->range.name);
    fprintf(out, ", \"plot\": ");
    json_write_string(out, s->plot_name);
    fprintf(out, ", \"runs\": [");
    for (size_t i = 0; i < s->nruns; i++) {
        const sweep_run *r = &s->runs[i];
        fprintf(out, "%s\n  {\"%s\": %g, \"measured\": ", i ? "," : "", s->range.name, r->pt.x);
        number(out, r->pt.has_measured, r->pt.measured, "null");
        fprintf(out, ", \"expected\": ");
        number(out, r->pt.has_expected, r->pt.expected, "null");
        fprintf(out, ", \"ideal\": ");
        number(out, r->pt.has_ideal, r->pt.ideal, "null");
        fprintf(out, ", \"held\": %s}", r->held ? "true" : "false");
    }
    fprintf(out, "\n]}\n");
}

/* The table and the chart, as large as the terminal allows: at 60x18 the table gives
   way and the chart takes the whole screen. */
static void write_text(app *a, const sweep *s)
{
    report_style st = report_style_for(a->color);
    int cols, rows;
    term_size(&cols, &rows);
    bool small = rows < 24 || cols < 70;
    bool ideal = false;
    for (size_t i = 0; i < s->nruns; i++)
        ideal |= s->runs[i].pt.has_ideal;
    if (!small) {
        if (ideal)
            printf("\n  %-8s %-10s %-10s ideal\n", s->range.name, s->plot_name, "expected");
        else
            printf("\n  %-8s %-10s expected\n", s->range.name, s->plot_name);
        for (size_t i = 0; i < s->nruns; i++) {
            const sweep_run *r = &s->runs[i];
            char m[32] = "-", e[32] = "-", d[32] = "";
            if (r->pt.has_measured)
                report_format_number(r->pt.measured, m, sizeof m);
            if (r->pt.has_expected)
                report_format_number(r->pt.expected, e, sizeof e);
            if (r->pt.has_ideal)
                report_format_number(r->pt.ideal, d, sizeof d);
            printf("  %-8g %-10s %-10s %*s%s%s%s\n", r->pt.x, m, e, ideal ? -11 : 0, d,
                   report_color(&st, r->held ? EXPECT_PASS : EXPECT_FAIL, false),
                   r->held ? "held" : "did not hold", report_reset(&st));
        }
        printf("\n");
    }
    /* What is left of the screen, less the lines around the chart. */
    int used = small ? 2 : 4 + (int)s->nruns + 2;
    plot_options o = {
        .width = cols - 1 > 100 ? 100 : cols - 1, /* the last column would wrap some terminals */
        .height = rows - used > 20 ? 20 : rows - used,
        .ascii = !st.utf8,
        .x_name = s->range.name,
        .y_name = s->plot_name,
    };
    if (o.height < PLOT_MIN_HEIGHT)
        o.height = PLOT_MIN_HEIGHT;
    plot_point pts[SWEEP_MAX_POINTS];
    for (size_t i = 0; i < s->nruns; i++)
        pts[i] = s->runs[i].pt;
    plot_chart c;
    if (plot_render(pts, s->nruns, &o, &c) == 0) {
        plot_print(stdout, &c);
        plot_free(&c);
    }
}

static int take_options(int *argc, char **argv, sweep *s)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"set", required_argument, NULL, 'k'},
        {"csv", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0},
    };
    char err[256];
    optind = 0;
    opterr = 0;
    for (int c; (c = getopt_long(*argc, argv, ":", options, NULL)) != -1;) {
        if (c == 'f' && strcmp(optarg, "text") == 0) {
            s->format = SWEEP_TEXT;
        } else if (c == 'f' && strcmp(optarg, "csv") == 0) {
            s->format = SWEEP_CSV;
        } else if (c == 'f' && strcmp(optarg, "json") == 0) {
            s->format = SWEEP_JSON;
        } else if (c == 'f') {
            fprintf(stderr, "workbook sweep: --format is text, csv or json, not '%s'\n", optarg);
            return EXIT_USAGE;
        } else if (c == 'c') {
            s->csv_path = optarg;
        } else if (c == 'k') {
            if (knobset_add(&s->fixed, optarg, err, sizeof err) < 0) {
                fprintf(stderr, "workbook sweep: %s\n", err);
                return EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "workbook sweep: %s option '%s'\n",
                    c == ':' ? "a value is missing after the" : "unknown", argv[optind - 1]);
            verb_print_usage(&verb_sweep, stderr);
            return EXIT_USAGE;
        }
    }
    int n = 1;
    for (int i = optind; i < *argc; i++)
        argv[n++] = argv[i];
    *argc = n;
    return 0;
}

static int cmd_sweep(app *a, int argc, char **argv)
{
    sweep *s = xcalloc(1, sizeof *s);
    int rc = take_options(&argc, argv, s);
    char err[256];
    if (rc == 0 && (argc < 3 || argc > 4)) {
        verb_print_usage(&verb_sweep, stderr);
        rc = EXIT_USAGE;
    }
    if (rc == 0 && !(s->lesson = catalog_find_lesson(a->cat, argv[1]))) {
        fprintf(stderr, "workbook: there is no lesson '%s' (workbook list shows them)\n", argv[1]);
        rc = EXIT_USAGE;
    }
    if (rc == 0 && knobset_parse_range(argv[2], &s->range, err, sizeof err) < 0) {
        fprintf(stderr, "workbook: %s\n", err);
        rc = EXIT_USAGE;
    }
    if (rc == 0 && knobset_range_fits(&s->range, SWEEP_MAX_POINTS, err, sizeof err) < 0) {
        fprintf(stderr, "workbook: %s\n", err);
        rc = EXIT_USAGE;
    }
    expect_machine m;
    machine_facts(&m);
    if (rc == 0)
        rc = choose_variant(s, argc == 4 ? argv[3] : NULL, &m);
    if (rc == 0 && s->format == SWEEP_TEXT)
        printf("lesson %02d %s: %s, %s from %d to %d\n", s->lesson->number, s->lesson->slug,
               s->variant->name, s->range.name, s->range.from, s->range.to);
    if (rc == 0)
        rc = run_sweep(a, s, &m);
    bool all_held = true;
    for (size_t i = 0; i < s->nruns; i++)
        all_held &= s->runs[i].held;
    if (rc == 0) {
        if (s->format == SWEEP_CSV)
            write_csv(stdout, s);
        else if (s->format == SWEEP_JSON)
            write_json(stdout, s);
        else
            write_text(a, s);
        FILE *csv = s->csv_path ? fopen(s->csv_path, "w") : NULL;
        if (s->csv_path && !csv) {
            fprintf(stderr, "workbook: cannot write %s: %s\n", s->csv_path, strerror(errno));
            rc = EXIT_USAGE;
        }
        if (csv) {
            write_csv(csv, s);
            fclose(csv);
        }
    }
    if (rc == 0 && !all_held)
        rc = EXIT_FAILED;
    free(s->plot_name_copy);
    free(s);
    return rc;
}

const verb_entry verb_sweep = {
    .name = "sweep",
    .run = cmd_sweep,
    .usage = "sweep LESSON NAME=A..B[:STEP] [VARIANT] [--set NAME=VALUE]...\n"
             "                      [--format text|csv|json] [--csv FILE]",
    .help = {{"sweep LESSON NAME=A..B", "run once per knob value; chart and table"}},
};
