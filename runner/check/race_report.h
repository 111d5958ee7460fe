/*
 * ThreadSanitizer's reports, read and put in a student's words.
 *
 * The race check (check_race.c) runs a ThreadSanitizer build of the student's file with
 * its reports going to a log. race_log_parse() reads that log into reports: for each
 * data race, the two accesses (read or write, the student's file:line, which kind of
 * thread) and the memory (a global's name, the heap, a stack). race_log_describe() turns
 * them into one short sentence per variable and the fix they point to.
 *
 * Pure functions: no I/O, no globals.
 */
#ifndef RACE_REPORT_H
#define RACE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

/* Who made an access, by how the thread came to be. */
typedef enum race_thread {
    RACE_THREAD_UNKNOWN,
    RACE_THREAD_MAIN, /* the program's main thread (also a libuv program's loop thread) */
    RACE_THREAD_TEAM, /* started by the OpenMP runtime: a member of a parallel team */
    RACE_THREAD_POOL, /* started by libuv: a thread of the pool behind uv_queue_work */
    RACE_THREAD_OWN,  /* started by the program's own pthread_create */
} race_thread;

typedef enum race_memory {
    RACE_MEMORY_UNKNOWN,
    RACE_MEMORY_GLOBAL, /* a global or static variable: its name is known */
    RACE_MEMORY_HEAP,   /* a heap block; where the student's file allocated it, if it did */
    RACE_MEMORY_STACK,  /* a local variable of some thread */
    RACE_MEMORY_TLS,    /* thread-local storage */
} race_memory;

/* One access: the report's first, or the "previous" one it raced with. */
typedef struct race_access {
    bool write, atomic;
    int tid;          /* TSan's thread number: 0 the main thread, N for TN, -1 unknown */
    race_thread who;  /* from the "Thread TN ... created by" block */
    char *func;       /* the function of the first frame in the student's file, or NULL */
    int line, column; /* that frame's place; 0 when no frame of the student's has a line */
    bool in_openmp;   /* a frame of the stack is an OpenMP outlined region or libomp */
} race_access;

typedef struct race_report {
    char *kind; /* "data race", "thread leak", "lock-order-inversion (potential deadlock)" */
    race_access access[2]; /* for a data race: the access reported, then the previous one */
    int naccess;
    race_memory memory;
    char *global;   /* a global's name ('best'), else NULL */
    int alloc_line; /* a heap block allocated in the student's file: the line; else 0 */
    int first_line; /* any other report: the first line of the student's file it names */
} race_report;

typedef struct race_log {
    race_report *reports;
    size_t n;
    char *fatal; /* ThreadSanitizer itself gave up ("FATAL: ...", "CHECK failed"): the line */
} race_log;

/*
 * Reads ThreadSanitizer's output (several reports, several logs concatenated). source
 * is the student's file: a frame is the student's when its file is that one (the same
 * path once normalised, or else the same base name). Never NULL.
 */
race_log *race_log_parse(const char *text, size_t len, const char *source);
void race_log_free(race_log *l);
/* How many of the reports are data races. */
size_t race_log_races(const race_log *l);

/*
 * The expression written at a column (1-based) of a source line, as TSan points at it:
 * the identifier starting there (with any `.x`, `->x` after it), or, when the column is
 * on an operator (`=`, `+=`, `++`), the lvalue just before it (`c->hits`, `total`).
 * Writes "" when there is none.
 */
void race_name_at(const char *line, int column, char *out, size_t outlen);

/*
 * The verdict's words for a log with reports: *what says what happened, grouped by
 * variable ("`best` is written at collatz.c:25 and read at collatz.c:24 by the main
 * thread and an OpenMP thread with nothing ordering them"), *fix what to do about it.
 * name is the student's file as shown (collatz.c); lines are its source lines (may be
 * NULL) to name locals and heap data. Both strings are the caller's to free.
 */
void race_log_describe(const race_log *l, const char *name, const char *const *lines, size_t nlines,
                       char **what, char **fix);

#endif
