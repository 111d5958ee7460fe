/*
 * `workbook classroom [--points N] [-o FILE]`: writes the GitHub Classroom autograding
 * workflow for a class repository made from this one (.github/workflows/classroom.yml
 * by default; `-o -` prints it). One test per exercise in the catalog, so an exercise
 * added later appears when the command runs again: `make check-exercise N=K` graded by
 * its exit status, with the exercise's time limit and N points, and the reporter step
 * that sends the scores to GitHub Classroom.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "expect.h"
#include "util.h"
#include "verb.h"
#include "words.h"

#define CLASSROOM_DEFAULT_POINTS 10
#define CLASSROOM_PATH ".github/workflows/classroom.yml"
/* What a check may take: the program's time limit, three times when only timing failed,
   and the compiler's own limit (check_internal.h). */
#define CLASSROOM_RUNS 3
#define CLASSROOM_COMPILE_S 60.0
#define CLASSROOM_DEFAULT_TIMEOUT_S 10.0

/* The exercise's time limit in seconds, from its expectations. */
static double exercise_timeout(const catalog_exercise *e)
{
    char err[256];
    expect_file *ef;
    double t = CLASSROOM_DEFAULT_TIMEOUT_S;
    if (expect_load(e->expect_path, NULL, &ef, err, sizeof err) == 0) {
        t = expect_timeout(ef, CLASSROOM_DEFAULT_TIMEOUT_S);
        expect_free(ef);
    }
    return t;
}

/* The workflow's timeout in whole minutes (the grader counts minutes), at least 1. */
static int timeout_minutes(double seconds)
{
    double total = CLASSROOM_COMPILE_S + CLASSROOM_RUNS * seconds;
    int minutes = (int)(total / 60.0);
    return minutes * 60.0 < total ? minutes + 1 : minutes;
}

/* A YAML single-quoted scalar: nothing is special inside but the quote, doubled. */
static char *yaml_quoted(const char *s)
{
    char *q = xmalloc(2 * strlen(s) + 3), *w = q;
    *w++ = '\'';
    for (; *s; s++) {
        if (*s == '\'')
            *w++ = '\'';
        *w++ = *s;
    }
    *w++ = '\'';
    *w = '\0';
    return q;
}

/* The workflow, in YAML. The exercise's name comes from its folder, so it is quoted; the
   rest is fixed text and numbers. */
static char *workflow(const catalog *cat, int points)
{
    char *y = xasprintf(
        "# GitHub Classroom autograding, written by `workbook classroom` from the exercises\n"
        "# in exercises/. Run it again after adding an exercise; do not edit by hand.\n"
        "name: Autograding Tests\n"
        "'on':\n"
        "  - push\n"
        "  - repository_dispatch\n"
        "permissions:\n"
        "  checks: write\n"
        "  actions: read\n"
        "  contents: read\n"
        "jobs:\n"
        "  run-autograding-tests:\n"
        "    runs-on: ubuntu-latest\n"
        "    if: github.actor != 'github-classroom[bot]'\n"
        "    steps:\n"
        "      - name: Checkout code\n"
        "        uses: actions/checkout@v4\n"
        "      - name: Install what the workbook needs\n"
        "        run: sh scripts/deps.sh --run\n"
        "      - name: Build the workbook\n"
        "        run: make\n");
    char *runners = xstrdup(""), *env = xstrdup("");
    for (size_t i = 0; i < cat->nexercises; i++) {
        const catalog_exercise *e = &cat->exercises[i];
        char *id = xasprintf("exercise-%d", e->number);
        char *title = words_exercise_title(e->number, e->slug);
        char *name = yaml_quoted(title);
        char *more =
            xasprintf("%s      - name: %s\n"
                      "        id: %s\n"
                      "        uses: classroom-resources/autograding-command-grader@v1\n"
                      "        with:\n"
                      "          test-name: %s\n"
                      "          setup-command: ''\n"
                      "          command: make check-exercise N=%d\n"
                      "          timeout: %d\n"
                      "          max-score: %d\n",
                      y, name, id, name, e->number, timeout_minutes(exercise_timeout(e)), points);
        free(y);
        y = more;
        char *r = xasprintf("%s%s%s", runners, *runners ? "," : "", id);
        free(runners);
        runners = r;
        /* The reporter reads each result from NAME_RESULTS, NAME the id in capitals. */
        char *upper = xstrdup(id);
        for (char *p = upper; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
        char *en =
            xasprintf("%s          %s_RESULTS: \"${{steps.%s.outputs.result}}\"\n", env, upper, id);
        free(env);
        env = en;
        free(upper);
        free(id);
        free(name);
        free(title);
    }
    char *all = xasprintf("%s      - name: Autograding Reporter\n"
                          "        uses: classroom-resources/autograding-grading-reporter@v1\n"
                          "        env:\n"
                          "%s"
                          "        with:\n"
                          "          runners: %s\n",
                          y, env, runners);
    free(y);
    free(env);
    free(runners);
    return all;
}

static int cmd_classroom(app *a, int argc, char **argv)
{
    int points = CLASSROOM_DEFAULT_POINTS;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--points") == 0 && val) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || n < 1 || n > 1000) {
                fprintf(stderr, "workbook classroom: --points takes 1 to 1000, not '%s'\n", val);
                return EXIT_USAGE;
            }
            points = (int)n;
            i++;
        } else if (strcmp(argv[i], "-o") == 0 && val) {
            out = val;
            i++;
        } else {
            verb_print_usage(&verb_classroom, stderr);
            return EXIT_USAGE;
        }
    }
    if (!a->cat->nexercises) {
        fprintf(stderr, "workbook classroom: there are no exercises in %s/exercises to grade\n",
                a->root);
        return EXIT_USAGE;
    }
    char *y = workflow(a->cat, points);
    int rc = EXIT_PASS;
    if (out && strcmp(out, "-") == 0) {
        fputs(y, stdout);
    } else {
        char *path = out ? xstrdup(out) : xasprintf("%s/" CLASSROOM_PATH, a->root);
        char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        int r = slash ? util_mkdirs(dir, 0755) : 0;
        if (r == 0)
            r = util_write_file_atomic(path, y, strlen(y));
        if (r < 0) {
            fprintf(stderr, "workbook classroom: cannot write %s: %s\n", path, strerror(-r));
            rc = EXIT_USAGE;
        } else {
            printf("wrote %s: %zu tests, %d points each, %zu in all\n"
                   "commit it to the assignment's template repository; each push is graded\n",
                   path, a->cat->nexercises, points, a->cat->nexercises * (size_t)points);
        }
        free(dir);
        free(path);
    }
    free(y);
    return rc;
}

const verb_entry verb_classroom = {
    .name = "classroom",
    .run = cmd_classroom,
    .usage = "classroom [--points N] [-o FILE]   (FILE - prints it)",
    .help = {{"classroom [--points N]", "write the GitHub Classroom autograding workflow"}},
};
