/*
 * `workbook run LESSON [VARIANT]`: build a lesson, stream its output as it arrives,
 * then print expected beside actual. Without a variant, every variant runs in turn.
 * `workbook run ex2 [--solution]` does the same for an exercise's program: the
 * student's, or the reference solution for a facilitator's demo.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "words_advice.h"
#include "app.h"
#include "cmd_exercise.h"
#include "companion.h"
#include "knobset.h"
#include "machine.h"
#include "progress.h"
#include "report.h"
#include "runjob.h"
#include "runnable.h"
#include "text.h"
#include "timeline.h"
#include "trace.h"
#include "util.h"
#include "verb.h"
#include "words.h"

/* What --timeline and --trace keep of each run once its job is freed. */
typedef struct run_record {
    timeline_variant tv;
    trace_line *lines;
    size_t nlines;
} run_record;

typedef struct run_view {
    report_style style;
    const runnable *variant;
    runjob *job;
    bool build_shown; /* the build's lines are shown only when it fails */
    int exit_code;
    /* Ctrl-C, a closed terminal, kill: the run is cancelled and its scratch folder
       removed before the workbook ends by the same signal. */
    uv_signal_t signals[3];
    int signal; /* the one that came, or 0 */
} run_view;

static const int end_signals[3] = {SIGINT, SIGTERM, SIGHUP};

static void stop_signals(run_view *v)
{
    for (int i = 0; i < 3; i++)
        uv_signal_stop(&v->signals[i]);
}

static void on_end_signal(uv_signal_t *h, int sig)
{
    run_view *v = h->data;
    v->signal = sig;
    stop_signals(v);
    runjob_cancel(v->job);
}

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
    const char *advice = NULL;
    for (size_t i = 0; i < n; i++) {
        text_visible(lines[i], buf, sizeof buf);
        fprintf(stdout, "  %s\n", buf);
        if (!advice)
            advice = advice_for_build_line(lines[i]);
    }
    if (advice)
        fprintf(stdout, "%s\n", advice);
    v->build_shown = true;
}

static void on_line(void *ctx, size_t index)
{
    run_view *v = ctx;
    size_t n;
    const runjob_line *lines = runjob_lines(v->job, &n);
    char buf[1024];
    text_visible(lines[index].text, buf, sizeof buf);
    printf("  %s[%5llu ms]%s %s%s\n", report_paint_on(&v->style, REPORT_DIM),
           (unsigned long long)lines[index].t_ms, report_reset(&v->style), buf,
           lines[index].cut ? " [line cut]" : "");
    fflush(stdout);
}

