/*
 * A correct program for exercise 3, in another style: the sum is a `parallel` block
 * whose loop is a `for collapse(2) reduction(+:sum)` over shards x numbers, run from
 * the work callback of uv_queue_work; the four fetches start together before uv_run.
 * The checker must pass it.
 *
 * expect-verdict: passed
 * expect-exit: 0
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define SHARDS 4
#define SHARD_LEN 250000

static uint64_t start_ms;

static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

static uv_timer_t fetches[SHARDS];
static uint64_t *numbers[SHARDS];
static int fetched;
static uint64_t sum;
static uv_work_t job;

static void add_squares(uv_work_t *req)
{
    (void)req;
    uint64_t total = 0;
#pragma omp parallel
    {
#pragma omp for collapse(2) reduction(+ : total)
        for (int s = 0; s < SHARDS; s++)
            for (int i = 0; i < SHARD_LEN; i++)
                total += numbers[s][i] * numbers[s][i];
    }
    sum = total;
}

static void report(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0) {
        fprintf(stderr, "sum: %s\n", uv_strerror(status));
        return;
    }
    printf("sum of squares = %" PRIu64 "\n", sum);
    printf("elapsed = %" PRIu64 " ms\n", elapsed_ms());
}

static void on_fetch(uv_timer_t *t)
{
    uint64_t id = (uint64_t)(t - fetches);
    numbers[id] = malloc(SHARD_LEN * sizeof(uint64_t));
    if (!numbers[id]) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (uint64_t x = 0; x < SHARD_LEN; x++)
        numbers[id][x] = x + id * SHARD_LEN;
    uv_close((uv_handle_t *)t, NULL);
    if (++fetched == SHARDS) {
        printf("fetched %d shards at %" PRIu64 " ms\n", SHARDS, elapsed_ms());
        uv_queue_work(t->loop, &job, add_squares, report);
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);
    for (int s = 0; s < SHARDS; s++) {
        uv_timer_init(&loop, &fetches[s]);
        uv_timer_start(&fetches[s], on_fetch, 50, 0);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    for (int s = 0; s < SHARDS; s++)
        free(numbers[s]);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
