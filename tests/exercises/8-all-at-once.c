/*
 * Known-wrong program for exercise 8: all twelve at once, and a line that says three.
 *
 * All twelve downloads start in main, so they are all done at about 100 ms (the
 * large ones' length); the program prints `max in flight = 3` anyway, the limit it
 * meant to keep. The checker does not take its word for it: the run had twelve timers
 * waiting at once, and twelve downloads cannot finish in 100 ms three at a time.
 *
 * expect-verdict: more than three were in flight
 * expect-verdict: at most 12 one-shot timers were waiting
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

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

/* Download i's length: 100 ms for every third one from the first, 20 ms for the others. */
static uint64_t download_ms(int i)
{
    return i % 3 == 0 ? LARGE_MS : SMALL_MS;
}

struct download {
    uv_timer_t timer;
    int id;
};

static struct download downloads[DOWNLOADS];
static int in_flight;     /* started and not yet done */
static int max_in_flight; /* the most at any moment */
static int finished;

/* Starts download i: its wait begins now. */
static void start_download(uv_loop_t *loop, int i);

/* A download is done: its data has arrived. */
static void on_download_done(uv_timer_t *timer)
{
    struct download *d = timer->data;
    in_flight--;
    finished++;
    printf("download %d done at %" PRIu64 " ms\n", d->id, elapsed_ms());
    uv_close((uv_handle_t *)timer, NULL);
    if (finished == DOWNLOADS)
        printf("all %d at %" PRIu64 " ms\n", DOWNLOADS, elapsed_ms());
}

static void start_download(uv_loop_t *loop, int i)
{
    struct download *d = &downloads[i];
    d->id = i + 1;
    uv_timer_init(loop, &d->timer);
    d->timer.data = d;
    uv_timer_start(&d->timer, on_download_done, download_ms(i), 0);
    in_flight++;
    if (in_flight > max_in_flight)
        max_in_flight = in_flight;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    for (int i = 0; i < DOWNLOADS; i++)
        start_download(&loop, i);

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("max in flight = %d\n", LIMIT); /* what it was meant to be, not what it was */
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
