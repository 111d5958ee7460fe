/*
 * Known-wrong program for exercise 1: a split by omp_get_thread_num() that gives thread 0
 * everything.
 *
 * Written as a manual split, but the range is cut as if the team had one thread: thread 0
 * takes 1..99999 and the others get empty ranges. No construct names the mistake; what
 * the threads did shows it.
 *
 * expect-verdict: did the search and the others waited
 * expect-exit: 1
 */
#include <omp.h>
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
        int id = omp_get_thread_num();
        /* The share of each thread: meant to divide by omp_get_num_threads(). */
        uint64_t per = 99999;
        uint64_t from = 1 + (uint64_t)id * per, to = from + per;
        if (to > 100000)
            to = 100000;
        uint64_t my_n = 0;
        unsigned my_steps = 0;
        for (uint64_t n = from; n < to; n++) {
            unsigned steps = collatz_steps(n);
            if (steps > my_steps) {
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
