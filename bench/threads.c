/*
 * threads_efficiency: lesson 05's four prime counts, one after another and on four
 * pthreads, in the same process; efficiency = (sequential / parallel) / min(cores, 4).
 *
 * The counting is the lesson's naive trial division below 50,000. Four threads can
 * keep at most four cores busy, so the divisor is min(cores, 4): on this 2-core
 * machine that is 2, the same as the min(cores, 8).
 */
#include <pthread.h>
#include <stdint.h>

#include "bench.h"

#define THREADS 4
#define LIMIT 50000
#define EXPECTED_TOTAL 20532

static uint64_t count_primes(uint64_t n)
{
    uint64_t count = 0;
    for (uint64_t x = 2; x < n; x++) {
        int prime = 1;
        for (uint64_t d = 2; d < x; d++) {
            if (x % d == 0) {
                prime = 0;
                break;
            }
        }
        count += prime;
    }
    return count;
}

static void *run_job(void *arg)
{
    uint64_t *count = arg;
    *count = count_primes(LIMIT);
    return NULL;
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    int cores = bench_cores();
    int usable = cores < THREADS ? cores : THREADS;
    for (int r = 0; r < reps; r++) {
        uint64_t start = bench_now_ns();
        uint64_t seq_total = 0;
        for (int i = 0; i < THREADS; i++)
            seq_total += count_primes(LIMIT);
        double seq_ms = bench_ms_since(start);

        pthread_t threads[THREADS];
        uint64_t counts[THREADS];
        double cpu_start = bench_cpu_ms();
        start = bench_now_ns();
        for (int i = 0; i < THREADS; i++) {
            if (pthread_create(&threads[i], NULL, run_job, &counts[i]) != 0) {
                fprintf(stderr, "threads: pthread_create failed\n");
                return 1;
            }
        }
        uint64_t par_total = 0;
        for (int i = 0; i < THREADS; i++) {
            pthread_join(threads[i], NULL);
            par_total += counts[i];
        }
        double par_ms = bench_ms_since(start);
        double par_cores = (bench_cpu_ms() - cpu_start) / par_ms;

        if (seq_total != EXPECTED_TOTAL || par_total != EXPECTED_TOTAL) {
            fprintf(stderr, "threads: totals %llu and %llu, not %d\n",
                    (unsigned long long)seq_total, (unsigned long long)par_total, EXPECTED_TOTAL);
            return 1;
        }
        bench_emit("threads_seq_ms", seq_ms);
        bench_emit("threads_par_ms", par_ms);
        bench_emit("threads_par_cores", par_cores);
        bench_emit("threads_efficiency", seq_ms / par_ms / usable);
    }
    return 0;
}
