/*
 * threads_efficiency: lesson 05's four prime counts, one after another and on four
 * pthreads, in the same process; efficiency = (sequential / parallel) / min(cores, 4).
 *
 * The counting, the jobs and the threads' body are the lesson's own (primes.c,
 * included below with its main() renamed), so the figure measures the code the lesson
 * shows. Four threads can keep at most four cores busy, so the divisor is
 * min(cores, 4): on a 2-core machine that is 2, the same as min(cores, 8).
 */
#define main primes_lesson_main
#include "../lessons/05-threads/primes.c"
#undef main

#include "bench.h"

#define EXPECTED_TOTAL 20532

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    int cores = bench_cores();
    int usable = cores < num_threads ? cores : num_threads;
    for (int r = 0; r < reps; r++) {
        uint64_t start = bench_now_ns();
        uint64_t seq_total = 0;
        for (int i = 0; i < num_threads; i++)
            seq_total += count_primes(LIMIT);
        double seq_ms = bench_ms_since(start);

        pthread_t threads[num_threads];
        struct job jobs[num_threads];
        double cpu_start = bench_cpu_ms();
        start = bench_now_ns();
        for (int i = 0; i < num_threads; i++) {
            jobs[i] = (struct job){.limit = LIMIT};
            int rc = pthread_create(&threads[i], NULL, run_job, &jobs[i]);
            if (rc != 0) {
                fprintf(stderr, "threads: pthread_create: %s\n", strerror(rc));
                return 1;
            }
        }
        uint64_t par_total = 0;
        for (int i = 0; i < num_threads; i++) {
            int rc = pthread_join(threads[i], NULL);
            if (rc != 0) {
                fprintf(stderr, "threads: pthread_join: %s\n", strerror(rc));
                return 1;
            }
            par_total += jobs[i].count;
        }
        double par_ms = bench_ms_since(start);
        double par_cores = (bench_cpu_ms() - cpu_start) / par_ms;

        if (seq_total != EXPECTED_TOTAL || par_total != EXPECTED_TOTAL) {
            fprintf(stderr, "threads: totals %" PRIu64 " and %" PRIu64 ", not %d\n", seq_total,
                    par_total, EXPECTED_TOTAL);
            return 1;
        }
        bench_emit("threads_seq_ms", seq_ms);
        bench_emit("threads_par_ms", par_ms);
        bench_emit("threads_par_cores", par_cores);
        bench_emit("threads_efficiency", seq_ms / par_ms / usable);
    }
    return 0;
}
