/*
 * Exercise 1, reference solution: the longest Collatz chain below 100,000.
 *
 * This is work, not waiting. Every step is arithmetic on a number already in a
 * register; nothing in the program ever waits for a disk, a network or a timer.
 * An event loop would not help: it overlaps waits, and there are none to overlap.
 * Callbacks would only add bookkeeping around the same arithmetic, run on the
 * same single thread. What helps is more cores, so the search is split across
 * them with OpenMP.
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
 * Whether (n, steps) beats (best_n, best_steps): more steps wins, and on equal steps
 * the smaller n wins. The tie rule makes the answer the same whichever thread finds
 * which candidate first, so the result never depends on scheduling.
 */
static int beats(uint64_t n, unsigned steps, uint64_t best_n, unsigned best_steps)
{
    return steps > best_steps || (steps == best_steps && n < best_n);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uint64_t best_n = 0;
    unsigned best_steps = 0;

    /*
     * OpenMP's reduction(max:) keeps a maximum, but we want the number that has it
     * (an argmax), so the reduction is written out: each thread keeps its own best
     * while it works through its share of the range, then the threads merge their
     * bests one at a time. No thread ever writes to the shared best while another
     * reads it.
     */
#pragma omp parallel
    {
        uint64_t my_n = 0;
        unsigned my_steps = 0;

        /* Chains differ in length, so hand out the range in small chunks on demand. */
#pragma omp for schedule(dynamic, 1000) nowait
        for (uint64_t n = 1; n < LIMIT; n++) {
            unsigned steps = collatz_steps(n);
            if (beats(n, steps, my_n, my_steps)) {
                my_n = n;
                my_steps = steps;
            }
        }

#pragma omp critical
        {
            if (beats(my_n, my_steps, best_n, best_steps)) {
                best_n = my_n;
                best_steps = my_steps;
            }
        }
    }

    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
