/*
 * Observer fixture: a crash. A job runs on the pool, its after-work callback prints and
 * then writes through a null pointer (SIGSEGV). Everything printed before the crash, and
 * the job's events in the log, must survive it; the exit status is the same as unobserved.
 */
#include <stdio.h>
#include <uv.h>

static void work(uv_work_t *req)
{
    uv_sleep(5);
    (void)req;
}

static void after_work(uv_work_t *req, int status)
{
    (void)req;
    printf("job done, status %d; now crashing\n", status);
    volatile int *nowhere = NULL;
    *nowhere = 1;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("before the loop\n");
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_work_t req;
    uv_queue_work(&loop, &req, work, after_work);
    uv_run(&loop, UV_RUN_DEFAULT);
    printf("never printed\n");
    return 0;
}
