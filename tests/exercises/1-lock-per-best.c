/*
 * A correct program for exercise 1, in another style: an OpenMP lock taken only when a
 * thread's number beats the shared best it last saw (a double-checked update). The steps
 * are counted outside the lock, so the threads search at the same time and take the lock a
 * few dozen times in all; the checker must pass it.
 *
 * expect-verdict: passed
 * expect-exit: 0
 */
#include <omp.h>
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
    omp_lock_t lock;
    omp_init_lock(&lock);
#pragma omp parallel for schedule(dynamic, 500)
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        unsigned seen;
#pragma omp atomic read
        seen = best_steps;
        if (steps < seen)
            continue;
        omp_set_lock(&lock);
        if (steps > best_steps || (steps == best_steps && n < best_n)) {
            best_n = n;
#pragma omp atomic write
            best_steps = steps;
        }
        omp_unset_lock(&lock);
    }
    omp_destroy_lock(&lock);
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps);
    return 0;
}
