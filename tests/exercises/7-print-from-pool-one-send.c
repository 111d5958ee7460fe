/*
 * Known-wrong program for exercise 7: the pool thread prints, and one send says nothing.
 *
 * The work callback prints `progress K/40` itself after each chunk, and sends one
 * uv_async_send at the end to an async callback that does nothing. The lines come while
 * the job runs and the heartbeats keep time, and a uv_async_send did come from the pool,
 * but the loop reported nothing: a pool thread wrote the loop program's output. What the
 * run did shows which thread wrote the lines.
 *
 * expect-verdict: 40 write(s) to stdout came from the work callback, on a pool thread
 * expect-verdict: the loop printed 0 line(s) from its async callback while the job ran
 * expect-exit: 1
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
static uv_async_t progress;

static void on_progress(uv_async_t *async)
{
    (void)async;
}

/* On a pool thread: it may block, and must not print or touch the loop. */
static void job_work(uv_work_t *req)
{
    (void)req;
    for (int chunk = 1; chunk <= CHUNKS; chunk++) {
        process_chunk(chunk);
        atomic_store(&chunks_done, chunk);
        printf("progress %d/%d\n", chunk, CHUNKS);
    }
    uv_async_send(&progress); /* "the loop hears from the job" */
}

/* On the loop thread, once job_work has returned. */
static void job_done(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0)
        fprintf(stderr, "job: %s\n", uv_strerror(status));
    /* The pool thread printed every count already. */
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
