/*
 * Known-wrong program for exercise 6: the add is locked, a read of the total is not.
 *
 * Every update of the total takes the mutex, so the printed total is right on every
 * run. But each thread also reads the total for a progress report on stderr without
 * taking the lock, while the other threads write it: a data race. The total it
 * reports may be torn or stale, and in C any data race makes the whole program's
 * behaviour undefined. Only the race check sees it; the output never shows it.
 *
 * expect-needs: race-check
 * expect-verdict: total
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

static uint64_t total;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;

/* What one thread adds: the numbers first..last, both included. */
struct quarter {
    uint64_t first, last;
};

static void *add_quarter(void *arg)
{
    const struct quarter *q = arg;
    for (uint64_t n = q->first; n <= q->last; n++) {
        pthread_mutex_lock(&total_lock);
        total += number(n);
        pthread_mutex_unlock(&total_lock);
        /* A progress report that reads the total without the lock. */
        if (n % 100000 == 0 && total > 0)
            fprintf(stderr, "thread at %" PRIu64 ", total so far %" PRIu64 "\n", n, total);
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
    /* After pthread_join, everything that thread wrote is safe to read here. */
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);

    printf("total = %" PRIu64 "\n", total);
    printf("threads = %d\n", THREADS);
    return EXIT_SUCCESS;
}
