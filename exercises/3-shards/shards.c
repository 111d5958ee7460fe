/*
 * Exercise 3: concurrent fetches feeding a parallel sum.
 *
 * Read README.md first. The program fetches four shards of 250,000 numbers
 * (each fetch is a 50 ms wait, a timer standing in for a download), then adds
 * up the squares of all 1,000,000 numbers. It prints the right sum, but:
 *  - it fetches the shards one after another, so the waits add up to 200 ms;
 *  - it sums on one core, on the loop thread, without OpenMP.
 * Your job: overlap the four waits on the loop, and do the sum with OpenMP
 * inside uv_queue_work(), off the loop thread.
 *
 * A correct run prints (the times vary a little):
 *     fetched 4 shards at 56 ms
 *     sum of squares = 333332833333500000
 *     elapsed = 68 ms
 *
 * Check your work with `make check-exercise 3`; ask for a hint with
 * `workbook hint 3`.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define SHARDS 4
#define SHARD_LEN 250000
#define FETCH_MS 50

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

/* One shard: the timer that stands in for its download, and the numbers it brings. */
struct shard {
    uv_timer_t timer;
    uint64_t id;
    uint64_t *numbers;
};

static struct shard shards[SHARDS];
static int shards_fetched;

/*
 * The sum of the squares of every number of every shard, wrapping like all
 * unsigned arithmetic.
 *
 * TODO: this is the working half: spread it over the cores with OpenMP. Every
 * thread adding into the same `total` at once loses additions; OpenMP's
 * reduction clause gives each thread its own partial sum and adds them up at
 * the end.
 */
static uint64_t sum_of_squares(void)
{
    uint64_t total = 0;
    for (int s = 0; s < SHARDS; s++) {
        for (int i = 0; i < SHARD_LEN; i++) {
            uint64_t x = shards[s].numbers[i];
            total += x * x;
        }
    }
    return total;
}

static void start_fetch(uv_loop_t *loop, int s);

/*
 * A shard's download has finished: its numbers arrive (x + id * 250000 for x in
 * 0..249999).
 */
static void on_fetched(uv_timer_t *timer)
{
    struct shard *shard = timer->data;
    shard->numbers = malloc(SHARD_LEN * sizeof *shard->numbers);
    if (shard->numbers == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (uint64_t x = 0; x < SHARD_LEN; x++)
        shard->numbers[x] = x + shard->id * SHARD_LEN;
    uv_close((uv_handle_t *)timer, NULL);

    shards_fetched++;
    if (shards_fetched < SHARDS) {
        /*
         * TODO: the next fetch only starts now, when this one is over, so the
         * four 50 ms waits run one after another. Nothing makes shard 2 wait
         * for shard 1: start every fetch in main() instead, before uv_run.
         */
        start_fetch(timer->loop, shards_fetched);
        return;
    }

    printf("fetched %d shards at %" PRIu64 " ms\n", SHARDS, elapsed_ms());

    /*
     * TODO: the sum runs right here, on the loop thread, and nothing else on the
     * loop can run until it is done. Hand it to the thread pool with
     * uv_queue_work(): call sum_of_squares() in the work callback, and print the
     * two lines below from the after-work callback.
     */
    uint64_t sum = sum_of_squares();
    printf("sum of squares = %" PRIu64 "\n", sum);
    printf("elapsed = %" PRIu64 " ms\n", elapsed_ms());
}

/* Starts the download of shard s: a 50 ms wait, then on_fetched. */
static void start_fetch(uv_loop_t *loop, int s)
{
    shards[s].id = (uint64_t)s;
    shards[s].timer.data = &shards[s];
    uv_timer_init(loop, &shards[s].timer);
    uv_timer_start(&shards[s].timer, on_fetched, FETCH_MS, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    /* Only the first fetch starts here; each one starts the next when it ends. */
    start_fetch(&loop, 0);

    uv_run(&loop, UV_RUN_DEFAULT);

    for (int s = 0; s < SHARDS; s++)
        free(shards[s].numbers);
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return 1;
    }
    return 0;
}
