/*
 * A run of one lesson variant (or exercise program): build it through make, then run
 * it under a pty, collecting each output line with its arrival time and matching the
 * lines against the variant's expectations as they arrive.
 *
 * Event-driven on the caller's libuv loop: nothing here blocks, and nothing draws.
 * The plain `workbook run` prints from the callbacks; the TUI redraws from them.
 */
#ifndef RUNJOB_H
#define RUNJOB_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "child.h"
#include "expect.h"
#include "observe.h"

typedef struct runjob runjob;

/* A run's time limit when its expectation file names none, in seconds. */
#define RUNJOB_DEFAULT_TIMEOUT 30.0

typedef enum runjob_phase {
    RUNJOB_BUILDING,
    RUNJOB_RUNNING,
    RUNJOB_DONE,
} runjob_phase;

/* One output line of the program. */
typedef struct runjob_line {
    char *text;    /* without "\n" and trailing "\r"; raw bytes: make them visible to show them */
    uint64_t t_ms; /* arrival, in ms since the program was started */
    bool cut;      /* longer than the line cap */
} runjob_line;

typedef struct runjob_events {
    /* A line of the build's output (the compiler's messages). */
    void (*on_build_line)(void *ctx, const char *line);
    /* The build finished; ok says whether the program can run. */
    void (*on_build_done)(void *ctx, bool ok, const char *why);
    /* A line of the program's output arrived; it is runjob_lines(j)[index]. The
       partial match (runjob_result) is up to date when this is called, for the first
       500 lines; after those, the match is made once, at the end. */
    void (*on_line)(void *ctx, size_t index);
    /* Everything is over: the final match is in runjob_result. */
    void (*on_done)(void *ctx);
    void *ctx;
} runjob_events;

typedef struct runjob_options {
    const char *root;     /* the project root (for make) */
    const char *make_dir; /* folder to run `make` in (lessons/04-starvation), or NULL: no build */
    const char *binary;   /* the program to run */
    const char *arg;      /* one argument for it (node's script), or NULL */
    const char *makefile; /* make -f this (a folder without a Makefile), or NULL */
    const char *expect_path; /* its expectations, or NULL */
    double timeout_s;        /* 0: the expectation file's timeout, else 30 s */
    int cols, rows;          /* the pty size */
    const expect_machine *machine;
    /* Knob values for the program and its expectations (knobset.h), or NULL: the
       program as written. With knobs_lenient, names its file does not know are left
       out (a lesson's setting that only some of its variants have). */
    const struct knobset *knobs;
    bool knobs_lenient;
} runjob_options;

/* Starts the job. Returns 0, or a negative error with err filled in (an unreadable or
   malformed expectation file: "FILE:LINE: what is wrong"; a knob that is unknown or out
   of its range; a setting whose run cannot finish within the time limit). */
int runjob_start(uv_loop_t *loop, const runjob_options *o, const runjob_events *ev, runjob **out,
                 char *err, size_t errlen);
/* Cancels: kills the build or the program's process group; on_done follows. */
void runjob_cancel(runjob *j);
/* Resizes the program's pty. */
void runjob_resize(runjob *j, int cols, int rows);
/* Frees a job that is done (on_done has been called), or cancels and frees it later. */
void runjob_free(runjob *j);

runjob_phase runjob_get_phase(const runjob *j);
const runjob_line *runjob_lines(const runjob *j, size_t *n);
/* The build's output lines so far. */
const char *const *runjob_build_lines(const runjob *j, size_t *n);
/* The latest match of the output against the expectations, or NULL without any. */
const expect_result *runjob_result(const runjob *j);
/* The expectations (title, timeout), or NULL. */
const expect_file *runjob_expect(const runjob *j);
/* How the program ended (valid once done and the build succeeded). */
const child_status *runjob_status(const runjob *j);
bool runjob_build_ok(const runjob *j);
/* Program start in uv_hrtime() ns (for placing events on a timeline). */
uint64_t runjob_started_ns(const runjob *j);
/* What the program did, as the observer saw it (threads, spans, facts), once it has
   ended; NULL before, or when it was not observed. */
const observe_run *runjob_observed(const runjob *j);
/* The program's time limit in seconds (for words_exit). */
double runjob_timeout(const runjob *j);

#endif
