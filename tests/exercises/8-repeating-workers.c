/*
 * Known-wrong program for exercise 8: three repeating timers as three workers.
 *
 * Each of three "workers" is a repeating timer; when it ticks, its download is done and
 * uv_timer_set_repeat gives it the next one's length. Three are in flight and the times come
 * out right, but no download is a timer of its own: the twelve downloads were never started
 * as waits, they are ticks of three timers that each fire four times. The verdict must say
 * what it counted (one-shot timers), not that nothing was in flight.
 *
 * expect-verdict: 0 downloads were started as one-shot timers, not 12
 * expect-verdict: at most 0 one-shot timers were waiting at the same moment, not 3 (a repeating timer that fires more than once is a tick, not a download)
 * expect-exit: 1
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

/* A worker downloads one file after another: its timer ticks when the current one is done. */
struct worker {
    uv_timer_t timer;
    int current; /* the download it is on, or -1 */
};

static struct worker workers[LIMIT];
static int next_to_start;
static int in_flight, max_in_flight, finished;

/* Gives the worker the next download, if any: its repeat becomes that download's length. */
static void take_next(struct worker *w)
{
    if (next_to_start == DOWNLOADS) {
        w->current = -1;
        uv_close((uv_handle_t *)&w->timer, NULL);
        return;
    }
    w->current = next_to_start++;
    uv_timer_set_repeat(&w->timer, download_ms(w->current));
    in_flight++;
    if (in_flight > max_in_flight)
        max_in_flight = in_flight;
}

static void on_tick(uv_timer_t *timer)
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
        uint64_t ms = download_ms(w->current);
        uv_timer_start(&w->timer, on_tick, ms, ms);
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
