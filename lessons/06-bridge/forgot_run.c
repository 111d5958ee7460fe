/*
 * Lesson 06, pitfall: the bridge that forgets to run the loop.
 *
 * This is bridge.c with the uv_run() call missing. It compiles without a
 * warning and exits cleanly, yet the fetch never happens: starting a timer only
 * writes down that something should happen; nothing happens until a loop is
 * run. The count stays at its initial 0 and nobody is told.
 *
 * Rust catches the same mistake: a future used where a number is wanted does
 * not compile, and one that is dropped unawaited gets a warning (futures are
 * #[must_use]). C has no such check. The one place libuv notices is
 * uv_loop_close(), which says UV_EBUSY because the timer is still open, so we
 * check its result, print it, and then clean up properly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "stopwatch.h"

typedef void (*count_cb)(int count, void *data);

struct fetch {
    uv_timer_t timer;
    count_cb cb;
    void *data;
};

static int answers;

static void fetch_closed(uv_handle_t *handle)
{
    free(handle->data);
}

static void fetch_done(uv_timer_t *timer)
{
    struct fetch *f = timer->data;
    int rows = 6, columns = 7;
    answers++;
    f->cb(rows * columns, f->data);
    uv_close((uv_handle_t *)timer, fetch_closed);
}

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

/* Closes every handle still open on the loop, whatever it is. */
static void close_handle(uv_handle_t *handle, void *arg)
{
    (void)arg;
    if (!uv_is_closing(handle))
        uv_close(handle, fetch_closed);
}

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

    /* The mistake: uv_run(&loop, UV_RUN_DEFAULT) belongs here, and is missing. */

    rc = uv_loop_close(&loop);
    printf("uv_loop_close = %s\n", rc == 0 ? "0" : uv_err_name(rc));

    if (rc == UV_EBUSY) {
        /*
         * The tidy way out: close the forgotten timer, then run the loop once
         * more so that the close callback can free it. A closed timer never
         * fires, so this does not quietly repair the mistake.
         */
        uv_walk(&loop, close_handle, NULL);
        uv_run(&loop, UV_RUN_DEFAULT);
        rc = uv_loop_close(&loop);
        printf("after closing the timer: uv_loop_close = %s\n", rc == 0 ? "0" : uv_err_name(rc));
    }
    return count;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    int count = get_count();
    printf("answers received = %d\n", answers);
    printf("count = %d\n", count);
    return EXIT_SUCCESS;
}
