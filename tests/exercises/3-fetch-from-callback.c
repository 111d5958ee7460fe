/*
 * A correct program for exercise 3, in another style: the four fetch timers are
 * started from the callback of a zero-timeout timer, once the loop runs, all in the
 * same callback, so their waits still overlap. The sum is a parallel reduction in the
 * work callback of uv_queue_work. The checker must pass it.
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
#define FETCH_MS 50

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

static void sum_work(uv_work_t *req)
{
    (void)req;
    uint64_t total = 0;
#pragma omp parallel for reduction(+ : total)
    for (int i = 0; i < SHARDS * SHARD_LEN; i++) {
        uint64_t x = shards[i / SHARD_LEN].numbers[i % SHARD_LEN];
        total += x * x;
    }
    sum = total;
}

static void sum_done(uv_work_t *req, int status)
{
    (void)req;
    (void)status;
    printf("sum of squares = %" PRIu64 "\n", sum);
    printf("elapsed = %" PRIu64 " ms\n", elapsed_ms());
}

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

/* The loop is running: start every download at once. */
static void on_start(uv_timer_t *kick)
{
    for (int s = 0; s < SHARDS; s++) {
        shards[s].id = (uint64_t)s;
        shards[s].timer.data = &shards[s];
        uv_timer_init(kick->loop, &shards[s].timer);
        uv_timer_start(&shards[s].timer, on_fetched, FETCH_MS, 0);
    }
    uv_close((uv_handle_t *)kick, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    uv_timer_t kick;
    uv_timer_init(&loop, &kick);
    uv_timer_start(&kick, on_start, 0, 0);
    uv_run(&loop, UV_RUN_DEFAULT);

    for (int s = 0; s < SHARDS; s++)
        free(shards[s].numbers);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
