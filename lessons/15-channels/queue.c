/*
 * Lesson 15: every message, in order: a queue under a mutex, with an async handle as
 * its doorbell.
 *
 * A job on the pool produces 1000 results, one every ~20 microseconds. The loop must
 * get every one of them, in order (each is a line of a log, a row of a result: skipping
 * one is losing data). latest.c showed that an async handle alone cannot do it: sends
 * coalesce. So the results travel in a queue, and the async handle only rings the bell:
 *   - the producer locks the mutex, appends the result, unlocks, and sends;
 *   - the async callback (on the loop thread) locks the mutex, takes *everything* that
 *     is queued, unlocks, and handles it. One callback may find one result or fifty:
 *     sends still coalesce, but nothing is lost, because the data is in the queue, not
 *     in the bell.
 * The mutex does two jobs: it keeps the two threads from changing the queue at once,
 * and it publishes each result: what the producer wrote before its unlock is seen by the
 * loop thread after its lock.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "stopwatch.h"

#define ITEMS 1000

static uint64_t start;
static uv_async_t doorbell;

/* The queue: every result the producer made and the loop has not taken yet. Room for
   all of them: this queue has no bound (bounded.c adds one). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
struct item {
    int k;          /* which result: 1, 2, 3, ... */
    uint64_t value; /* what the work computed */
};
static struct item queue[ITEMS];
static int head, tail; /* taken from head, appended at tail */
static bool producer_done;
static int most_queued;

/* Only the loop thread touches these. */
static int received, out_of_order, callbacks;
static uint64_t checksum;

/* The result number k: ~20 microseconds of work. */
static struct item produce(int k)
{
    uint64_t acc = (uint64_t)k;
    for (int i = 0; i < 20000; i++)
        acc = acc * 6364136223846793005ULL + 1442695040888963407ULL;
    return (struct item){k, acc};
}

/* On a pool thread: produce, append under the lock, ring the bell. */
static void producer(uv_work_t *req)
{
    (void)req;
    for (int k = 1; k <= ITEMS; k++) {
        struct item it = produce(k);
        pthread_mutex_lock(&lock);
        queue[tail++] = it;
        if (tail - head > most_queued)
            most_queued = tail - head;
        pthread_mutex_unlock(&lock);
        uv_async_send(&doorbell);
    }
    pthread_mutex_lock(&lock);
    producer_done = true;
    pthread_mutex_unlock(&lock);
    uv_async_send(&doorbell);
}

/* On the loop thread: take everything queued, then handle it outside the lock. */
static void on_doorbell(uv_async_t *async)
{
    static struct item batch[ITEMS];
    callbacks++;
    pthread_mutex_lock(&lock);
    int n = 0;
    while (head < tail)
        batch[n++] = queue[head++];
    bool done = producer_done && head == tail;
    pthread_mutex_unlock(&lock);

    for (int i = 0; i < n; i++) {
        received++;
        out_of_order += batch[i].k != received;
        checksum = checksum * 31 + batch[i].value;
    }
    /* The producer's last word is in: no more sends will come, so the bell can go. */
    if (done)
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

    uv_work_t job;
    uv_queue_work(&loop, &job, producer, producer_finished);
    uv_run(&loop, UV_RUN_DEFAULT);

    printf("received %d of %d, %d out of order, checksum %" PRIu64 "\n", received, ITEMS,
           out_of_order, checksum);
    printf("callbacks = %d for %d sends\n", callbacks, ITEMS + 1);
    printf("most queued at once = %d (no bound)\n", most_queued);
    printf("done at %" PRIu64 " ms\n", stopwatch_ms(start));
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
