/*
 * Known-wrong program for exercise 6: four threads created and joined in turn.
 *
 * Each thread is joined before the next one is created, so nothing is ever shared while
 * two threads run: the total is right and the race check finds nothing, because the
 * threads never ran at the same time. Four threads, one after another, are a sequential
 * program with extra steps. What the run did shows it: at most one of them was running at
 * any moment.
 *
 * expect-verdict: at most 1 of the four threads ran at the same moment
 * expect-exit: 1
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define LAST 1000000

/*
 * The n-th number: a pseudo-random number from 0 to 999, the same on every run. Its bits are
 * mixed 32 times, so no formula adds them up: the threads have to (and it takes them a while).
 */
static uint64_t number(uint64_t n)
{
    uint64_t x = n;
    for (int round = 0; round < 32; round++) {
        x ^= x >> 31;
        x *= 0x9E3779B97F4A7C15u;
        x ^= x >> 29;
    }
    return x % 1000;
}

/* What one thread adds (number(first) to number(last), both included), and its own sum. */
struct quarter {
    uint64_t first, last;
    uint64_t sum;
};

static void *add_quarter(void *arg)
{
    struct quarter *q = arg;
    uint64_t sum = 0;
    for (uint64_t n = q->first; n <= q->last; n++)
        sum += number(n);
    q->sum = sum; /* this thread's own slot: no other thread touches it */
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    struct quarter quarters[THREADS];

    uint64_t total = 0;
    for (int i = 0; i < THREADS; i++) {
        quarters[i].first = (uint64_t)i * (LAST / THREADS) + 1;
        quarters[i].last = (uint64_t)(i + 1) * (LAST / THREADS);
        quarters[i].sum = 0;
        if (pthread_create(&threads[i], NULL, add_quarter, &quarters[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return EXIT_FAILURE;
        }
        /* "Safe": each thread is done before the next one starts. */
        pthread_join(threads[i], NULL);
        total += quarters[i].sum;
    }

    printf("total = %" PRIu64 "\n", total);
    printf("threads = %d\n", THREADS);
    return EXIT_SUCCESS;
}
