/*
 * Lesson 10, the fix: size the pool before its first use.
 *
 * The same eight 100 ms jobs and the same uv_fs_stat as saturate.c (with io_uring off on
 * libuv 1.45 to 1.48, for the reason saturate.c gives, so that the stat uses the pool on
 * every libuv). This program first
 * sets UV_THREADPOOL_SIZE to 9: a thread for each job, and one more so that the file
 * system never queues behind them. libuv reads the variable once, when the pool starts
 * on its first use, so it must be set before the first uv_queue_work or uv_fs_* call;
 * set later, it is silently ignored. Now the jobs run in one wave (~100 ms) and the
 * stat is answered at once.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

/* The knob "jobs" queues more or fewer of them: workbook run 10 --set jobs=12. */
static int num_jobs = 8;
#define JOB_MS 100

static uint64_t start;
static int jobs_left;

struct job {
    uv_work_t req;
    int number;
    pthread_t thread; /* the pool thread that ran it */
};

/* On a pool thread: a blocking call, as a slow hash or a synchronous library would be. */
static void job_work(uv_work_t *req)
{
    struct job *job = req->data;
    job->thread = pthread_self();
    uv_sleep(JOB_MS);
}

/* Back on the loop thread. */
static void job_done(uv_work_t *req, int status)
{
    struct job *job = req->data;
    uint64_t now = stopwatch_ms(start);
    if (status != 0)
        fprintf(stderr, "job %d: %s\n", job->number, uv_strerror(status));
    printf("job %d done at %llu ms\n", job->number, (unsigned long long)now);
    if (--jobs_left == 0)
        printf("jobs done at %llu ms\n", (unsigned long long)now);
}

/* The stat is answered on the loop thread once a pool thread has made the call. */
static void stat_done(uv_fs_t *req)
{
    printf("stat done at %llu ms\n", (unsigned long long)stopwatch_ms(start));
    uv_fs_req_cleanup(req);
}

/* How many different threads ran the jobs. */
static int threads_used(const struct job *jobs, int n)
{
    int distinct = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i; j++)
            seen |= pthread_equal(jobs[i].thread, jobs[j].thread);
        distinct += !seen;
    }
    return distinct;
}

int main(int argc, char **argv)
{
    (void)argc;
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* libuv 1.45 to 1.48 would answer the stat through io_uring, without the pool
       (saturate.c says why); they read this once, when the first loop starts. */
    setenv("UV_USE_IO_URING", "0", 1);

    /* Before anything touches the pool: eight jobs, and a thread to spare for the stat.
       (The knob "pool" tries other sizes: at 8 the stat waits for the first job to end.) */
    char pool[16];
    snprintf(pool, sizeof pool, "%d", knob("pool", 9));
    setenv("UV_THREADPOOL_SIZE", pool, 1);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);

    /* Eight jobs queued at once: the pool starts its nine threads on this first use. */
    num_jobs = knob("jobs", num_jobs);
    jobs_left = num_jobs;
    struct job *jobs = calloc((size_t)num_jobs, sizeof *jobs);
    for (int i = 0; i < num_jobs; i++) {
        jobs[i].number = i + 1;
        jobs[i].req.data = &jobs[i];
        uv_queue_work(&loop, &jobs[i].req, job_work, job_done);
    }

    /* A file system call, queued behind the jobs: the ninth thread takes it. */
    uv_fs_t stat_req;
    uv_fs_stat(&loop, &stat_req, argv[0], stat_done);

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("threads used = %d\n", threads_used(jobs, num_jobs));
    free(jobs);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
