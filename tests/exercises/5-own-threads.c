/*
 * Known-wrong program for exercise 5: the jobs moved to threads of the student's own.
 *
 * Instead of sizing libuv's pool, the program starts a pthread per job, and each thread
 * tells the loop with uv_async_send when its 100 ms are over. The times are those of a
 * correct program (one wave, the stat at once on the idle pool); only what the run
 * did shows that the jobs never went to libuv's pool.
 *
 * expect-verdict: the program started 8 thread(s) of its own
 * expect-verdict: the jobs ran on 0 pool thread(s)
 * expect-exit: 1
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define NUM_JOBS 8
#define JOB_MS 100

static uint64_t start_ms;

static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

struct job {
    pthread_t thread;
    int number;
    atomic_int done;
};

static struct job jobs[NUM_JOBS];
static uv_async_t wake;
static int reported;

static void *job_thread(void *arg)
{
    struct job *job = arg;
    uv_sleep(JOB_MS);
    atomic_store(&job->done, 1);
    uv_async_send(&wake);
    return NULL;
}

/* Sends coalesce: look at every job each time. */
static void on_wake(uv_async_t *async)
{
    for (int i = 0; i < NUM_JOBS; i++) {
        if (atomic_load(&jobs[i].done) == 1) {
            atomic_store(&jobs[i].done, 2);
            printf("job %d done at %" PRIu64 " ms\n", jobs[i].number, elapsed_ms());
            if (++reported == NUM_JOBS) {
                printf("jobs done at %" PRIu64 " ms\n", elapsed_ms());
                uv_close((uv_handle_t *)async, NULL);
            }
        }
    }
}

static void stat_done(uv_fs_t *req)
{
    printf("stat done at %" PRIu64 " ms\n", elapsed_ms());
    uv_fs_req_cleanup(req);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* As the stub: the stat on the pool on libuv 1.45 to 1.48 too (io_uring off). */
    setenv("UV_USE_IO_URING", "0", 1);
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);
    uv_async_init(&loop, &wake, on_wake);

    for (int i = 0; i < NUM_JOBS; i++) {
        jobs[i].number = i + 1;
        pthread_create(&jobs[i].thread, NULL, job_thread, &jobs[i]);
    }
    uv_fs_t stat_req;
    uv_fs_stat(&loop, &stat_req, __FILE__, stat_done);

    uv_run(&loop, UV_RUN_DEFAULT);
    for (int i = 0; i < NUM_JOBS; i++)
        pthread_join(jobs[i].thread, NULL);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
