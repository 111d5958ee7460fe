/*
 * Exercise 1: the longest Collatz chain below 100,000, on every core.
 *
 * Read README.md first. This file already finds the right answer, but on one
 * core only: the search below is a plain sequential loop, and the check fails
 * because the program does not use OpenMP. Your job is to spread the search
 * over the cores with OpenMP and keep the answer exactly the same.
 *
 * Check your work with `make check-exercise 1`; ask for a hint with
 * `workbook hint 1`.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

/* The numbers searched are 1, 2, ..., LIMIT - 1. */
#define LIMIT 100000

/* Steps for n to reach 1: halve it when even, take 3n + 1 when odd. 1 takes 0 steps. */
static unsigned collatz_steps(uint64_t n)
{
    unsigned steps = 0;
    while (n != 1) {
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}

/*
 * TODO: answer in a comment here: why would an event loop (libuv, callbacks)
 * not make this program any faster?
 */

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uint64_t best_n = 0;
    unsigned best_steps = 0;

    /*
     * TODO: spread this loop over the cores with OpenMP.
     *
     * Every n is independent of the others, so the iterations can run in any
     * order on any thread. Two things need care:
     *  - best_n and best_steps are shared: if two threads update them at the
     *    same moment, the answer comes out wrong (and different from run to run).
     *  - this loop keeps the smaller n on a tie only because it counts upwards
     *    and uses a strict `>`. Threads do not visit the numbers in order, so
     *    once the loop is parallel, say it explicitly: more steps wins, and on
     *    equal steps the smaller n wins.
     */
    for (uint64_t n = 1; n < LIMIT; n++) {
        unsigned steps = collatz_steps(n);
        if (steps > best_steps) {
            best_n = n;
            best_steps = steps;
        }
    }

    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
