/*
 * Fault fixture: a program that sleeps forever, using no CPU at all. Only the time
 * limit can end it.
 *
 * check: timed out after 2 s
 * check-exit: 1
 * run: timed out after 2 s
 * run: going to sleep
 * run-exit: 1
 * within: 5 s
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    puts("going to sleep");
    for (;;)
        pause();
}
