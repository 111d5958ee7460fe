/*
 * Lesson 14: long work on the loop thread, in slices that take turns.
 *
 * The work: 160 million steps of a random-number generator, ~300 ms of computation on
 * one core, with nothing to wait for. Lesson 04 moved work like this to the pool. Here it
 * stays on the loop thread, but never for long: an idle handle's callback runs one slice
 * of about slice_ms, remembers where it stopped, and returns. The loop then runs whatever
 * else is due (the 20 ms heartbeat) before it calls the idle callback again for the next
 * slice. No thread, no lock: the state lives in plain variables, because only the loop
 * thread ever touches it.
 *
 * The price: a beat can still wait for the slice that is running (up to slice_ms), and
 * the whole job takes a little longer than in one piece (each turn of the loop costs a
 * little). That is the trade: a smaller slice keeps time better and costs more turns.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

#define TOTAL_STEPS (160u << 20)
#define CHUNK_STEPS (1u << 20) /* about 1 ms: how often a slice looks at the clock */
/* The knob "slice_ms" tries other sizes: workbook run 14 --set slice_ms=40. */
static int slice_ms = 10;
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

/* One slice: chunks of work until slice_ms have passed or the work is done. */
static void work_slice(uv_idle_t *idle)
{
    uint64_t slice_start = uv_hrtime();
    slices++;
    while (steps_done < TOTAL_STEPS) {
        for (uint32_t i = 0; i < CHUNK_STEPS; i++)
            acc = xorshift(acc);
        steps_done += CHUNK_STEPS;
        if (uv_hrtime() - slice_start >= (uint64_t)slice_ms * 1000000)
            return; /* the loop runs what is due, then calls us again */
    }
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
    slice_ms = knob("slice_ms", slice_ms);
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);

    /* An active idle handle is called once per turn of the loop, and the loop does not
       sleep while it is active: exactly what work that takes turns needs. */
    uv_idle_t work;
    uv_idle_init(&loop, &work);
    uv_idle_start(&work, work_slice);

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("worst heartbeat late by %" PRIu64 " ms, slices of %d ms\n", worst_late_ms, slice_ms);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
