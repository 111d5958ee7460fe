/*
 * Lesson 12: taking work back with uv_cancel, and what cannot be taken back.
 *
 * The pool here has a single thread, so of two jobs queued at the start, job 1
 * runs (a 100 ms blocking call) and job 2 waits in the queue behind it. At 20 ms
 * a timer changes its mind about both. uv_cancel on job 2, still queued, succeeds:
 * the job is taken out of the queue, its work callback never runs, and its
 * after-work callback is still called, on the loop thread, with UV_ECANCELED, so
 * that whatever the job owned can be freed there. uv_cancel on job 1 fails with
 * UV_EBUSY: a thread is already inside its work callback, and nothing stops a
 * running C function from outside. Job 1 finishes at about 100 ms, as if nothing
 * had been asked.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

/* The knobs "work_ms" and "cancel_ms" try other times: workbook run 12 cancel --set work_ms=500. */
static int work_ms = 100;
static int cancel_at_ms = 20;

static uint64_t start;

struct job {
    uv_work_t req;
    int id;
    bool ran; /* set by the work callback, read after it: the after-work callback */
};

static struct job jobs[2] = {{.id = 1}, {.id = 2}};

/* On the pool's one thread: blocks it for 100 ms. */
static void job_work(uv_work_t *req)
{
    struct job *job = req->data;
    job->ran = true;
    uv_sleep(work_ms);
}

/* On the loop thread, for a job that ran and for one taken back alike. */
static void job_after(uv_work_t *req, int status)
{
    struct job *job = req->data;
    printf("job %d: after-work at %" PRIu64 " ms with status %s, its work %s\n", job->id,
           stopwatch_ms(start), status == 0 ? "0" : uv_err_name(status),
           job->ran ? "ran" : "never ran");
}

/* uv_cancel's answer, as a name: 0 when the request was taken back. */
static const char *cancel_result(int rc)
{
    return rc == 0 ? "0" : uv_err_name(rc);
}

static void on_change_of_mind(uv_timer_t *timer)
{
    uint64_t now = stopwatch_ms(start);
    int queued = uv_cancel((uv_req_t *)&jobs[1].req);
    printf("at %" PRIu64 " ms: uv_cancel(job 2) = %s (it was still queued)\n", now,
           cancel_result(queued));
    int running = uv_cancel((uv_req_t *)&jobs[0].req);
    printf("at %" PRIu64 " ms: uv_cancel(job 1) = %s (it was already running)\n", now,
           cancel_result(running));
    uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    work_ms = knob("work_ms", work_ms);
    cancel_at_ms = knob("cancel_ms", cancel_at_ms);

    /* One pool thread, set before the pool's first use: job 2 must wait for job 1. */
    setenv("UV_THREADPOOL_SIZE", "1", 1);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);

    for (int i = 0; i < 2; i++) {
        jobs[i].req.data = &jobs[i];
        uv_queue_work(&loop, &jobs[i].req, job_work, job_after);
    }

    uv_timer_t timer;
    uv_timer_init(&loop, &timer);
    uv_timer_start(&timer, on_change_of_mind, cancel_at_ms, 0);

    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
