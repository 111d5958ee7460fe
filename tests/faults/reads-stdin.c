/*
 * Fault fixture: a program that reads its input to the end before it answers. Its
 * stdin must be /dev/null: neither the runner's terminal (it would wait for a key) nor
 * a closed descriptor.
 *
 * check: read 0 bytes from stdin
 * check-exit: 1
 * run: read 0 bytes from stdin
 * run-exit: 0
 */
#include <stdio.h>

int main(void)
{
    long n = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while (getchar() != EOF)
        n++;
    printf("read %ld bytes from stdin\n", n);
    return 0;
}
