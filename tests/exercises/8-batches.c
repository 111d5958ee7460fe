/*
 * Known-wrong program for exercise 8: batches of three.
 *
 * Three downloads start, and the next three only when all three are done. Never more than
 * three in flight, and with every download the same length this looked the same as a window.
 * With the exercise's lengths, each batch waits for its large download while two slots stand
 * empty: four batches of 100 ms, all twelve at about 400 ms instead of 220.
 *
 * expect-verdict: batches of three that wait for their slowest take ~400 ms
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

/*
 * How long download i (0 to 11) takes: every third one, from the first, is a large file
 * (100 ms), the others are small (20 ms). Fixed, so that every run is the same.
 */
static uint64_t download_ms(int i)
{
    return i % 3 == 0 ? LARGE_MS : SMALL_MS;
}

struct download {
    uv_timer_t timer;
    int id;
};

static struct download downloads[DOWNLOADS];
static int in_flight;
static int max_in_flight;
static int finished;
static int next_to_start; /* the first download not started yet */

static void on_download_done(uv_timer_t *timer);

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

/* Starts the next download, if any is left. */
static void start_next(uv_loop_t *loop)
{
    if (next_to_start < DOWNLOADS)
        start_download(loop, next_to_start++);
}

static void on_download_done(uv_timer_t *timer)
{
    struct download *d = timer->data;
    in_flight--;
    finished++;
    printf("download %d done at %" PRIu64 " ms\n", d->id, elapsed_ms());
    uv_close((uv_handle_t *)timer, NULL);
    /* The batch is done when the last of its three is: then the next three. */
    if (in_flight == 0)
        for (int k = 0; k < LIMIT; k++)
            start_next(timer->loop);
    if (finished == DOWNLOADS)
        printf("all %d at %" PRIu64 " ms\n", DOWNLOADS, elapsed_ms());
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    for (int i = 0; i < LIMIT; i++)
        start_next(&loop);

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("max in flight = %d\n", max_in_flight);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
