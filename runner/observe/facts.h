/*
 * What a run did, as numbers: the observation facts that conditions in an expectation
 * file may name (`objective omp_team >= 2`), computed by observe.c from what the observer
 * saw. Pure: names, descriptions and a table of values, nothing else.
 */
#ifndef FACTS_H
#define FACTS_H

#include <stdbool.h>

/* X(name, description): the facts, in the order their values are stored. */
#define FACTS_LIST(X)                                                                              \
    X(loop_threads, "threads that ran uv_run")                                                     \
    X(threads_started, "threads the program started itself with pthread_create")                   \
    X(threads_joined, "of those, the ones joined with pthread_join")                               \
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
    X(omp_from, "when the first OpenMP region began (ms)")                                         \
    X(omp_to, "when it ended (ms)")                                                                \
    X(async_sends, "uv_async_send calls")                                                          \
    X(async_sends_from_pool, "uv_async_send calls from pool threads")                              \
    X(async_sends_from_loop, "uv_async_send calls from the loop thread")                           \
    X(async_sends_from_threads, "uv_async_send calls from threads the program started")            \
    X(async_callbacks, "async callbacks that ran")                                                 \
    X(timers_started, "one-shot timers started")                                                   \
    X(waits_at_once,                                                                               \
      "the most timers waiting for their first firing at the same moment (one-shot "               \
      "ones, and repeating ones that fired only once)")                                           \
    X(closed_unanswered,                                                                           \
      "connections the program closed while waiting for their answer (read from, nothing "         \
      "received, no end seen)")                                                                    \
    X(handles_open, "handles never closed when uv_run last returned from a run to the end")       \
    X(busy_callbacks,                                                                              \
      "callbacks of timer, idle, check and prepare handles that computed for 0.1 ms or more "      \
      "(their thread's CPU time)")                                                                 \
    X(longest_callback_ms, "the CPU time of the longest of those (ms)")                            \
    X(cond_waits_on_pool, "waits on a condition variable inside work callbacks on the pool")     \
    X(cond_waits_on_threads, "waits on a condition variable on threads the program started")     \
    X(threads_at_once,                                                                             \
      "the most threads working at the same moment: in a job on the pool, in an OpenMP team's "    \
      "region, or in a thread the program started")

#define FACTS_ENUM(name, desc) FACT_##name,
enum { FACTS_LIST(FACTS_ENUM) FACTS_COUNT };
#undef FACTS_ENUM

/* The facts of one run; has[i] is false for a fact that has no value (a time of an event
   that never happened). */
typedef struct run_facts {
    bool valid; /* the run was observed at all */
    bool has[FACTS_COUNT];
    double value[FACTS_COUNT];
} run_facts;

/* The index of a fact's name, or -1. */
int facts_index(const char *name);
const char *facts_name(int i);
const char *facts_describe(int i);
/* Sets fact i to v. */
void facts_set(run_facts *f, int i, double v);

#endif
