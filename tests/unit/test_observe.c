/* Unit tests for reading the observer's log (runner/observe/observe.c): the threads and their roles,
   the spans, and the facts objectives are judged from, on logs like the observer writes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit_assert.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "observe.h"
#include "timeline.h"

static double fact(const observe_run *r, const char *name)
{
    int i = facts_index(name);
    assert_true(i >= 0);
    assert_true(r->facts.has[i]);
    return r->facts.value[i];
}

static observe_run parse(const char *text)
{
    observe_run r;
    assert_int_equal(observe_parse(text, strlen(text), &r), 0);
    return r;
}

/* Exercise 2 solved: the 150 ms sleep on a pool thread inside a job, two heartbeats. */
static const char OFFLOADED[] = "1000000000 100 hello 100\n"
                                "1000100000 101 thread+ 100 runtime\n"
                                "1000200000 100 queue 1\n"
                                "1000300000 100 timer 2 50 50\n"
                                "1000400000 100 run+ 0x7ffd 0\n"
                                "1000500000 101 work+ 1\n"
                                "1050000000 100 stop 2\n"
                                "1050010000 100 fire 2\n"
                                "1150600000 101 sleep 1000600000 150.000 1\n"
                                "1150700000 101 work- 1\n"
                                "1150800000 100 after 1 0\n"
                                "1150900000 100 run- 0x7ffd 0\n"
                                "1151000000 101 thread-\n";

static void test_offloaded(void **state)
{
    (void)state;
    observe_run r = parse(OFFLOADED);
    assert_true(r.valid);
    assert_true(r.facts.valid);
    assert_double_eq(fact(&r, "loop_threads"), 1);
    assert_double_eq(fact(&r, "jobs_queued"), 1);
    assert_double_eq(fact(&r, "jobs_run"), 1);
    assert_double_eq(fact(&r, "pool_threads"), 1);
    assert_double_eq(fact(&r, "sleeps_on_loop"), 0);
    assert_double_eq(fact(&r, "sleeps_on_pool"), 1);
    assert_double_eq(fact(&r, "sleep_ms_on_pool"), 150);
    assert_double_eq(fact(&r, "threads_started"), 0);
    /* A repeating heartbeat is not a wait. */
    assert_double_eq(fact(&r, "timers_started"), 0);
    assert_false(r.facts.has[facts_index("loop_sleep_from")]);
    /* Lanes: the loop (free) and one pool thread with its job and the sleep inside it. */
    assert_int_equal(r.nthreads, 2);
    assert_string_equal(r.threads[0].name, "loop");
    assert_int_equal(r.threads[0].role, OBSERVE_LOOP);
    assert_string_equal(r.threads[1].name, "pool 1");
    assert_int_equal(r.nspans, 2);
    assert_int_equal(r.spans[0].kind, OBSERVE_WORK);
    assert_string_equal(r.spans[0].label, "job 1");
    assert_int_equal(r.spans[1].kind, OBSERVE_SLEEP);
    assert_int_equal(r.spans[1].thread, 1);
    assert_true(r.spans[1].from_ms > 0.5 && r.spans[1].from_ms < 0.7);
    assert_true(r.spans[1].to_ms > 150.5 && r.spans[1].to_ms < 150.7);
    observe_run_free(&r);
}

/* Exercise 2's stub: the hash sleeps on the main thread before uv_run. */
static void test_sleep_on_loop_before_run(void **state)
{
    (void)state;
    observe_run r = parse("5000000 7 hello 7\n"
                          "155000000 7 sleep 5000000 150.000 0\n"
                          "155100000 7 timer 1 50 50\n"
                          "155200000 7 run+ 0x1 0\n"
                          "255200000 7 run- 0x1 0\n");
    assert_double_eq(fact(&r, "sleeps_on_loop"), 1);
    assert_double_eq(fact(&r, "sleep_ms_on_loop"), 150);
    assert_double_eq(fact(&r, "loop_sleep_from"), 0);
    assert_double_eq(fact(&r, "loop_sleep_to"), 150);
    assert_double_eq(fact(&r, "sleeps_on_pool"), 0);
    observe_run_free(&r);
}

/* OpenMP: a region whose team ran on two threads (gcc's count, or clang's -1 and the
   threads' own reports), started on a pool thread; and one-shot timers pending at once. */
