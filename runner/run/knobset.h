/*
 * Knob settings as typed ("pool=8", "threads=1..8:2") and what follows from them: the
 * values checked against an expectation file's knobs, the environment that gives them to
 * the program, and a setting refused because the run could not finish in time. The knobs
 * themselves (names, ranges, defaults) are the expectation file's (expect.h).
 *
 * Pure but for reading environ in knobset_env: no curses, no processes, no files.
 */
#ifndef KNOBSET_H
#define KNOBSET_H

#include <stdbool.h>
#include <stddef.h>

#include "expect.h"

#define KNOBSET_MAX 16

/* Knob values for a run: names and values as typed, in the order given. */
typedef struct knobset {
    char name[KNOBSET_MAX][48];
    char value[KNOBSET_MAX][24];
    size_t n;
} knobset;

/* Adds "NAME=VALUE" (a later value for the same name replaces the earlier one). Returns 0,
   or -EINVAL with one sentence in err (no '=', no name, too many). */
int knobset_add(knobset *s, const char *setting, char *err, size_t errlen);
/* Sets name to value (a number as text), replacing an earlier value; 0 or -ENOSPC. */
int knobset_put(knobset *s, const char *name, const char *value);
/* Whether s has a value for name. */
bool knobset_has(const knobset *s, const char *name);
/* Forgets name's value. */
void knobset_drop(knobset *s, const char *name);

/*
 * Applies the values f knows to f (unknown names are left alone when lenient, else
 * refused). Returns 0, or a negative errno with one sentence in err naming the knob and
 * its range (expect_knob_set).
 */
int knobset_apply(const knobset *s, expect_file *f, bool lenient, char *err, size_t errlen);

/*
 * Refuses a setting whose run cannot finish within timeout_s: when f's `lasts` (the least
 * time a run takes, from the knobs) reaches the limit, returns -ETIME with one sentence in
 * err that names the knobs and the limit. Returns 0 otherwise.
 */
int knobset_check_time(const expect_file *f, const expect_machine *m, double timeout_s, char *err,
                       size_t errlen);

/* "pool 8, jobs 16": the settings in s as they were given ("" when none). */
void knobset_text(const knobset *s, char *buf, size_t n);
/* "pool 8, jobs 16": the knobs of f that differ from their defaults ("" when none). */
void knobset_describe(const expect_file *f, const expect_machine *m, char *buf, size_t n);

/*
 * The environment for a run of a program judged by f: base (NULL: this process's) without
 * any KNOB_ variable, then KNOB_NAME=VALUE for each knob of f that is set. A malloc'd,
 * NULL-terminated array; free it with knobset_env_free.
 */
char **knobset_env(const char *const *base, const expect_file *f);
void knobset_env_free(char **env);

/* A sweep's range, "threads=1..8" or "threads=1..8:2". */
typedef struct knobset_range {
    char name[48];
    int from, to, step;
} knobset_range;

/* Refuses a range of more than max values: -E2BIG with one sentence in err (the step
   that would fit), else 0. */
int knobset_range_fits(const knobset_range *r, int max, char *err, size_t errlen);
/* Reads a sweep's range. Returns 0, or -EINVAL with one sentence in err. */
int knobset_parse_range(const char *spec, knobset_range *out, char *err, size_t errlen);

#endif
