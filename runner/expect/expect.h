/*
 * Expectation files: parsing and matching (runner/EXPECTATIONS.md is the format).
 *
 * Pure functions: no I/O, no globals, no curses, but for expect_load, which reads a
 * file and parses it. The runner, the checker and the tests all go through these.
 */
#ifndef EXPECT_H
#define EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct expect_file expect_file;

/* Errors returned by expect_parse. */
enum {
    EXPECT_ERR_FORMAT = -1, /* the file is malformed; err says where and what */
    EXPECT_ERR_NOMEM = -2,  /* out of memory */
};

struct run_facts;

/* Facts that conditions may name: about this machine, and what the run did. */
typedef struct expect_machine {
    int cores;       /* CPUs this process may run on */
    int omp_threads; /* OpenMP's default thread count */
    double load;     /* one-minute load average */
    /* What the run did, as the observer saw it (facts.h), or NULL when it was not
       observed (yet): conditions that name such a fact then wait or are not run. */
    const struct run_facts *observed;
} expect_machine;

typedef enum expect_row_kind {
    EXPECT_ROW_LINE,  /* a `line` directive: matched, missing or pending */
    EXPECT_ROW_CHECK, /* an `expect` or `info` condition */
    EXPECT_ROW_LET,   /* a derived value */
    EXPECT_ROW_EXTRA, /* an output line that matched no `line` */
} expect_row_kind;

/* One row of the result table. Strings are owned by the result. */
typedef struct expect_row {
    expect_row_kind kind;
    expect_status status;
    int src_line;        /* line in the expectation file (0 for EXTRA) */
    int output_index;    /* the output line it matched or is (0-based), or -1; for a check,
                            the line of the last capture it uses */
    const char *label;   /* the pattern, condition or let, as written (the raw rule) */
    const char *says;    /* the row as a sentence, never NULL: a matched or extra line is the
                            output line itself; else the file's `label` with its values filled
                            in, or words made from the rule ("omp_team: at least 2") */
    const char *subject; /* what is measured: "hb1", "hb2 - hb1", "speedup" (checks, lets) */
    bool has_value;
    double value;         /* the actual value of the subject */
    const char *actual;   /* the actual, as text (an output line, or the value formatted) */
    const char *expected; /* "50 +15/-0", ">= 300", "<= 230 (seq / min(cores, 8), 2 cores)" */
    bool has_delta;
    double delta;     /* actual minus the expected centre or ref */
    bool info_held;   /* for EXPECT_INFO: whether the condition held */
    bool timing;      /* uses an `ms` capture */
    bool derived;     /* names a machine fact: the expected value comes from this machine */
    bool objective;   /* an `objective`: judged from what the run did (facts.h) */
    const char *hint; /* interpolated; set when the row failed (or an info did not hold) */
    const char *note; /* why not gradable / not run, or other context; may be NULL */
} expect_row;

typedef struct expect_result {
    expect_row *rows;
    size_t nrows;
    int failed;        /* rows with EXPECT_FAIL */
    int timing_failed; /* of those, the timing checks */
    bool complete;     /* matched against a finished run */
    bool passed;       /* complete and failed == 0 */
} expect_result;

/* A capture's value by name, after matching: returns false when it was not captured. */
bool expect_result_capture(const expect_result *r, const char *name, double *value);
/* A capture's text as printed (exact, also for u64 values), or NULL when not captured. */
const char *expect_result_capture_text(const expect_result *r, const char *name);

/*
 * Parses an expectation file. On success returns 0 and sets *out. On error returns a
 * negative number and writes "FILE:LINE: what is wrong" into err (always terminated).
 */
int expect_parse(const char *text, size_t len, const char *filename, expect_file **out, char *err,
                 size_t errlen);
void expect_free(expect_file *f);

/*
 * Reads the expectation file at path and parses it, with extra (more directives, one a
 * line, such as presentation mode's timeline marks; NULL for none) after its last line.
 * Returns 0 and sets *out, or a negative errno with err filled in: "PATH: why" when the
 * file cannot be read, "PATH:LINE: what is wrong" (-EINVAL) when it is malformed.
 */
int expect_load(const char *path, const char *extra, expect_file **out, char *err, size_t errlen);

/* The file's `title`, or NULL. */
const char *expect_title(const expect_file *f);
/* The file's `timeout` in seconds, or def when it has none. */
double expect_timeout(const expect_file *f, double def);
/* The number of `objective` directives. */
size_t expect_objective_count(const expect_file *f);
/* Whether the file says `race-check`: the checker also runs a ThreadSanitizer build. */
bool expect_race_check(const expect_file *f);
/* The number of `line` directives (the output lines a correct run prints). */
size_t expect_line_count(const expect_file *f);
/* The number of `unchanged` directives; the i-th one's marker text, and its digest. */
size_t expect_unchanged_count(const expect_file *f);
const char *expect_unchanged(const expect_file *f, size_t i, uint64_t *digest);

