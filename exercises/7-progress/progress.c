/*
 * Exercise 7: report progress from the pool without blocking the loop.
 *
 * Read README.md first. A job works through 40 chunks of 5 ms each, and the
 * loop prints `progress K/40` as the chunks get done, while a 50 ms heartbeat
 * ticks three times. As written, the chunks run inside a timer callback, on the
 * loop thread: for 200 ms nothing else can run there, and the heartbeats come
 * late. Your job: run the chunks on libuv's thread pool (uv_queue_work), and let
 * the job tell the loop how far it is with uv_async_send.
 *
 * A correct run prints, in an order that depends on timing:
 *     progress 1/40
 *     ...                    (some values may be skipped)
 *     heartbeat 1 at 50 ms
 *     ...
 *     heartbeat 3 at 150 ms
 *     ...
 *     progress 40/40
 *     done at 200 ms
 *
 * Check your work with `make check-exercise 7`; ask for a hint with
 * `workbook hint 7`.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define CHUNKS 40
#define CHUNK_MS 5
#define HEARTBEAT_MS 50
#define HEARTBEATS 3

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

/* One chunk of the job: it blocks its thread for 5 ms. Leave it as it is. */
static void process_chunk(int chunk)
{
    (void)chunk;
    uv_sleep(CHUNK_MS);
}

/*
 * TODO: this callback runs on the loop thread, and it holds that thread for all
 * 40 chunks (200 ms). Turn it into a job for uv_queue_work:
 *  - a work callback (on a pool thread) runs the chunks; after each one it stores
 *    how many are done where the loop can read it safely (an atomic_int) and calls
 *    uv_async_send, the one call on the loop's handles that is safe from another
 *    thread;
 *  - the async handle's callback (on the loop thread) prints `progress K/40` for
 *    the latest K, if it is newer than the last one printed;
 *  - the after-work callback (on the loop thread) makes sure `progress 40/40` has
 *    been printed, closes the async handle with uv_close (or uv_run never returns)
 *    and prints `done at N ms`.
 */
static void run_job(uv_timer_t *timer)
{
    for (int chunk = 1; chunk <= CHUNKS; chunk++) {
        process_chunk(chunk);
        printf("progress %d/%d\n", chunk, CHUNKS);
    }
    printf("done at %" PRIu64 " ms\n", elapsed_ms());
    uv_close((uv_handle_t *)timer, NULL);
}

static int beats;

/* The heartbeat proves the loop thread is free: it prints on time or not at all. */
static void on_heartbeat(uv_timer_t *timer)
{
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, elapsed_ms());
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

    /* TODO: queue the job with uv_queue_work instead of running it on the loop thread. */
    uv_timer_t job;
    uv_timer_init(&loop, &job);
    uv_timer_start(&job, run_job, 0, 0);

    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
