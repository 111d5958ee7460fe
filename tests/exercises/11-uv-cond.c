/*
 * Not wrong, for exercise 11: libuv's own mutex and condition variable.
 *
 * uv_mutex_t and uv_cond_t instead of pthread's: the same waits, through libuv's
 * wrappers (which call pthread's underneath). The checker sees the producer block all the
 * same, and the program passes.
 *
 * expect-exit: 0
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define ITEMS 100
#define CAPACITY 8
#define PRODUCE_MS 1
#define CONSUME_MS 3

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

static uv_async_t doorbell;
static uv_timer_t consumer;

/*
 * The queue, shared by the producer (a pool thread) and the consumer (the loop thread):
 * everything in this block is read and written only with `lock` held.
 */
static uv_mutex_t lock;
static uv_cond_t not_full;
static int ring[CAPACITY];
static int first, count;
static bool producer_done;
static int max_queued, producer_waits;

/* On a pool thread: make each item (1 ms of work), append it, ring the doorbell. */
static void produce(uv_work_t *req)
{
    (void)req;
    for (int k = 1; k <= ITEMS; k++) {
        uv_sleep(PRODUCE_MS); /* making the item */
        uv_mutex_lock(&lock);
        while (count == CAPACITY) {
            producer_waits++;
            uv_cond_wait(&not_full, &lock);
        }
        ring[(first + count) % CAPACITY] = k;
        count++;
        if (count > max_queued)
            max_queued = count;
        uv_mutex_unlock(&lock);
        uv_async_send(&doorbell);
    }
    uv_mutex_lock(&lock);
    producer_done = true;
    uv_mutex_unlock(&lock);
    uv_async_send(&doorbell);
}

static void produced(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0)
        fprintf(stderr, "producer: %s\n", uv_strerror(status));
}

/* On the loop thread, every CONSUME_MS while there is something queued: take one item. */
static void consume_one(uv_timer_t *timer)
{
    uv_mutex_lock(&lock);
    int item = 0;
    if (count > 0) {
        item = ring[first];
        first = (first + 1) % CAPACITY;
        count--;
        uv_cond_signal(&not_full); /* room for one more */
    }
    bool empty = count == 0, done = producer_done;
    uv_mutex_unlock(&lock);

    if (item)
        printf("consumed %d\n", item);
    if (empty && done) {
        uv_close((uv_handle_t *)timer, NULL);
        uv_close((uv_handle_t *)&doorbell, NULL);
    } else if (empty) {
        uv_timer_stop(timer); /* nothing to do until the doorbell rings again */
    }
}

/* The doorbell: the producer queued something (or is done). Wake the consumer. */
static void on_doorbell(uv_async_t *async)
{
    (void)async;
    if (!uv_is_active((uv_handle_t *)&consumer) && !uv_is_closing((uv_handle_t *)&consumer))
        uv_timer_start(&consumer, consume_one, CONSUME_MS, CONSUME_MS);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    uv_mutex_init(&lock);
    uv_cond_init(&not_full);
    uv_async_init(&loop, &doorbell, on_doorbell);
    uv_timer_init(&loop, &consumer);
    uv_work_t job;
    uv_queue_work(&loop, &job, produce, produced);

    uv_run(&loop, UV_RUN_DEFAULT);

    uv_mutex_lock(&lock);
    printf("max queued = %d\n", max_queued);
    printf("producer waited %d times\n", producer_waits);
    uv_mutex_unlock(&lock);
    printf("done at %" PRIu64 " ms\n", elapsed_ms());

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
