/*
 * Known-wrong program for exercise 2: a handle is left open.
 *
 * A timer meant for a timeout is initialised and never used, nor closed. An inactive
 * handle does not keep uv_run going, so the run looks right; but uv_loop_close fails
 * with UV_EBUSY while any handle is open, and main returns 1. The verdict names the
 * cause, not just the exit status.
 *
 * expect-verdict: a timer handle was left open: uv_close it before uv_loop_close
 * expect-not-verdict: main() should return 0
 * expect-exit: 1
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
 * arithmetic wraps, which is what a hash wants.
 */
static uint64_t slow_hash(const char *password)
{
    uv_sleep(150);
    uint64_t h = 0;
    for (const unsigned char *p = (const unsigned char *)password; *p != '\0'; p++)
        h = h * 31 + *p;
    return h;
}

/* The hash job: its input, and its result once the pool thread is done. */
struct hash_job {
    uv_work_t req;
    const char *password;
    uint64_t hash;
};

/* Runs on a thread of the pool, never on the loop thread: it may block. */
static void hash_work(uv_work_t *req)
{
    struct hash_job *job = req->data;
    job->hash = slow_hash(job->password);
}

/* Runs back on the loop thread once hash_work has returned. */
static void hash_done(uv_work_t *req, int status)
{
    struct hash_job *job = req->data;
    if (status != 0) {
        fprintf(stderr, "hash job: %s\n", uv_strerror(status));
        return;
    }
    printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", job->hash, elapsed_ms());
}

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

    /* The hash goes to the pool first thing; its 150 ms run beside the heartbeats. */
    struct hash_job job = {.password = "hunter2"};
    job.req.data = &job;
    uv_queue_work(&loop, &job.req, hash_work, hash_done);

    uv_timer_t heartbeat, timeout;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_init(&loop, &timeout); /* wrong: never closed */
    uv_timer_start(&heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);

    /* Nothing above has run yet: callbacks only run inside uv_run. */
    uv_run(&loop, UV_RUN_DEFAULT);

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return 1;
    }
    return 0;
}
