/*
 * Lesson 05: threads, and no loop at all.
 *
 * Counting primes is pure computation: the program never waits for a network,
 * a disk or a timer, so an event loop would have nothing to overlap. What helps
 * is more cores, and plain threads give us those directly. Four threads each
 * count the primes below 50,000; the operating system spreads them over the
 * cores it has (as many run at once as there are cores), and main adds up
 * their counts when they finish.
 *
 * There is no libuv in this file, and nothing is missing because of it.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "knob.h"
#include "stopwatch.h"

/* The knob "threads" tries other counts: workbook sweep 05 threads=1..8. */
static int num_threads = 4;
#define LIMIT 50000

/*
 * x is prime when no d in 2..x-1 divides it. This is deliberately naive: we
 * want real CPU work to spread over the cores, not a clever algorithm.
 */
static uint64_t count_primes(uint64_t n)
{
    uint64_t count = 0;
    for (uint64_t x = 2; x < n; x++) {
        int prime = 1;
        for (uint64_t d = 2; d < x; d++) {
            if (x % d == 0) {
                prime = 0;
                break;
            }
        }
        count += prime;
    }
    return count;
}

/* What one thread is given, and where it leaves its answer. */
struct job {
    uint64_t limit;
    uint64_t count;
};

/* The body of each thread: one count, then the thread ends. */
static void *run_job(void *arg)
{
    struct job *job = arg;
    job->count = count_primes(job->limit);
    return NULL;
}

/* CPU time used by the whole process, all threads together, in ms. */
static uint64_t cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
           (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    num_threads = knob("threads", num_threads);

    struct job jobs[num_threads];
    pthread_t threads[num_threads];
    uint64_t start = stopwatch_start();
    uint64_t cpu_start = cpu_ms();

    /* Start all four counts at once: each thread is a separate flow of work. */
    for (int i = 0; i < num_threads; i++) {
        jobs[i].limit = LIMIT;
        jobs[i].count = 0;
        /* pthread functions return an error number instead of setting errno. */
        int rc = pthread_create(&threads[i], NULL, run_job, &jobs[i]);
        if (rc != 0) {
            fprintf(stderr, "pthread_create: %s\n", strerror(rc));
            return EXIT_FAILURE;
        }
    }

    /* Joining waits for a thread to end; after it, its count is safe to read. */
    uint64_t total = 0;
    for (int i = 0; i < num_threads; i++) {
        int rc = pthread_join(threads[i], NULL);
        if (rc != 0) {
            fprintf(stderr, "pthread_join: %s\n", strerror(rc));
            return EXIT_FAILURE;
        }
        total += jobs[i].count;
    }

    printf("total primes = %" PRIu64 "\n", total);
    /* CPU time counts every core's work; elapsed counts the clock on the wall. */
    printf("cpu time = %" PRIu64 " ms\n", cpu_ms() - cpu_start);
    printf("elapsed = %" PRIu64 " ms\n", stopwatch_ms(start));
    return EXIT_SUCCESS;
}
