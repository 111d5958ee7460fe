/*
 * `workbook grade DIR --exercise N`: a facilitator's view of a folder of submissions,
 * one .c per student. The files are checked on one loop, at most -j at once (2 by
 * default: these programs time themselves, and two cores are all we can count on),
 * so a file that hangs costs its own time limit and nothing more.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "app.h"
#include "catalog.h"
#include "check.h"
#include "cmd_exercise.h"
#include "report.h"
#include "sandbox.h"
#include "util.h"
#include "verb.h"
#include "verdict.h"
#include "words.h"

typedef struct submission {
    char *path;
    const char *name; /* the file's name, within path */
    check_verdict *v;
} submission;

typedef struct grading {
    uv_loop_t *loop;
    submission *subs;
    size_t n;
    size_t next; /* the next to start */
    int running;
    int jobs;
    check_options o;
} grading;

static int cmp_names(const void *a, const void *b)
{
    return strcmp(((const submission *)a)->name, ((const submission *)b)->name);
}

/* The .c files of dir, sorted by name. */
static submission *list_sources(const char *dir, size_t *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    submission *subs = NULL;
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        size_t len = strlen(ent->d_name);
        if (ent->d_name[0] == '.' || len < 3 || strcmp(ent->d_name + len - 2, ".c") != 0)
            continue;
        subs = xrealloc(subs, (n + 1) * sizeof *subs);
        subs[n].path = xasprintf("%s/%s", dir, ent->d_name);
        subs[n].v = NULL;
        n++;
    }
    closedir(d);
    for (size_t i = 0; i < n; i++)
        subs[i].name = strrchr(subs[i].path, '/') + 1;
    if (n)
        qsort(subs, n, sizeof *subs, cmp_names);
    *count = n;
    return subs;
}

static void start_next(grading *g);

typedef struct slot {
    grading *g;
    submission *s;
} slot;

static void slot_done(void *ctx, check_verdict *v)
{
    slot *sl = ctx;
    sl->s->v = v;
    grading *g = sl->g;
    free(sl);
    g->running--;
    start_next(g);
}

static void start_next(grading *g)
{
    while (g->running < g->jobs && g->next < g->n) {
        submission *s = &g->subs[g->next++];
        check_options o = g->o;
        o.source = s->path;
        slot *sl = xmalloc(sizeof *sl);
        *sl = (slot){g, s};
        check *c;
        char err[512];
        if (check_start(g->loop, &o, slot_done, sl, &c, err, sizeof err) < 0) {
            free(sl);
            s->v = xcalloc(1, sizeof *s->v);
            s->v->source = xstrdup(s->path);
            s->v->error = xstrdup(err);
            s->v->build_log = xstrdup("");
            s->v->err_text = xstrdup("");
            continue;
        }
        g->running++;
    }
}

static void print_table(FILE *out, const grading *g, const report_style *st)
{
    int width = 4;
    for (size_t i = 0; i < g->n; i++) {
        int w = (int)strlen(g->subs[i].name);
        if (w > width)
            width = w;
    }
    if (width > 40)
        width = 40;
    fprintf(out, "%-*s  %-7s  %6s  %7s\n", width, "file", "verdict", "checks", "time");
    for (size_t i = 0; i < g->n; i++) {
        const check_verdict *v = g->subs[i].v;
        char *name = verdict_visible(g->subs[i].name);
        const char *word = v->error ? "error" : v->passed ? "pass" : "FAIL";
        const char *color = report_color(st, v->passed ? EXPECT_PASS : EXPECT_FAIL, true);
        char checks[32];
        snprintf(checks, sizeof checks, "%d/%d", v->checks_passed, v->checks_total);
        fprintf(out, "%-*s  %s%-7s%s  %6s  %6.2fs\n", width, name, color, word, report_reset(st),
                checks, v->total_s);
        free(name);
    }
    bool header = false;
    for (size_t i = 0; i < g->n; i++) {
        const check_verdict *v = g->subs[i].v;
        if (v->passed)
            continue;
        if (!header)
            fprintf(out, "\nwhy:\n");
        header = true;
        char *why = verdict_first_failure(v);
        char *name = verdict_visible(g->subs[i].name);
        fprintf(out, "  %s: %s\n", name, why);
        free(name);
        free(why);
    }
}

/* One JSON object: the exercise, the totals, and each file's verdict. */
static void print_json(FILE *out, const catalog_exercise *e, const grading *g, size_t passed,
                       double elapsed)
{
    fprintf(out, "{\"exercise\":%d,\"slug\":", e->number);
    verdict_write_json_string(out, e->slug);
    fprintf(out, ",\"total\":%zu,\"passed\":%zu,\"seconds\":%.3f,\"sandbox\":", g->n, passed,
            elapsed);
    verdict_write_json_string(out, sandbox_describe());
    fputs(",\"files\":[", out);
    for (size_t i = 0; i < g->n; i++) {
        if (i)
            fputc(',', out);
        verdict_write_json_object(out, g->subs[i].v, e->number);
    }
    fprintf(out, "]}\n");
}

/* A TAP stream: a test point per file, its failures as YAML. */
static void print_tap(FILE *out, const grading *g, size_t passed, double elapsed)
{
    fprintf(out, "TAP version 13\n1..%zu\n# %s\n", g->n, sandbox_describe());
    for (size_t i = 0; i < g->n; i++) {
        const check_verdict *v = g->subs[i].v;
        fprintf(out, "%s %zu - ", v->passed ? "ok" : "not ok", i + 1);
        verdict_write_tap_description(out, g->subs[i].name);
        fprintf(out, " (%d/%d checks)\n", v->checks_passed, v->checks_total);
        if (!v->passed)
            verdict_write_tap_failures(out, v);
    }
    char total[64];
    words_files_passed(total, sizeof total, passed, g->n);
    fprintf(out, "# %s in %.1f s\n", total, elapsed);
}

