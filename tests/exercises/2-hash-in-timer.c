/*
 * Known-wrong program for exercise 2: the hash inside the heartbeat callback.
 *
 * The first heartbeat tick computes the hash itself, on the loop thread. Heartbeat 1
 * is on time (50 ms), but the callback then holds the loop thread for 150 ms: the
 * hash lands at 200 ms, and heartbeat 2, due at 100, comes at about 250: the loop
 * computes its next wait from the clock it read before the callback blocked.
 *
 * expect-verdict: heartbeat 2 came
 * expect-verdict: on the loop thread
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

static int beats;

static void on_heartbeat(uv_timer_t *timer)
{
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, elapsed_ms());
    if (beats == 1) {
        uint64_t hash = slow_hash("hunter2");
        printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", hash, elapsed_ms());
    }
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

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, 50, 50);

    uv_run(&loop, UV_RUN_DEFAULT);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
