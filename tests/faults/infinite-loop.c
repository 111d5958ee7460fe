/*
 * Fault fixture: an infinite loop that never prints. The time limit must stop it and
 * the verdict must say so.
 *
 * check: timed out after 2 s
 * check-exit: 1
 * run: timed out after 2 s
 * run-exit: 1
 * within: 5 s
 */
int main(void)
{
    volatile unsigned long spins = 0;

    for (;;)
        spins++;
}
