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

/* The verbs are entries of runner/cli/verb.h, each in its own cmd_*.c. */

#endif
