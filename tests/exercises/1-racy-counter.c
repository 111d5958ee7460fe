/*
 * Known-wrong program for exercise 1: a shared counter beside a correct search.
 *
 * The search is right (each thread keeps its own best, merged in `omp critical`), so the
 * answer printed is right in every run. But every thread also adds to one global
 * counter of the numbers checked, for a line on stderr, with nothing ordering the
 * threads: a data race, and the count comes out short now and then. Output that is
 * always right does not make a race harmless, and the race check says so.
 *
 * expect-verdict: no data race (ThreadSanitizer)
 * expect-verdict: `checked` is written at 1-racy-counter.c:
 * expect-verdict: atomic
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

/* How many numbers were looked at, for the line on stderr. */
static long checked;

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint64_t best_n = 0;
    unsigned best_steps = 0;
#pragma omp parallel
    {
        uint64_t my_n = 0;
        unsigned my_steps = 0;
#pragma omp for nowait
        for (uint64_t n = 1; n < 100000; n++) {
            unsigned steps = collatz_steps(n);
            checked++;
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
    fprintf(stderr, "checked %ld numbers\n", checked);
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
