/*
 * A correct program for exercise 2, in another style: libuv's default loop instead of
 * a loop on the stack, and the job in a static struct. The checker must pass it.
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

static uv_work_t hash_req;
static uint64_t hash;

static void hash_work(uv_work_t *req)
{
    (void)req;
    hash = slow_hash("hunter2");
}

static void hash_done(uv_work_t *req, int status)
{
    (void)req;
    if (status == 0)
        printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", hash, elapsed_ms());
}

static uv_timer_t heartbeat;
static int beats;

static void on_heartbeat(uv_timer_t *timer)
{
    printf("heartbeat %d at %" PRIu64 " ms\n", ++beats, elapsed_ms());
    if (beats == 2)
        uv_timer_stop(timer);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uv_loop_t *loop = uv_default_loop();
    uv_update_time(loop);
    start_ms = uv_now(loop);

    uv_queue_work(loop, &hash_req, hash_work, hash_done);
    uv_timer_init(loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, 50, 50);
    uv_run(loop, UV_RUN_DEFAULT);

    uv_close((uv_handle_t *)&heartbeat, NULL);
    uv_run(loop, UV_RUN_DEFAULT);
    return uv_loop_close(loop) == 0 ? 0 : 1;
}
