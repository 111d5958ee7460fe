/*
 * Fault fixture: 100 MB of output as fast as it can be written. The output cap must
 * stop it long before the end, and the verdict must say where.
 *
 * check: output cut at
 * check-exit: 1
 * run: output cut at
 * run-exit: 1
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
    char line[100];

    memset(line, 'y', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    for (long i = 0; i < 1000000; i++)
        fwrite(line, 1, sizeof line, stdout);
    return 0;
}
