/*
 * A correct program for exercise 1, in another style: a guided schedule and two
 * reductions. A max reduction finds the most steps; a min reduction over the numbers that
 * reach it finds the smallest such n, in a second parallel loop. Both loops are shared by
 * the team; the checker must pass it.
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
    unsigned best_steps = 0;
#pragma omp parallel for schedule(guided) reduction(max : best_steps)
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        if (steps > best_steps)
            best_steps = steps;
    }
    uint64_t best_n = UINT64_MAX;
#pragma omp parallel for schedule(guided) reduction(min : best_n)
    for (uint64_t n = 1; n < 100000; n++)
        if (collatz_steps(n) == best_steps && n < best_n)
            best_n = n;
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