/* What `grade` was asked. */
typedef struct grade_args {
    const char *dir, *key;
    verdict_format format;
    int jobs;
    bool no_sandbox;
} grade_args;

/* Reads "DIR --exercise N [--format F] [-j N]". Returns 0, or EXIT_USAGE after telling
   the user on stderr what is wrong. */
static int parse_args(app *a, int argc, char **argv, grade_args *g)
{
    static const struct option options[] = {
        {"exercise", required_argument, NULL, 'e'},
        {"format", required_argument, NULL, 'f'},
        {"no-sandbox", no_argument, NULL, 'S'},
        {NULL, 0, NULL, 0},
    };
    *g = (grade_args){.format = VERDICT_TEXT, .jobs = 2};
    optind = 0; /* glibc starts over: a verb's argv is not main's */
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, ":e:j:", options, NULL)) != -1;) {
        if (c == 'e') {
            g->key = optarg;
        } else if (c == 'f') {
            if (cmd_format_arg("grade", optarg, &g->format))
                return EXIT_USAGE;
        } else if (c == 'j') {
            g->jobs = atoi(optarg);
        } else if (c == 'S') {
            g->no_sandbox = true;
        } else {
            fprintf(stderr, "workbook grade: unexpected '%s'\n", argv[optind - 1]);
            verb_print_usage(&verb_grade, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind < argc)
        g->dir = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "workbook grade: unexpected '%s'\n", argv[optind]);
        verb_print_usage(&verb_grade, stderr);
        return EXIT_USAGE;
    }
    if (!g->dir || !g->key) {
        verb_print_usage(&verb_grade, stderr);
        if (!g->key && g->dir)
            cmd_exercise_arg(a, "grade", NULL);
        return EXIT_USAGE;
    }
    if (g->jobs < 1 || g->jobs > 16) {
        fprintf(stderr, "workbook grade: -j takes 1 to 16\n");
        return EXIT_USAGE;
    }
    return 0;
}

static int cmd_grade(app *a, int argc, char **argv)
{
    grade_args ga;
    if (parse_args(a, argc, argv, &ga))
        return EXIT_USAGE;
    const catalog_exercise *e = cmd_exercise_arg(a, "grade", ga.key);
    if (!e)
        return EXIT_USAGE;
    /* Other people's code never runs with the grader's permissions unless asked. */
    const char *why;
    if (ga.no_sandbox) {
        sandbox_disable("--no-sandbox was given");
    } else if (!sandbox_available(&why)) {
        fprintf(stderr,
                "workbook grade: cannot sandbox the submissions here (%s); unsandboxed, each "
                "could read and change your files: give --no-sandbox to grade them anyway\n",
                why);
        return EXIT_USAGE;
    }
    grading g = {.jobs = ga.jobs};
    g.subs = list_sources(ga.dir, &g.n);
    if (!g.n) {
        fprintf(stderr, "workbook grade: no .c files in %s\n", ga.dir);
        free(g.subs);
        return EXIT_USAGE;
    }

    uv_loop_t loop;
    if (uv_loop_init(&loop) < 0) {
        fprintf(stderr, "workbook grade: cannot start an event loop\n");
        return EXIT_USAGE;
    }
    g.loop = &loop;
    g.o = (check_options){
        .expect_path = e->expect_path,
        .build_dir = xasprintf("%s/build/check/grade-%s", a->root, e->dirname),
        .common_dir = catalog_common_dir(a->root),
    };
    uint64_t t0 = uv_hrtime();
    start_next(&g);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    double elapsed = (double)(uv_hrtime() - t0) / 1e9;

    size_t passed = 0, errors = 0;
    for (size_t i = 0; i < g.n; i++) {
        passed += g.subs[i].v->passed;
        errors += g.subs[i].v->error != NULL;
    }
    if (ga.format == VERDICT_JSON) {
        print_json(stdout, e, &g, passed, elapsed);
    } else if (ga.format == VERDICT_TAP) {
        print_tap(stdout, &g, passed, elapsed);
    } else if (ga.format == VERDICT_JUNIT) {
        const check_verdict **vs = xcalloc(g.n, sizeof *vs);
        for (size_t i = 0; i < g.n; i++)
            vs[i] = g.subs[i].v;
        char *title = words_exercise_title(e->number, e->slug);
        verdict_print_junit(stdout, title, vs, g.n, elapsed);
        free(title);
        free(vs);
    } else {
        report_style st = report_style_for(a->color);
        char *title = words_exercise_title(e->number, e->slug), total[64];
        printf("%s: %zu files\n\n", title, g.n);
        free(title);
        print_table(stdout, &g, &st);
        words_files_passed(total, sizeof total, passed, g.n);
        printf("\n%s (%.1f s, %d at a time; %s)\n", total, elapsed, ga.jobs, sandbox_describe());
    }

    for (size_t i = 0; i < g.n; i++) {
        check_verdict_free(g.subs[i].v);
        free(g.subs[i].path);
    }
    free(g.subs);
    free((char *)g.o.build_dir);
    free((char *)g.o.common_dir);
    return errors == g.n ? EXIT_USAGE : passed == g.n ? EXIT_PASS : EXIT_FAILED;
}

const verb_entry verb_grade = {
    .name = "grade",
    .run = cmd_grade,
    .usage = "grade DIR --exercise N [--format text|tap|json|junit] [-j N] [--no-sandbox]",
    .help = {{"grade DIR --exercise N", "grade every .c in a folder (-j, --format, --no-sandbox)"}},
};
