/*
 * Lesson 04, the fix: hand the blocking call to libuv's thread pool.
 *
 * The heartbeat and the 300 ms blocking call are exactly those of blocked.c.
 * This time the call goes to uv_queue_work, which runs it on one of libuv's
 * worker threads. The loop thread stays free, so the heartbeat ticks on time
 * at 50, 100 and 150 ms while the work finishes, elsewhere, at about 300 ms.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

/* The knobs "beat_ms" and "block_ms" try other lengths: workbook run 04 --set block_ms=600. */
static int heartbeat_ms = 50;
#define HEARTBEATS 3
static int blocking_ms = 300;

static uint64_t start;

/* Blocking work: it holds the calling thread, which is now a pool thread. */
static void blocking_work(void)
{
    struct timespec duration = {.tv_sec = 0, .tv_nsec = blocking_ms * 1000000L};
    nanosleep(&duration, NULL);
}

/* Runs on a worker thread: it must not touch the loop or its handles. */
static void work_cb(uv_work_t *req)
{
    (void)req;
    blocking_work();
}

/* Runs back on the loop thread once work_cb has returned. */
static void after_work_cb(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0) {
        fprintf(stderr, "blocking work: %s\n", uv_strerror(status));
        return;
    }
    printf("blocking work done at %" PRIu64 " ms\n", stopwatch_ms(start));
}

static void on_heartbeat(uv_timer_t *timer)
{
    static int beats = 0;
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, stopwatch_ms(start));
    if (beats == HEARTBEATS) {
        /* Closing a timer also stops it; the loop ends once the work is back too. */
        uv_close((uv_handle_t *)timer, NULL);
    }
}

int main(void)
{
    heartbeat_ms = knob("beat_ms", heartbeat_ms);
    blocking_ms = knob("block_ms", blocking_ms);
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_init: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    start = stopwatch_start_loop(&loop);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    rc = uv_timer_start(&heartbeat, on_heartbeat, heartbeat_ms, heartbeat_ms);
    if (rc != 0) {
        fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }

    /* The fix: queue the blocking call instead of making it here. This returns at once. */
    uv_work_t work;
    rc = uv_queue_work(&loop, &work, work_cb, after_work_cb);
    if (rc != 0) {
        fprintf(stderr, "uv_queue_work: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }

    /* The loop thread is free from the start: it ticks while a pool thread sleeps. */
    uv_run(&loop, UV_RUN_DEFAULT);

    rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
