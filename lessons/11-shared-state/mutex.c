/*
 * Lesson 11: shared state. The fix everyone knows: a mutex around the update.
 *
 * The same four threads and forty million updates as race.c, but each update
 * takes a lock first. Only the thread holding the lock may read, add and write;
 * the others wait for it. No update is lost, and the total is exact every time.
 *
 * The price: the four threads now take turns for every single update, and on two
 * cores a waiting thread often goes to sleep in the kernel and must be woken. The
 * work is no longer parallel at all; the lock made it sequential, and slower than
 * one thread alone would be. Compare the cost per update with atomic.c and partial.c.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "knob.h"
#include "stopwatch.h"

/* How many threads, and how many updates each: the knobs "threads" and "adds" try
   others (workbook sweep 11 threads=1..8). */
static int num_threads = 4;
static int updates = 10000000;

static uint64_t counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

/* A start line, so that the four threads really run, and contend, at the same time. */
static pthread_barrier_t start_line;

static void *add_ones(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < updates; i++) {
        pthread_mutex_lock(&counter_lock);
        counter = counter + 1; /* only one thread at a time gets here */
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    num_threads = knob("threads", num_threads);
    updates = knob("adds", updates);

    pthread_t threads[num_threads];
    pthread_barrier_init(&start_line, NULL, num_threads);
    uint64_t start = stopwatch_start();
    for (int i = 0; i < num_threads; i++)
        pthread_create(&threads[i], NULL, add_ones, NULL);
    for (int i = 0; i < num_threads; i++)
        pthread_join(threads[i], NULL);
    uint64_t took = stopwatch_ms(start);
    pthread_barrier_destroy(&start_line);

    uint64_t wanted = (uint64_t)num_threads * updates;
    printf("threads = %d, updates each = %d\n", num_threads, updates);
    printf("counter = %llu (wanted %llu)\n", (unsigned long long)counter,
           (unsigned long long)wanted);
    /* Elapsed time over all the updates: what one update cost, everything included. */
    printf("cost = %.2f ns per update\n", took * 1e6 / wanted);
    printf("elapsed = %llu ms\n", (unsigned long long)took);
    return 0;
}
