/*
 * Lesson 06, pitfall: calling the bridge from inside the loop.
 *
 * get_count() drives the loop with uv_run() until the count arrives. That is
 * right in plain code. But a callback is code the loop is already running: if
 * a callback calls get_count() on the same loop, uv_run() is entered a second
 * time while the first call is still on the stack. libuv's documentation
 * forbids this (uv_run is not reentrant), but nothing checks it. The inner call
 * quietly runs other pending callbacks in the middle of ours, or recurses, and
 * the program goes wrong somewhere far from the cause.
 *
 * So this program keeps its own guard: a flag that is set while the loop runs.
 * The bridge refuses when the flag is set, before it starts any work, and the
 * callback then does what loop code should do: it asks with a callback.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

typedef void (*count_cb)(int count, void *data);

struct fetch {
    uv_timer_t timer;
    count_cb cb;
    void *data;
};

static void fetch_closed(uv_handle_t *handle)
{
    free(handle->data);
}

static void fetch_done(uv_timer_t *timer)
{
    struct fetch *f = timer->data;
    int rows = 6, columns = 7;
    f->cb(rows * columns, f->data);
    uv_close((uv_handle_t *)timer, fetch_closed);
}

/* The callback style: starts the fetch and returns; cb gets the count later. */
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

/* The guard libuv does not have: true while someone is inside uv_run(). */
static bool loop_running;

static void run_loop(uv_loop_t *loop)
{
    loop_running = true;
    uv_run(loop, UV_RUN_DEFAULT);
    loop_running = false;
}

/*
 * The bridge, guarded. It refuses before starting the fetch: a fetch started
 * now would answer after this function had returned, into a variable that no
 * longer exists.
 */
static int get_count(uv_loop_t *loop, int *count)
{
    if (loop_running) {
        printf("refused: uv_run called from inside the running loop\n");
        return UV_EBUSY;
    }
    fetch_count(loop, store_count, count);
    run_loop(loop);
    return 0;
}

static void print_count(int count, void *data)
{
    (void)data;
    printf("callback asked with a callback: count = %d\n", count);
}

/* A request arriving while the loop runs: its handler needs the count. */
static void on_request(uv_timer_t *timer)
{
    int count = 0;

    printf("callback calls the bridge\n");
    if (get_count(timer->loop, &count) != 0) {
        /* Loop code must not block on the loop; it passes on a callback. */
        fetch_count(timer->loop, print_count, NULL);
    }
    uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_timer_t request;
    int count = 0;

    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_init: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }

    /* 1. Plain code may use the bridge: nothing is running the loop yet. */
    get_count(&loop, &count);
    printf("main calls the bridge: count = %d\n", count);

    /* 2. Code inside a callback may not: the loop is already running it. */
    uv_timer_init(&loop, &request);
    rc = uv_timer_start(&request, on_request, 5, 0);
    if (rc != 0) {
        fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    run_loop(&loop);

    rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
