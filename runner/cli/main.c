/*
 * workbook: the runner of Wait or Work. Parses the global options, finds the project,
 * and hands the rest of the command line to a verb.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "catalog.h"
#include "ui.h"
#include "ui_catalog.h"
#include "ui_present.h"
#include "verb.h"
#include "version.h"

/* The verbs, in the order --help lists them; each is described by its own cmd_*.c. */
static const verb_entry *const verbs[] = {
    &verb_list,     &verb_run,   &verb_sweep,     &verb_quiz,  &verb_present,
    &verb_doctor,   &verb_check, &verb_hint,      &verb_watch, &verb_reset,
    &verb_solution, &verb_grade, &verb_classroom,
};

static const size_t nverbs = sizeof verbs / sizeof verbs[0];

static void print_usage(FILE *out)
{
    int width = 0;
    for (size_t i = 0; i < nverbs; i++)
        for (size_t k = 0; k < 2 && verbs[i]->help[k].call; k++)
            if ((int)strlen(verbs[i]->help[k].call) > width)
                width = (int)strlen(verbs[i]->help[k].call);
    fprintf(out, "usage: workbook [--no-color] [VERB [ARGS]]\n\n"
                 "Wait or Work: is this work waiting (an event loop) or working (threads)?\n\n");
    fprintf(out, "  workbook %-*s  %s\n", width, "", "open the workbook (in a terminal)");
    for (size_t i = 0; i < nverbs; i++)
        for (size_t k = 0; k < 2 && verbs[i]->help[k].call; k++)
            fprintf(out, "  workbook %-*s  %s\n", width, verbs[i]->help[k].call,
                    verbs[i]->help[k].summary);
    fprintf(out, "\nLESSON is a number or a name (4, 04, starvation); exN an exercise's program.\n"
                 "run also takes --timeline (when things happened, on one time axis) and\n"
                 "--trace FILE.json (Chrome trace events, for Perfetto).\n"
                 "Exit status: 0 all expectations held, 1 some did not, 2 usage or\n"
                 "environment error. Options: --help, --version, --no-color (or NO_COLOR=1).\n");
}

/* The plain catalog, for a terminal-less start. */
static int print_plain_start(app *a)
{
    fprintf(stderr, "workbook: no terminal here, so no workbook screen; the lessons:\n\n");
    char *args[] = {"list", NULL};
    verb_list.run(a, 1, args);
    fprintf(stderr, "\nRun one with: workbook run 04   (or: workbook run 04 blocked)\n"
                    "See all verbs: workbook --help\n");
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    app a = {.argv0 = argv[0]};
    const char *no_color = getenv("NO_COLOR");
    a.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);

    /* Global options may come anywhere; the rest keeps its order for the verb. */
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-color") == 0) {
            a.color = false;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_usage(stdout);
            return EXIT_PASS;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("workbook %s\n", WORKBOOK_VERSION);
            return EXIT_PASS;
        } else {
            argv[++n] = argv[i];
        }
    }
    argv[n + 1] = NULL;

    char *root = catalog_find_root();
    if (!root) {
        fprintf(stderr,
                "workbook: cannot find the workbook's folder (one with " CATALOG_COMMON "/lesson.mk).\n"
                "Run it from the project, or set WORKBOOK_ROOT to its folder.\n");
        return EXIT_USAGE;
    }
    a.root = root;
    if (catalog_load(root, &a.cat) < 0) {
        fprintf(stderr, "workbook: cannot read %s\n", root);
        free(root);
        return EXIT_USAGE;
    }

    int rc;
    if (n == 0) {
        /* The screens need a terminal on both sides; headless mode draws to /dev/null. */
        ui_options uo;
        ui_options_from_env(&uo);
        uo.global_keys = ui_present_keys;
        if (uo.headless || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)))
            rc = ui_main(&a, &uo, ui_catalog_open);
        else
            rc = print_plain_start(&a);
    } else {
        const verb_entry *v = NULL;
        for (size_t i = 0; i < nverbs; i++)
            if (strcmp(argv[1], verbs[i]->name) == 0)
                v = verbs[i];
        if (v) {
            rc = v->run(&a, n, argv + 1);
        } else {
            fprintf(stderr, "workbook: unknown verb '%s'\n\n", argv[1]);
            print_usage(stderr);
            rc = EXIT_USAGE;
        }
    }
    catalog_free(a.cat);
    free(root);
    return rc;
}
