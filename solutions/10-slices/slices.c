/*
 * Exercise 10, a reference solution: the work in slices of about 5 ms.
 *
 * An idle handle's callback runs once per turn of the loop, and the loop does not sleep
 * while it is active. Each call does Collatz numbers until SLICE_MS have passed (looking
 * at the clock every 1000 numbers, since one number takes well under a microsecond),
 * keeps next_n and total where they are, and returns: the loop then runs the heartbeat if
 * it is due, and calls the idle callback again. A beat waits at most one slice.
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

/* One slice: numbers until SLICE_MS have passed, or the work is done. */
static void work(uv_idle_t *idle)
{
    uint64_t slice_start = uv_hrtime();
    while (next_n <= LAST_N) {
        total += collatz_steps(next_n++);
        if (next_n % CHECK_EVERY == 0 && uv_hrtime() - slice_start >= SLICE_MS * 1000000ull)
            return; /* the loop runs what is due, then calls us again */
    }
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
