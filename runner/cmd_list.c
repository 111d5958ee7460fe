/*
 * `workbook list`: the lessons and exercises.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"

int cmd_list(app *a, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: workbook list\n");
        return EXIT_USAGE;
    }
    printf("Lessons                                      run with: workbook run N [VARIANT]\n");
    for (size_t i = 0; i < a->cat->nlessons; i++) {
        const catalog_lesson *l = &a->cat->lessons[i];
        printf("  %02d  %-44s", l->number, l->title);
        for (size_t k = 0; k < l->nvariants; k++)
            printf(" %s", l->variants[k].name);
        if (l->quiz)
            printf(" (quiz: workbook quiz)");
        printf("\n");
    }
    printf("\nExercises                                    grade with: make check-exercise N\n");
    for (size_t i = 0; i < a->cat->nexercises; i++) {
        const catalog_exercise *e = &a->cat->exercises[i];
        size_t root_len = strlen(a->root);
        const char *rel =
            strncmp(e->source, a->root, root_len) == 0 ? e->source + root_len + 1 : e->source;
        printf("  %d   %-44s %s\n", e->number, e->title, rel);
    }
    return EXIT_PASS;
}
