/*
 * Fault fixture: warnings only. The program builds (an unused variable draws a
 * warning under -Wall, a comparison of signed with unsigned another under -Wextra)
 * and runs to the end; the checker shows the warnings and still runs it.
 *
 * check: warning: unused variable
 * check: with 1 warning
 * check: exited with status 0
 * check-exit: 1
 * run: warnings ran to the end
 * run-exit: 0
 */
#include <stdio.h>

int main(void)
{
    int unused;
    unsigned limit = 3;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < limit; i++)
        ;
    puts("warnings ran to the end");
    return 0;
}
