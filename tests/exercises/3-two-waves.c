/*
 * Known-wrong program for exercise 3: the fetches in two waves of two.
 *
 * The student starts two fetches, and when both are in, the other two: "two at a
 * time is gentler on the server". The waits overlap only in pairs, so "fetched" lands
 * at about 100 ms instead of 50, which the time limit lets through (fetched < 150,
 * loose enough for a correct program on a busy machine). What the run did shows it: at
 * most two fetches were ever waiting at once.
 * The sum is right, uses OpenMP and runs inside uv_queue_work.
 *
 * expect-verdict: at most 2 of the four fetches were waiting at the same time
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
#define WAVE 2

static uint64_t start_ms;

static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

struct shard {
    uv_timer_t timer;
    uint64_t id;
    uint64_t *numbers;
};

static struct shard shards[SHARDS];
static int shards_fetched;
static uv_work_t sum_req;
static uint64_t sum;

static uint64_t sum_of_squares(void)
{
    uint64_t total = 0;
#pragma omp parallel for reduction(+ : total)
    for (int i = 0; i < SHARDS * SHARD_LEN; i++) {
        uint64_t x = shards[i / SHARD_LEN].numbers[i % SHARD_LEN];
        total += x * x;
    }
    return total;
}

static void sum_work(uv_work_t *req)
{
    (void)req;
    sum = sum_of_squares();
}

static void sum_done(uv_work_t *req, int status)
{
    (void)req;
    (void)status;
    printf("sum of squares = %" PRIu64 "\n", sum);
    printf("elapsed = %" PRIu64 " ms\n", elapsed_ms());
}

static void start_fetch(uv_loop_t *loop, int s);

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
    /* The first wave is in: start the second. */
    if (shards_fetched == WAVE) {
        for (int s = WAVE; s < SHARDS; s++)
            start_fetch(timer->loop, s);
    } else if (shards_fetched == SHARDS) {
        printf("fetched %d shards at %" PRIu64 " ms\n", SHARDS, elapsed_ms());
        uv_queue_work(timer->loop, &sum_req, sum_work, sum_done);
    }
}

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

    for (int s = 0; s < WAVE; s++)
        start_fetch(&loop, s);
    uv_run(&loop, UV_RUN_DEFAULT);

    for (int s = 0; s < SHARDS; s++)
        free(shards[s].numbers);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
