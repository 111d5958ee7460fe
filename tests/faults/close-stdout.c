/*
 * Fault fixture: a program that closes its stdout early, then goes on working and
 * reports on stderr. The runner must take the end of the output calmly and still wait
 * for the exit.
 *
 * check: before closing
 * check: exited with status 0
 * check-exit: 1
 * run: before closing
 * run: exited with status 0
 * run-exit: 0
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    struct timespec pause = {0, 200 * 1000 * 1000};

    setvbuf(stdout, NULL, _IOLBF, 0);
    puts("before closing");
    fclose(stdout);
    close(STDOUT_FILENO);
    nanosleep(&pause, NULL);
    fputs("stdout is closed; still working\n", stderr);
    return 0;
}