static void test_openmp_and_waits(void **state)
{
    (void)state;
    observe_run r = parse("0 10 hello 10\n"
                          "100 10 timer 1 50 0\n"
                          "200 10 timer 2 50 0\n"
                          "300 10 timer 3 50 0\n"
                          "400 10 run+ 0x1 0\n"
                          "50000000 10 stop 1\n"
                          "50000001 10 fire 1\n"
                          "50000002 10 timer 4 50 0\n"
                          "50000100 10 stop 2\n"
                          "50000200 10 stop 3\n"
                          "60000000 10 queue 5\n"
                          "60000100 11 work+ 5\n"
                          "60000200 11 omp+ 6 0 1\n"
                          "60000300 11 ompw+ 6 0\n"
                          "60000400 12 ompw+ 6 1\n"
                          "61000000 12 ompw- 6\n"
                          "61000100 11 ompw- 6\n"
                          "61000200 11 omp- 6 -1\n"
                          "61000300 11 work- 5\n"
                          "99999999 10 stop 4\n"
                          "0 0 cut\n"
                          "123 10 garbage line\n"
                          "124 10 sleep not-a-number\n");
    assert_true(r.cut);
    assert_double_eq(fact(&r, "timers_started"), 4);
    assert_double_eq(fact(&r, "waits_at_once"), 3);
    assert_double_eq(fact(&r, "omp_regions"), 1);
    assert_double_eq(fact(&r, "omp_team"), 2);
    assert_double_eq(fact(&r, "omp_regions_on_pool"), 1);
    assert_double_eq(fact(&r, "omp_regions_on_loop"), 0);
    assert_double_eq(fact(&r, "omp_from"), 60);
    assert_double_eq(fact(&r, "omp_to"), 61);
    assert_int_equal(r.nthreads, 3);
    assert_string_equal(r.threads[2].name, "team 1");
    assert_int_equal(r.threads[2].role, OBSERVE_TEAM);
    observe_run_free(&r);
}

/* Threads the program started, joined; async sends from the pool and the loop; a job
   cancelled; and a program killed while a job ran (the job lasts to the end of the log). */
static void test_threads_async_and_unfinished(void **state)
{
    (void)state;
    observe_run r = parse("0 1 hello 1\n"
                          "10 2 thread+ 1 program\n"
                          "11 3 thread+ 1 program\n"
                          "12 4 thread+ 1 runtime\n"
                          "20 2 sleep 15 5.000 0\n"
                          "30 1 join\n"
                          "31 1 join\n"
                          "40 1 async 9\n"
                          "41 1 run+ 0x1 0\n"
                          "50 4 work+ 7\n"
                          "51 4 send 9 1\n"
                          "52 4 send 9 1\n"
                          "53 1 send 9 0\n"
                          "54 1 acb 9\n"
                          "55 1 after 8 -125\n"
                          "2000000000 1 acb 9\n");
    assert_double_eq(fact(&r, "threads_started"), 2);
    assert_double_eq(fact(&r, "threads_joined"), 2);
    assert_double_eq(fact(&r, "sleeps_on_threads"), 1);
    assert_double_eq(fact(&r, "async_sends"), 3);
    assert_double_eq(fact(&r, "async_sends_from_pool"), 2);
    assert_double_eq(fact(&r, "async_sends_from_loop"), 1);
    assert_double_eq(fact(&r, "async_callbacks"), 2);
    assert_double_eq(fact(&r, "jobs_cancelled"), 1);
    assert_double_eq(fact(&r, "jobs_at_once"), 1);
    int unfinished = -1;
    for (size_t i = 0; i < r.nspans; i++)
        if (strstr(r.spans[i].label, "unfinished"))
            unfinished = (int)i;
    assert_true(unfinished >= 0);
    assert_double_eq(r.spans[unfinished].to_ms, 2000);
    /* The timeline takes a lane per thread. */
    timeline_variant v = {0};
    assert_int_equal(timeline_variant_add_lanes(&v, &r), 0);
    assert_int_equal(v.nlanes, r.nthreads);
    timeline_grid g;
    assert_int_equal(timeline_render(&v, 1, 60, NULL, &g), 0);
    char row[512];
    bool pool_lane = false;
    for (int y = 0; y < g.nrows; y++) {
        timeline_row_text(&g, y, row, sizeof row);
        pool_lane |= strstr(row, "┆ pool 1") != NULL && strstr(row, "━") != NULL;
    }
    assert_true(pool_lane);
    timeline_grid_free(&g);
    timeline_variant_free(&v);
    observe_run_free(&r);
}

/* Fetches in two waves of two: never more than two waiting. */
static void test_two_waves(void **state)
{
    (void)state;
    observe_run r = parse("1000000 7 hello 7\n"
                          "1000100 7 timer 1 50 0\n"
                          "1000200 7 timer 2 50 0\n"
                          "1000500 7 run+ 0x1 0\n"
                          "51000000 7 stop 1\n51000010 7 fire 1\n"
                          "51000020 7 stop 2\n51000030 7 fire 2\n"
                          "51000040 7 timer 3 50 0\n"
                          "51000050 7 timer 4 50 0\n"
                          "101000000 7 stop 3\n101000010 7 fire 3\n"
                          "101000020 7 stop 4\n101000030 7 fire 4\n"
                          "101000100 7 run- 0x1 0\n");
    assert_double_eq(fact(&r, "timers_started"), 4);
    assert_double_eq(fact(&r, "waits_at_once"), 2);
    observe_run_free(&r);
}

