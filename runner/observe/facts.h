/*
 * What a run did, as numbers: the observation facts that conditions in an expectation
 * file may name (`objective omp_team >= 2`), computed by facts_compute.c from what the
 * observer saw (observe.c reads its log). Pure: names, descriptions and a table of values,
 * nothing else. Each has its row in runner/EXPECTATIONS.md (a unit test keeps them alike).
 */
#ifndef FACTS_H
#define FACTS_H

#include <stdbool.h>

/* X(name, description): the facts, in the order their values are stored. */
#define FACTS_LIST(X)                                                                              \
    X(loop_threads, "threads that ran uv_run")                                                     \
    X(threads_started, "threads the program started itself with pthread_create")                   \
    X(threads_joined, "of those, the ones joined with pthread_join")                               \
    X(own_threads_at_once, "the most of those running at the same moment")                         \
    X(threads_work_pct,                                                                            \
      "percent of the CPU time of main and the program's own threads that those threads used")    \
    X(jobs_queued, "uv_queue_work calls")                                                          \
    X(jobs_run, "work callbacks that ran on libuv's pool")                                         \
    X(jobs_cancelled, "after-work callbacks called with UV_ECANCELED")                             \
    X(pool_threads, "pool threads that ran a work callback")                                       \
    X(jobs_at_once, "the most work callbacks running at the same moment")                          \
    X(sleeps_on_loop, "blocking sleeps on the loop thread")                                        \
    X(sleep_ms_on_loop, "ms slept on the loop thread")                                             \
    X(loop_sleep_from, "when the first sleep on the loop thread began (ms)")                       \
    X(loop_sleep_to, "when it ended (ms)")                                                         \
    X(loop_sleep_end, "when the last sleep on the loop thread ended (ms)")                         \
    X(sleeps_on_pool, "blocking sleeps on pool threads")                                           \
    X(sleep_ms_on_pool, "ms slept on pool threads")                                                \
    X(sleeps_on_threads, "blocking sleeps on threads the program started")                         \
    X(sleep_ms_on_threads, "ms slept on threads the program started")                              \
    X(omp_regions, "OpenMP parallel regions that ran")                                             \
    X(omp_team, "threads in the largest OpenMP team that ran a region")                            \
    X(omp_regions_on_pool, "OpenMP regions started on a pool thread")                              \
    X(omp_regions_on_loop, "OpenMP regions started on the loop thread")                            \
    X(omp_workers,                                                                                 \
      "threads of the main OpenMP region that were offered a share of its work by a worksharing "  \
      "construct or tasks, or did one (a quarter of what the busiest did, waits not counted)")     \
    X(omp_lock_pct, "percent of the main OpenMP region's time (out of barriers) its threads "      \
                    "spent waiting for or holding a critical section or lock")                     \
    X(omp_from, "when the first OpenMP region began (ms)")                                         \
    X(omp_to, "when it ended (ms)")                                                                \
    X(async_sends, "uv_async_send calls")                                                          \
    X(async_sends_from_pool, "uv_async_send calls from pool threads")                              \
    X(async_sends_from_loop, "uv_async_send calls from the loop thread")                           \
    X(async_sends_from_threads, "uv_async_send calls from threads the program started")            \
    X(async_callbacks, "async callbacks that ran")                                                 \
    X(prints_on_pool, "writes to stdout from inside a work callback (on a pool thread)")            \
    X(async_prints_while_working,                                                                  \
      "writes to stdout from inside an async callback (on the loop) while a work callback ran")    \
    X(timers_started, "one-shot timers started")                                                   \
    X(loop_calls_off_loop,                                                                         \
      "libuv calls on a loop's handles or requests made by a thread other than the one running "   \
      "it, while it ran (distinct thread, call and place)")                                        \
    X(calls_on_closed_handles,                                                                     \
      "libuv calls on a handle whose close callback had already run and that was not "             \
      "initialised again since (distinct call and place, at most 20)")                            \
    X(fs_requests, "uv_fs_* calls with a callback (through libuv's pool or io_uring)")            \
    X(fs_before_last_job,                                                                          \
      "uv_fs_* calls with a callback made before the last uv_queue_work was queued")               \
    X(fs_sync_on_loop, "uv_fs_* calls without a callback (synchronous) on the loop thread")        \
    X(file_calls_on_loop,                                                                          \
      "the program's own blocking file calls (stat, access) on the loop thread inside uv_run")    \
    X(loops_left_busy, "uv_loop_close calls that failed with UV_EBUSY: a handle was still open")  \
    X(waits_at_once,                                                                               \
      "the most timers waiting for their first firing at the same moment (one-shot "               \
      "ones, and repeating ones that fired only once)")                                            \
    X(wait_ms_shortest, "the shortest timeout (ms, above 0) of those waits")                       \
    X(wait_ms_longest, "the longest timeout (ms) of those waits")                                  \
    X(closed_unanswered,                                                                           \
      "connections the program closed while waiting for their answer (read from, nothing "         \
      "received, no end seen)")                                                                    \
    X(handles_open, "handles never closed when uv_run last returned from a run to the end")        \
    X(busy_callbacks,                                                                              \
      "callbacks of timer, idle, check and prepare handles that computed for 0.1 ms or more "      \
      "(their thread's CPU time)")                                                                 \
    X(longest_callback_ms, "the CPU time of the longest of those (ms)")                            \
    X(cond_waits_on_pool, "waits on a condition variable inside work callbacks on the pool")       \
    X(cond_waits_on_threads, "waits on a condition variable on threads the program started")       \
    X(threads_at_once,                                                                             \
      "the most threads working at the same moment: in a job on the pool, in an OpenMP team's "    \
      "region, or in a thread the program started")

