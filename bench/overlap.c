/*
 * overlap_ratio: three concurrent 100 ms waits against one, in the same process.
 *
 * Lesson 02's fetches, reduced to their waits: a libuv timer per "request". One
 * wait alone takes 100 ms and a little; if the loop really waits for three at once,
 * three take the same, and the ratio is 1.00. Measuring both here, one right after
 * the other, cancels what a busy machine adds to both.
 */
#include <uv.h>

#include "bench.h"

#define WAIT_MS 100

static void on_done(uv_timer_t *t)
{
    uv_close((uv_handle_t *)t, NULL);
}

/* Elapsed ms for n waits started together on a fresh loop. */
static double waits(int n)
{
    uv_loop_t loop;
    uv_timer_t timers[3];
    uv_loop_init(&loop);
    uv_update_time(&loop);
    uint64_t start = bench_now_ns();
    for (int i = 0; i < n; i++) {
        uv_timer_init(&loop, &timers[i]);
        uv_timer_start(&timers[i], on_done, WAIT_MS, 0);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    double ms = bench_ms_since(start);
    if (uv_loop_close(&loop) != 0) {
        fprintf(stderr, "overlap: a timer was left open\n");
        exit(1);
    }
    return ms;
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    for (int r = 0; r < reps; r++) {
        double one = waits(1);
        double three = waits(3);
        bench_emit("overlap_one_ms", one);
        bench_emit("overlap_three_ms", three);
        bench_emit("overlap_ratio", three / one);
    }
    return 0;
}
