/*
 * Known-wrong program for exercise 10: slices that are one slice.
 *
 * The work is cut into 5 ms slices, but one callback runs them all, one after another,
 * without returning to the loop in between: the heartbeat still waits for all 300 ms.
 *
 * expect-verdict: only 1 loop callbacks computed anything
 * expect-verdict: heartbeat 1 came at
 * expect-exit: 1
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define LAST_N 2000000
#define HEARTBEAT_MS 20
#define HEARTBEATS 10
#define SLICE_MS 5
#define CHECK_EVERY 1000

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

/* The steps n takes to reach 1 (n -> n / 2 when even, 3n + 1 when odd). */
static uint64_t collatz_steps(uint64_t n)
{
    uint64_t steps = 0;
    while (n != 1) {
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}

/* The work's state: the next n to do, and the total so far. */
static uint64_t next_n = 1;
static uint64_t total;

/* One slice: numbers until SLICE_MS have passed; false when the work is done. */
static int one_slice(void)
{
    uint64_t slice_start = uv_hrtime();
    while (next_n <= LAST_N) {
        total += collatz_steps(next_n++);
        if (next_n % CHECK_EVERY == 0 && uv_hrtime() - slice_start >= SLICE_MS * 1000000ull)
            return 1;
    }
    return 0;
}

static void work(uv_idle_t *idle)
{
    while (one_slice()) /* every slice, without ever returning to the loop */
        ;
    printf("total = %" PRIu64 " at %" PRIu64 " ms\n", total, elapsed_ms());
    uv_close((uv_handle_t *)idle, NULL);
}

static void on_heartbeat(uv_timer_t *timer)
{
    static int beats;
    printf("heartbeat %d at %" PRIu64 " ms\n", ++beats, elapsed_ms());
    if (beats == HEARTBEATS)
        uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);

    /* The work takes turns with everything else on the loop, one slice a turn. */
    uv_idle_t worker;
    uv_idle_init(&loop, &worker);
    uv_idle_start(&worker, work);

    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
