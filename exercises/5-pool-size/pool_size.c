/*
 * Exercise 5: size libuv's thread pool for the work you give it.
 *
 * Read README.md first. The program queues eight blocking jobs of 100 ms each with
 * uv_queue_work(), then asks for the size of its own source file with uv_fs_stat().
 * Both go to libuv's thread pool, which has 4 threads unless told otherwise. Run it as
 * it is: the jobs finish in two waves (about 100 and 200 ms), and the stat, which takes
 * microseconds, waits behind them until about 200 ms.
 * Your job: give the pool enough threads, before its first use, that the eight jobs run
 * in one wave and the stat needs no wait.
 *
 * A correct run prints (the jobs in any order, the times vary a little):
 *     stat done at 3 ms
 *     job 1 done at 101 ms
 *     ...
 *     job 8 done at 101 ms
 *     jobs done at 101 ms
 *
 * Check your work with `make check-exercise 5`; ask for a hint with
 * `workbook hint 5`.
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

    /*
     * Leave this line as it is. libuv 1.45 to 1.48 on Linux answer uv_fs_stat through the
     * kernel's io_uring instead of the pool, and there the stat would need no thread at
     * all, whatever the pool's size (README.md says more). They read this variable once,
     * when the first loop starts; other versions ignore it.
     */
    setenv("UV_USE_IO_URING", "0", 1);

    /*
     * TODO: the pool has 4 threads. libuv reads UV_THREADPOOL_SIZE once, when the pool
     * starts on its first use (the first uv_queue_work or uv_fs_* call), and never again.
     * Set it here, with setenv(), to a size that runs all eight jobs at once and leaves
     * a thread free for the stat.
     */

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    struct job jobs[NUM_JOBS];
    for (int i = 0; i < NUM_JOBS; i++) {
        jobs[i].number = i + 1;
        jobs[i].req.data = &jobs[i];
        uv_queue_work(&loop, &jobs[i].req, job_work, job_done);
    }

    /* A file system call, queued after the jobs on the same pool. */
    uv_fs_t stat_req;
    uv_fs_stat(&loop, &stat_req, __FILE__, stat_done);

    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return 1;
    }
    return 0;
}
