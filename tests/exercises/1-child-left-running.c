/*
 * A fixture for exercise 1 that tests the checker, not the student: a child left
 * running.
 *
 * The program forks a child that sleeps for 60 s with stdout and stderr still open,
 * then the parent prints the right answer (found with OpenMP) and exits 0. The
 * answer is right, so the verdict is a pass. What the checker must get right: it
 * must not wait for end-of-file on the output (the child holds it open for 60 s),
 * it must finish within a few seconds, and it must kill the whole process group, so
 * that no child of this program survives the check.
 *
 * expect-verdict: 77031
 * expect-exit: 0
 * expect-finishes-within: 5 s
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
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
    pid_t pid = fork();
    if (pid == 0) {
        /* The child keeps the parent's stdout and stderr open while it sleeps. */
        sleep(60);
        _exit(0);
    }
    uint64_t n;
    unsigned steps;
    longest_chain(100000, &n, &steps);
    printf("n = %" PRIu64 " has %u steps\n", n, steps);
    return 0;
}
