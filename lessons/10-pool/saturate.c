/*
 * Lesson 10: libuv's thread pool is small, fixed and shared.
 *
 * Eight jobs, each a blocking call of 100 ms, go to uv_queue_work at once. Then the
 * program asks for the size of its own program file with uv_fs_stat. Both kinds of work
 * run on the same pool: libuv makes each uv_fs_* call as a blocking system call on a
 * pool thread ("All file operations are run on the threadpool", libuv's docs/src/fs.rst),
 * and DNS lookups too, through a queue of their own.
 *
 * Except on libuv 1.45 to 1.48 on Linux 5.10.186 and newer: there uv_fs_stat (and open,
 * read, write, close...) goes to the kernel's io_uring instead, skipping the pool
 * (uv__iou_fs_statx in src/unix/fs.c at v1.48.0); 1.49 took them back. This lesson is
 * about the pool, so the program turns io_uring off before its loop starts, with the
 * switch those versions read once, at the first loop (UV_USE_IO_URING in
 * src/unix/linux.c at v1.48.0). Older and newer libuv ignore it. Node ships its libuv
 * with io_uring off by default too (Node's docs, "UV_USE_IO_URING").
 *
 * The pool has 4 threads unless UV_THREADPOOL_SIZE says otherwise. So the jobs run in
 * two waves, four at about 100 ms and four at about 200 ms, and the stat, queued behind
 * them, waits for a free thread: a call that takes microseconds finishes at ~200 ms.
 * The program counts the threads that ran its jobs from inside the jobs themselves.
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

    /* libuv 1.45 to 1.48 would answer the stat through io_uring, without the pool (the
       comment at the top says why); they read this once, when the first loop starts. */
    setenv("UV_USE_IO_URING", "0", 1);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);

    /* Eight jobs queued at once: the pool starts its threads on this first use. */
    num_jobs = knob("jobs", num_jobs);
    jobs_left = num_jobs;
    struct job *jobs = calloc((size_t)num_jobs, sizeof *jobs);
    for (int i = 0; i < num_jobs; i++) {
        jobs[i].number = i + 1;
        jobs[i].req.data = &jobs[i];
        uv_queue_work(&loop, &jobs[i].req, job_work, job_done);
    }

    /* A file system call, queued behind the jobs on the same pool. */
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
