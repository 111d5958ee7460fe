/*
 * Known-wrong program for exercise 3: the sum on the loop thread.
 *
 * The fetches overlap and the sum uses OpenMP, and the output is right, but the sum
 * runs inside the last fetch's timer callback, on the loop thread: while it runs,
 * nothing else on the loop can. The program never calls uv_queue_work: the run shows
 * the region starting on the loop thread and never on a pool thread.
 *
 * expect-verdict: the OpenMP sum ran on the loop thread
 * expect-exit: 1
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
 * unsigned arithmetic. The two loops are one iteration space of 1,000,000 (collapse),
 * shared among OpenMP's threads; each thread keeps a private partial sum and OpenMP
 * adds the partial sums together at the end (reduction).
 */
static uint64_t sum_of_squares(void)
{
    uint64_t total = 0;
#pragma omp parallel for collapse(2) reduction(+ : total)
    for (int s = 0; s < SHARDS; s++) {
        for (int i = 0; i < SHARD_LEN; i++) {
            uint64_t x = shards[s].numbers[i];
            total += x * x;
        }
    }
    return total;
}

/*
 * A shard's download has finished: its numbers arrive (x + id * 250000 for x in
 * 0..249999). When the last of the four is in, the work half starts.
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

    if (++shards_fetched == SHARDS) {
        printf("fetched %d shards at %" PRIu64 " ms\n", SHARDS, elapsed_ms());
        /* Wrong: the sum runs here, in a loop callback, on the loop thread. */
        printf("sum of squares = %" PRIu64 "\n", sum_of_squares());
        printf("elapsed = %" PRIu64 " ms\n", elapsed_ms());
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    /* All four fetches start now, before the loop runs: their waits overlap. */
    for (int s = 0; s < SHARDS; s++) {
        shards[s].id = (uint64_t)s;
        shards[s].timer.data = &shards[s];
        uv_timer_init(&loop, &shards[s].timer);
        uv_timer_start(&shards[s].timer, on_fetched, FETCH_MS, 0);
    }

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
