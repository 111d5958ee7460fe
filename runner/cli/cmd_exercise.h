/*
 * What the student's verbs share. Not part of the interface: main.c knows the verbs
 * through app.h only.
 *
 *   cmd_exercise.c  the helpers below that the verbs share (and use nothing of theirs)
 *   cmd_pristine.c  the files as shipped: from git, or a first copy kept for reset
 *   cmd_check.c     check
 *   cmd_watch.c     watch: a check again on every save
 *   cmd_hint.c      hint and solution
 *   cmd_reset.c     reset
 *
 * A student's file is read, compiled and run, never written, except by `reset`,
 * which asks first and keeps a backup.
 */
#ifndef CMD_EXERCISE_H
#define CMD_EXERCISE_H

#include <stdbool.h>

#include "app.h"
#include "check.h"
#include "progress.h"
#include "verb.h"
#include "verdict.h"

/* Opens the progress, telling the user on stderr when it had to be rebuilt. */
progress *cmd_open_progress(app *a);

/* Whether path is a regular file. */
bool cmd_is_file(const char *path);
/* Whether two paths name the same file. */
bool cmd_same_file(const char *a, const char *b);

/* What check and watch were asked. */
typedef struct cmd_request {
    const catalog_exercise *e;
    const char *file; /* FILE when given, else the exercise's own */
    verdict_format format;
} cmd_request;

/* Reads "N [FILE] [--format F]" for check and watch into r. Returns 0, or EXIT_USAGE
   after telling the user on stderr what is wrong. */
int cmd_check_args(app *a, int argc, char **argv, const verb_entry *v, cmd_request *r);

/* Reads "N [FLAG]" for hint and reset: *on says whether argv holds flag ("--all") or
   short_flag (0 for none), *key the operand (NULL when there is none). Returns 0, or
   EXIT_USAGE after telling the user on stderr (usage is the verb's line, "hint N
   [--all]"). */
int cmd_flag_args(int argc, char **argv, const char *usage, const char *flag, char short_flag,
                  bool *on, const char **key);
/* The same, and the exercise the key names, or NULL after telling the user on stderr. */
const catalog_exercise *cmd_exercise_flag_args(app *a, int argc, char **argv, const char *verb,
                                               const char *usage, const char *flag, char short_flag,
                                               bool *on);

/* Reads a --format value for verb into *f. Returns 0, or EXIT_USAGE after telling the
   user on stderr which formats there are. */
int cmd_format_arg(const char *verb, const char *value, verdict_format *f);

/* The options every check of exercise e uses. The strings are the caller's to free
   (cmd_options_release). */
void cmd_options_for(app *a, const catalog_exercise *e, const char *file, check_options *o);
void cmd_options_release(check_options *o);

/* Prints a verdict on stdout in format f. */
void cmd_print_verdict(app *a, const catalog_exercise *e, const check_verdict *v, verdict_format f);

/* Remembers a pass of file when it is the student's own file of exercise e. */
void cmd_record_pass(app *a, const catalog_exercise *e, const char *file);

/* cmd_pristine.c. dirname names the folder of source ("1-collatz", "04-starvation"). */

/* Keeps a first copy of source where there is no git to restore it from. */
void cmd_keep_pristine(app *a, const char *dirname, const char *source);
/* source as the workbook shipped it (malloc'd, *len bytes): from git, else from the
   first copy; *from says which. NULL when there is neither. */
char *cmd_original(app *a, const char *dirname, const char *source, size_t *len, const char **from);

#endif