#define FACTS_ENUM(name, desc) FACT_##name,
enum { FACTS_LIST(FACTS_ENUM) FACTS_COUNT };
#undef FACTS_ENUM

/* X(name, description): facts whose value is a sentence saying what the run did, for
   hints only (`hint {off_loop_call}: ...`); empty when it did nothing of the kind. */
#define FACTS_TEXT_LIST(X)                                                                         \
    X(off_loop_call, "the first loop-owned libuv call made from another thread: the call, "        \
                     "the thread, where, and what it touched")                                     \
    X(closed_handle_call, "the first libuv call on a handle already closed (its close "            \
                          "callback had run): the call and where")                                 \
    X(fs_sync_call, "the first synchronous uv_fs_* call on the loop thread, and where")            \
    X(file_call_on_loop, "the first blocking file call of the program's own on the loop "          \
                         "thread, and where")                                                      \
    X(open_handles, "the kinds of the handles still open when uv_loop_close failed: "             \
                    "\"a timer handle\", \"a tcp and a timer handle\"")

#define FACTS_TEXT_ENUM(name, desc) FACT_TEXT_##name,
enum { FACTS_TEXT_LIST(FACTS_TEXT_ENUM) FACTS_TEXT_COUNT };
#undef FACTS_TEXT_ENUM
#define FACTS_TEXT_MAX 400

/* The facts of one run; has[i] is false for a fact that has no value (a time of an event
   that never happened). */
typedef struct run_facts {
    bool valid; /* the run was observed at all */
    bool has[FACTS_COUNT];
    double value[FACTS_COUNT];
    char text[FACTS_TEXT_COUNT][FACTS_TEXT_MAX];
} run_facts;

/* The index of a fact's name, or -1. */
int facts_index(const char *name);
const char *facts_name(int i);
const char *facts_describe(int i);
/* Sets fact i to v. */
void facts_set(run_facts *f, int i, double v);

/* The index of a text fact's name, or -1; its description. */
int facts_text_index(const char *name);
const char *facts_text_name(int i);
const char *facts_text_describe(int i);
/*
 * A hint with each {NAME} of a text fact replaced by its sentence (f NULL or the fact
 * empty: left as written, as a hint leaves what it cannot compute). Returns a malloc'd
 * string, or NULL when out of memory.
 */
char *facts_text_interpolate(const char *hint, const run_facts *f);

#endif
