/*
 * Lesson 11: shared state. Four threads, one counter, no protection.
 *
 * Each of four threads adds 1 to the same counter ten million times, so the
 * counter should end at 40,000,000. It does not: `counter = counter + 1` is three
 * steps (read the counter, add one, write it back), and when two threads on two
 * cores read the same old value, both write back old + 1 and one update is lost.
 * How many are lost changes from run to run, because it depends on how often the
 * two cores happened to interleave those three steps: the scheduler, the caches
 * and whatever else the machine is doing decide that, not the program.
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

/*
 * volatile is here for the compiler's sake, not the threads': without it gcc -O2
 * sees a loop that adds 1 ten million times and writes `counter += 10000000` once,
 * which hides the race instead of fixing it. volatile makes every read and every
 * write really happen, as they would in a larger program with other work between
 * the updates. It makes nothing atomic: the race below is a real one.
 */
static volatile uint64_t counter;

/*
 * A start line, so that the four threads really run at the same time. Ten million
 * updates each keep them busy for tens of milliseconds, several of the scheduler's
 * time slices: even when a neighbour leaves us one core, the threads are interrupted
 * in the middle of an update, and the one interrupted writes back a stale value.
 */
static pthread_barrier_t start_line;

static void *add_ones(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < updates; i++)
        counter = counter + 1; /* read, add, write: another thread can come between */
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
    printf("lost updates = %llu\n", (unsigned long long)(wanted - counter));
    printf("elapsed = %llu ms\n", (unsigned long long)took);
    return 0;
}
