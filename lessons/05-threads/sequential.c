/*
 * Lesson 05, the comparison: the same four counts, one after another.
 *
 * This is the plainest program there is: no threads, no loop, no runtime. It
 * does exactly the work of primes.c, so the totals match; only the clock
 * differs. Put the two side by side: the CPU time is about the same (the same
 * divisions are done), but here one core does all of it, so the wall clock
 * shows the sum of the four counts instead of their overlap.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "knob.h"
#include "stopwatch.h"

/* The knob "threads" (primes.c's threads, here counts one after another). */
static int counts = 4;
#define LIMIT 50000

/* The same naive test as in primes.c: no d in 2..x-1 divides a prime x. */
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

/* CPU time used by the whole process, in ms. */
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
    counts = knob("threads", counts);

    uint64_t start = stopwatch_start();
    uint64_t cpu_start = cpu_ms();

    /* Four counts in sequence: each starts when the one before has finished. */
    uint64_t total = 0;
    for (int i = 0; i < counts; i++)
        total += count_primes(LIMIT);

    printf("total primes = %" PRIu64 "\n", total);
    printf("cpu time = %" PRIu64 " ms\n", cpu_ms() - cpu_start);
    printf("elapsed = %" PRIu64 " ms\n", stopwatch_ms(start));
    return EXIT_SUCCESS;
}
