/*
 * Known-wrong program for exercise 1: one step too many.
 *
 * It counts the numbers in the chain instead of the moves between them, so 1 would
 * take 1 step instead of 0, and the winner prints 351 steps. The search itself is
 * right and uses OpenMP.
 *
 * expect-verdict: one too many
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
    /* The chain 77031, ..., 1 has 351 numbers in it; the moves are one fewer. */
    printf("n = %" PRIu64 " has %u steps\n", n, steps + 1);
    return 0;
}
