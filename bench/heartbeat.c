/*
 * heartbeat_late_ms_p50/p95: how late an offloaded loop's heartbeat ticks.
 *
 * Lesson 04's fix, kept running: a 50 ms heartbeat on the loop while the 300 ms
 * blocking call runs on libuv's thread pool, queued again each time it finishes so
 * the pool is never idle. Each tick's lateness is the time since the previous tick
 * minus 50 ms (libuv re-arms a repeating timer from its own clock, so a late tick
 * does not make the next one early: lateness is per tick, it is not a running sum).
 * A repetition collects 30 ticks and reports their median and 95th percentile.
 */
#include <uv.h>

#include "bench.h"

#define HEARTBEAT_MS 50
#define TICKS 30
#define BLOCKING_MS 300

static uint64_t last_ns;
static double late_ms[TICKS];
static int ticks;
static int stopping;
static uv_work_t work;

static void work_cb(uv_work_t *req)
{
    (void)req;
    struct timespec d = {.tv_sec = 0, .tv_nsec = BLOCKING_MS * 1000000L};
    nanosleep(&d, NULL);
}

static void after_work_cb(uv_work_t *req, int status)
{
    (void)status;
    if (!stopping)
        uv_queue_work(req->loop, req, work_cb, after_work_cb);
}

static void on_heartbeat(uv_timer_t *t)
{
    uint64_t now = bench_now_ns();
    late_ms[ticks++] = (double)(now - last_ns) / 1e6 - HEARTBEAT_MS;
    last_ns = now;
    if (ticks == TICKS) {
        stopping = 1;
        uv_close((uv_handle_t *)t, NULL);
    }
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    for (int r = 0; r < reps; r++) {
        uv_loop_t loop;
        uv_timer_t heartbeat;
        uv_loop_init(&loop);
        ticks = 0;
        stopping = 0;
        uv_timer_init(&loop, &heartbeat);
        uv_update_time(&loop);
        last_ns = bench_now_ns();
        uv_timer_start(&heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);
        uv_queue_work(&loop, &work, work_cb, after_work_cb);
        /* The loop ends when the heartbeat is closed and the last job is back. */
        uv_run(&loop, UV_RUN_DEFAULT);
        if (uv_loop_close(&loop) != 0) {
            fprintf(stderr, "heartbeat: a handle was left open\n");
            return 1;
        }
        double p95 = bench_percentile(late_ms, TICKS, 95);
        double p50 = bench_percentile(late_ms, TICKS, 50);
        bench_emit("heartbeat_late_ms_p50", p50);
        bench_emit("heartbeat_late_ms_p95", p95);
        bench_emit("heartbeat_late_ms_max", late_ms[TICKS - 1]);
    }
    return 0;
}
