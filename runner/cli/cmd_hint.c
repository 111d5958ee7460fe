/*
 * `workbook hint N` and `workbook solution N`: the help an exercise gives, a hint at
 * a time, and its reference solution once the student's own file has passed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd_exercise.h"
#include "progress.h"
#include "util.h"
#include "verb.h"
#include "verdict.h"

/* The text of path, or NULL after telling the user on stderr that verb cannot read it. */
static char *read_text(const char *verb, const char *path, size_t *len)
{
    char *text;
    int r = util_read_file(path, UTIL_FILE_MAX, &text, len);
    if (r < 0) {
        fprintf(stderr, "workbook %s: cannot read %s: %s\n", verb, path, strerror(-r));
        return NULL;
    }
    return text;
}

static int cmd_hint(app *a, int argc, char **argv)
{
    bool all;
    const catalog_exercise *e =
        cmd_exercise_flag_args(a, argc, argv, "hint", verb_hint.usage, "--all", 0, &all);
    if (!e)
        return EXIT_USAGE;
    size_t len;
    char *md = read_text("hint", e->hints, &len);
    if (!md)
        return EXIT_USAGE;
    char **hints;
    size_t n = verdict_hints_split(md, len, &hints);
    free(md);
    progress *p = cmd_open_progress(a);
    int shown = progress_hints(p, e->number);
    if (shown > (int)n)
        shown = (int)n;
    if (all) {
        if (!shown)
            printf("No hints shown yet for exercise %d. workbook hint %d shows the first.\n",
                   e->number, e->number);
        for (int i = 0; i < shown; i++)
            printf("%sHint %d of %zu\n\n%s\n", i ? "\n" : "", i + 1, n, hints[i]);
    } else if (shown >= (int)n) {
        printf("No more hints for exercise %d: you have seen all %zu (workbook hint %d --all "
               "shows them again).\nThe task itself: %s\n",
               e->number, n, e->number, e->readme);
    } else {
        printf("Hint %d of %zu for exercise %d, %s\n\n%s\n", shown + 1, n, e->number, e->slug,
               hints[shown]);
        if (shown + 1 < (int)n)
            printf("\n(workbook hint %d shows the next one.)\n", e->number);
        progress_set_hints(p, e->number, shown + 1);
        int w = progress_save(p);
        if (w < 0)
            fprintf(stderr, "workbook hint: cannot save progress in %s: %s\n", progress_dir(p),
                    strerror(-w));
    }
    progress_free(p);
    verdict_hints_free(hints, n);
    return EXIT_PASS;
}

static int cmd_solution(app *a, int argc, char **argv)
{
    if (argc != 2) {
        verb_print_usage(&verb_solution, stderr);
        return EXIT_USAGE;
    }
    const catalog_exercise *e = cmd_exercise_arg(a, "solution", argv[1]);
    if (!e)
        return EXIT_USAGE;
    progress *p = cmd_open_progress(a);
    bool passed = progress_passed(p, e->number);
    progress_free(p);
    if (!passed) {
        printf("The reference solution of exercise %d opens once your own passes.\n"
               "Check it with: make check-exercise %d   (or: workbook check %d)\n"
               "Stuck? workbook hint %d\n",
               e->number, e->number, e->number, e->number);
        return EXIT_FAILED;
    }
    size_t len;
    char *text = read_text("solution", e->solution, &len);
    if (!text)
        return EXIT_USAGE;
    printf("The reference solution of exercise %d (%s):\n\n", e->number, e->solution);
    fwrite(text, 1, len, stdout);
    free(text);
    return EXIT_PASS;
}

const verb_entry verb_hint = {
    .name = "hint",
    .run = cmd_hint,
    .usage = "hint N [--all]",
    .help = {{"hint N [--all]", "the next hint for an exercise"}},
};

const verb_entry verb_solution = {
    .name = "solution",
    .run = cmd_solution,
    .usage = "solution N",
    .help = {{"solution N", "the reference solution, once yours passed"}},
};
