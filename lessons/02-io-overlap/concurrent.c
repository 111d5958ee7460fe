/*
 * Lesson 02: three waits overlap on one loop.
 *
 * Each "fetch" waits 100 ms (a libuv timer stands in for a network round-trip)
 * and then yields the length of its URL. We start all three at once: while one
 * waits, nothing stops the loop from waiting for the others too, so the three
 * finish together, about 100 ms after the start, on a single thread.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

/* How long one round-trip takes, and how many requests: the knobs "wait_ms" and
   "waits" try others (workbook sweep 02 waits=1..64). */
static int round_trip_ms = 100;
static int num_urls = 3;

/* The i-th URL: https://a.example, https://b.example, https://c.example, ... */
static void url_of(int i, char *buf, size_t n)
{
    static const char hosts[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    snprintf(buf, n, "https://%c.example", hosts[i % (int)(sizeof hosts - 1)]);
}

/* One fetch in flight: its URL, the timer it waits on, and where its result goes. */
struct fetch {
    char url[32];
    uv_timer_t timer;
    size_t result;
};

static uint64_t start;

/* The "response" has arrived: compute the result and free the timer. */
static void on_response(uv_timer_t *timer)
{
    struct fetch *f = timer->data;
    f->result = strlen(f->url);
    printf("fetched %s at %" PRIu64 " ms\n", f->url, stopwatch_ms(start));
    uv_close((uv_handle_t *)timer, NULL);
}

/* Send a "request": arm a timer and return at once, without waiting.
   Returns 0, or a libuv error code. */
static int fetch_start(uv_loop_t *loop, struct fetch *f, int i)
{
    url_of(i, f->url, sizeof f->url);
    f->timer.data = f;
    uv_timer_init(loop, &f->timer);
    return uv_timer_start(&f->timer, on_response, round_trip_ms, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    round_trip_ms = knob("wait_ms", round_trip_ms);
    num_urls = knob("waits", num_urls);

    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_init: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    start = stopwatch_start_loop(&loop);

    /* All three requests go out now; none of these calls waits. */
    struct fetch fetches[num_urls];
    for (int i = 0; i < num_urls; i++) {
        rc = fetch_start(&loop, &fetches[i], i);
        if (rc != 0) {
            fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
            return EXIT_FAILURE;
        }
    }

    /* The loop waits for all three at once and returns when nothing is left. */
    uv_run(&loop, UV_RUN_DEFAULT);

    printf("results = [");
    for (int i = 0; i < num_urls; i++) {
        printf("%s%zu", i > 0 ? ", " : "", fetches[i].result);
    }
    printf("]\n");
    printf("elapsed = %" PRIu64 " ms\n", stopwatch_ms(start));

    rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