/* Fetch timers started with a repeat and closed at their first tick wait like one-shot
   ones; a heartbeat that keeps ticking is no wait. libuv re-arms a repeating timer through
   uv_timer_start with the callback it has, which the observer does not log: the events are
   a stop before each fire, and the stop of uv_close. */
static void test_repeating_timers(void **state)
{
    (void)state;
    observe_run r = parse("1000000 7 hello 7\n"
                          "1000100 7 timer 1 50 50\n"
                          "1000200 7 timer 2 50 50\n"
                          "1000300 7 timer 3 10 10\n"
                          "1000500 7 run+ 0x1 0\n"
                          "11000000 7 stop 3\n11000010 7 fire 3\n"
                          "21000000 7 stop 3\n21000010 7 fire 3\n"
                          "51000000 7 stop 1\n51000010 7 fire 1\n51000020 7 stop 1\n"
                          "51000030 7 stop 2\n51000040 7 fire 2\n51000050 7 stop 2\n"
                          "51000060 7 stop 3\n"
                          "51000100 7 run- 0x1 0\n");
    assert_double_eq(fact(&r, "waits_at_once"), 2);
    assert_double_eq(fact(&r, "timers_started"), 0);
    observe_run_free(&r);
}

/* A timer restarted before it fired gets a new id: its first wait ends with the stop the
   restart logs, so the two are not counted together. A timer that never fired (the program
   was killed) waits until the end. */
static void test_restart_and_unfinished_wait(void **state)
{
    (void)state;
    observe_run r = parse("1000000 7 hello 7\n"
                          "1000100 7 timer 1 50 0\n"
                          "2000000 7 stop 1\n"
                          "2000010 7 timer 2 50 0\n"
                          "2000500 7 run+ 0x1 0\n"
                          "3000000 7 timer 3 500 0\n");
    assert_double_eq(fact(&r, "waits_at_once"), 2);
    assert_double_eq(fact(&r, "timers_started"), 3);
    observe_run_free(&r);
}

/* No first line (the observer never loaded): nothing is known, nothing is made up. */
/* Exercise 4 with the reply written from the work callback: the loop is thread 100's from
   its uv_run on; pool thread 101 calls uv_write on it, before and during the run. The main
   thread's setup, before the run, and a call after the loop's last run are the program's. */
static const char OFF_LOOP[] = "1000000000 100 hello 100\n"
                               "1000000100 100 exe 55550000 /tmp/server\n"
                               "1000000200 100 call uv_tcp_init 7ffd 120 0\n"
                               "1000000300 100 queue 1\n"
                               "1000000400 101 work+ 1\n"
                               "1000000500 101 call uv_timer_start 7ffd 0 300\n"
                               "1000000600 100 run+ 7ffd 0 150\n"
                               "1000000700 100 call uv_write 7ffd 180 0\n"
                               "1100000000 101 call uv_write 7ffd 1a2 300\n"
                               "1100000100 101 work- 1\n"
                               "1100000200 100 after 1 0\n"
                               "1100000300 100 run- 7ffd 0\n"
                               "1100000400 101 call uv_close 7ffd 1c0 0\n"
                               "1100000500 100 call uv_loop_close 7ffd 1d0 0\n";

/* A resolver as libdw would answer, for the offsets above. */
static bool fake_where(void *ctx, unsigned long offset, bool is_return, bool function, char *out,
                       size_t size)
{
    (void)ctx;
    if (offset == 0x1a2 && is_return && !function)
        snprintf(out, size, "server.c:141");
    else if (offset == 0x300 && function)
        snprintf(out, size, "hash_work (server.c:90)");
    else
        return false;
    return true;
}

