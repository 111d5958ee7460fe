/*
 * Inside the log reader (observe.c) and the facts computed from what it read
 * (facts_compute.c): the events of the log, in time order, and what the reader learned of
 * the threads, the loops and the OpenMP regions. Not for use outside runner/observe/.
 */
#ifndef OBSERVE_EVENTS_H
#define OBSERVE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "observe.h"

enum ev_type {
    EV_HELLO,
    EV_RUN_BEGIN,
    EV_RUN_END,
    EV_QUEUE,
    EV_WORK_BEGIN,
    EV_WORK_END,
    EV_AFTER,
    EV_ASYNC,
    EV_SEND,
    EV_ASYNC_CB,
    EV_TIMER,
    EV_FIRE,
    EV_STOP,
    EV_SLEEP,
    EV_THREAD_BEGIN,
    EV_THREAD_END,
    EV_JOIN,
    EV_OMP_BEGIN,
    EV_OMP_END,
    EV_OMPW_BEGIN,
    EV_OMPW_END,
    EV_OMPS,
    EV_OUT,
    EV_CPU,
    EV_CUT,
    EV_EXE,
    EV_CALL,
    EV_FS,
    EV_FILE,
    EV_BUSY,
    EV_READ_START,
    EV_READ_DATA,
    EV_READ_END,
    EV_READ_CLOSE,
    EV_OPEN_HANDLES,
    EV_SLICE,
    EV_COND_WAIT,
    EV_ON_CLOSED,
};

/* One line of the log. Arguments as numbers: ids, statuses, flags; `word` for thread+. */
struct ev {
    uint64_t t;
    long tid;
    enum ev_type type;
    unsigned long long a; /* the id, or sleep's start, or the pid */
    double b;             /* timer's timeout, sleep's ms, omp's requested threads, status */
    long c;               /* timer's repeat, in_work flags, omp's team */
    double d;             /* omps: ns holding a lock */
    long f;               /* omps: whether a worksharing construct offered it a share */
    long g;               /* omps: explicit tasks it created */
    bool program;         /* thread+: started by the program */
    size_t seq;
    char word[32];          /* call, fs, file, onclosed: the function's name */
    unsigned long long loop; /* run+, call, fs: the loop (0: none, or not known) */
    unsigned long ra, cb;   /* call, fs, file, run+: where, as offsets into the executable */
    bool paired;            /* work-: its job's work+ was seen (the reader sets it) */
};

/* What the reader learns of each thread before it names them. */
struct thread_info {
    long tid;
    bool loop;     /* the loop thread, for the facts (the main thread when none ran uv_run) */
    bool ran_loop; /* it really ran uv_run */
    bool pool, team, program, main, active;
    int order;
    double omp_wait, omp_lock_wait, omp_held; /* ns, from its "omps" of the region it leaves */
    bool omp_offered;
    long omp_tasks;
};

/* A loop and the thread that owns it: the first to run uv_run on it, from its first uv_run
   to its last one's end (to the end of the log when it never ended). */
struct loop_owner {
    unsigned long long loop;
    long tid;
    uint64_t from, to;
    bool ended;
};

/* An OpenMP region, and its team's time at work and in locks (the reader tallies them). */
struct region {
    unsigned long long id;
    long tid;
    bool on_pool, on_loop_known;
    uint64_t from, to;
    int team_seen, team_said;
    double busy_sum, busy_max; /* ns: the team threads' time at work, in all and the most */
    double active, turns;      /* ns: their time out of barriers; of it, waiting for or in a lock */
    double busy[16];                 /* the first threads' time at work, for omp_workers */
    bool offered[16];                /* and whether a worksharing construct offered a share */
    long tasks;                      /* explicit tasks its threads created */
    int nbusy;
};

struct reader {
    struct thread_info *th;
    size_t nth, cap;
    struct loop_owner *owners;
    size_t nowners, owners_cap;
    observe_run *run;
    size_t spans_cap;
    uint64_t t0, last;
};

/* The thread's record, made at its first event. */
struct thread_info *reader_thread(struct reader *rd, long tid);
/* A time as a fact: whole ms since the program's start, truncated. */
double reader_whole_ms(const struct reader *rd, uint64_t t);

/* Every fact of the run (facts.h), from its events in time order, once the reader knows
   its threads and loops (rd) and its OpenMP regions (rg). */
void facts_compute(struct reader *rd, const struct ev *ev, size_t n, const struct region *rg,
                   size_t nrg);

#endif
