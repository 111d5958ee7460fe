/*
 * A correct program for exercise 6, in another style: one atomic add per number into a
 * shared `_Atomic uint64_t`. Slower than partial sums (a million updates of one cache line
 * from four threads) but exact, and the threads do the adding at the same time: the
 * checker must pass it.
 *
 * expect-verdict: passed
 * expect-exit: 0
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* The total all four threads add into, one atomic add at a time. */
static _Atomic uint64_t total;

struct quarter {
    uint64_t first, last;
};

static void *add_quarter(void *arg)
{
    const struct quarter *q = arg;
    for (uint64_t n = q->first; n <= q->last; n++) {
        atomic_fetch_add(&total, number(n));
    }
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    struct quarter quarters[THREADS];
    for (int i = 0; i < THREADS; i++) {
        quarters[i].first = (uint64_t)i * (LAST / THREADS) + 1;
        quarters[i].last = (uint64_t)(i + 1) * (LAST / THREADS);
        if (pthread_create(&threads[i], NULL, add_quarter, &quarters[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return EXIT_FAILURE;
        }
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    printf("total = %" PRIu64 "\n", atomic_load(&total));
    printf("threads = %d\n", THREADS);
    return EXIT_SUCCESS;
}
