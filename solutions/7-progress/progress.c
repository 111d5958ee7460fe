/*
 * Exercise 7, a reference solution: the chunks on the pool, progress by uv_async_send.
 *
 * The work callback runs the 40 chunks on a pool thread and, after each, stores
 * how many are done in an atomic and rings the async handle. The async callback
 * runs on the loop thread and prints the latest count; several sends that come
 * before it runs are coalesced into one callback, so some counts are skipped.
 * The after-work callback can run before the last async callback, so it prints
 * the final count itself if that has not been printed yet, and only then closes
 * the async handle: the last value always arrives, and the loop can end.
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define CHUNKS 40
#define CHUNK_MS 5
#define HEARTBEAT_MS 50
#define HEARTBEATS 3

static uint64_t start_ms;

static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

static void process_chunk(int chunk)
{
    (void)chunk;
    uv_sleep(CHUNK_MS);
}

static atomic_int chunks_done; /* written on the pool thread, read on the loop thread */
static int last_printed;       /* the loop thread's own */
static uv_async_t progress;

/* On the loop thread: print the latest count, if it is news. */
static void show_progress(void)
{
    int done = atomic_load(&chunks_done);
    if (done > last_printed) {
        printf("progress %d/%d\n", done, CHUNKS);
        last_printed = done;
    }
}

static void on_progress(uv_async_t *async)
{
    (void)async;
    show_progress();
}

/* On a pool thread: it may block, and must not touch the loop or its handles.
   uv_async_send starts with a relaxed load, which orders nothing, so the last
   count may reach the async callback late or not at all: job_done reads it again. */
static void job_work(uv_work_t *req)
{
    (void)req;
    for (int chunk = 1; chunk <= CHUNKS; chunk++) {
        process_chunk(chunk);
        atomic_store(&chunks_done, chunk);
        uv_async_send(&progress);
    }
}

/* On the loop thread, once job_work has returned. */
static void job_done(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0)
        fprintf(stderr, "job: %s\n", uv_strerror(status));
    show_progress(); /* the last async callback may not have run yet */
    uv_close((uv_handle_t *)&progress, NULL);
    printf("done at %" PRIu64 " ms\n", elapsed_ms());
}

static int beats;

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

    uv_async_init(&loop, &progress, on_progress);
    uv_work_t job;
    uv_queue_work(&loop, &job, job_work, job_done);

    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
