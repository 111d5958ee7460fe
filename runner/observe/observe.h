/*
 * What a program did, read from the observer's log (observer/observe.c writes it; the
 * events are listed in runner/OBSERVER.md): its threads and their roles, the spans of
 * blocking and work on each, and the facts that objectives are judged from (facts.h).
 *
 * observe_parse is pure (text in, a model out); observe_load reads the file; the
 * environment a program needs to be observed comes from observe_env.
 */
#ifndef OBSERVE_H
#define OBSERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"

/* What a thread was for, as far as its events tell. */
typedef enum observe_role {
    OBSERVE_MAIN,    /* the program's first thread, when it is not the loop thread */
    OBSERVE_LOOP,    /* it ran uv_run */
    OBSERVE_POOL,    /* it ran a work callback of uv_queue_work (libuv's pool) */
    OBSERVE_TEAM,    /* it ran an OpenMP region started elsewhere */
    OBSERVE_PROGRAM, /* the program started it with pthread_create */
    OBSERVE_RUNTIME, /* libuv or OpenMP started it and it did nothing seen */
} observe_role;

typedef struct observe_thread {
    long tid;
    observe_role role;
    char name[24]; /* "loop", "pool 1", "team 2", "thread 1", "main" */
} observe_thread;

typedef enum observe_span_kind {
    OBSERVE_SLEEP, /* a blocking sleep */
    OBSERVE_WORK,  /* a work callback on the pool */
    OBSERVE_OMP,   /* a thread's share of an OpenMP region */
    OBSERVE_RUN,   /* uv_run */
} observe_span_kind;

typedef struct observe_span {
    int thread; /* index into threads */
    observe_span_kind kind;
    double from_ms, to_ms; /* since the program started */
    char label[32];        /* "sleep 150 ms", "job 1", "parallel region 2" */
} observe_span;

typedef struct observe_run {
    bool valid;              /* the log had the program's first line */
    bool cut;                /* the observer stopped writing at its size cap */
    observe_thread *threads; /* in order of first appearance; only those that did something */
    size_t nthreads;
    observe_span *spans; /* by start */
    size_t nspans;
    run_facts facts;
} observe_run;

/* Reads a log. Never fails: a log without the program's first line gives !valid. Returns
   0, or -1 when out of memory. */
int observe_parse(const char *text, size_t len, observe_run *out);
/* Reads the log at path (missing or empty: !valid). */
int observe_load(const char *path, observe_run *out);
void observe_run_free(observe_run *r);

/* The role's name for people: "loop thread", "pool thread", ... */
const char *observe_role_name(observe_role role);

/*
 * The observer library: WORKBOOK_OBSERVER when set, else libobserve.so beside the
 * workbook's own executable. Returns a malloc'd path, or NULL when it is not there.
 */
char *observe_library(void);

/* A fresh path for a log, in a folder of this user's under $TMPDIR or /tmp; NULL when that
   folder cannot be made. */
char *observe_log_path(void);

/*
 * The environment of an observed child: the runner's, with LD_PRELOAD naming lib,
 * WORKBOOK_OBSERVE naming log, and WORKBOOK_OBSERVE_EXE naming exe, the program to observe
 * when it is started through a shell or make (NULL: the first program started), and
 * OMP_NUM_THREADS=2 on a one-core machine, so that a team of two is possible there). A
 * NULL-terminated array to free with observe_env_free.
 */
char **observe_env(const char *lib, const char *log, const char *exe);
void observe_env_free(char **env);

#endif
