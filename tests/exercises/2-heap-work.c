/*
 * A correct program for exercise 2, in another style: the uv_work_t is allocated on the
 * heap together with the job's data and freed in the after-work callback, as a program
 * that queues many jobs would. The checker must pass it.
 *
 * expect-verdict: passed
 * expect-exit: 0
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

static uint64_t start_ms;

static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

static uint64_t slow_hash(const char *password)
{
    uv_sleep(150);
    uint64_t h = 0;
    for (const unsigned char *p = (const unsigned char *)password; *p != '\0'; p++)
        h = h * 31 + *p;
    return h;
}

struct job {
    uv_work_t req; /* first, so that a uv_work_t * is a struct job * */
    const char *password;
    uint64_t hash;
};

static void work(uv_work_t *req)
{
    struct job *job = (struct job *)req;
    job->hash = slow_hash(job->password);
}

static void after_work(uv_work_t *req, int status)
{
    struct job *job = (struct job *)req;
    if (status == 0)
        printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", job->hash, elapsed_ms());
    free(job);
}

static int beats;

static void on_heartbeat(uv_timer_t *timer)
{
    printf("heartbeat %d at %" PRIu64 " ms\n", ++beats, elapsed_ms());
    if (beats == 2)
        uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    struct job *job = malloc(sizeof *job);
    if (!job) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    job->password = "hunter2";
    uv_queue_work(&loop, &job->req, work, after_work);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, 50, 50);
    uv_run(&loop, UV_RUN_DEFAULT);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
