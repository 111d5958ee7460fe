/*
 * Known-wrong program for exercise 3: an OpenMP sum on the loop thread, and an empty
 * uv_queue_work after it.
 *
 * The fetches overlap and the sum uses OpenMP, but the sum runs inside the last
 * fetch's timer callback, on the loop thread. A uv_queue_work follows whose work
 * callback does nothing and whose after-work callback only prints what was already
 * computed: the program mentions uv_queue_work, and a checker that read its symbols
 * ticked "offloads work". The run shows where the region really started.
 *
 * expect-verdict: the OpenMP sum ran on the loop thread
 * expect-verdict: never started on a pool thread
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
static uv_work_t print_req;
static uint64_t sum;

static uint64_t sum_of_squares(void)
{
    uint64_t total = 0;
#pragma omp parallel for collapse(2) reduction(+ : total)
    for (int s = 0; s < SHARDS; s++)
        for (int i = 0; i < SHARD_LEN; i++) {
            uint64_t x = shards[s].numbers[i];
            total += x * x;
        }
    return total;
}

/* "Offloaded": the pool has nothing left to do. */
static void nothing(uv_work_t *req)
{
    (void)req;
}

static void print_sum(uv_work_t *req, int status)
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
        sum = sum_of_squares();
        uv_queue_work(timer->loop, &print_req, nothing, print_sum);
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
        shards[s].id = (uint64_t)s;
        shards[s].timer.data = &shards[s];
        uv_timer_init(&loop, &shards[s].timer);
        uv_timer_start(&shards[s].timer, on_fetched, FETCH_MS, 0);
    }
    uv_run(&loop, UV_RUN_DEFAULT);

    for (int s = 0; s < SHARDS; s++)
        free(shards[s].numbers);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
