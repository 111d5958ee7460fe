/*
 * Exercise 6: count without losing a single update.
 *
 * Read README.md first. Four threads add up a million numbers, number(1) to
 * number(1000000), each thread a quarter of them, into one total, and main prints
 * it. The answer is 499677643. As written, the four threads add straight into the shared
 * `total` at the same time, with nothing to keep them apart: run it a few times,
 * and sometimes the total comes out short. Even when it comes out right, the
 * program is wrong, and the checker's race check says where.
 *
 * A correct run prints:
 *     total = 499677643
 *     threads = 4
 *
 * Check your work with `make check-exercise 6`; ask for a hint with
 * `workbook hint 6`.
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

/* The total all four threads add into. */
static uint64_t total;

/* What one thread adds: number(first) to number(last), both included. */
struct quarter {
    uint64_t first, last;
};

static void *add_quarter(void *arg)
{
    const struct quarter *q = arg;
    for (uint64_t n = q->first; n <= q->last; n++) {
        /*
         * TODO: four threads read and write `total` here at the same time. An
         * update is read, add, write: when two threads read the same old total,
         * one of their additions is lost. Protect the update, or better, give
         * each thread a sum of its own and add the four sums once, at the end.
         */
        total += number(n);
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
