/*
 * Fault fixture: a failed assertion, which calls abort(). The message goes to stderr;
 * the verdict names SIGABRT.
 *
 * check: SIGABRT
 * check-exit: 1
 * run: SIGABRT
 * run-exit: 1
 */
#include <assert.h>
#include <stdio.h>

int main(void)
{
    int answers = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    puts("checking the answers");
    assert(answers > 0);
    return 0;
}
