/*
 * Lesson 15: a queue with a bound. A fast producer waits for room; the queue never
 * holds more than its capacity.
 *
 * queue.c has no bound: when the producer is faster than the loop, the queue grows by
 * the difference, for as long as the producer runs (memory, and latency: the newest
 * result waits behind all the others). Here the producer makes 40 results in well under
 * a millisecond each and the loop takes one every 5 ms, so without a bound nearly all
 * 40 would pile up. With a capacity of 4:
 *   - the producer (a job on the pool) locks the mutex and, while the queue is full,
 *     waits on the condition variable `not_full`. pthread_cond_wait releases the mutex
 *     while it sleeps and takes it back before it returns; `while`, not `if`, because a
 *     wake-up is a hint to look again, not a promise that there is room;
 *   - the consumer (a 5 ms timer on the loop thread) takes one result under the lock and
 *     signals `not_full`. When the queue is empty it stops its timer; the producer's
 *     uv_async_send is the doorbell that starts it again.
 * The loop thread never waits on the condition variable: it must never block. Only the
 * producer, on its pool thread, waits.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

#define ITEMS 40
#define CONSUME_MS 5

/* The knob "capacity" tries other bounds: workbook run 15 --set capacity=16. */
static int capacity = 4;

static uint64_t start;
static uv_async_t doorbell;
static uv_timer_t consumer;

struct item {
    int k;
    uint64_t value;
};

/* The queue, a ring of `capacity` slots; everything here is under the lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static struct item *ring;
static int first, count;
static bool producer_done;
static int most_queued, producer_waits;

/* Only the loop thread touches these. */
static int received, out_of_order;
static uint64_t checksum;

static struct item produce(int k)
{
    uint64_t acc = (uint64_t)k;
    for (int i = 0; i < 20000; i++)
        acc = acc * 6364136223846793005ULL + 1442695040888963407ULL;
    return (struct item){k, acc};
}

/* On a pool thread: produce, wait for room, append, ring. */
static void producer(uv_work_t *req)
{
    (void)req;
    for (int k = 1; k <= ITEMS; k++) {
        struct item it = produce(k);
        pthread_mutex_lock(&lock);
        while (count == capacity) {
            producer_waits++;
            pthread_cond_wait(&not_full, &lock);
        }
        ring[(first + count) % capacity] = it;
        count++;
        if (count > most_queued)
            most_queued = count;
        pthread_mutex_unlock(&lock);
        uv_async_send(&doorbell);
    }
    pthread_mutex_lock(&lock);
    producer_done = true;
    pthread_mutex_unlock(&lock);
    uv_async_send(&doorbell);
}

static void finish(void)
{
    uv_close((uv_handle_t *)&consumer, NULL);
    uv_close((uv_handle_t *)&doorbell, NULL);
}

/* On the loop thread, every CONSUME_MS while there is work: take one result. */
static void consume_one(uv_timer_t *timer)
{
    pthread_mutex_lock(&lock);
    bool got = count > 0;
    struct item it = got ? ring[first] : (struct item){0};
    if (got) {
        first = (first + 1) % capacity;
        count--;
        pthread_cond_signal(&not_full); /* room for one more */
    }
    bool empty = count == 0, done = producer_done;
    pthread_mutex_unlock(&lock);

    if (got) {
        received++;
        out_of_order += it.k != received;
        checksum = checksum * 31 + it.value;
    }
    if (empty && done)
        finish();
    else if (empty)
        uv_timer_stop(timer); /* nothing to do until the doorbell rings */
}

/* The doorbell: something was queued (or the producer is done). Wake the consumer. */
static void on_doorbell(uv_async_t *async)
{
    (void)async;
    if (uv_is_closing((uv_handle_t *)&consumer) || uv_is_active((uv_handle_t *)&consumer))
        return;
    uv_timer_start(&consumer, consume_one, CONSUME_MS, CONSUME_MS);
}

static void producer_finished(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0)
        fprintf(stderr, "producer: %s\n", uv_strerror(status));
}

int main(void)
{
    capacity = knob("capacity", capacity);
    ring = calloc((size_t)capacity, sizeof *ring);
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);
    uv_async_init(&loop, &doorbell, on_doorbell);
    uv_timer_init(&loop, &consumer);

    uv_work_t job;
    uv_queue_work(&loop, &job, producer, producer_finished);
    uv_run(&loop, UV_RUN_DEFAULT);

    pthread_mutex_lock(&lock);
    int most = most_queued, waits = producer_waits;
    pthread_mutex_unlock(&lock);
    printf("received %d of %d, %d out of order, checksum %" PRIu64 "\n", received, ITEMS,
           out_of_order, checksum);
    printf("most queued at once = %d (capacity %d)\n", most, capacity);
    printf("producer waited %d times\n", waits);
    printf("done at %" PRIu64 " ms\n", stopwatch_ms(start));
    free(ring);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
