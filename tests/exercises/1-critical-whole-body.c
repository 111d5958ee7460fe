/*
 * Known-wrong program for exercise 1: a critical section around the whole loop body.
 *
 * The loop is a `parallel for` and a team of two runs, but the body, step count
 * included, is inside `#pragma omp critical`: only one thread at a time can be in it, so
 * the threads take turns and the search is as sequential as without OpenMP (slower, with the
 * handing over). The answer is right. What the run did shows the turns: the threads spent
 * nearly all their time waiting for the critical section or holding it.
 *
 * expect-verdict: waiting for or holding a critical section
 * expect-verdict: so they took turns
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
#pragma omp parallel for
    for (uint64_t n = 1; n < 100000; n++) {
#pragma omp critical
        {
            unsigned steps = collatz_steps(n);
            if (steps > best_steps || (steps == best_steps && n < best_n)) {
                best_n = n;
                best_steps = steps;
            }
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
