/*
 * What the benchmark programs share: a nanosecond clock, a percentile, and the one
 * output format the driver (bench.c) reads.
 *
 * Each program measures in its own process, so that a ratio is taken between two
 * timings of the same run. It prints one line per repetition and figure,
 * "KEY VALUE", and the driver takes the median, the minimum and the maximum.
 */
#ifndef BENCH_H
#define BENCH_H

#include <sched.h>
#include <sys/resource.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The monotonic clock in ns: the one uv_hrtime() reads, and what a child stamps. */
static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline double bench_ms_since(uint64_t start_ns)
{
    return (double)(bench_now_ns() - start_ns) / 1e6;
}

/* The repetitions: the first argument, at least 5. */
static inline int bench_reps(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5;
    return n < 5 ? 5 : n;
}

/* CPUs this process may run on, as the runner counts them (machine.c). */
static inline int bench_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
    return 1;
}

/* CPU time used by this process so far, all threads, in ms. With the elapsed time it
   tells how many cores a parallel phase really had: a neighbour takes the rest. */
static inline double bench_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of n values, nearest rank; sorts v in place. */
static inline double bench_percentile(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, bench_cmp_double);
    size_t k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
    return v[k < n ? k : n - 1];
}

/* One sample for the driver. */
static inline void bench_emit(const char *key, double value)
{
    printf("%s %.4f\n", key, value);
    fflush(stdout);
}

#endif
