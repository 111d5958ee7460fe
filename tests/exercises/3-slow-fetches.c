/*
 * Known-wrong program for exercise 3: two of the four fetches take 100 ms.
 *
 * The student changed the given fetch: shards 2 and 3 wait 100 ms, "to see what a slow
 * server does". All four still start at once and overlap, the sum is right, and "fetched"
 * lands at about 100 ms, inside the time limit (loose enough for a busy machine). What the
 * run did shows it: the longest fetch timer asked for 100 ms, not the exercise's 50.
 *
 * expect-verdict: a fetch timer was set for 100 ms
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

/* The reduction job handed to the thread pool. */
static uv_work_t sum_req;
static uint64_t sum;

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

/* Runs on a pool thread: the loop thread is not held while OpenMP works. */
static void sum_work(uv_work_t *req)
{
    (void)req;
    sum = sum_of_squares();
}

/* Runs back on the loop thread once the sum is known. */
static void sum_done(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0) {
        fprintf(stderr, "sum job: %s\n", uv_strerror(status));
        return;
    }
    printf("sum of squares = %" PRIu64 "\n", sum);
    printf("elapsed = %" PRIu64 " ms\n", elapsed_ms());
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
        uv_queue_work(timer->loop, &sum_req, sum_work, sum_done);
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
        /* Shards 2 and 3 are "the slow server": twice as long. */
        uv_timer_start(&shards[s].timer, on_fetched, s >= 2 ? 2 * FETCH_MS : FETCH_MS, 0);
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
