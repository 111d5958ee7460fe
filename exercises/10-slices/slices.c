/*
 * Exercise 10: a long computation on the loop, in slices.
 *
 * Read README.md first. The program adds up the Collatz steps of every n from 1 to
 * 2,000,000 (about 300 ms of computing on one core) while a 20 ms heartbeat ticks ten
 * times. There is no thread and no pool here, and there will be none: the work stays on
 * the loop thread. As written, it runs in one callback, and the heartbeat waits for all
 * of it. Your job: cut the work into slices of a few milliseconds, one slice per turn of
 * the loop, so that every beat comes on time.
 *
 * A correct run prints:
 *     heartbeat 1 at 20 ms
 *     ...                       (ten beats, 20 ms apart)
 *     heartbeat 10 at 200 ms
 *     total = 277182223 at 320 ms
 *
 * Check your work with `make check-exercise 10`; ask for a hint with
 * `workbook hint 10`.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define LAST_N 2000000
#define HEARTBEAT_MS 20
#define HEARTBEATS 10

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

/* TODO: this does all the work in one go, and the loop thread can do nothing else until
   it returns. Do one slice instead (a few ms of work), keep where you stopped, and let
   the loop call you again for the next one. */
static void work(uv_timer_t *timer)
{
    for (; next_n <= LAST_N; next_n++)
        total += collatz_steps(next_n);
    printf("total = %" PRIu64 " at %" PRIu64 " ms\n", total, elapsed_ms());
    uv_close((uv_handle_t *)timer, NULL);
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

    /* The work starts on the loop's first turn. */
    uv_timer_t worker;
    uv_timer_init(&loop, &worker);
    uv_timer_start(&worker, work, 0, 0);

    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
