/*
 * Exercise 8: twelve downloads, at most three in flight.
 *
 * Read README.md first. Each download is a wait (a libuv timer stands in for the
 * network): 100 ms for downloads 1, 4, 7 and 10, the large files, and 20 ms for the
 * others. As written, the program starts all twelve at once, and all twelve are
 * done at about 100 ms: fast, and exactly what a server with a limit of three
 * connections per client would refuse. Your job: never have more than three
 * downloads in flight; start the next one as soon as one is done.
 *
 * A correct run prints, in an order that depends on timing:
 *     download 2 done at 20 ms
 *     ...                       (twelve lines)
 *     all 12 at 220 ms
 *     max in flight = 3
 *
 * Check your work with `make check-exercise 8`; ask for a hint with
 * `workbook hint 8`.
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
    /* TODO: a slot is free now: start the next download that has not started yet. */
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

    /* TODO: this starts all twelve at once. Start only LIMIT of them here. */
    for (int i = 0; i < DOWNLOADS; i++)
        start_download(&loop, i);

    uv_run(&loop, UV_RUN_DEFAULT);

    printf("max in flight = %d\n", max_in_flight);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
