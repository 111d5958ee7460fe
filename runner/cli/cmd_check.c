/*
 * `workbook check N [FILE]`: grade a student's file against the exercise's
 * expectations.
 */
#include <stdio.h>

#include "app.h"
#include "check.h"
#include "cmd_exercise.h"
#include "progress.h"
#include "verb.h"
#include "verdict.h"
#include "words.h"

static int exit_code_of(const check_verdict *v)
{
    return v->error ? EXIT_USAGE : v->passed ? EXIT_PASS : EXIT_FAILED;
}

static int cmd_check(app *a, int argc, char **argv)
{
    cmd_request req;
    if (cmd_check_args(a, argc, argv, &verb_check, &req))
        return EXIT_USAGE;
    cmd_keep_pristine(a, req.e->dirname, req.e->source);
    const catalog_exercise *e = req.e;
    const char *file = req.file;
    verdict_format f = req.format;

    check_options o;
    cmd_options_for(a, e, file, &o);
    check_verdict *v = check_file(&o);
    cmd_options_release(&o);
    cmd_print_verdict(a, e, v, f);
    if (v->error)
        fprintf(stderr, "workbook check: %s\n", v->error);
    if (v->passed) {
        cmd_record_pass(a, e, file);
        if (f == VERDICT_TEXT && cmd_same_file(file, e->source))
            printf("\n" WORDS_WELL_DONE "\n", e->number);
    } else if (f == VERDICT_TEXT && !v->error) {
        printf("\n" WORDS_STUCK "\n", e->number);
    }
    int rc = exit_code_of(v);
    check_verdict_free(v);
    return rc;
}

const verb_entry verb_check = {
    .name = "check",
    .run = cmd_check,
    .usage = "check N [FILE] [--format text|tap|json|junit] [--verbose]",
    .help = {
        {"check N [FILE] [--format F] [--verbose]",
         "grade an exercise (F: text, tap, json, junit)"},
    },
};
