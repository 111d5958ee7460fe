/*
 * A correct program for exercise 1, in another style: one thread of the team makes tasks
 * of the range with `taskloop` (inside a `single`), and every thread of the team runs
 * them; each task keeps its own best and merges it in a critical section. The threads left
 * out of the single block do their share while they wait at its end, running tasks: the
 * checker must pass it.
 *
 * expect-verdict: passed
 * expect-exit: 0
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
#pragma omp taskloop grainsize(2000)
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        if (steps < 300) /* most numbers: nothing to merge */
            continue;
#pragma omp critical
        if (steps > best_steps || (steps == best_steps && n < best_n)) {
            best_n = n;
            best_steps = steps;
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
