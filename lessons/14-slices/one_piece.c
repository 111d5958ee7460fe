/*
 * Lesson 14, the other way: the same work in one piece on the loop thread.
 *
 * The same 160 million steps as sliced.c (~300 ms on one core), the same 20 ms
 * heartbeat. Here the idle callback does all the work before it returns: one slice as
 * long as the whole job. The loop thread is busy all that time, so nothing else on the
 * loop can run: the first beat, due at 20 ms, comes only when the work is done, and the
 * worst beat is ~280 ms late. It is lesson 01's busy loop again, written as a callback.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "stopwatch.h"

#define TOTAL_STEPS (160u << 20)
#define HEARTBEAT_MS 20
#define HEARTBEATS 10

static uint64_t start;

/* One step of the work: xorshift64, a generator whose steps depend on each other, so no
   compiler can skip or combine them: ~2 ns each, on every compiler. */
static uint64_t xorshift(uint64_t x)
{
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
}

/* The work's state between slices: where it is, and what it has computed so far. */
static uint64_t steps_done;
static uint64_t acc = 1;
static int slices;

/* Heartbeat bookkeeping: when the last beat ran, and the latest a beat came. */
static uint64_t last_beat_ms;
static uint64_t worst_late_ms;

/* All the work in one callback: the loop thread returns to the loop only at the end. */
static void work_slice(uv_idle_t *idle)
{
    slices++;
    for (; steps_done < TOTAL_STEPS; steps_done++)
        acc = xorshift(acc);
    printf("work done at %" PRIu64 " ms, slices = %d, checksum %" PRIu64 "\n",
           stopwatch_ms(start), slices, acc);
    uv_idle_stop(idle);
    uv_close((uv_handle_t *)idle, NULL);
}

/* A repeating timer is due HEARTBEAT_MS after it last ran: how late it is counts from there. */
static void on_heartbeat(uv_timer_t *timer)
{
    static int beats;
    uint64_t now = stopwatch_ms(start);
    uint64_t late = now > last_beat_ms + HEARTBEAT_MS ? now - last_beat_ms - HEARTBEAT_MS : 0;
    if (late > worst_late_ms)
        worst_late_ms = late;
    last_beat_ms = now;
    printf("heartbeat %d at %" PRIu64 " ms\n", ++beats, now);
    if (beats == HEARTBEATS)
        uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);

    /* The idle callback runs on the loop's first turn, before the heartbeat is due. */
    uv_idle_t work;
    uv_idle_init(&loop, &work);
    uv_idle_start(&work, work_slice);

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("worst heartbeat late by %" PRIu64 " ms, one slice\n", worst_late_ms);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
