/*
 * Fault fixture: an 8 GB allocation, every page of it touched. Under the checker's
 * memory limit malloc returns NULL and the program says so; without a limit it would
 * take 8 GB of a shared machine.
 *
 * check: allocation of 8 GB failed
 * check: exited with status 1
 * check-exit: 1
 * run: allocation of 8 GB failed
 * run-exit: 1
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    size_t size = (size_t)8 << 30;
    char *block;

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
