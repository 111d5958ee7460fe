/*
 * Lesson 16: threads that share no variable can still share a cache line.
 *
 * Four threads each count to 20 million in a counter of their own. No two threads touch
 * the same variable, so there is no race and no lock. But the cores do not move single
 * variables between them: they move cache lines (64 bytes on this machine's x86 cores).
 * Four 8-byte counters side by side in one array sit in one line, so every increment on
 * one core takes the line away from the others, and the counting crawls. This is false
 * sharing.
 *
 * The program runs the same counting twice, in the same run so that a busy machine slows
 * both alike: once with the counters packed in one array, once with each counter alone
 * on its own cache line (padded.c shows the fix on its own). It prints both times and
 * their ratio.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "stopwatch.h"

#define THREADS 4
#define COUNT 20000000
#define CACHE_LINE 64

/* Packed: four counters in 32 bytes, one cache line. */
static uint64_t packed[THREADS];

/* Padded: each counter alone on its own line. */
struct padded_counter {
    alignas(CACHE_LINE) uint64_t value;
};
static struct padded_counter padded[THREADS];

/* Each thread counts in the counter it is given. volatile: every increment really goes to
   memory, as a shared statistic or a progress counter would, instead of a register. */
static void *count_up(void *arg)
{
    volatile uint64_t *counter = arg;
    for (int i = 0; i < COUNT; i++)
        (*counter)++;
    return NULL;
}

/* Runs the four threads, each on its own counter; returns the elapsed ms. */
static uint64_t run(volatile uint64_t *counters[THREADS])
{
    pthread_t threads[THREADS];
    uint64_t t0 = stopwatch_start();
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, count_up, (void *)counters[i]);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    return stopwatch_ms(t0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    volatile uint64_t *side_by_side[THREADS], *apart[THREADS];
    for (int i = 0; i < THREADS; i++) {
        side_by_side[i] = &packed[i];
        apart[i] = &padded[i].value;
    }
    long line = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);
    printf("cache line: %ld bytes; counters packed %zu bytes apart, padded %zu apart\n",
           line > 0 ? line : CACHE_LINE, sizeof packed[0], sizeof padded[0]);

    uint64_t packed_ms = run(side_by_side);
    uint64_t padded_ms = run(apart);

    uint64_t packed_total = 0, padded_total = 0;
    for (int i = 0; i < THREADS; i++) {
        packed_total += packed[i];
        padded_total += padded[i].value;
    }
    printf("packed: %" PRIu64 " counted in %" PRIu64 " ms\n", packed_total, packed_ms);
    printf("padded: %" PRIu64 " counted in %" PRIu64 " ms\n", padded_total, padded_ms);
    /* Whole ms can be 0 on a very fast machine: count that as 1. */
    printf("packed / padded = %.1f\n",
           (double)packed_ms / (double)(padded_ms > 0 ? padded_ms : 1));
    return EXIT_SUCCESS;
}
