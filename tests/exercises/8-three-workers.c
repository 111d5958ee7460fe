/*
 * A correct program for exercise 8, in another style: three workers, each a timer handle
 * that downloads one file after another. When a worker's download is done it starts the next
 * one not yet started on the same handle (uv_timer_start again, one-shot), so three are in
 * flight until none are left: a window, written as workers. The checker must pass it.
 *
 * expect-verdict: passed
 * expect-exit: 0
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define DOWNLOADS 12
#define LIMIT 3
#define LARGE_MS 100
#define SMALL_MS 20

static uint64_t start_ms;

static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

static uint64_t download_ms(int i)
{
    return i % 3 == 0 ? LARGE_MS : SMALL_MS;
}

/* A worker downloads one file after another: its timer fires when the current one is done. */
struct worker {
    uv_timer_t timer;
    int current; /* the download it is on, or -1 */
};

static struct worker workers[LIMIT];
static int next_to_start;
static int in_flight, max_in_flight, finished;

static void on_done(uv_timer_t *timer);

/* Gives the worker the next download, if any: its timer starts again, one-shot. */
static void take_next(struct worker *w)
{
    if (next_to_start == DOWNLOADS) {
        w->current = -1;
        uv_close((uv_handle_t *)&w->timer, NULL);
        return;
    }
    w->current = next_to_start++;
    uv_timer_start(&w->timer, on_done, download_ms(w->current), 0);
    in_flight++;
    if (in_flight > max_in_flight)
        max_in_flight = in_flight;
}

static void on_done(uv_timer_t *timer)
{
    struct worker *w = timer->data;
    in_flight--;
    finished++;
    printf("download %d done at %" PRIu64 " ms\n", w->current + 1, elapsed_ms());
    if (finished == DOWNLOADS)
        printf("all %d at %" PRIu64 " ms\n", DOWNLOADS, elapsed_ms());
    take_next(w);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    for (int k = 0; k < LIMIT; k++) {
        struct worker *w = &workers[k];
        uv_timer_init(&loop, &w->timer);
        w->timer.data = w;
        w->current = next_to_start++;
        in_flight++;
        uv_timer_start(&w->timer, on_done, download_ms(w->current), 0);
    }
    max_in_flight = in_flight;

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("max in flight = %d\n", max_in_flight);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
