/*
 * Fault fixture: a segmentation fault after one line of output. The line must still
 * be shown, and the signal named.
 *
 * check: SIGSEGV
 * check-exit: 1
 * run: SIGSEGV
 * run: about to crash
 * run-exit: 1
 */
#include <stdio.h>

int main(void)
{
    volatile int *nowhere = NULL;

    setvbuf(stdout, NULL, _IOLBF, 0);
    puts("about to crash");
    return *nowhere;
}
