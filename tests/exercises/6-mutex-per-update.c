/*
 * A correct program for exercise 6, in another style: a mutex around each update of the
 * shared total. The numbers are computed outside the lock, so the threads work at the same
 * time and queue only for the add: the checker must pass it.
 *
 * expect-verdict: passed
 * expect-exit: 0
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

/* The total all four threads add into, under the lock. */
static uint64_t total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

struct quarter {
    uint64_t first, last;
};

static void *add_quarter(void *arg)
{
    const struct quarter *q = arg;
    for (uint64_t n = q->first; n <= q->last; n++) {
        uint64_t x = number(n);
        pthread_mutex_lock(&lock);
        total += x;
        pthread_mutex_unlock(&lock);
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
    printf("total = %" PRIu64 "\n", total);
    printf("threads = %d\n", THREADS);
    return EXIT_SUCCESS;
}
