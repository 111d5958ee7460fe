/*
 * Known-wrong program for exercise 1: the team's master thread does all the work.
 *
 * The same mistake as 1-single.c with `#pragma omp master`, which has no barrier at its
 * end: the other threads of the team leave the region at once and wait for the master at
 * its end. gcc builds the master block as a test of omp_get_thread_num(), so a rule that
 * took "asked for its thread number" as "split the work" would pass it.
 *
 * expect-verdict: did the search and the others waited
 * expect-exit: 1
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static unsigned collatz_steps(uint64_t n)
{
    unsigned steps = 0;
    while (n != 1) {
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint64_t best_n = 0;
    unsigned best_steps = 0;
#pragma omp parallel
    {
#pragma omp master
        {
            for (uint64_t n = 1; n < 100000; n++) {
                unsigned steps = collatz_steps(n);
                if (steps > best_steps) {
                    best_n = n;
                    best_steps = steps;
                }
            }
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
