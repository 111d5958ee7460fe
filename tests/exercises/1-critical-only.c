/*
 * Known-wrong program for exercise 1: a critical section in a sequential loop.
 *
 * The student put `#pragma omp critical` around the update of the best, but no
 * parallel region ever starts: the loop runs on one thread, and the critical section
 * only takes a lock nobody else wants. The answer is right; the object code calls
 * GOMP_critical_start, which fooled a checker that read symbols. What the run did
 * shows no team at all.
 *
 * expect-verdict: (0 parallel regions ran)
 * expect-verdict: so the search ran on one thread
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
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        /* "Protected", so it must be thread-safe now. */
#pragma omp critical
        {
            if (steps > best_steps) {
                best_n = n;
                best_steps = steps;
            }
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
