/*
 * Lesson 12: from the pool back to the loop, with uv_async_send.
 *
 * A job on libuv's thread pool works through 100,000 small steps and wants the
 * loop to show how far it is. It may not touch the loop's handles or state: those
 * belong to the loop thread. So after each step it stores how far it got and calls
 * uv_async_send, the one call on a loop's handles that is safe from any thread
 * (libuv's docs/src/async.rst). The loop thread runs the async handle's callback,
 * reads the latest value and prints it.
 *
 * Sends coalesce: when the job sends again before the loop has run the callback,
 * libuv runs the callback once for all of them. The program counts both sides to
 * show it. What is never lost is the last value: after a send, libuv promises one
 * more callback, as long as the handle is still open. So the handle is closed by
 * the callback that sees the final value, and only then can the loop end. That
 * callback sees the value only because a fence orders its store before the send:
 * uv_async_send begins with a relaxed load (src/unix/async.c), which orders nothing,
 * so on a weakly ordered CPU (Arm) a store alone could still be unseen by it.
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

#define STEPS 100000
#define HEARTBEAT_MS 50
#define HEARTBEATS 3

/* Steps between two reports: the knob "chunk" sends less often (workbook sweep 12
   chunk=1..8), and the callbacks come closer to the sends. */
static int chunk = 1;

static uint64_t start;

/* Written by the job, read by the loop: an atomic, since two threads share it. */
static atomic_int steps_done;
static atomic_int sends;
static int callbacks;  /* only the loop thread touches these */
static int last_shown; /* the percentage printed last */
static int last_seen;

static uv_async_t progress_async;

/* One step of real work: a few hundred multiply-adds the compiler must keep. */
static uint64_t step(uint64_t acc)
{
    for (int i = 0; i < 500; i++)
        acc = acc * 6364136223846793005ULL + 1442695040888963407ULL;
    return acc;
}

/* On a pool thread: work, and report after every step. No printing here: the loop shows it. */
static void job_work(uv_work_t *req)
{
    uint64_t acc = 0;
    for (int i = 1; i <= STEPS; i++) {
        acc = step(acc);
        atomic_store(&steps_done, i);
        if (i % chunk != 0 && i != STEPS)
            continue;
        atomic_fetch_add(&sends, 1);
        /* The store before uv_async_send's first (relaxed) load, on every CPU. */
        atomic_thread_fence(memory_order_seq_cst);
        uv_async_send(&progress_async); /* safe from any thread (docs/src/async.rst) */
    }
    *(uint64_t *)req->data = acc;
}

/* On the loop thread, once for one or many sends: show the latest value. */
static void on_progress(uv_async_t *async)
{
    callbacks++;
    last_seen = atomic_load(&steps_done);
    int pct = (int)((int64_t)last_seen * 100 / STEPS);
    if (pct >= last_shown + 10 || (pct == 100 && last_shown != 100)) {
        printf("progress %d%% at %" PRIu64 " ms\n", pct, stopwatch_ms(start));
        last_shown = pct;
    }
    /* The final value has arrived: now the handle may close, and the loop end. */
    if (last_seen == STEPS)
        uv_close((uv_handle_t *)async, NULL);
}

/* On the loop thread, when job_work has returned. */
static void job_done(uv_work_t *req, int status)
{
    if (status != 0) {
        fprintf(stderr, "job: %s\n", uv_strerror(status));
        return;
    }
    printf("job done at %" PRIu64 " ms (checksum %" PRIu64 ")\n", stopwatch_ms(start),
           *(uint64_t *)req->data);
}

static void on_heartbeat(uv_timer_t *timer)
{
    static int beats;
    printf("heartbeat %d at %" PRIu64 " ms\n", ++beats, stopwatch_ms(start));
    if (beats == HEARTBEATS)
        uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    chunk = knob("chunk", chunk);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);

    /* An open async handle keeps the loop alive, as a timer does, until it is closed. */
    uv_async_init(&loop, &progress_async, on_progress);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);

    uint64_t checksum = 0;
    uv_work_t job = {.data = &checksum};
    uv_queue_work(&loop, &job, job_work, job_done);

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("sends = %d, callbacks = %d\n", atomic_load(&sends), callbacks);
    printf("last value seen = %d of %d\n", last_seen, STEPS);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
