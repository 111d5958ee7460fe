/*
 * Known-wrong program for exercise 1: one task with the whole loop.
 *
 * A `single` block makes one explicit task, and the task runs the whole sequential search:
 * tasks can be run by any thread of the team, but one task is work for one thread. A team
 * ran and the answer is right; one thread searched.
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
#pragma omp single
#pragma omp task shared(best_n, best_steps)
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        if (steps > best_steps) {
            best_n = n;
            best_steps = steps;
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
