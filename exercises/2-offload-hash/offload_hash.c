/*
 * Exercise 2: keep a heartbeat on time while a slow hash runs.
 *
 * Read README.md first. This program has one libuv loop with a heartbeat that
 * should tick at 50 and 100 ms, and a password hash that blocks for 150 ms.
 * As written, the hash runs on the loop thread before the loop even starts, so
 * the heartbeat cannot tick until it is done: run it and look at the times.
 * Your job is to move the hash off the loop thread with uv_queue_work().
 *
 * A correct run prints, in this order:
 *     heartbeat 1 at 50 ms
 *     heartbeat 2 at 100 ms
 *     hash = 95755137202 at 150 ms
 *
 * Check your work with `make check-exercise 2`; ask for a hint with
 * `workbook hint 2`.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define HEARTBEAT_MS 50
#define HEARTBEATS 2

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

/*
 * A deliberately slow password hash (it stands in for bcrypt or argon2): it blocks
 * for 150 ms, then folds the bytes into 64 bits with h = h * 31 + byte. Unsigned
 * arithmetic wraps, which is what a hash wants. Leave this function as it is:
 * the point is where it runs, not what it does.
 */
static uint64_t slow_hash(const char *password)
{
    uv_sleep(150);
    uint64_t h = 0;
    for (const unsigned char *p = (const unsigned char *)password; *p != '\0'; p++)
        h = h * 31 + *p;
    return h;
}

/*
 * TODO: a hash job for uv_queue_work(). You will need:
 *  - a work callback, void (uv_work_t *req), which runs on a thread of libuv's
 *    pool and may block: it calls slow_hash() and keeps the result;
 *  - an after-work callback, void (uv_work_t *req, int status), which runs back
 *    on the loop thread when the work callback has returned: it prints the
 *    `hash = ... at ... ms` line.
 * req->data is yours: point it at whatever the two callbacks need to share.
 */

static int beats;

/* The heartbeat proves the loop thread is free: it prints on time or not at all. */
static void on_heartbeat(uv_timer_t *timer)
{
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, elapsed_ms());
    if (beats == HEARTBEATS)
        uv_close((uv_handle_t *)timer, NULL); /* closing also stops it */
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);

    /*
     * Take the start from the loop's own clock: timers count from it, so a timer
     * due at 50 ms can never print 49.
     */
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);

    /*
     * TODO: this call holds the loop thread for 150 ms, and the heartbeat cannot
     * tick while it does. Replace these two lines with a uv_queue_work() call
     * (before uv_run, so that the hash starts right away) and print the result
     * from its after-work callback instead.
     */
    uint64_t hash = slow_hash("hunter2");
    printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", hash, elapsed_ms());

    /* Callbacks, the heartbeat's included, only run inside uv_run. */
    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return 1;
    }
    return 0;
}
