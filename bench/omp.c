/*
 * omp_efficiency: lesson 03's eight heavy() calls, sequential and with OpenMP, in
 * the same process; efficiency = (sequential / parallel) / min(cores, 8).
 *
 * heavy() is the lesson's: 50 million dependent multiply-adds, nothing to wait for.
 * Eight calls can keep at most eight cores busy, hence min(cores, 8). An idle
 * machine gives about 1.0; a neighbour holding a core shows up directly here.
 */
#include <omp.h>
#include <stdint.h>

#include "bench.h"

#define NUM_SEEDS 8
#define STEPS 50000000

static uint64_t heavy(uint64_t seed)
{
    uint64_t acc = seed;
    for (uint64_t i = 0; i < STEPS; i++)
        acc = acc * 6364136223846793005ULL + 1442695040888963407ULL;
    return acc;
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    int cores = bench_cores();
    int usable = cores < NUM_SEEDS ? cores : NUM_SEEDS;
    for (int r = 0; r < reps; r++) {
        uint64_t seq[NUM_SEEDS], par[NUM_SEEDS];

        uint64_t start = bench_now_ns();
        for (int i = 0; i < NUM_SEEDS; i++)
            seq[i] = heavy((uint64_t)i);
        double seq_ms = bench_ms_since(start);

        double cpu_start = bench_cpu_ms();
        start = bench_now_ns();
#pragma omp parallel for
        for (int i = 0; i < NUM_SEEDS; i++)
            par[i] = heavy((uint64_t)i);
        double par_ms = bench_ms_since(start);
        double par_cores = (bench_cpu_ms() - cpu_start) / par_ms;

        /* The results are compared, so neither loop can be optimised away. */
        if (memcmp(seq, par, sizeof seq) != 0) {
            fprintf(stderr, "omp: the results differ\n");
            return 1;
        }
        bench_emit("omp_seq_ms", seq_ms);
        bench_emit("omp_par_ms", par_ms);
        bench_emit("omp_par_cores", par_cores);
        bench_emit("omp_efficiency", seq_ms / par_ms / usable);
    }
    return 0;
}
