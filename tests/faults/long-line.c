/*
 * Fault fixture: one line of 10 MB. A line that long is cut (the runner keeps its
 * start), and the output cap stops the program.
 *
 * check: output cut at
 * check-exit: 1
 * run: output cut at
 * run: [line cut]
 * run-exit: 1
 */
#include <stdio.h>

int main(void)
{
    for (long i = 0; i < 10L * 1024 * 1024; i++)
        putchar('x');
    putchar('\n');
    return 0;
}
