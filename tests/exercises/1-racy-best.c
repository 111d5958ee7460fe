/*
 * Known-wrong program for exercise 1: a shared best with no protection.
 *
 * The loop is a `#pragma omp parallel for`, and every thread compares and updates the
 * same best_steps and best_n with nothing ordering the threads. Most runs still print
 * 77031 and 350 (the threads rarely collide at the one moment that matters), so the
 * output alone cannot catch it; the race check can, every time: ThreadSanitizer sees
 * one thread read best_steps while another writes it.
 *
 * expect-verdict: no data race (ThreadSanitizer)
 * expect-verdict: `best_steps` is written at 1-racy-best.c:41 and read at 1-racy-best.c:40
 * expect-verdict: `best_n` is written at 1-racy-best.c:42
 * expect-verdict: reduction
 * expect-verdict: critical
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

static uint64_t best_n;
static unsigned best_steps;

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
#pragma omp parallel for
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        if (steps > best_steps) {
            best_steps = steps;
            best_n = n;
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
