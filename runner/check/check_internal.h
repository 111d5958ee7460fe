/*
 * What the files of the checker share: the state of one check and the steps that move
 * it on. Not part of the interface: the runner uses check.h only.
 *
 *   check.c          the sequence: start, the children, the runs, the end
 *   check_build.c    the compile step
 *   check_verdict.c  turning what a check collected into a verdict
 *   check_race.c     the race check: a ThreadSanitizer build and run beside the others
 */
#ifndef CHECK_INTERNAL_H
#define CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "check.h"
#include "child.h"
#include "expect.h"
#include "observe.h"

#define CHECK_OUTPUT_CAP (1u << 20)
#define CHECK_STDERR_KEEP (64u << 10)
#define CHECK_FILE_LIMIT (16ull << 20)
/* Memory in use (resident) by the program, the ThreadSanitizer run and the compiler;
   the address space is only a backstop, far above what a pool of 1024 threads reserves
   (8 GiB of stacks). Measured needs are in SANDBOX.md. */
#define CHECK_RUN_MEM (512ull << 20)
#define CHECK_RACE_MEM (3ull << 30)
#define CHECK_COMPILE_MEM (1ull << 30)
#define CHECK_RUN_AS (32ull << 30)
#define CHECK_COMPILE_AS (8ull << 30)
/* Processes and threads: libuv's largest pool (1024) and the program's own, plus a
   margin; the compiler's driver, cc1, as and ld. */
#define CHECK_RUN_PROCS 1200
#define CHECK_COMPILE_PROCS 64
#define CHECK_DEFAULT_TIMEOUT 10.0
#define CHECK_COMPILE_TIMEOUT 60.0

typedef enum check_step { STEP_COMPILE, STEP_RUN } check_step;

/* The children of a check, each with its own sandbox and limits (check_box.c). */
typedef enum check_child {
    CHILD_COMPILE,
    CHILD_RUN,
    CHILD_RACE_COMPILE,
    CHILD_RACE_RUN,
    CHILD_KINDS
} check_child;

/* A growing list of strings. */
typedef struct strlist {
    char **s;
    size_t n, cap;
} strlist;

/* Adds a copy of s[0..len) (see text_line_dup); frees every string and the list. */
void check__strlist_add(strlist *l, const char *s, size_t len);
void check__strlist_clear(strlist *l);

struct check {
    uv_loop_t *loop;
    char *source;  /* as given */
    char *display; /* relative to the current folder when under it */
    char *binary;
    char *build_dir;
    expect_file *ef;
    expect_machine machine;
    double timeout_s;
    int max_runs;
    check_done_fn done;
    void *ctx;
    check_step step;
    child *running;
    bool cancelled;
    uint64_t t0;

    strlist build; /* compiler messages */
    strlist lines; /* stdout of the current run */
    char *err;     /* stderr of the current run */
    size_t err_len;
    bool err_cut;

    bool compiled;
    /* Each `unchanged` section of the source: the line it starts on (0: its marker is
       missing, -1: the file could not be read) and its digest. */
    int *section_line;
    uint64_t *section_digest;
    char *observer;    /* the observer library (observe_library) */
    char *observe_log; /* where the current run's observer writes */
    observe_run seen;  /* what the shown run did */
    int runs, runs_passed;
    /* The run the verdict shows: the first failure, replaced by a passing run. */
    expect_result *shown;
    strlist shown_lines;
    char *shown_err;
    bool shown_err_cut;
    child_status shown_status;
    bool shown_passed;
    bool retrying;           /* the first run failed on timing alone: three runs in all */
    struct check_race *race; /* the race check's state (check_race.c), or NULL */

    /* Where the children run (check_box.c). */
    bool sandboxed;
    char *sandbox_note; /* sandbox_describe(): "sandboxed (...)" or "not sandboxed: why" */
    char *box_scratch;  /* the scratch folder (also build_dir); removed at the end */
    char *box_copy;     /* the copy of the source in it */
    char *box_at;       /* the source's real path, where the sandbox shows the copy */
    int box_uid;        /* the sandbox's user, or -1 */
    strlist box_ro;     /* read-only paths it shows (NULL-terminated) */
    char **box_argv[CHILD_KINDS];
};

