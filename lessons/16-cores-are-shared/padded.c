/*
 * Lesson 16: the fix for false sharing, on its own: each thread's counter alone on its
 * own cache line.
 *
 * The same four threads and 20 million increments each as false_sharing.c. Each counter
 * is a struct aligned to the cache line (alignas(64)), so the struct is 64 bytes and no
 * two counters can share a line: each core keeps its own line and never has to take it
 * from another. Rust's crossbeam calls this CachePadded; the Linux kernel,
 * ____cacheline_aligned. Better still, when it can: count in a local variable and write
 * the shared slot once at the end (lesson 11's partial sums), which needs no padding.
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

struct padded_counter {
    alignas(CACHE_LINE) uint64_t value;
};
static struct padded_counter counters[THREADS];

static void *count_up(void *arg)
{
    volatile uint64_t *counter = &((struct padded_counter *)arg)->value;
    for (int i = 0; i < COUNT; i++)
        (*counter)++;
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    long line = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);
    printf("cache line: %ld bytes; each counter takes %zu bytes\n", line > 0 ? line : CACHE_LINE,
           sizeof counters[0]);

    pthread_t threads[THREADS];
    uint64_t t0 = stopwatch_start();
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, count_up, &counters[i]);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    uint64_t elapsed = stopwatch_ms(t0);

    uint64_t total = 0;
    for (int i = 0; i < THREADS; i++)
        total += counters[i].value;
    printf("padded: %" PRIu64 " counted in %" PRIu64 " ms\n", total, elapsed);
    return EXIT_SUCCESS;
}
