/*
 * A verb of `workbook`, as the file that implements it describes it: its name, how it is
 * called, what it does, and the function that does it. Each cmd_*.c exports its entries
 * and main.c only lists them, so a new verb is one file and one line of that list, and a
 * verb's usage is written once: --help and its usage errors read the same entry.
 */
#ifndef VERB_H
#define VERB_H

#include <stdio.h>

#include "app.h"

/* One line of `workbook --help`: what to type, and what it does. */
typedef struct verb_line {
    const char *call;    /* "check N [FILE] [--format F] [--verbose]" */
    const char *summary; /* "grade an exercise (F: text, tap, json, junit)" */
} verb_line;

typedef struct verb_entry {
    const char *name;
    /* Gets the arguments after the verb's name (argv[0] is the verb); returns an exit
       code (EXIT_PASS, EXIT_FAILED or EXIT_USAGE). */
    int (*run)(app *a, int argc, char **argv);
    /* The full usage, after "usage: workbook " on a usage error (a second form on its own
       line starts with "       workbook "). */
    const char *usage;
    verb_line help[2]; /* its lines in --help; a second for a verb of two forms */
} verb_entry;

/* Prints "usage: workbook " and v's usage, with a newline, on out. */
void verb_print_usage(const verb_entry *v, FILE *out);

/* What more than one verb uses of another's file. */

/* The exercise KEY names; NULL after telling the user on stderr which exist
   (cmd_exercise.c). */
const catalog_exercise *cmd_exercise_arg(app *a, const char *verb, const char *key);

struct knobset;
struct expect_machine;
/* Checks knob settings against a lesson's variants (only that one when not NULL; judged
   by expect_path when not NULL): each name must be some variant's knob, each value in
   its range, each run within its time limit on machine m. Returns 0, or a negative errno
   after one sentence on stderr (cmd_run.c; sweep uses it too). */
int cmd_run_check_knobs(const catalog_lesson *l, const catalog_variant *only,
                        const struct knobset *s, const char *expect_path,
                        const struct expect_machine *m);

extern const verb_entry verb_list, verb_run, verb_sweep, verb_quiz, verb_present, verb_doctor,
    verb_check, verb_hint, verb_watch, verb_reset, verb_solution, verb_grade, verb_classroom;

#endif