/* Makes the scratch folder (build_dir becomes it) and, where the sandbox runs, the copy
   of the source and the list of what the sandbox shows. 0, or a negative errno with err. */
int check__box_init(check *c, char *err, size_t errlen);
/* Sets a child's limits and, when sandboxed, its wrapper. */
void check__box_options(check *c, child_options *o, check_child kind);
void check__box_free(check *c);
/* Shows one more path read-only in the sandbox (an absolute path; NULL: none). */
void check__box_show(check *c, const char *path);
/* Replaces the compiler's messages about files outside the submission's folder, the
   include folder and the system's headers, and the lines they quote, with a note. */
void check__hide_foreign(const check *c, strlist *l);

/* Whether a child exited by itself with status 0, within its limits. */
static inline bool check__status_ok(const child_status *st)
{
    return !st->spawn_failed && !st->timed_out && !st->output_capped && !st->cancelled &&
           !st->memory_capped && !st->procs_capped && st->term_signal == 0 && st->exit_code == 0;
}

/* The options every child of a check starts with: its argv, folder (NULL: ours),
   environment (NULL: ours) and time limit, the output cap of a program's run, the
   sandbox's options (check__box_options) and c as the callbacks' context. */
child_options check__child_options(check *c, const char *const *argv, const char *cwd,
                                   double timeout_s, check_child kind, const char *const *env);
/* Starts the step's child; its lines and its exit come back to check.c. env NULL: ours. */
int check__spawn(check *c, const char *const *argv, const char *cwd, double timeout_s,
                 check_child kind, const char *const *env);
/* Runs the program once. */
void check__start_run(check *c);
/* Ends the check: the verdict (or an error verdict) goes to done, then c is freed. */
void check__finish(check *c, const char *error);

/* Starts the compiler on c->display; returns 0 or a negative libuv error. */
int check__start_compile(check *c);
/* The next step once the compiler has exited. */
void check__after_compile(check *c, const child_status *st);

/* A compiler's argv in the toolchain's recipe (toolchain.sh), after argv[0, n) (the
   compiler): the words of flags, no colour, the prefix map that makes __FILE__ absolute,
   -o OUT, the file, the words of libs and the NULL (CHECK_ARGV_MAX in all). keep (zeroed
   by the caller) holds what check__argv_free frees once the compiler has started; slot 3
   is the caller's, for check__argv_words. */
#define CHECK_ARGV_MAX 96
#define CHECK_ARGV_KEEP 5
void check__argv(const check *c, const char **argv, int n, const char *flags, const char *out,
                 const char *libs, char *keep[CHECK_ARGV_KEEP]);
/* Adds the space-separated words onto argv from n (a copy in *keep); returns the new n. */
int check__argv_words(const char **argv, int n, const char *words, char **keep);
void check__argv_free(char *keep[CHECK_ARGV_KEEP]);

/* The race check (check_race.c), when the expectations say `race-check`: starts its
   compile beside the normal one; nothing when they do not. */
void check__race_start(check *c);
/* Whether the first run must wait for the race check's compile (then it starts the run
   itself): the two never share the cores. */
bool check__race_hold_run(check *c);
/* Whether the end of the check must wait: the race check runs first, or is stopped (an
   error, a cancel, a program that did not run to its end); it calls check__finish again. */
bool check__race_hold_finish(check *c, const char *error);
/* The race check's running child, or NULL. */
child *check__race_child(check *c);
void check__race_free(check *c);
/* The race check's verdict item; false when the file has none. */
bool check__race_item(check *c, check_item *it);

/* The verdict of what c collected. */
check_verdict *check__make_verdict(check *c);
/* A verdict that is an environment error; takes source. */
check_verdict *check__error_verdict(char *source, const char *error);

#endif