static void on_done(void *ctx)
{
    run_view *v = ctx;
    stop_signals(v);
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
        words_exit(st, runjob_timeout(v->job), how, sizeof how);
    bool clean_exit = !st->spawn_failed && st->exit_code == 0 && st->term_signal == 0 &&
                      !st->timed_out && !st->output_capped;
    printf("  %s%s%s\n\n", clean_exit ? "" : report_paint_on(&v->style, REPORT_FAIL), how,
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

/* Keeps the marks and the output lines of a finished job. */
static void record_run(run_record *rec, runjob *job, const char *name, const expect_machine *m)
{
    size_t n;
    const runjob_line *lines = runjob_lines(job, &n);
    double end = n ? (double)lines[n - 1].t_ms : 0;
    if (timeline_variant_init(&rec->tv, name, runjob_expect(job), runjob_result(job), m, end) < 0 ||
        timeline_variant_add_lanes(&rec->tv, runjob_observed(job)) < 0)
        memset(&rec->tv, 0, sizeof rec->tv);
    rec->lines = xcalloc(n ? n : 1, sizeof *rec->lines);
    char buf[1024];
    for (size_t i = 0; i < n; i++) {
        text_visible(lines[i].text, buf, sizeof buf);
        rec->lines[i] = (trace_line){xstrdup(buf), (double)lines[i].t_ms};
    }
    rec->nlines = n;
}

static void record_free(run_record *rec)
{
    timeline_variant_free(&rec->tv);
    for (size_t i = 0; i < rec->nlines; i++)
        free((char *)rec->lines[i].text);
    free(rec->lines);
}

/* heading names what runs: "lesson 04 starvation", "exercise 2 offload-hash"; label the
   program ("blocked"); expect_path, when not NULL, judges it instead of its own file. */
static int run_variant(app *a, const char *heading, const char *label, const runnable *var,
                       const char *expect_path, const expect_machine *m, const knobset *knobs,
                       run_record *rec)
{
    run_view v = {.style = report_style_for(a->color), .variant = var};
    const char *title = NULL;
    printf("%s%s: %s%s\n", report_paint_on(&v.style, REPORT_BOLD), heading, label,
           report_reset(&v.style));
    if (var->arg)
        printf("the same program in JavaScript, run by node, judged by the same expectations\n");

    uv_loop_t loop;
    uv_loop_init(&loop);
    runjob_options o = runnable_job_options(var, a->root);
    if (expect_path)
        o.expect_path = expect_path;
    o.cols = 100;
    o.rows = 30;
    o.machine = m;
    o.knobs = knobs && knobs->n ? knobs : NULL;
    o.knobs_lenient = true; /* cmd_run has checked that some variant knows each name */
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
    char set[256];
    if (runjob_expect(v.job))
        knobset_describe(runjob_expect(v.job), m, set, sizeof set);
    if (runjob_expect(v.job) && set[0])
        printf("knobs: %s\n", set);
    fflush(stdout);
    for (int i = 0; i < 3; i++) {
        uv_signal_init(&loop, &v.signals[i]);
        v.signals[i].data = &v;
        uv_signal_start(&v.signals[i], on_end_signal, end_signals[i]);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    for (int i = 0; i < 3; i++)
        uv_close((uv_handle_t *)&v.signals[i], NULL);
    if (rec && !v.signal)
        record_run(rec, v.job, label, m);
    runjob_free(v.job);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    if (v.signal) {
        fflush(stdout);
        signal(v.signal, SIG_DFL);
        raise(v.signal);
    }
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

/* The options of `workbook run`, taken out of argv. */
typedef struct run_options {
    const char *expect_path; /* --expect FILE: judge the run by another file's expectations
                                (the tests use it to show that one variant's fail on the other) */
    bool timeline;           /* --timeline: the runs on one time axis after the tables */
    const char *trace_path;  /* --trace FILE: Chrome trace-event JSON of the runs */
    bool solution;           /* --solution: an exercise's reference, not the student's file */
    knobset knobs;           /* --set NAME=VALUE, any number of times */
} run_options;

/* Reads the options into o and leaves the operands in argv[0, *argc) (argv[0] the verb).
   Returns 0, or EXIT_USAGE after telling the user on stderr. */
static int take_options(int *argc, char **argv, run_options *o)
{
    static const struct option options[] = {
        {"expect", required_argument, NULL, 'e'},
        {"trace", required_argument, NULL, 't'},
        {"timeline", no_argument, NULL, 'l'},
        {"solution", no_argument, NULL, 's'},
        {"verbose", no_argument, NULL, 'v'},
        {"set", required_argument, NULL, 'k'},
        {NULL, 0, NULL, 0},
    };
    char err[256];
    optind = 0; /* glibc starts over: a verb's argv is not main's */
    opterr = 0;
    for (int c; (c = getopt_long(*argc, argv, ":", options, NULL)) != -1;) {
        if (c == 'e') {
            o->expect_path = optarg;
        } else if (c == 't') {
            o->trace_path = optarg;
        } else if (c == 'l') {
            o->timeline = true;
        } else if (c == 's') {
            o->solution = true;
        } else if (c == 'k') {
            if (knobset_add(&o->knobs, optarg, err, sizeof err) < 0) {
                fprintf(stderr, "workbook run: %s\n", err);
                return EXIT_USAGE;
            }
        } else if (c == 'v') {
            words_set_rules(true); /* each check named by its rule, as written */
        } else {
            fprintf(stderr, "workbook run: %s option '%s'\n",
                    c == ':' ? "a value is missing after the" : "unknown", argv[optind - 1]);
            verb_print_usage(&verb_run, stderr);
            return EXIT_USAGE;
        }
    }
    /* The operands, after the verb. */
    int n = 1;
    for (int i = optind; i < *argc; i++)
        argv[n++] = argv[i];
    *argc = n;
    return 0;
}

/* Prints every run on one axis, as wide as the terminal (at most 100 columns). */
static void print_timeline(app *a, const run_record *recs, size_t n)
{
    timeline_variant *tv = xcalloc(n ? n : 1, sizeof *tv);
    for (size_t i = 0; i < n; i++)
        tv[i] = recs[i].tv;
    int width = 72;
    const char *cols = getenv("COLUMNS");
    if (cols && atoi(cols) >= TIMELINE_MIN_WIDTH)
        width = atoi(cols) > 100 ? 100 : atoi(cols);
    report_style st = report_style_for(a->color);
    timeline_options o = {.ascii = !st.utf8};
    timeline_grid g;
    if (timeline_render(tv, n, width, &o, &g) == 0) {
        printf("\n%stimeline%s\n", report_paint_on(&st, REPORT_BOLD), report_reset(&st));
        timeline_print(stdout, &g, a->color);
        timeline_grid_free(&g);
    }
    free(tv);
}

static int write_trace(const char *heading, const run_record *recs, size_t n, const char *path)
{
    trace_thread *t = xcalloc(n ? n : 1, sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = (trace_thread){&recs[i].tv, recs[i].lines, recs[i].nlines};
    char *name = xstrdup(heading);
    FILE *out = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    int rc = out ? trace_write(out, name, t, n) : -1;
    if (out && out != stdout && fclose(out) != 0)
        rc = -1;
    if (rc < 0)
        fprintf(stderr, "workbook: cannot write the trace to %s\n", path);
    else if (out != stdout)
        printf("\ntrace written to %s (open it in https://ui.perfetto.dev)\n", path);
    free(name);
    free(t);
    return rc < 0 ? EXIT_USAGE : EXIT_PASS;
}

/* Prints the timeline and writes the trace the options ask for, then frees the runs. */
static int finish_runs(app *a, const run_options *ro, const char *heading, run_record *recs,
                       size_t nrecs, int worst)
{
    if (ro->timeline && worst != EXIT_USAGE)
        print_timeline(a, recs, nrecs);
    if (ro->trace_path && worst != EXIT_USAGE) {
        int rc = write_trace(heading, recs, nrecs, ro->trace_path);
        if (rc > worst)
            worst = rc;
    }
    for (size_t i = 0; (ro->timeline || ro->trace_path) && i < nrecs; i++)
        record_free(&recs[i]);
    return worst;
}

/* Remembers that the lesson was run, and whether every variant met its expectations. */
static void note_progress(app *a, const catalog_lesson *l, bool all_held)
{
    char *warning = NULL;
    progress *p = progress_open(a->root, NULL, &warning);
    if (warning)
        fprintf(stderr, "workbook: %s\n", warning);
    free(warning);
    if (!p)
        return;
    if (all_held)
        progress_set_held(p, l->dirname);
    else
        progress_set_seen(p, l->dirname);
    /* Progress is a convenience: a read-only place must not fail the run. */
    progress_save(p);
    progress_free(p);
}

/* `workbook run ex2 [--solution]`: the exercise's program, built with the lessons'
   makefile into build/exercises/ (or build/solutions/), judged by its expectations. */
static int run_exercise(app *a, const catalog_exercise *e, const run_options *ro)
{
    const char *source = ro->solution ? e->solution : e->source;
    if (ro->knobs.n > 0) {
        fprintf(stderr, "workbook: exercise %d has no knobs: --set is for lessons\n", e->number);
        return EXIT_USAGE;
    }
    if (access(source, R_OK) != 0) {
        fprintf(stderr, "workbook: cannot read %s\n", source);
        return EXIT_USAGE;
    }
    runnable r;
    runnable_exercise(a->root, e, ro->solution, &r);
    char *label =
        xasprintf("%s (%s)", r.name, ro->solution ? "the reference solution" : "your file");
    char *heading = xasprintf("exercise %d %s", e->number, e->slug);
    expect_machine m;
    machine_facts(&m);
    run_record rec = {0};
    int rc = run_variant(a, heading, label, &r, ro->expect_path, &m, &ro->knobs,
                         ro->timeline || ro->trace_path ? &rec : NULL);
    if (rc != EXIT_USAGE && !ro->solution)
        printf("\nto grade it: make check-exercise %d\n", e->number);
    rc = finish_runs(a, ro, heading, &rec, 1, rc);
    free(heading);
    free(label);
    runnable_free(&r);
    return rc;
}

int cmd_run_check_knobs(const catalog_lesson *l, const catalog_variant *only, const knobset *s,
                        const char *expect_path, const expect_machine *m)
{
    if (s->n == 0)
        return 0;
    bool known[KNOBSET_MAX] = {0};
    char err[512], all[512] = "";
    knobset seen = {0}; /* the knobs listed in all */
    size_t len = 0;
    for (size_t k = 0; k < l->nvariants; k++) {
        if (only && &l->variants[k] != only)
            continue;
        runnable r;
        runnable_variant(l, &l->variants[k], &r);
        expect_file *f = NULL;
        const char *path = expect_path ? expect_path : r.expect_path;
        int rc = path ? expect_load(path, NULL, &f, err, sizeof err) : -1;
        runnable_free(&r);
        if (rc < 0)
            continue; /* the run itself says what is wrong with the file */
        for (size_t i = 0; i < expect_knob_count(f); i++) {
            expect_knob kb;
            expect_knob_info(f, i, NULL, &kb);
            /* Each knob once, however many variants have it. */
            char entry[128];
            snprintf(entry, sizeof entry, "%s in [%d, %d]", kb.name, kb.lo, kb.hi);
            if (!knobset_has(&seen, kb.name) && knobset_put(&seen, kb.name, "") == 0 &&
                len < sizeof all)
                len +=
                    (size_t)snprintf(all + len, sizeof all - len, "%s%s", len ? ", " : "", entry);
        }
        for (size_t i = 0; i < s->n; i++) {
            if (expect_knob_find(f, s->name[i]) < 0)
                continue;
            known[i] = true;
            if (expect_knob_set(f, s->name[i], s->value[i], err, sizeof err) < 0) {
                fprintf(stderr, "workbook: %s\n", err);
                expect_free(f);
                return -EINVAL;
            }
        }
        int rc2 =
            knobset_check_time(f, m, expect_timeout(f, RUNJOB_DEFAULT_TIMEOUT), err, sizeof err);
        expect_free(f);
        if (rc2 < 0) {
            fprintf(stderr, "workbook: %s\n", err);
            return rc2;
        }
    }
    for (size_t i = 0; i < s->n; i++)
        if (!known[i]) {
            if (all[0])
                fprintf(stderr, "workbook: lesson %02d has no knob '%s'; its knobs are %s\n",
                        l->number, s->name[i], all);
            else
                fprintf(stderr, "workbook: lesson %02d has no knob '%s' (it has no knobs)\n",
                        l->number, s->name[i]);
            return -ENOENT;
        }
    return 0;
}

/* "ex2", or an exercise's folder name or slug that names no lesson. */
static const catalog_exercise *exercise_key(app *a, const char *key)
{
    if (catalog_find_lesson(a->cat, key))
        return NULL;
    if (strncmp(key, "ex", 2) != 0 && isdigit((unsigned char)key[0]))
        return NULL;
    return catalog_find_exercise(a->cat, key);
}

static int cmd_run(app *a, int argc, char **argv)
{
    run_options ro = {0};
    if (take_options(&argc, argv, &ro))
        return EXIT_USAGE;
    if (argc < 2 || argc > 3) {
        verb_print_usage(&verb_run, stderr);
        list_lessons(a, stderr);
        return EXIT_USAGE;
    }
    const catalog_exercise *e = exercise_key(a, argv[1]);
    if (e && argc == 2)
        return run_exercise(a, e, &ro);
    const catalog_lesson *l = catalog_find_lesson(a->cat, argv[1]);
    if (!l) {
        fprintf(stderr, "workbook: there is no lesson '%s'; ", argv[1]);
        list_lessons(a, stderr);
        return EXIT_USAGE;
    }
    if (ro.solution) {
        fprintf(stderr, "workbook: --solution is for exercises (workbook run ex2 --solution)\n");
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
    if (cmd_run_check_knobs(l, only, &ro.knobs, ro.expect_path, &m) < 0)
        return EXIT_USAGE;
    char *heading = xasprintf("lesson %02d %s", l->number, l->slug);
    bool keep = ro.timeline || ro.trace_path;
    run_record *recs = xcalloc(2 * l->nvariants, sizeof *recs);
    size_t nrecs = 0;
    int worst = EXIT_PASS;
    char *node = companion_node();
    for (size_t k = 0; k < l->nvariants && worst != EXIT_USAGE; k++) {
        const catalog_variant *var = &l->variants[k];
        if (only && var != only)
            continue;
        if (nrecs > 0)
            printf("\n");
        /* Where there is no git, a first copy lets `workbook reset LESSON` undo a try-it edit. */
        cmd_keep_pristine(a, l->dirname, var->source);
        runnable c;
        runnable_variant(l, var, &c);
        int rc = run_variant(a, heading, c.name, &c, ro.expect_path, &m, &ro.knobs,
                             keep ? &recs[nrecs] : NULL);
        nrecs++;
        if (rc > worst)
            worst = rc;
        runnable_free(&c);
        /* Node beside C: the JavaScript twin, judged by the same file. */
        runnable js;
        bool twin = runnable_twin(var, node, &js);
        if (twin && !node && rc != EXIT_USAGE)
            printf("\n%s\n", COMPANION_NO_NODE);
        if (twin && node && rc != EXIT_USAGE) {
            printf("\n");
            rc = run_variant(a, heading, js.name, &js, ro.expect_path, &m, &ro.knobs,
                             keep ? &recs[nrecs] : NULL);
            nrecs++;
            if (rc > worst)
                worst = rc;
        }
        runnable_free(&js);
    }
    free(node);
    if (worst != EXIT_USAGE)
        note_progress(a, l, !only && worst == EXIT_PASS);
    worst = finish_runs(a, &ro, heading, recs, nrecs, worst);
    free(recs);
    free(heading);
    return worst;
}

const verb_entry verb_run = {
    .name = "run",
    .run = cmd_run,
    .usage = "run LESSON [VARIANT] [--set NAME=VALUE]... [--timeline] [--trace FILE.json]\n"
             "                [--verbose]\n"
             "       workbook run exN [--solution]",
    .help = {
        {"run LESSON [VARIANT]", "build and run a lesson; expected beside actual"},
        {"run exN [--solution]", "an exercise's program, run the same way"},
    },
};
