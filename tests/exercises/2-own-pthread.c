/*
 * Known-wrong program for exercise 2: the hash on a thread of the student's own.
 *
 * The loop thread stays free, the heartbeats are on time and every line matches, but
 * the hash runs on a raw pthread the program starts itself, which tells the loop with
 * uv_async_send when it is done. That works, but the exercise is about libuv's pool:
 * uv_queue_work gives the thread, the hand-back to the loop and the cleanup for free.
 * slow_hash's sleep is seen on the program's own thread, not on a pool thread.
 *
 * expect-verdict: slow_hash's 150 ms sleep never ran on a pool thread
 * expect-verdict: on a thread your program started itself
 * expect-exit: 1
 */
#include <inttypes.h>
#include <pthread.h>
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

static uv_async_t hash_done;
static uint64_t hash;

static void *hash_thread(void *arg)
{
    (void)arg;
    hash = slow_hash("hunter2");
    uv_async_send(&hash_done);
    return NULL;
}

static void on_hash_done(uv_async_t *async)
{
    printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", hash, elapsed_ms());
    uv_close((uv_handle_t *)async, NULL);
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

    uv_async_init(&loop, &hash_done, on_hash_done);
    pthread_t worker;
    if (pthread_create(&worker, NULL, hash_thread, NULL) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, 50, 50);

    uv_run(&loop, UV_RUN_DEFAULT);
    pthread_join(worker, NULL);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