static void test_loop_calls_off_loop(void **state)
{
    (void)state;
    observe_run r = parse(OFF_LOOP);
    assert_string_equal(r.exe, "/tmp/server");
    /* The timer started before uv_run (a job runs as soon as it is queued) and the
       uv_write during it; not the main thread's calls, nor the close after the run. */
    assert_double_eq(fact(&r, "loop_calls_off_loop"), 2);
    const char *text = r.facts.text[facts_text_index("off_loop_call")];
    assert_string_equal(text, "uv_timer_start was called on pool thread 1; a timer belongs to "
                              "the loop thread");
    /* With places: a tail call (no address of the program's) is named by its callback. */
    observe_describe(&r, fake_where, NULL);
    assert_string_equal(text, "uv_timer_start was called on pool thread 1 in hash_work "
                              "(server.c:90); a timer belongs to the loop thread");
    observe_run_free(&r);

    /* The same call from the loop's own thread is fine; so is a loop of the pool
       thread's own, which it runs itself. */
    observe_run own = parse("1000000000 100 hello 100\n"
                            "1000000100 100 run+ 7ffd 0 0\n"
                            "1000000200 101 work+ 1\n"
                            "1000000300 101 call uv_timer_init 8000 10 0\n"
                            "1000000400 101 run+ 8000 0 0\n"
                            "1000000500 101 call uv_write 8000 1a2 0\n"
                            "1000000600 101 run- 8000 0\n"
                            "1000000700 101 work- 1\n"
                            "1000000800 100 call uv_write 7ffd 1a2 0\n"
                            "1000000900 100 run- 7ffd 0\n");
    assert_double_eq(fact(&own, "loop_calls_off_loop"), 0);
    assert_string_equal(own.facts.text[facts_text_index("off_loop_call")], "");
    observe_run_free(&own);

    /* A second thread running a loop the first runs; a call whose loop is not known
       (uv_cancel) is judged against every loop. */
    observe_run two = parse("1000000000 100 hello 100\n"
                            "1000000100 100 run+ 7ffd 0 0\n"
                            "1000000200 102 thread+ 100 program\n"
                            "1000000300 102 run+ 7ffd 0 0\n"
                            "1000000400 102 call uv_cancel 0 1a2 0\n"
                            "1000000500 102 run- 7ffd 0\n"
                            "1000000600 100 run- 7ffd 0\n");
    assert_double_eq(fact(&two, "loop_calls_off_loop"), 2);
    observe_describe(&two, fake_where, NULL);
    assert_string_equal(two.facts.text[facts_text_index("off_loop_call")],
                        "uv_run was called on a second loop thread; a loop belongs to the loop "
                        "thread");
    observe_run_free(&two);
}

/* A call on a handle whose close callback had run: counted per line of the log, the first
   one described (a tail call's place named by its callback). */
static void test_calls_on_closed_handles(void **state)
{
    (void)state;
    observe_run r = parse("1000000000 100 hello 100\n"
                          "1000000100 100 run+ 7ffd 0 0\n"
                          "1000000200 100 onclosed uv_write 1a2 300\n"
                          "1000000300 100 onclosed uv_close 1b0 300\n"
                          "1000000400 100 run- 7ffd 0\n");
    assert_double_eq(fact(&r, "calls_on_closed_handles"), 2);
    assert_double_eq(fact(&r, "loop_calls_off_loop"), 0);
    observe_describe(&r, fake_where, NULL);
    assert_string_equal(r.facts.text[facts_text_index("closed_handle_call")],
                        "uv_write was called at server.c:141 on a handle whose close callback had "
                        "already run, and that was not initialised again since: its memory may "
                        "already be freed or reused");
    observe_run_free(&r);

    observe_run none = parse("1000000000 100 hello 100\n"
                             "1000000100 100 run+ 7ffd 0 0\n"
                             "1000000200 100 call uv_write 7ffd 1a2 0\n"
                             "1000000400 100 run- 7ffd 0\n");
    assert_double_eq(fact(&none, "calls_on_closed_handles"), 0);
    assert_string_equal(none.facts.text[facts_text_index("closed_handle_call")], "");
    observe_run_free(&none);
}

/* Exercise 5's stat, three ways: through libuv with a callback, synchronously on the loop
   thread, and as stat(2) in a callback of the loop; a synchronous one on the pool is the
   pool thread's own business. */
static void test_file_calls(void **state)
{
    (void)state;
    observe_run r = parse("1000000000 100 hello 100\n"
                          "1000000100 100 fs uv_fs_stat 7ffd 1 1a2 0\n"
                          "1000000200 100 fs uv_fs_stat 0 0 1b0 0\n"
                          "1000000300 100 run+ 7ffd 0 0\n"
                          "1000000400 101 work+ 1\n"
                          "1000000500 101 fs uv_fs_open 0 0 1c0 300\n"
                          "1000000600 101 work- 1\n"
                          "1000000700 100 file stat 1a2 300\n"
                          "1000000800 100 run- 7ffd 0\n");
    assert_double_eq(fact(&r, "fs_requests"), 1);
    assert_double_eq(fact(&r, "fs_sync_on_loop"), 1);
    assert_double_eq(fact(&r, "file_calls_on_loop"), 1);
    assert_double_eq(fact(&r, "loop_calls_off_loop"), 0);
    observe_describe(&r, fake_where, NULL);
    assert_string_equal(r.facts.text[facts_text_index("fs_sync_call")],
                        "uv_fs_stat was called without a callback, so it ran at once on the loop "
                        "thread, not on libuv's pool");
    assert_string_equal(r.facts.text[facts_text_index("file_call_on_loop")],
                        "stat() was called on the loop thread at server.c:141 while the loop "
                        "ran, so the loop waited for the disk");
    observe_run_free(&r);
}

