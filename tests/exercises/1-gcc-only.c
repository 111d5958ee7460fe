/*
 * A correct program for exercise 1 that only gcc can build: the comparison is a nested
 * function, a GNU C extension clang does not have. The checker (gcc) builds, runs and
 * passes it; the race check's clang build fails, and that is not the student's fault:
 * the item is not run, says why with clang's first error, and the file still passes.
 *
 * expect-verdict: race check not run: clang could not build it
 * expect-verdict: error: function definition is not allowed here
 * expect-verdict: passed
 * expect-exit: 0
 *
 * With clang as the compiler (make check CC=clang) the checker's own build fails, as it
 * must, and the verdict says so:
 * expect-needs: gcc
 * expect-verdict-without-gcc: the compiler reported errors
 * expect-verdict-without-gcc: error: function definition is not allowed here
 * expect-verdict-without-gcc: not yet
 * expect-exit-without-gcc: 1
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

    int beats(uint64_t n, unsigned steps, uint64_t than_n, unsigned than_steps)
    {
        return steps > than_steps || (steps == than_steps && n < than_n);
    }

#pragma omp parallel
    {
        uint64_t my_n = 0;
        unsigned my_steps = 0;
#pragma omp for nowait
        for (uint64_t n = 1; n < 100000; n++) {
            unsigned steps = collatz_steps(n);
            if (beats(n, steps, my_n, my_steps)) {
                my_n = n;
                my_steps = steps;
            }
        }
#pragma omp critical
        if (beats(my_n, my_steps, best_n, best_steps)) {
            best_n = my_n;
            best_steps = my_steps;
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