/*
 * Matches output lines (without their newlines) against the file. complete says the
 * program has finished; when false, nothing is missing yet and checks wait for their
 * captures (EXPECT_PENDING). Never fails: returns NULL only when out of memory.
 *
 * The rows follow the file's `line`, `expect`/`info` and `let` directives in order, then
 * one EXTRA row per unmatched output line in output order. label, actual and expected are
 * never NULL ("" when there is nothing to show); subject is NULL for LINE and EXTRA rows;
 * hint and note may be NULL. A missing line is EXPECT_FAIL with the note "missing"; a
 * `let` row is EXPECT_INFO (info_held false when it could not be computed); an extra
 * line is EXPECT_FAIL, or EXPECT_INFO under `extra-lines ok`. m may be NULL: conditions
 * that name a machine fact are then not gradable.
 */
expect_result *expect_match(const expect_file *f, const char *const *lines, size_t nlines,
                            bool complete, const expect_machine *m);
void expect_result_free(expect_result *r);

/*
 * The timeline of a run: the file's `event` and `span` directives, in file order, with
 * their values from a match. Times are ms since the program's start.
 */
typedef struct expect_mark {
    bool span;         /* a `span` (from, to); else an `event` (at, wanted) */
    const char *label; /* the `as` label, the event's name, or the span's label (owned by f) */
    const char *name;  /* the event's capture or let; NULL for a span */
    bool has_at, has_wanted, has_from, has_to; /* false while not captured (or no `wanted`) */
    double at, wanted, from, to;
} expect_mark;

/* The number of `event` and `span` directives. */
size_t expect_mark_count(const expect_file *f);
/* Fills out[0, expect_mark_count(f)) with the marks and their values in r (r may be NULL:
   labels only; m may be NULL: expressions naming a machine fact have no value). */
void expect_marks(const expect_file *f, const expect_result *r, const expect_machine *m,
                  expect_mark *out);

/*
 * Knobs (`knob NAME = DEFAULT in [LOW, HIGH]  WHAT`): the program's parameters. The
 * runner gives a set knob to the program as the environment variable KNOB_NAME (the name
 * in capitals, expect_knob_env); conditions, lets, hints and the timeline name it like a
 * value, so that what is expected follows it. Unset, a knob is at its default, and the
 * program runs as written.
 */
typedef struct expect_knob {
    const char *name, *what; /* "pool", "threads in libuv's pool" (owned by the file) */
    const char *def_text;    /* the default as written: "4", "min(omp_threads, 8)" */
    int lo, hi;              /* the range, both ends included */
    int def;                 /* the default on this machine */
    int value;               /* the value for the next match: set, or the default */
    bool set;
} expect_knob;

size_t expect_knob_count(const expect_file *f);
/* Fills out with knob i (0 <= i < expect_knob_count); m gives a default its machine facts. */
void expect_knob_info(const expect_file *f, size_t i, const expect_machine *m, expect_knob *out);
/* The index of the knob called name, or -1. */
int expect_knob_find(const expect_file *f, const char *name);
/*
 * Sets knob name to value (text, as typed) for the matches that follow. Returns 0, or a
 * negative errno with one sentence in err naming the knob and its range: -ENOENT (no such
 * knob), -EINVAL (not a whole number), -ERANGE (out of its range).
 */
int expect_knob_set(expect_file *f, const char *name, const char *value, char *err,
                    size_t errlen);
/* Every knob back to its default. */
void expect_knob_reset(expect_file *f);
/* The variable a knob reaches the program by, "KNOB_POOL", into buf. Returns buf. */
char *expect_knob_env(const char *name, char *buf, size_t n);

/* The least time in ms a run takes with the knobs as set (`lasts`): 0, or -ENOENT when the
   file does not say, -EDOM when it cannot be computed. */
int expect_lasts(const expect_file *f, const expect_machine *m, double *ms);
/* `lasts` as written, or NULL. */
const char *expect_lasts_text(const expect_file *f);

/* What `workbook sweep` draws for one run (`plot NAME [expected EXPR] [ideal EXPR]`). */
typedef struct expect_plot_point {
    bool has_measured, has_expected, has_ideal;
    double measured, expected, ideal;
} expect_plot_point;
/* The value `plot` names, or NULL when the file has no `plot`. */
const char *expect_plot_name(const expect_file *f);
/* The plotted values of a match (r may be NULL: nothing is known). */
void expect_plot_values(const expect_file *f, const expect_result *r, const expect_machine *m,
                        expect_plot_point *out);

#endif
