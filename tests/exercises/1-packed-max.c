/*
 * A correct program for exercise 1, in another style: a max-reduction over a packed key.
 *
 * OpenMP's reduction(max:) finds a maximum, not the number that has it; packing the
 * steps into the high half of one 64-bit key and LIMIT - n into the low half makes the
 * largest key the one with the most steps and, on a tie, the smallest n. The checker
 * must pass it: a team ran the search, and the answer is right.
 *
 * expect-verdict: passed
 * expect-exit: 0
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

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

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint64_t key = 0;
#pragma omp parallel for schedule(dynamic, 500) reduction(max : key)
    for (uint64_t n = 1; n < LIMIT; n++) {
        uint64_t mine = (uint64_t)collatz_steps(n) << 32 | (LIMIT - n);
        if (mine > key)
            key = mine;
    }
    uint64_t n = LIMIT - (key & 0xffffffffu);
    printf("n = %" PRIu64 " has %" PRIu64 " steps\n", n, key >> 32);
    return 0;
}
