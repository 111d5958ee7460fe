/*
 * Known-wrong program for exercise 1: a team of one thread.
 *
 * The loop is a correct `parallel for` with per-thread bests merged in a critical
 * section, but `num_threads(1)` (left over from debugging) limits the team to one
 * thread: a parallel region runs, on a single core. The answer is right.
 *
 * expect-verdict: the largest OpenMP team that ran had 1 thread(s) (1 parallel regions ran)
 * expect-verdict: num_threads(1)
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
#pragma omp parallel num_threads(1)
    {
        uint64_t my_n = 0;
        unsigned my_steps = 0;
#pragma omp for
        for (uint64_t n = 1; n < 100000; n++) {
            unsigned steps = collatz_steps(n);
            if (steps > my_steps || (steps == my_steps && n < my_n)) {
                my_n = n;
                my_steps = steps;
            }
        }
#pragma omp critical
        if (my_steps > best_steps || (my_steps == best_steps && my_n < best_n)) {
            best_n = my_n;
            best_steps = my_steps;
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
