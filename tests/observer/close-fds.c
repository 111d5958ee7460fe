/*
 * Observer fixture: a program that closes every descriptor from 3 to 1023 (the
 * observer's among them) before it starts its loop, then queues a job that sleeps on the
 * pool and prints from its after-work callback. The observer must reopen its log and
 * still see the job (jobs_run = 1, a sleep on the pool), and the output must not change.
 */
#include <stdio.h>
#include <unistd.h>
#include <uv.h>

static void work(uv_work_t *req)
{
    (void)req;
    uv_sleep(10);
}

static void after_work(uv_work_t *req, int status)
{
    (void)req;
    printf("job done, status %d\n", status);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    printf("descriptors 3 to 1023 closed\n");
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_work_t req;
    uv_queue_work(&loop, &req, work, after_work);
    uv_run(&loop, UV_RUN_DEFAULT);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
