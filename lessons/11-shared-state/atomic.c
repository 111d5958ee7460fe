/*
 * Lesson 11: shared state. An atomic add: the processor does the three steps as one.
 *
 * The same four threads and forty million updates as race.c. atomic_fetch_add asks
 * the processor for a single read-add-write that no other core can come between
 * (on x86, one `lock add` instruction). No lock to take, no thread put to sleep,
 * and the total is exact every time.
 *
 * It is not free: the counter's cache line must travel to whichever core adds next,
 * so the cores still take turns, only much faster than with a mutex. It fits one
 * number; a mutex is still what protects several values that must change together.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "knob.h"
#include "stopwatch.h"

/* How many threads, and how many updates each: the knobs "threads" and "adds" try
   others (workbook sweep 11 threads=1..8). */
static int num_threads = 4;
static int updates = 10000000;

static _Atomic uint64_t counter;

/* A start line, so that the four threads really run at the same time. */
static pthread_barrier_t start_line;

static void *add_ones(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    /*
     * Relaxed order is enough: each add must be whole, but no other memory has to
     * be seen in order with it. pthread_join below makes the final value visible.
     */
    for (int i = 0; i < updates; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
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
    printf("counter = %llu (wanted %llu)\n", (unsigned long long)atomic_load(&counter),
           (unsigned long long)wanted);
    printf("cost = %.2f ns per update\n", took * 1e6 / wanted);
    printf("elapsed = %llu ms\n", (unsigned long long)took);
    return 0;
}
