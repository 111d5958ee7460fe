/*
 * Lesson 11: shared state. Share nothing while working: partial sums, merged once.
 *
 * The same four threads and forty million updates as race.c, but each thread
 * counts in a variable of its own and hands its count over only when it is done.
 * main adds the four counts after joining the threads: pthread_join is what makes
 * a thread's result safe to read. Nothing is shared during the work, so nothing
 * waits, and the total is exact every time.
 *
 * This is the shape to reach for first. It is what rayon's `.sum()` and OpenMP's
 * `reduction` do for you, and the last part of this program lets OpenMP do it.
 */
#include <omp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "knob.h"
#include "stopwatch.h"

/* How many threads, and how many updates each: the knobs "threads" and "adds" try
   others (workbook sweep 11 threads=1..8). */
static int num_threads = 4;
static int updates = 10000000;

/* What one thread is given back: its own count. */
struct part {
    uint64_t count;
};

static pthread_barrier_t start_line;

static void *add_ones(void *arg)
{
    struct part *part = arg;
    pthread_barrier_wait(&start_line);
    /*
     * A local of this thread's own. volatile only keeps gcc from replacing the loop
     * with one addition, so that the updates cost what they cost in race.c.
     */
    volatile uint64_t mine = 0;
    for (int i = 0; i < updates; i++)
        mine = mine + 1;
    part->count = mine; /* one write to shared memory, at the end */
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    num_threads = knob("threads", num_threads);
    updates = knob("adds", updates);

    pthread_t threads[num_threads];
    struct part parts[num_threads];
    pthread_barrier_init(&start_line, NULL, num_threads);
    uint64_t start = stopwatch_start();
    for (int i = 0; i < num_threads; i++)
        pthread_create(&threads[i], NULL, add_ones, &parts[i]);
    uint64_t counter = 0;
    for (int i = 0; i < num_threads; i++) {
        pthread_join(threads[i], NULL);
        counter += parts[i].count; /* the merge: after the join, on this thread only */
    }
    uint64_t took = stopwatch_ms(start);
    pthread_barrier_destroy(&start_line);

    uint64_t wanted = (uint64_t)num_threads * updates;
    printf("threads = %d, updates each = %d\n", num_threads, updates);
    printf("counter = %llu (wanted %llu)\n", (unsigned long long)counter,
           (unsigned long long)wanted);
    printf("cost = %.2f ns per update\n", took * 1e6 / wanted);
    printf("elapsed = %llu ms\n", (unsigned long long)took);

    /*
     * The same pattern, written for you: reduction(+ : total) gives each OpenMP
     * thread a private total starting at 0 and adds them up when the loop ends.
     */
    uint64_t total = 0;
    int team = 0;
#pragma omp parallel for reduction(+ : total)
    for (long i = 0; i < (long)wanted; i++) {
        total = total + 1;
        if (i == 0)
            team = omp_get_num_threads();
    }
    printf("openmp reduction = %llu on %d threads\n", (unsigned long long)total, team);
    return 0;
}
