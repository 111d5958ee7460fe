/*
 * What the student's verbs share (cmd_exercise.h): naming an exercise, reading the
 * arguments of check and watch, the options of a check, printing a verdict and
 * remembering a pass. The verbs use these; these use none of the verbs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "catalog.h"
#include "check.h"
#include "cmd_exercise.h"
#include "progress.h"
#include "report.h"
#include "util.h"
#include "verdict.h"
#include "words.h"

const catalog_exercise *cmd_exercise_arg(app *a, const char *verb, const char *key)
{
    const catalog_exercise *e = key ? catalog_find_exercise(a->cat, key) : NULL;
    if (e)
        return e;
    if (key)
        fprintf(stderr, "workbook %s: there is no exercise '%s'.", verb, key);
    else
        fprintf(stderr, "workbook %s: which exercise?", verb);
    fprintf(stderr, " The exercises are:\n");
    for (size_t i = 0; i < a->cat->nexercises; i++)
        fprintf(stderr, "  %d  %s\n", a->cat->exercises[i].number, a->cat->exercises[i].slug);
    if (!a->cat->nexercises)
        fprintf(stderr, "  (none: %s/exercises/ is empty)\n", a->root);
    return NULL;
}

/* Opens the progress, telling the user on stderr when it had to be rebuilt. */
progress *cmd_open_progress(app *a)
{
    char *warning;
    progress *p = progress_open(a->root, NULL, &warning);
    if (warning) {
        fprintf(stderr, "workbook: %s\n", warning);
        free(warning);
    }
    return p;
}

bool cmd_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool cmd_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

void cmd_options_for(app *a, const catalog_exercise *e, const char *file, check_options *o)
{
    *o = (check_options){
        .source = file,
        .expect_path = e->expect_path,
        .build_dir = xasprintf("%s/build/check/%s", a->root, e->dirname),
        .common_dir = catalog_common_dir(a->root),
    };
}

void cmd_options_release(check_options *o)
{
    free((char *)o->build_dir);
    free((char *)o->common_dir);
}

/* Remembers a pass of the student's own file. */
void cmd_record_pass(app *a, const catalog_exercise *e, const char *file)
{
    if (!cmd_same_file(file, e->source))
        return;
    progress *p = cmd_open_progress(a);
    if (!progress_passed(p, e->number)) {
        progress_set_passed(p, e->number);
        progress_save(p);
    }
    progress_free(p);
}

static char *exercise_title(const catalog_exercise *e)
{
    return words_exercise_title(e->number, e->slug);
}

void cmd_print_verdict(app *a, const catalog_exercise *e, const check_verdict *v, verdict_format f)
{
    if (f == VERDICT_TAP) {
        verdict_print_tap(stdout, v);
    } else if (f == VERDICT_JSON) {
        verdict_print_json(stdout, v, e->number);
    } else if (f == VERDICT_JUNIT) {
        char *title = exercise_title(e);
        verdict_print_junit(stdout, title, &v, 1, v->total_s);
        free(title);
    } else {
        report_style s = report_style_for(a->color);
        char *title = exercise_title(e);
        verdict_print_text(stdout, v, title, &s);
        free(title);
    }
    fflush(stdout);
}

int cmd_format_arg(const char *verb, const char *value, verdict_format *f)
{
    if (verdict_parse_format(value, f) == 0)
        return 0;
    fprintf(stderr, "workbook %s: --format is text, tap, json or junit, not '%s'\n", verb, value);
    return EXIT_USAGE;
}

/* Parses "N [FILE] [--format F]" (and --format=F). Returns 0 or EXIT_USAGE. */
static int parse_check_args(int argc, char **argv, const verb_entry *v, const char **key,
                            const char **file, verdict_format *f)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    *key = *file = NULL;
    *f = VERDICT_TEXT;
    optind = 0; /* glibc starts over: a verb's argv is not main's */
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, ":", options, NULL)) != -1;) {
        if (c == 'f' && cmd_format_arg(argv[0], optarg, f) == 0)
            continue;
        if (c == 'v') {
            /* The raw rule of each check beside its sentence. */
            words_set_rules(true);
            continue;
        }
        if (c != 'f') {
            fprintf(stderr, "workbook %s: unknown option '%s'\n", argv[0], argv[optind - 1]);
            verb_print_usage(v, stderr);
        }
        return EXIT_USAGE;
    }
    for (; optind < argc; optind++) {
        if (!*key) {
            *key = argv[optind];
        } else if (!*file) {
            *file = argv[optind];
        } else {
            fprintf(stderr, "workbook %s: too many arguments\n", argv[0]);
            verb_print_usage(v, stderr);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The file to check: FILE when given (it must exist), else the exercise's. */
static const char *file_arg(const catalog_exercise *e, const char *file, const char *verb)
{
    if (!file)
        file = e->source;
    char why[512];
    if (check_source_problem(file, why, sizeof why) < 0) {
        fprintf(stderr, "workbook %s: %s%s\n", verb, why,
                file == e->source && !cmd_is_file(file)
                    ? " (restore it with: git checkout -- that path)"
                    : "");
        return NULL;
    }
    return file;
}

static bool expectations_present(const catalog_exercise *e, const char *verb)
{
    if (cmd_is_file(e->expect_path))
        return true;
    fprintf(stderr, "workbook %s: exercise %d has no expectations (%s is missing)\n", verb,
            e->number, e->expect_path);
    return false;
}

int cmd_check_args(app *a, int argc, char **argv, const verb_entry *v, cmd_request *r)
{
    const char *verb = v->name;
    const char *key;
    if (parse_check_args(argc, argv, v, &key, &r->file, &r->format))
        return EXIT_USAGE;
    if (!(r->e = cmd_exercise_arg(a, verb, key)))
        return EXIT_USAGE;
    if (!(r->file = file_arg(r->e, r->file, verb)) || !expectations_present(r->e, verb))
        return EXIT_USAGE;
    return 0;
}

int cmd_flag_args(int argc, char **argv, const char *usage, const char *flag, char short_flag,
                  bool *on, const char **key)
{
    const struct option options[] = {
        {flag + 2, no_argument, NULL, 'y'},
        {NULL, 0, NULL, 0},
    };
    const char shorts[] = {':', short_flag, '\0'};
    *on = false;
    *key = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, options, NULL)) != -1 &&
           (c == 'y' || (short_flag && c == short_flag)))
        *on = true;
    if (c == -1 && optind < argc)
        *key = argv[optind++];
    if (c != -1 || optind < argc) {
        fprintf(stderr, "usage: workbook %s\n", usage);
        return EXIT_USAGE;
    }
    return 0;
}

const catalog_exercise *cmd_exercise_flag_args(app *a, int argc, char **argv, const char *verb,
                                               const char *usage, const char *flag, char short_flag,
                                               bool *on)
{
    const char *key;
    if (cmd_flag_args(argc, argv, usage, flag, short_flag, on, &key))
        return NULL;
    return cmd_exercise_arg(a, verb, key);
}
