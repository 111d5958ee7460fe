/*
 * Fault fixture: the right answer (found without OpenMP) printed without a final
 * newline. The last line must still be read and matched: the verdict passes the line
 * and fails only the OpenMP objective.
 *
 * check: n = 77031 has 350 steps
 * check: OpenMP
 * check-exit: 1
 * run: n = 77031 has 350 steps
 * run-exit: 0
 */
#include <stdio.h>

static unsigned collatz_steps(unsigned long n)
{
    unsigned steps = 0;

    while (n != 1) {
        n = n % 2 == 0 ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}

int main(void)
{
    unsigned long best_n = 1;
    unsigned best_steps = 0;

    for (unsigned long n = 1; n < 100000; n++) {
        unsigned steps = collatz_steps(n);
        if (steps > best_steps) {
            best_n = n;
            best_steps = steps;
        }
    }
    printf("n = %lu has %u steps", best_n, best_steps);
    return 0;
}
