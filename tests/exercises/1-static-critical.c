/*
 * A correct program for exercise 1, in another style: per-thread bests merged in a
 * critical section, with the default static schedule (each thread gets one block of
 * the range). The blocks take unequal time, which is slower than a dynamic schedule but
 * not wrong: the checker must pass it.
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
    {
        uint64_t my_n = 0;
        unsigned my_steps = 0;
#pragma omp for schedule(static)
        for (uint64_t n = 1; n < 100000; n++) {
            unsigned steps = collatz_steps(n);
            if (steps > my_steps) { /* n grows within a block: the first n wins a tie */
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
