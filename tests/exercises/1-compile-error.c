/*
 * Known-wrong program for exercise 1: it does not compile.
 *
 * The printf in main names `step`, a variable that does not exist (it is `steps`).
 * The checker must show the compiler's error as file:line:col with the offending
 * source line, and run nothing.
 *
 * expect-verdict: error:
 * expect-verdict: undeclared
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

/* The longest chain below limit, searched with OpenMP; ties go to the smaller n. */
static void longest_chain(uint64_t limit, uint64_t *best_n, unsigned *best_steps)
{
    *best_n = 0;
    *best_steps = 0;
#pragma omp parallel
    {
        uint64_t my_n = 0;
        unsigned my_steps = 0;
#pragma omp for nowait
        for (uint64_t n = 1; n < limit; n++) {
            unsigned steps = collatz_steps(n);
            if (steps > my_steps || (steps == my_steps && n < my_n)) {
                my_n = n;
                my_steps = steps;
            }
        }
#pragma omp critical
        if (my_steps > *best_steps || (my_steps == *best_steps && my_n < *best_n)) {
            *best_n = my_n;
            *best_steps = my_steps;
        }
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint64_t n;
    unsigned steps;
    longest_chain(100000, &n, &steps);
    printf("n = %" PRIu64 " has %u steps\n", n, step);
    return 0;
}
