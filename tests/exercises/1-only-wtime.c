/*
 * Known-wrong program for exercise 1: OpenMP only for its clock.
 *
 * The student timed the search with omp_get_wtime() and reports the time on stderr,
 * but never parallelised it: the loop runs on one thread. The answer is right and the
 * program links against the OpenMP runtime; no parallel region runs.
 *
 * expect-verdict: (0 parallel regions ran)
 * expect-verdict: so the search ran on one thread
 * expect-exit: 1
 */
#include <inttypes.h>
#include <omp.h>
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
    double t0 = omp_get_wtime();
    uint64_t best_n = 0;
    unsigned best_steps = 0;
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        if (steps > best_steps) {
            best_n = n;
            best_steps = steps;
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    fprintf(stderr, "searched in %.1f ms\n", (omp_get_wtime() - t0) * 1e3);
    return 0;
}
