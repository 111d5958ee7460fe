/*
 * Fault fixture: unbounded recursion, which overflows the stack. Each call keeps a
 * buffer alive across the next call, so the compiler cannot turn it into a loop. The
 * kernel stops it with SIGSEGV once the 8 MB stack is gone.
 *
 * check: SIGSEGV
 * check-exit: 1
 * run: SIGSEGV
 * run-exit: 1
 */
#include <stdio.h>
#include <string.h>

static unsigned long depth(unsigned long n)
{
    volatile char frame[1024];

    memset((char *)frame, (int)n, sizeof frame);
    return depth(n + 1) + frame[n % sizeof frame];
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    puts("recursing");
    printf("%lu\n", depth(0));
    return 0;
}
