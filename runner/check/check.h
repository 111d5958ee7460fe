/*
 * Checking one exercise file: compile it, run it under limits with the observer
 * (observe.h) watching, and judge its output and what it did against the exercise's
 * expectations. The result is
 * a verdict: every check with its mark, the diff, the hints. Nothing here prints;
 * verdict.c formats a verdict for people and machines.
 *
 * Event-driven on the caller's libuv loop (the compiler and the program are
 * children started through child.c with pipes), so several checks can run at once
 * and a user interface stays responsive. check_file() wraps it for the verbs.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "expect.h"

/* How a check came out. */
typedef enum check_mark {
    CHECK_OK,   /* held */
    CHECK_FAIL, /* did not hold: the file fails */
    CHECK_INFO, /* shown, never fails */
    CHECK_SKIP, /* not run (an earlier step failed) or not gradable on this machine */
} check_mark;

typedef enum check_kind {
    CHECK_COMPILES,
    CHECK_RUNS,
    CHECK_LINE,      /* an expected output line */
    CHECK_EXTRA,     /* an output line no `line` expects */
    CHECK_RELATION,  /* an `expect` or `info` condition */
    CHECK_OBJECTIVE, /* judged from what the run did (the observer's facts) */
    CHECK_UNCHANGED, /* a section of the source kept as the exercise gives it */
    CHECK_RACE,      /* the race check: a ThreadSanitizer build's run (`race-check`) */
} check_kind;

typedef struct check_item {
    check_kind kind;
    check_mark mark;
    char *label;    /* the check as a sentence: "compiles", "runs", the line that came (or the
                       line's label), the condition's label or words made from it */
    char *rule;     /* the raw rule it grades: the pattern or condition as written in the
                       expectation file; NULL for the checker's own items */
    char *actual;   /* what happened: "exited with status 0 in 0.16 s", the output line, the
                       value; raw bytes from the program: make them visible to show them */
    char *expected; /* for relations: "50 +15/-3"; else NULL */
    char *hint;     /* why it failed and what to do; NULL when it held */
    char *note;     /* not gradable / not run / info context; may be NULL */
    bool timing;    /* a timing check (re-run when it is the only kind that failed) */
} check_item;

/* One line of the diff between the expected lines and the output. */
typedef struct check_diff_line {
    char op;    /* ' ' matched, '-' expected but missing, '+' printed but not expected,
                   '~' a note that lines were left out */
    char *text; /* the pattern (for '-') or the output line (raw bytes) */
} check_diff_line;

typedef struct check_verdict {
    char *source;      /* the file, as it was named */
    char *error;       /* an environment error (no compiler, bad expectations): not a
                          verdict on the file; NULL normally */
    bool passed;       /* every check held (in at least one of the runs) */
    check_item *items; /* in order: compiles, runs, lines, relations, objectives */
    size_t nitems;
    int checks_passed, checks_failed;
    int checks_total; /* every check but the informational ones (skipped ones count) */
    bool compiled;
    char *toolchain;   /* the compiler and flags it was built with, or NULL (toolchain.h) */
    char *environment; /* what the run ignored or kept of the shell's variables that matter
                          (runenv.h), or NULL when the shell set none */
    char *build_log;   /* the compiler's messages, colour removed ("" when quiet) */
    int warnings;      /* how many of them are warnings */
    char **out_lines;  /* stdout of the run shown (raw, without newlines) */
    size_t nout;
    char *err_text; /* its stderr (raw, cut at 64 KiB): shown, never graded */
    bool err_cut;
    check_diff_line *diff; /* empty when every line matched */
    size_t ndiff;
    int runs;        /* how many times the program ran (1, or 3 after a timing failure) */
    int runs_passed; /* of those, how many passed */
    double timeout_s;
    double run_s;   /* the program's own run time (the run shown) */
    double total_s; /* the whole check: compile, all runs */
    char *sandbox;  /* "sandboxed (bubblewrap...)" or "not sandboxed: why"; NULL: unknown */
} check_verdict;

typedef struct check_options {
    const char *source;      /* the .c to check */
    const char *expect_path; /* the exercise's expectations */
    const char *build_dir;   /* where the program is built (never next to the source) */
    const expect_machine *machine;
    double timeout_s;        /* 0: the expectation file's `timeout`, else 10 s */
    int max_runs;            /* runs when only timing failed; 0: 3 */
    const char *include_dir; /* added with -I (lessons/common, for stopwatch.h), or NULL */
} check_options;

typedef struct check check;

/* Called once with the verdict, which the callee owns (check_verdict_free). */
typedef void (*check_done_fn)(void *ctx, check_verdict *v);

/*
 * Starts checking a file. Returns 0 and sets *out, or a negative error with err filled
 * in (the expectations cannot be read or parsed). The check is freed after done runs.
 */
int check_start(uv_loop_t *loop, const check_options *o, check_done_fn done, void *ctx, check **out,
                char *err, size_t errlen);
/* Stops a check: kills what runs; done follows with an error verdict ("cancelled"). */
void check_cancel(check *c);

/* Checks a file on a loop of its own and returns the verdict (never NULL). */
check_verdict *check_file(const check_options *o);

void check_verdict_free(check_verdict *v);

/* Whether path can be checked: 0, or a negative errno with one sentence in msg saying
   what it is (a folder, a FIFO, a device, unreadable, too large, a binary) and what to do. */
int check_source_problem(const char *path, char *msg, size_t len);

/* Removes terminal colour sequences (ESC [ ... m and ESC ] ... BEL) in place. */
void check_strip_color(char *s);

#endif
