/*
 * Known-wrong program for exercise 6: the threads throw their sums away, and main adds.
 *
 * Four threads start together and each adds its quarter, into a local sum it then drops.
 * main joins them and adds the million numbers again itself, where nothing can race. The
 * total is right, four threads ran at once, and the race check finds nothing; but the
 * threads' work was for nothing (with the old numbers 1 to 1,000,000, main wrote
 * n(n+1)/2 here; number() leaves no formula). What the run did shows who added: main used
 * as much CPU time as the four threads together.
 *
 * expect-verdict: main did the adding itself
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
    (void)sum; /* computed, and thrown away */
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    struct quarter quarters[THREADS];

    for (int i = 0; i < THREADS; i++) {
        quarters[i].first = (uint64_t)i * (LAST / THREADS) + 1;
        quarters[i].last = (uint64_t)(i + 1) * (LAST / THREADS);
        quarters[i].sum = 0;
        if (pthread_create(&threads[i], NULL, add_quarter, &quarters[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return EXIT_FAILURE;
        }
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    /* The total, computed where nothing can race. */
    uint64_t total = 0;
    for (uint64_t n = 1; n <= LAST; n++)
        total += number(n);

    printf("total = %" PRIu64 "\n", total);
    printf("threads = %d\n", THREADS);
    return EXIT_SUCCESS;
}
