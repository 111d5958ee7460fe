/*
 * Known-wrong program for exercise 2: no uv_queue_work, a second timer instead.
 *
 * The student noticed that the hash "takes 150 ms" and replaced the blocking call by
 * a one-shot timer that fires at 150 ms and folds the bytes there, on the loop thread.
 * The heartbeats are on time and every line matches, but slow_hash's 150 ms of
 * blocking work never runs at all, let alone on a pool thread: the exercise is about
 * offloading blocking work, and there is none left to offload.
 *
 * expect-verdict: slow_hash's 150 ms sleep never ran on a pool thread
 * expect-verdict: uv_queue_work
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

/* The fold of slow_hash, without its wait: the timer does the waiting. */
static uint64_t fold(const char *password)
{
    uint64_t h = 0;
    for (const unsigned char *p = (const unsigned char *)password; *p != '\0'; p++)
        h = h * 31 + *p;
    return h;
}

static void on_hash_ready(uv_timer_t *timer)
{
    printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", fold("hunter2"), elapsed_ms());
    uv_close((uv_handle_t *)timer, NULL);
}

static int beats;

static void on_heartbeat(uv_timer_t *timer)
{
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, elapsed_ms());
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

    uv_timer_t hash_timer;
    uv_timer_init(&loop, &hash_timer);
    uv_timer_start(&hash_timer, on_hash_ready, 150, 0);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, 50, 50);

    uv_run(&loop, UV_RUN_DEFAULT);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