/* File calls against the jobs: one asked for before the last job was queued, one after. */
static void test_fs_before_last_job(void **state)
{
    (void)state;
    observe_run r = parse("1000000000 100 hello 100\n"
                          "1000000100 100 fs uv_fs_stat 7ffd 1 1a2 0\n"
                          "1000000200 100 queue 1\n"
                          "1000000300 100 queue 2\n"
                          "1000000400 100 fs uv_fs_stat 7ffd 1 1b0 0\n"
                          "1000000500 100 fs uv_fs_stat 0 0 1c0 0\n");
    assert_double_eq(fact(&r, "fs_requests"), 2);
    assert_double_eq(fact(&r, "fs_before_last_job"), 1); /* not the synchronous one */
    observe_run_free(&r);
    r = parse("1000000000 100 hello 100\n"
              "1000000100 100 fs uv_fs_stat 7ffd 1 1a2 0\n");
    assert_double_eq(fact(&r, "fs_before_last_job"), 0); /* no job at all */
    observe_run_free(&r);
}

/* uv_loop_close failing: the kinds of the handles left open. */
static void test_loop_left_busy(void **state)
{
    (void)state;
    observe_run r = parse("1000000000 100 hello 100\n"
                          "1000000100 100 busy 7ffd timer,tcp,idle\n");
    assert_double_eq(fact(&r, "loops_left_busy"), 1);
    assert_string_equal(r.facts.text[facts_text_index("open_handles")],
                        "a timer, a tcp and an idle handle");
    observe_run_free(&r);
    r = parse("1000000000 100 hello 100\n"
              "1000000100 100 busy 7ffd timer\n");
    assert_string_equal(r.facts.text[facts_text_index("open_handles")], "a timer handle");
    observe_run_free(&r);
}

/* A hint quotes the run's sentences; what it does not know stays as written. */
static void test_text_interpolate(void **state)
{
    (void)state;
    run_facts f = {.valid = true};
    snprintf(f.text[facts_text_index("off_loop_call")], FACTS_TEXT_MAX, "uv_write was called");
    char *h = facts_text_interpolate("{off_loop_call}: reply from the loop ({n} {{x}} {nope} "
                                     "{fs_sync_call})",
                                     &f);
    assert_string_equal(h, "uv_write was called: reply from the loop ({n} {{x}} {nope} "
                           "{fs_sync_call})");
    free(h);
    h = facts_text_interpolate("{off_loop_call}", NULL);
    assert_string_equal(h, "{off_loop_call}");
    free(h);
}

static void test_not_observed(void **state)
{
    (void)state;
    observe_run r = parse("");
    assert_false(r.valid);
    assert_false(r.facts.valid);
    observe_run_free(&r);
    r = parse("10 1 sleep 1 1 0\n12 1 run+ 0x1 0\n");
    assert_false(r.valid);
    observe_run_free(&r);
    /* A last line cut mid-write is ignored. */
    r = parse("0 1 hello 1\n10 1 sleep 5 300.0");
    assert_true(r.valid);
    assert_double_eq(fact(&r, "sleeps_on_loop"), 0);
    observe_run_free(&r);
}


/* A team of two where a `single` gave thread 100 the loop: thread 102 waited 39.9 of its 40 ms
   in the runtime and was offered no share; nobody held a lock. */
static const char SINGLE[] = "1000000000 100 hello 100\n"
                             "1001000000 100 omp+ 1 0 0\n"
                             "1001000000 100 ompw+ 1 0\n"
                             "1001000000 102 ompw+ 1 1\n"
                             "1041000000 102 omps 1 39900000 0 0 0\n"
                             "1041000000 102 ompw- 1\n"
                             "1041000000 100 omps 1 0 0 0 0\n"
                             "1041000000 100 ompw- 1\n"
                             "1041100000 100 omp- 1 2\n";

/* The same team sharing a worksharing loop, a critical section entered once each to merge;
   and a second, smaller region (printing the team size) that is not the main one. */
static const char SHARED[] = "1000000000 100 hello 100\n"
                             "1000500000 100 omp+ 1 0 0\n"
                             "1000500000 100 ompw+ 1 0\n"
                             "1000500000 102 ompw+ 1 1\n"
                             "1000600000 100 omps 1 0 0 0 0\n"
                             "1000600000 100 ompw- 1\n"
                             "1000600000 102 omps 1 0 0 0 0\n"
                             "1000600000 102 ompw- 1\n"
                             "1000700000 100 omp- 1 2\n"
                             "1001000000 100 omp+ 2 0 0\n"
                             "1001000000 100 ompw+ 2 0\n"
                             "1001000000 102 ompw+ 2 1\n"
                             "1030000000 102 omps 2 0 10000 20000 1\n"
                             "1030000000 102 ompw- 2\n"
                             "1041000000 100 omps 2 0 0 20000 1\n"
                             "1041000000 100 ompw- 2\n"
                             "1041100000 100 omp- 2 2\n";

