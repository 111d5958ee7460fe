/*
 * What every verb of `workbook` gets: the project root, the catalog, and how to print.
 */
#ifndef APP_H
#define APP_H

#include <stdbool.h>

#include "catalog.h"

typedef struct app {
    const char *root; /* the project's root folder */
    catalog *cat;     /* its lessons and exercises */
    bool color;       /* stdout is a terminal, and neither --no-color nor NO_COLOR */
    const char *argv0;
} app;

/* Exit codes, the same for every verb. */
enum { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* The verbs themselves are entries of runner/cli/verb.h, each in its own cmd_*.c. */

struct knobset;
/* Checks knob settings against a lesson's variants (only that one when not NULL; judged
   by expect_path when not NULL): each name must be some variant's knob, each value in
   its range, each run within its time limit on machine m. Returns 0, or a negative errno
   after one sentence on stderr. */
struct expect_machine;
int cmd_run_check_knobs(const catalog_lesson *l, const catalog_variant *only,
                        const struct knobset *s, const char *expect_path,
                        const struct expect_machine *m);

/* The exercise KEY names; NULL after telling the user on stderr which exist. */
const catalog_exercise *cmd_exercise_arg(app *a, const char *verb, const char *key);

#endif
