/*
 * Fault fixture: an 8 GB allocation, every page of it touched. The limit bounds memory
 * in use, not reserved (a pool of 1024 threads reserves 8 GB of stacks and passes), so
 * malloc succeeds and the runner stops the program once it has touched more than the
 * limit, and says which limit; without one it would take 8 GB of a shared machine.
 * Touching memory is what takes the time here, so the bound is a little wider.
 *
 * check: stopped at its memory limit: more than 512 MiB in use
 * check-exit: 1
 * run: stopped at its memory limit: more than 512 MiB in use
 * run-exit: 1
 * within: 5 s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    size_t size = (size_t)8 << 30;
    /* Volatile, or the compiler may drop an allocation whose contents it can work out. */
    char *volatile block;

    setvbuf(stdout, NULL, _IOLBF, 0);
    block = malloc(size);
    if (!block) {
        puts("allocation of 8 GB failed");
        return 1;
    }
    memset(block, 1, size);
    printf("allocated and touched 8 GB, last byte %d\n", block[size - 1]);
    free(block);
    return 0;
}
