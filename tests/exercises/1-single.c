/*
 * Known-wrong program for exercise 1: a team where one thread does all the work.
 *
 * A parallel region starts a team of two (or more), and inside it `#pragma omp single`
 * hands the whole sequential loop to one thread of the team; the others wait at the end of
 * the single block. A team ran and the answer is right, but one thread searched. What the
 * threads were given shows it: no worksharing construct offered the others a share, and
 * their time in the region was spent waiting.
 *
 * expect-verdict: did the search and the others waited
 * expect-verdict: a `single` or `master` block
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
#pragma omp parallel
    {
#pragma omp single
        for (uint64_t n = 1; n < 100000; n++) {
            unsigned steps = collatz_steps(n);
            if (steps > best_steps) {
                best_n = n;
                best_steps = steps;
            }
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
