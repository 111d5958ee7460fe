/*
 * Fault fixture: 64 threads, each summing its own slice of 1..64,000,000. The runner
 * and the checker's limits (address space, processes) must leave room for them.
 *
 * check: 64 threads summed 2048000032000000
 * check-exit: 1
 * run: 64 threads summed 2048000032000000
 * run-exit: 0
 */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 64, SLICE = 1000000 };

static void *sum_slice(void *arg)
{
    unsigned long *slot = arg;
    unsigned long first = *slot * SLICE + 1, sum = 0;

    for (unsigned long k = first; k < first + SLICE; k++)
        sum += k;
    *slot = sum;
    return NULL;
}

int main(void)
{
    pthread_t tid[THREADS];
    unsigned long slot[THREADS], total = 0;
    int started = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < THREADS; i++) {
        slot[i] = (unsigned long)i;
        if (pthread_create(&tid[i], NULL, sum_slice, &slot[i]) != 0)
            break;
        started++;
    }
    for (int i = 0; i < started; i++) {
        pthread_join(tid[i], NULL);
        total += slot[i];
    }
    printf("%d threads summed %lu\n", started, total);
    return started == THREADS ? 0 : 1;
}
