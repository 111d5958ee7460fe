/*
 * Known-wrong program for exercise 5: a pool of 8, with the stat queued before the jobs.
 *
 * Eight threads for eight jobs and none to spare, as 5-pool-of-8.c; but uv_fs_stat is
 * asked for first, so it takes a pool thread before any job and answers at once. Every
 * time comes out right; the question the exercise asks (does a file call queued behind
 * busy jobs wait?) was never asked.
 *
 * expect-verdict: the stat was queued after the jobs
 * expect-verdict: before the last of the jobs was queued
 * expect-exit: 1
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define NUM_JOBS 8
#define JOB_MS 100

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

struct job {
    uv_work_t req;
    int number;
};

static int jobs_left = NUM_JOBS;

/*
 * On a pool thread: a blocking call of 100 ms, as a synchronous library, a slow hash
 * or an image decoder would make. Leave it as it is: the point is how many of these
 * can run at once, not what they do.
 */
static void job_work(uv_work_t *req)
{
    (void)req;
    uv_sleep(JOB_MS);
}

/* Back on the loop thread once the job's thread is done with it. */
static void job_done(uv_work_t *req, int status)
{
    struct job *job = req->data;
    uint64_t now = elapsed_ms();
    if (status != 0)
        fprintf(stderr, "job %d: %s\n", job->number, uv_strerror(status));
    printf("job %d done at %" PRIu64 " ms\n", job->number, now);
    if (--jobs_left == 0)
        printf("jobs done at %" PRIu64 " ms\n", now);
}

/*
 * The stat's answer. Its time is what matters: the line is printed whether the stat
 * found the file or not (run from another folder, __FILE__ may not name it), since a
 * failed stat took the same trip through the pool.
 */
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

    /* One thread per job and none for the stat. */
    setenv("UV_THREADPOOL_SIZE", "8", 1);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    /* Changed: the file system call first, before any job is queued. */
    uv_fs_t stat_req;
    uv_fs_stat(&loop, &stat_req, __FILE__, stat_done);

    struct job jobs[NUM_JOBS];
    for (int i = 0; i < NUM_JOBS; i++) {
        jobs[i].number = i + 1;
        jobs[i].req.data = &jobs[i];
        uv_queue_work(&loop, &jobs[i].req, job_work, job_done);
    }

    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return 1;
    }
    return 0;
}
