/*
 * Fault fixture: warnings only. The program builds (an unused variable draws a
 * warning under -Wall, an unused parameter another under -Wextra, which the checker
 * and the lessons both use) and runs to the end; the checker shows the warnings and
 * still runs it.
 *
 * check: warning: unused variable
 * check: warning: unused parameter
 * check: with 2 warnings
 * check: exited with status 0
 * check-exit: 1
 * run: warnings ran to the end
 * run-exit: 0
 */
#include <stdio.h>

static int twice(int x, int ignored)
{
    return 2 * x;
}

int main(void)
{
    int unused;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (twice(2, 0) == 4)
        puts("warnings ran to the end");
    return 0;
}
