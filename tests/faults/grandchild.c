/*
 * Fault fixture: a grandchild that keeps the output open. The program forks a child
 * that sleeps for a minute with stdout and stderr still open, prints a line and exits.
 * The runner must not wait for the end of the output: it kills the process group
 * when the program exits, so the whole thing ends within a second and the sleeper
 * with it.
 *
 * check: exited with status 0
 * check-exit: 1
 * run: parent done
 * run-exit: 0
 * within: 2 s
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (fork() == 0) {
        sleep(60);
        puts("grandchild woke up");
        return 0;
    }
    puts("parent done");
    return 0;
}
