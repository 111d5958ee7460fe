/*
 * Lesson 04: a blocking call on the loop thread starves a heartbeat.
 *
 * A heartbeat should tick every 50 ms. Before the loop starts, this thread
 * makes a 300 ms blocking call (a sleep stands in for a synchronous file read,
 * database driver or slow hash). A libuv loop only runs callbacks between
 * other callbacks, on its one thread, so the heartbeat waits the whole 300 ms:
 * tick 1, wanted at 50 ms, arrives at about 300 ms. offloaded.c is the fix.
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

/* Blocking work: it holds the calling thread and never lets the loop run. */
static void blocking_work(void)
{
    struct timespec duration = {.tv_sec = 0, .tv_nsec = blocking_ms * 1000000L};
    nanosleep(&duration, NULL);
}

static void on_heartbeat(uv_timer_t *timer)
{
    static int beats = 0;
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, stopwatch_ms(start));
    if (beats == HEARTBEATS) {
        /* Closing a timer also stops it; afterwards the loop has nothing left. */
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

    /*
     * Arm the heartbeat first: its first tick is due at 50 ms, then one every
     * 50 ms. Arming only records a due time; the loop does the ticking.
     */
    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    rc = uv_timer_start(&heartbeat, on_heartbeat, heartbeat_ms, heartbeat_ms);
    if (rc != 0) {
        fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }

    /* The mistake: the blocking call runs on the loop's own thread. */
    blocking_work();
    printf("blocking work done at %" PRIu64 " ms\n", stopwatch_ms(start));

    /*
     * Now the loop runs. Tick 1 is 250 ms overdue and fires at once. libuv
     * re-arms a repeating timer from the current time, so tick 2 comes 50 ms
     * after tick 1: the missed ticks are lost, not replayed in a burst.
     */
    uv_run(&loop, UV_RUN_DEFAULT);

    rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
