/* A local of main() shared into an OpenMP region: ThreadSanitizer names its memory "global '??'" (tests/unit/race/omp-local.log). */
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
    uint64_t best_n = 0;
    unsigned best_steps = 0;
    long total = 0;
#pragma omp parallel for
    for (uint64_t n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        total += steps;
        if (steps > best_steps || (steps == best_steps && n < best_n)) {
#pragma omp critical
            {
                best_n = n;
                best_steps = steps;
            }
        }
    }
    printf("n = %" PRIu64 " has %u steps\n", best_n, best_steps + (unsigned)(total & 0));
    return 0;
}
