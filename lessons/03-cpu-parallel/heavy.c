/*
 * Lesson 03: work wants cores, not a loop.
 *
 * heavy(seed) is pure computation: 50 million steps of a wrapping 64-bit
 * multiply-add, with nothing to wait for. We run it for eight seeds twice:
 * first one after another on this thread, then with OpenMP, which hands the
 * eight calls to a team of threads, by default one per logical CPU (a core
 * with two hardware threads counts twice). The answers must be identical; only
 * the time changes: with T threads on at least T cores, the eight calls take
 * ceil(8 / T) rounds of one call each.
 */
#include <inttypes.h>
#include <omp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "knob.h"
#include "stopwatch.h"

#define STEPS 50000000

/*
 * CPU-bound: every step needs the one before it, so there is no waiting to
 * overlap and nothing to vectorise. The result depends on every step, and we
 * print a comparison of all results, so the compiler must really run the loop.
 */
static uint64_t heavy(uint64_t seed)
{
    uint64_t acc = seed;
    for (uint64_t i = 0; i < STEPS; i++) {
        /* Unsigned arithmetic in C wraps modulo 2^64, like Rust's wrapping_mul/add. */
        acc = acc * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    return acc;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* The knobs "jobs" and "threads" try other sizes: `workbook sweep 03 threads=1..8`. */
    int jobs = knob("jobs", 8);
    omp_set_num_threads(knob("threads", omp_get_max_threads()));
    uint64_t *seq = calloc((size_t)jobs, sizeof *seq);
    uint64_t *par = calloc((size_t)jobs, sizeof *par);
    if (!seq || !par) {
        fprintf(stderr, "no memory for %d results\n", jobs);
        return EXIT_FAILURE;
    }

    /* The baseline: eight calls, one after another, on this thread. */
    uint64_t start = stopwatch_start();
    for (int i = 0; i < jobs; i++) {
        seq[i] = heavy((uint64_t)i);
    }
    printf("sequential: %" PRIu64 " ms\n", stopwatch_ms(start));

    /*
     * The same loop with one line added. OpenMP splits the iterations among its
     * threads; each writes only its own par[i], so they share nothing to lock.
     */
    start = stopwatch_start();
#pragma omp parallel for
    for (int i = 0; i < jobs; i++) {
        par[i] = heavy((uint64_t)i);
    }
    /* Eight iterations keep at most eight threads working, whatever the team's size. */
    int team = omp_get_max_threads();
    int working = team < jobs ? team : jobs;
    printf("openmp: %" PRIu64 " ms on %d threads\n", stopwatch_ms(start), working);

    /* Parallel code is only worth having if it gives the same answers. */
    bool match = true;
    for (int i = 0; i < jobs; i++) {
        if (seq[i] != par[i]) {
            match = false;
        }
    }
    printf("results match: %s\n", match ? "true" : "false");
    free(seq);
    free(par);

    return match ? EXIT_SUCCESS : EXIT_FAILURE;
}
