/*
 * `workbook list`: the lessons and exercises.
 */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "app.h"
#include "progress.h"
#include "report.h"
#include "verb.h"

static int cmd_list(app *a, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        verb_print_usage(&verb_list, stderr);
        return EXIT_USAGE;
    }
    char *warning = NULL;
    progress *p = progress_open(a->root, NULL, &warning);
    if (warning)
        fprintf(stderr, "workbook: %s\n", warning);
    free(warning);
    report_style s = report_style_for(a->color);
    /* The marks of the workbook screen's catalog. */
    const char *passed = s.utf8 ? "✓" : "+", *seen = s.utf8 ? "•" : "o",
               *fresh = s.utf8 ? "·" : "-";

    printf("Lessons                                        run with: workbook run N [VARIANT]\n");
    for (size_t i = 0; i < a->cat->nlessons; i++) {
        const catalog_lesson *l = &a->cat->lessons[i];
        const char *mark = p && progress_held(p, l->dirname)   ? passed
                           : p && progress_seen(p, l->dirname) ? seen
                                                               : fresh;
        printf("%s %02d  %-40s", mark, l->number, catalog_short_title(l->title));
        for (size_t k = 0; k < l->nvariants; k++)
            printf(" %s", l->variants[k].name);
        if (l->quiz)
            printf(" (quiz: workbook quiz)");
        printf("\n");
    }
    printf("\nExercises                                      grade with: make check-exercise N\n");
    for (size_t i = 0; i < a->cat->nexercises; i++) {
        const catalog_exercise *e = &a->cat->exercises[i];
        size_t root_len = strlen(a->root);
        const char *rel =
            strncmp(e->source, a->root, root_len) == 0 ? e->source + root_len + 1 : e->source;
        const char *mark = p && progress_passed(p, e->number) ? passed : fresh;
        /* Each exercise says which lesson it follows: the list reads as a course. */
        char after[16] = "";
        if (e->follows)
            snprintf(after, sizeof after, "after %02d  ", e->follows);
        printf("%s %-3d %s%-*s %s\n", mark, e->number, after, 40 - (int)strlen(after),
               catalog_short_title(e->title), rel);
    }
    printf("\n%s passed   %s seen   %s new\n", passed, seen, fresh);
    progress_free(p);
    return EXIT_PASS;
}

const verb_entry verb_list = {
    .name = "list",
    .run = cmd_list,
    .usage = "list",
    .help = {{"list", "lessons and exercises, with progress"}},
};
