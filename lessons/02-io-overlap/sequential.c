/*
 * Lesson 02, the contrast: the same three waits, one after another.
 *
 * The fetches are exactly those of concurrent.c, but each request is sent
 * only when the previous response has arrived. Nothing overlaps, so the waits
 * add up: about 300 ms for three 100 ms round-trips. The loop is still there;
 * it simply has only one thing to wait for at a time.
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

/* One fetch: its URL, the timer it waits on, and where its result goes. */
struct fetch {
    char url[32];
    uv_timer_t timer;
    size_t result;
};

static struct fetch *fetches;
static uint64_t start;

static int fetch_start(uv_loop_t *loop, int i);

/* A "response" has arrived: record it, then send the next request. */
static void on_response(uv_timer_t *timer)
{
    struct fetch *f = timer->data;
    f->result = strlen(f->url);
    printf("fetched %s at %" PRIu64 " ms\n", f->url, stopwatch_ms(start));
    uv_close((uv_handle_t *)timer, NULL);

    /* This is the one difference from concurrent.c: the next wait starts here. */
    int next = (int)(f - fetches) + 1;
    if (next < num_urls) {
        int rc = fetch_start(timer->loop, next);
        if (rc != 0) {
            fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
            exit(EXIT_FAILURE);
        }
    }
}

/* Send request i: arm a timer and return at once. Returns 0, or a libuv error code. */
static int fetch_start(uv_loop_t *loop, int i)
{
    struct fetch *f = &fetches[i];
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
    fetches = calloc((size_t)num_urls, sizeof *fetches);
    if (!fetches) {
        fprintf(stderr, "no memory for %d fetches\n", num_urls);
        return EXIT_FAILURE;
    }

    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_init: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    start = stopwatch_start_loop(&loop);

    /* Only the first request goes out now; each response sends the next one. */
    rc = fetch_start(&loop, 0);
    if (rc != 0) {
        fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
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
    free(fetches);
    return EXIT_SUCCESS;
}
