/*
 * Lesson 06: the bridge from plain code into the loop.
 *
 * fetch_count() is written in the loop's style: it starts the work and
 * returns at once; the answer arrives later, in a callback, and only while
 * someone runs the loop. That is what "colours" a function in C: whoever needs
 * the count must either take a callback too, or drive the loop itself.
 *
 * get_count() below is plain code that does the second thing. It makes a
 * loop, starts the fetch, and calls uv_run(), which does not return until the
 * loop has nothing left to do. uv_run() is our block_on: it turns "the answer
 * arrives later" into "the answer is here when the call returns".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "stopwatch.h"

/* The callback style: the answer is handed to a function, not returned. */
typedef void (*count_cb)(int count, void *data);

/* One fetch in flight: its timer, and whom to tell when it is done. */
struct fetch {
    uv_timer_t timer;
    count_cb cb;
    void *data;
};

static void fetch_closed(uv_handle_t *handle)
{
    free(handle->data);
}

/* The "server" answers after 10 ms; its answer is worked out, not stored. */
static void fetch_done(uv_timer_t *timer)
{
    struct fetch *f = timer->data;
    int rows = 6, columns = 7;
    f->cb(rows * columns, f->data);
    /* The timer is finished: close it so the loop can end and be closed. */
    uv_close((uv_handle_t *)timer, fetch_closed);
}

/* Starts the fetch on loop and returns at once; cb gets the count later. */
static void fetch_count(uv_loop_t *loop, count_cb cb, void *data)
{
    struct fetch *f = malloc(sizeof *f);
    if (f == NULL)
        abort();
    f->cb = cb;
    f->data = data;
    uv_timer_init(loop, &f->timer);
    f->timer.data = f;
    int rc = uv_timer_start(&f->timer, fetch_done, 10, 0);
    if (rc != 0) {
        fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
        exit(EXIT_FAILURE);
    }
}

static void store_count(int count, void *data)
{
    *(int *)data = count;
}

/*
 * The bridge: a plain function that returns the count. Everything loop-shaped
 * stays inside it, so its callers never learn that a loop was involved.
 */
static int get_count(void)
{
    uv_loop_t loop;
    int count = 0;

    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_init: %s\n", uv_strerror(rc));
        exit(EXIT_FAILURE);
    }
    fetch_count(&loop, store_count, &count);

    /* block_on: run the loop until the fetch has answered and its timer closed. */
    uv_run(&loop, UV_RUN_DEFAULT);

    rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        exit(EXIT_FAILURE);
    }
    return count;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uint64_t start = stopwatch_start();

    /* From here on it is ordinary sequential code: call, get a value, use it. */
    int count = get_count();
    printf("count = %d\n", count);
    printf("elapsed = %" PRIu64 " ms\n", stopwatch_ms(start));
    return EXIT_SUCCESS;
}
