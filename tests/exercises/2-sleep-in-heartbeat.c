/*
 * Known-wrong program for exercise 2: a sleep in the heartbeat callback.
 *
 * The hash is offloaded correctly, but the heartbeat callback "waits for the next
 * beat" with uv_sleep(50) on the loop thread. The repeating timer was re-armed from
 * the loop's clock before the callback ran, and that clock does not move while the
 * callback sleeps, so libuv waits another full 50 ms after it returns: heartbeat 2
 * comes about 100 ms after heartbeat 1 instead of 50. The hash lands at 150, or at
 * 200 when its result arrives while the second tick sleeps.
 *
 * expect-verdict: heartbeat 2 came
 * expect-verdict: a callback slept
 * expect-exit: 1
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

struct hash_job {
    uv_work_t req;
    const char *password;
    uint64_t hash;
};

static void hash_work(uv_work_t *req)
{
    struct hash_job *job = req->data;
    job->hash = slow_hash(job->password);
}

static void hash_done(uv_work_t *req, int status)
{
    struct hash_job *job = req->data;
    if (status == 0)
        printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", job->hash, elapsed_ms());
}

static int beats;

static void on_heartbeat(uv_timer_t *timer)
{
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, elapsed_ms());
    uv_sleep(50);
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

    struct hash_job job = {.password = "hunter2"};
    job.req.data = &job;
    uv_queue_work(&loop, &job.req, hash_work, hash_done);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, 50, 50);

    uv_run(&loop, UV_RUN_DEFAULT);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
