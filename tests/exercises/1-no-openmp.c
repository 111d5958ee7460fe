/*
 * Known-wrong program for exercise 1: no OpenMP.
 *
 * The answer is right, but the pragma that would parallelise the search is inside a
 * comment, so the compiler never sees it and the program runs on one core. A text
 * search for "#pragma omp" would be fooled; the built program calls no GOMP_ function.
 *
 * expect-verdict: OpenMP
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
    // #pragma omp parallel for
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
