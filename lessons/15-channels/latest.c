/*
 * Lesson 15: the latest value, through an async handle and one shared variable.
 *
 * The same producer as queue.c: a job on the pool makes 1000 results, one every ~20
 * microseconds, and after each one stores how far it got and calls uv_async_send. The
 * loop's async callback reads the stored value. That is lesson 12's progress report,
 * and for progress it is right: the loop wants the newest value, and an old one is worth
 * nothing once a newer one exists.
 *
 * But count what arrives: sends coalesce, so the callback runs fewer times than the
 * producer sent, and every value stored between two callbacks is overwritten unseen.
 * The last value always arrives (libuv promises a callback after the last send, while
 * the handle is open); the ones before it may not. For "every message" see queue.c.
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "stopwatch.h"

#define ITEMS 1000

static uint64_t start;
static uv_async_t doorbell;

/* The one shared value: the number of the newest result. An atomic, stored with release
   and fenced before the send, so the loop thread that the send wakes sees it (lesson.md). */
static atomic_int latest;

/* Only the loop thread touches these. */
static int received, last_seen, callbacks;

static uint64_t produce(int k)
{
    uint64_t acc = (uint64_t)k;
    for (int i = 0; i < 20000; i++)
        acc = acc * 6364136223846793005ULL + 1442695040888963407ULL;
    return acc;
}

/* On a pool thread: each result overwrites the one before, then rings. */
static void producer(uv_work_t *req)
{
    uint64_t checksum = 0;
    for (int k = 1; k <= ITEMS; k++) {
        checksum = checksum * 31 + produce(k);
        atomic_store_explicit(&latest, k, memory_order_release);
        /* uv_async_send begins with a relaxed load of its own flag, and a load may pass
           an earlier store on a weakly ordered CPU: the fence keeps the store first. */
        atomic_thread_fence(memory_order_seq_cst);
        uv_async_send(&doorbell);
    }
    *(uint64_t *)req->data = checksum;
}

/* On the loop thread: whatever is newest now. The values in between are gone. */
static void on_doorbell(uv_async_t *async)
{
    callbacks++;
    int k = atomic_load_explicit(&latest, memory_order_acquire);
    if (k != last_seen) {
        received++;
        last_seen = k;
    }
    if (k == ITEMS)
        uv_close((uv_handle_t *)async, NULL);
}

static void producer_finished(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0)
        fprintf(stderr, "producer: %s\n", uv_strerror(status));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);
    uv_async_init(&loop, &doorbell, on_doorbell);

    uint64_t checksum = 0;
    uv_work_t job = {.data = &checksum};
    uv_queue_work(&loop, &job, producer, producer_finished);
    uv_run(&loop, UV_RUN_DEFAULT);

    printf("received %d of %d values, skipped %d, the last = %d\n", received, ITEMS,
           ITEMS - received, last_seen);
    printf("callbacks = %d for %d sends\n", callbacks, ITEMS);
    printf("producer's checksum %" PRIu64 "\n", checksum);
    printf("done at %" PRIu64 " ms\n", stopwatch_ms(start));
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
