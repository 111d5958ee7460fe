/*
 * A fixture for exercise 1 that tests the checker, not the student: it reads stdin.
 *
 * Before it prints, the program reads its standard input to the end (as if it
 * waited for "press Enter"). The checker runs a program with stdin on /dev/null,
 * so the read sees end-of-file at once and the right answer follows: a pass.
 * A checker that left stdin on the terminal would hang here until its time limit;
 * one that closed fd 0 would make read() fail, and this program then exits 3 with
 * "stdin is closed" on stderr.
 *
 * expect-verdict: 77031
 * expect-exit: 0
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

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
    char buf[256];
    ssize_t got;
    while ((got = read(0, buf, sizeof buf)) > 0)
        continue;
    if (got < 0) {
        fprintf(stderr, "stdin is closed: %s\n", strerror(errno));
        return 3;
    }
    uint64_t n;
    unsigned steps;
    longest_chain(100000, &n, &steps);
    printf("n = %" PRIu64 " has %u steps\n", n, steps);
    return 0;
}
