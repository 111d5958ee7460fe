/*
 * Known-wrong program for exercise 7: progress that is not progress.
 *
 * The chunks run on the pool and the heartbeats keep time. The work callback sends one
 * uv_async_send, after the last chunk, and the after-work callback prints `progress 1/40`
 * to `40/40` in one go, after the heartbeats: every line is right and rising, and none of
 * it came while the work ran. What the run did shows it: no line came from the async
 * callback while the job was running.
 *
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
static int last_printed;       /* the loop thread's own */
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
    }
    uv_async_send(&progress); /* "the loop hears from the job" */
}

/* On the loop thread, once job_work has returned. */
static void job_done(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0)
        fprintf(stderr, "job: %s\n", uv_strerror(status));
    /* Every count from 1 to 40, now that the job is over. */
    for (int k = last_printed + 1; k <= atomic_load(&chunks_done); k++)
        printf("progress %d/%d\n", k, CHUNKS);
    last_printed = atomic_load(&chunks_done);
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
