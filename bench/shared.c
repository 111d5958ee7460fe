/*
 * shared_*: lesson 11's three fixes for a shared counter, four threads adding 1 ten
 * million times each, in one process: a mutex around each update, an atomic add, and
 * partial sums merged after the joins. Each cost is elapsed time per update; the
 * figures are the mutex's and the atomic's cost over the partial sums' (how many
 * times dearer sharing is than not sharing), taken in the same run so that a busy
 * machine slows all three. The loops are the lesson's own (lessons/11-shared-state).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "bench.h"

#define THREADS 4
#define UPDATES 10000000

static uint64_t mutex_counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t atomic_counter;
static uint64_t parts[THREADS];
static pthread_barrier_t start_line;

static void *add_with_mutex(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < UPDATES; i++) {
        pthread_mutex_lock(&counter_lock);
        mutex_counter = mutex_counter + 1;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

static void *add_atomically(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < UPDATES; i++)
        atomic_fetch_add_explicit(&atomic_counter, 1, memory_order_relaxed);
    return NULL;
}

static void *add_to_own(void *arg)
{
    uint64_t *part = arg;
    pthread_barrier_wait(&start_line);
    volatile uint64_t mine = 0; /* as in partial.c: every update really happens */
    for (int i = 0; i < UPDATES; i++)
        mine = mine + 1;
    *part = mine;
    return NULL;
}

/* Runs the four threads with body; returns ns per update, or -1 on a wrong total. */
static double cost_ns(void *(*body)(void *), uint64_t (*total)(void))
{
    pthread_t threads[THREADS];
    pthread_barrier_init(&start_line, NULL, THREADS);
    uint64_t start = bench_now_ns();
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&threads[i], NULL, body, &parts[i]) != 0)
            return -1;
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    double ns = (double)(bench_now_ns() - start) / ((double)THREADS * UPDATES);
    pthread_barrier_destroy(&start_line);
    return total() == (uint64_t)THREADS * UPDATES ? ns : -1;
}

static uint64_t mutex_total(void)
{
    uint64_t t = mutex_counter;
    mutex_counter = 0;
    return t;
}

static uint64_t atomic_total(void)
{
    return atomic_exchange(&atomic_counter, 0);
}

static uint64_t partial_total(void)
{
    uint64_t t = 0;
    for (int i = 0; i < THREADS; i++)
        t += parts[i];
    return t;
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    for (int r = 0; r < reps; r++) {
        double partial = cost_ns(add_to_own, partial_total);
        double mutex = cost_ns(add_with_mutex, mutex_total);
        double atomic = cost_ns(add_atomically, atomic_total);
        if (partial <= 0 || mutex < 0 || atomic < 0) {
            fprintf(stderr, "shared: a total came out wrong\n");
            return 1;
        }
        bench_emit("shared_partial_ns", partial);
        bench_emit("shared_mutex_ns", mutex);
        bench_emit("shared_atomic_ns", atomic);
        bench_emit("shared_mutex_ratio", mutex / partial);
        bench_emit("shared_atomic_ratio", atomic / partial);
    }
    return 0;
}