/* Threads that took turns inside one critical section: each spent nearly all of its time
   waiting for it or holding it. */
static const char TURNS[] = "1000000000 100 hello 100\n"
                            "1001000000 100 omp+ 1 0 0\n"
                            "1001000000 100 ompw+ 1 0\n"
                            "1001000000 102 ompw+ 1 1\n"
                            "1041000000 102 omps 1 0 19000000 19500000 1\n"
                            "1041000000 102 ompw- 1\n"
                            "1041000000 100 omps 1 0 20000000 19000000 1\n"
                            "1041000000 100 ompw- 1\n"
                            "1041100000 100 omp- 1 2\n";

static void test_omp_work_shared(void **state)
{
    (void)state;
    observe_run r = parse(SINGLE);
    assert_double_eq(fact(&r, "omp_team"), 2);
    assert_double_eq(fact(&r, "omp_workers"), 1);
    assert_double_eq(fact(&r, "omp_lock_pct"), 0);
    observe_run_free(&r);
    r = parse(SHARED);
    assert_double_eq(fact(&r, "omp_workers"), 2);
    assert_double_eq(fact(&r, "omp_lock_pct"), 0);
    observe_run_free(&r);
    r = parse(TURNS);
    assert_double_eq(fact(&r, "omp_workers"), 2);
    assert_true(fact(&r, "omp_lock_pct") >= 90);
    observe_run_free(&r);
    /* No region: nobody shared anything. */
    r = parse(OFFLOADED);
    assert_double_eq(fact(&r, "omp_workers"), 0);
    observe_run_free(&r);
}

/* Four threads of the program's own: created and joined in turn, then at once; each used
   10 ms of CPU, main 1 ms. */
static const char IN_TURN[] = "1000000000 100 hello 100\n"
                              "1001000000 101 thread+ 100 program\n"
                              "1011000000 101 thread- 10000000\n"
                              "1011100000 100 join\n"
                              "1012000000 102 thread+ 100 program\n"
                              "1022000000 102 thread- 10000000\n"
                              "1022100000 100 join\n"
                              "1030000000 100 cpu 1000000\n";
static const char AT_ONCE[] = "1000000000 100 hello 100\n"
                              "1001000000 101 thread+ 100 program\n"
                              "1001100000 102 thread+ 100 program\n"
                              "1001200000 103 thread+ 100 program\n"
                              "1011000000 101 thread- 10000000\n"
                              "1011100000 102 thread- 10000000\n"
                              "1011200000 103 thread- 10000000\n"
                              "1011300000 100 join\n"
                              "1011400000 100 join\n"
                              "1011500000 100 join\n"
                              "1050000000 100 cpu 30000000\n";

static void test_threads_at_once_and_work(void **state)
{
    (void)state;
    observe_run r = parse(IN_TURN);
    assert_double_eq(fact(&r, "threads_started"), 2);
    assert_double_eq(fact(&r, "own_threads_at_once"), 1);
    assert_double_eq(fact(&r, "threads_work_pct"), 95); /* 20 of 21 ms */
    observe_run_free(&r);
    /* At once, but main used as much CPU as the three together: it did the work again. */
    r = parse(AT_ONCE);
    assert_double_eq(fact(&r, "own_threads_at_once"), 3);
    assert_double_eq(fact(&r, "threads_work_pct"), 50);
    observe_run_free(&r);
    /* Main did not end normally: who did the work is unknown. */
    r = parse(OFFLOADED);
    assert_false(r.facts.has[facts_index("threads_work_pct")]);
    observe_run_free(&r);
}

/* Exercise 7: two lines from the async callback while the job ran, one after it, one from
   the work callback itself. */
static const char PROGRESS[] = "1000000000 100 hello 100\n"
                               "1000100000 100 async 1\n"
                               "1000200000 100 queue 2\n"
                               "1000300000 100 run+ 0x7ffd 0\n"
                               "1000400000 101 work+ 2\n"
                               "1005000000 101 send 1 1\n"
                               "1005100000 100 acb 1\n"
                               "1005200000 100 out 0 1\n"
                               "1010000000 101 out 1 0\n"
                               "1010100000 100 acb 1\n"
                               "1010200000 100 out 0 1\n"
                               "1200000000 101 work- 2\n"
                               "1200100000 100 acb 1\n"
                               "1200200000 100 out 0 1\n"
                               "1200300000 100 after 2 0\n";

