/*
 * A correct program for exercise 1, in another style: a `parallel` block whose `for`
 * carries the reduction, and a per-thread array of bests merged after the region.
 *
 * The block first finds the largest step count with `#pragma omp for reduction(max:
 * steps_max)`; each thread also keeps the smallest n it saw with its own best count in
 * its own slot of an array (indexed by omp_get_thread_num), and main merges the slots
 * once the region is over, when no thread runs. The race check finds nothing.
 *
 * expect-verdict: no data race (ThreadSanitizer)
 * expect-verdict: passed
 * expect-exit: 0
 */
#include <inttypes.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define LIMIT 100000

static unsigned collatz_steps(uint64_t n)
{
    unsigned steps = 0;
    while (n != 1) {
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}

struct best {
    uint64_t n;
    unsigned steps;
};

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int threads = omp_get_max_threads();
    struct best *bests = calloc((size_t)threads, sizeof *bests);
    unsigned steps_max = 0;
    if (!bests)
        return 1;
#pragma omp parallel
    {
        struct best *mine = &bests[omp_get_thread_num()];
#pragma omp for reduction(max : steps_max)
        for (uint64_t n = 1; n < LIMIT; n++) {
            unsigned steps = collatz_steps(n);
            if (steps > steps_max)
                steps_max = steps;
            if (steps > mine->steps || (steps == mine->steps && n < mine->n)) {
                mine->n = n;
                mine->steps = steps;
            }
        }
    }
    struct best best = {0, 0};
    for (int t = 0; t < threads; t++)
        if (bests[t].steps > best.steps || (bests[t].steps == best.steps && bests[t].n < best.n))
            best = bests[t];
    free(bests);
    if (best.steps != steps_max)
        return 1;
    printf("n = %" PRIu64 " has %u steps\n", best.n, best.steps);
    return 0;
}
