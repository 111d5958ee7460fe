/*
 * Known-wrong program for exercise 6: one lock around each thread's whole loop.
 *
 * Correct, and it passes: every update of the shared total happens under the lock,
 * so nothing is lost and the race check finds nothing. But each thread takes the
 * lock before its first number and gives it back after its last, so only one thread
 * ever works at a time: four threads doing the work of one, one after another. Each
 * quarter takes about 10 ms, too little for a time limit to tell on a busy machine;
 * lesson 11 (mutex.c, and the exercise's hint) says it, and lesson 11's `make bench`
 * figures measure what locking costs.
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

static uint64_t total;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;

/* What one thread adds: the numbers first..last, both included. */
struct quarter {
    uint64_t first, last;
};

static void *add_quarter(void *arg)
{
    const struct quarter *q = arg;
    pthread_mutex_lock(&total_lock); /* held for the whole quarter */
    for (uint64_t n = q->first; n <= q->last; n++)
        total += number(n);
    pthread_mutex_unlock(&total_lock);
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