static void test_prints_while_working(void **state)
{
    (void)state;
    observe_run r = parse(PROGRESS);
    assert_double_eq(fact(&r, "prints_on_pool"), 1);
    assert_double_eq(fact(&r, "async_prints_while_working"), 2);
    observe_run_free(&r);
}

/* Timers' lengths: a zero timeout is the loop's next turn, not a wait; a heartbeat that keeps
   ticking is not a wait either. */
static const char LENGTHS[] = "1000000000 100 hello 100\n"
                              "1000100000 100 timer 1 0 0\n"
                              "1000200000 100 timer 2 50 50\n"
                              "1000300000 100 run+ 0x7ffd 0\n"
                              "1000400000 100 fire 1\n"
                              "1000500000 100 timer 3 100 0\n"
                              "1000600000 100 timer 4 20 0\n"
                              "1020700000 100 fire 4\n"
                              "1050000000 100 fire 2\n"
                              "1100000000 100 fire 2\n"
                              "1100600000 100 fire 3\n";

static void test_wait_lengths(void **state)
{
    (void)state;
    observe_run r = parse(LENGTHS);
    assert_double_eq(fact(&r, "wait_ms_shortest"), 20);
    assert_double_eq(fact(&r, "wait_ms_longest"), 100);
    observe_run_free(&r);
    r = parse(SINGLE);
    assert_false(r.facts.has[facts_index("wait_ms_longest")]);
    observe_run_free(&r);
}
/* Lesson 13's deadline: two streams answered and closed after their answers, one given up
   (nothing received, no end) and one whose client left (its end came); nothing left open. */
static const char DEADLINE[] = "1000000000 100 hello 100\n"
                               "1000100000 100 run+ 0x7ffd 0\n"
                               "1001000000 100 rstart 3\n"
                               "1001000000 100 rstart 4\n"
                               "1001000000 100 rstart 5\n"
                               "1001000000 100 rstart 6\n"
                               "1002000000 100 rdata 3\n"
                               "1002000000 100 rdata 4\n"
                               "1050000000 100 rdata 5\n"
                               "1050000000 100 rclose 5 1 0\n"
                               "1150000000 100 rclose 6 0 0\n"
                               "1150100000 100 rend 4\n"
                               "1150100000 100 rclose 4 1 1\n"
                               "1150200000 100 rclose 3 1 0\n"
                               "1150300000 100 run- 0x7ffd 0\n"
                               "1150300000 100 open 0\n";

static void test_deadline_streams(void **state)
{
    (void)state;
    observe_run r = parse(DEADLINE);
    assert_double_eq(fact(&r, "closed_unanswered"), 1);
    assert_double_eq(fact(&r, "handles_open"), 0);
    observe_run_free(&r);
    /* The same run with the handles left behind, and a program that read nothing. */
    r = parse("1000000000 100 hello 100\n1000100000 100 run+ 0x7ffd 0\n"
              "1400000000 100 run- 0x7ffd 0\n1400000000 100 open 4\n");
    assert_double_eq(fact(&r, "handles_open"), 4);
    assert_double_eq(fact(&r, "closed_unanswered"), 0);
    observe_run_free(&r);
}

/* Slices, a producer's condition waits and threads at once: four pool jobs, two of them
   with a team of two, the loop computing in three callbacks, the longest 10.5 ms. */
static const char CORES[] = "1000000000 100 hello 100\n"
                            "1000100000 100 run+ 0x7ffd 0\n"
                            "1001000000 100 slice 5200 5300\n"
                            "1002000000 100 slice 10500 12000\n"
                            "1003000000 100 slice 150 160\n"
                            "1010000000 101 work+ 1\n"
                            "1010000000 102 work+ 2\n"
                            "1010000000 103 work+ 3\n"
                            "1010000000 104 work+ 4\n"
                            "1011000000 101 ompw+ 9 0\n"
                            "1011000000 105 ompw+ 9 1\n"
                            "1011000000 102 ompw+ 10 0\n"
                            "1011000000 106 ompw+ 10 1\n"
                            "1020000000 101 cwait 1015000000 0 1\n"
                            "1020000000 101 cwait 1016000000 0 1\n"
                            "1020000000 107 cwait 1016000000 0 0\n"
                            "1030000000 105 ompw- 9\n"
                            "1030000000 101 ompw- 9\n"
                            "1030000000 106 ompw- 10\n"
                            "1030000000 102 ompw- 10\n"
                            "1031000000 101 work- 1\n"
                            "1031000000 102 work- 2\n"
                            "1031000000 103 work- 3\n"
                            "1031000000 104 work- 4\n"
                            "1040000000 100 run- 0x7ffd 0\n";

