/*
 * Lesson 01: a busy loop on the loop thread freezes every timer.
 *
 * We ask libuv for a timer due at 50 ms, then keep the one thread that runs
 * the loop busy for 300 ms. A libuv loop runs callbacks one at a time on that
 * thread, so the timer cannot fire until the busy loop gives the thread back:
 * it fires at about 300 ms, not 50. Node behaves the same way, because Node's
 * event loop is libuv (see busy_loop.mjs next to this file).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

/* When we want the timer, and how long we keep the thread busy. */
/* The knobs "timer_ms" and "busy_ms" try others: workbook run 01 --set busy_ms=1000. */
static int timer_ms = 50;
static int busy_ms = 300;

static uint64_t start;

static void on_timer(uv_timer_t *timer)
{
    printf("timer fired at %" PRIu64 " ms (wanted %d)\n", stopwatch_ms(start), timer_ms);
    /* The timer has done its job; closing it lets the loop finish. */
    uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    timer_ms = knob("timer_ms", timer_ms);
    busy_ms = knob("busy_ms", busy_ms);
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_init: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    start = stopwatch_start_loop(&loop);

    /* Ask for a callback 50 ms from now. Nothing runs it yet: only the loop does. */
    uv_timer_t timer;
    uv_timer_init(&loop, &timer);
    rc = uv_timer_start(&timer, on_timer, timer_ms, 0);
    if (rc != 0) {
        fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }

    /*
     * Burn the CPU for 300 ms on this thread. This is what a long computation
     * looks like to the loop: no waiting, no yielding, just work.
     */
    while (stopwatch_ms(start) < (uint64_t)busy_ms) {
        /* spin */
    }
    printf("busy loop done at %" PRIu64 " ms\n", stopwatch_ms(start));

    /*
     * Only now does the loop get the thread. Its timer was due 250 ms ago, so it
     * fires on the loop's first turn.
     */
    uv_run(&loop, UV_RUN_DEFAULT);

    rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