static void test_slices_waits_and_threads(void **state)
{
    (void)state;
    observe_run r = parse(CORES);
    assert_double_eq(fact(&r, "busy_callbacks"), 3);
    assert_double_eq(fact(&r, "longest_callback_ms"), 10);
    /* Two waits inside a job; the idle pool thread's (outside any job) does not count. */
    assert_double_eq(fact(&r, "cond_waits_on_pool"), 2);
    assert_double_eq(fact(&r, "cond_waits_on_threads"), 0);
    /* Four jobs, and a team member beside each of two of them: 6 threads at once. */
    assert_double_eq(fact(&r, "threads_at_once"), 6);
    observe_run_free(&r);
}


/* The names in runner/EXPECTATIONS.md's table of the run's facts (each row's first cell, in
   backquotes), read from the file, written into names separated by spaces. */
static void documented_facts(char *names, size_t size)
{
    FILE *fp = fopen("runner/EXPECTATIONS.md", "r");
    assert_non_null(fp);
    char line[4096];
    bool in_section = false, in_table = false;
    size_t len = 0;
    names[0] = '\0';
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "**Facts of the run.**", 21) == 0)
            in_section = true;
        if (!in_section)
            continue;
        if (line[0] != '|') {
            if (in_table)
                break; /* the table's end */
            continue;
        }
        in_table = true;
        char *end = strchr(line + 1, '|');
        if (!end)
            continue;
        *end = '\0';
        for (char *q = strchr(line, '`'); q; q = strchr(q, '`')) {
            char *close = strchr(q + 1, '`');
            if (!close)
                break;
            len += (size_t)snprintf(names + len, size - len, "%.*s ", (int)(close - q - 1),
                                    q + 1);
            assert_true(len < size);
            q = close + 1;
        }
    }
    fclose(fp);
    assert_true(in_table);
}

/* The table of facts in runner/EXPECTATIONS.md is written by hand: every fact of facts.h has
   its row there, and every name in the table is a fact, so the two cannot drift apart. */
static void test_facts_table_documented(void **state)
{
    (void)state;
    static char names[16384];
    documented_facts(names, sizeof names);
    for (int i = 0; i < FACTS_COUNT; i++) {
        char word[80];
        snprintf(word, sizeof word, " %s ", facts_name(i));
        char padded[sizeof names + 2];
        snprintf(padded, sizeof padded, " %s", names);
        if (!strstr(padded, word))
            fail_msg("fact %s (facts.h) is missing from the table of facts in "
                     "runner/EXPECTATIONS.md", facts_name(i));
    }
    for (char *w = strtok(names, " "); w; w = strtok(NULL, " "))
        if (facts_index(w) < 0)
            fail_msg("runner/EXPECTATIONS.md's table of facts names `%s`, which is no fact "
                     "in facts.h", w);
    assert_null(facts_name(FACTS_COUNT));
}

/* And every sentence of the run (FACTS_TEXT_LIST) is shown there, as `{name}` in a hint. */
static void test_fact_sentences_documented(void **state)
{
    (void)state;
    FILE *fp = fopen("runner/EXPECTATIONS.md", "r");
    assert_non_null(fp);
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    assert_true(n < sizeof text - 1); /* the whole file */
    text[n] = '\0';
    for (int i = 0; i < FACTS_TEXT_COUNT; i++) {
        char word[80];
        snprintf(word, sizeof word, "`{%s}`", facts_text_name(i));
        if (!strstr(text, word))
            fail_msg("the sentence %s (facts.h) is not shown as %s in runner/EXPECTATIONS.md",
                     facts_text_name(i), word);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offloaded),
        cmocka_unit_test(test_sleep_on_loop_before_run),
        cmocka_unit_test(test_openmp_and_waits),
        cmocka_unit_test(test_threads_async_and_unfinished),
        cmocka_unit_test(test_two_waves),
        cmocka_unit_test(test_repeating_timers),
        cmocka_unit_test(test_restart_and_unfinished_wait),
        cmocka_unit_test(test_not_observed),
        cmocka_unit_test(test_omp_work_shared),
        cmocka_unit_test(test_threads_at_once_and_work),
        cmocka_unit_test(test_prints_while_working),
        cmocka_unit_test(test_wait_lengths),
        cmocka_unit_test(test_loop_calls_off_loop),
        cmocka_unit_test(test_calls_on_closed_handles),
        cmocka_unit_test(test_file_calls),
        cmocka_unit_test(test_fs_before_last_job),
        cmocka_unit_test(test_loop_left_busy),
        cmocka_unit_test(test_text_interpolate),
        cmocka_unit_test(test_deadline_streams),
        cmocka_unit_test(test_slices_waits_and_threads),
        cmocka_unit_test(test_facts_table_documented),
        cmocka_unit_test(test_fact_sentences_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
