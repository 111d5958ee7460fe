/*
 * pipeline_overhead_ms: lesson 07's offloaded pipeline against its own timings.
 *
 * The code is the lesson's, included below with its main() renamed, so the figure
 * measures the program the lesson shows and cannot drift from it. Image k arrives at
 * arrival_step_ms * (k + 1) and is then processed on libuv's pool for as long as the
 * processing takes (its span, as the program measured it, sharing the cores with the
 * others). If the loop takes every download as it arrives and hands it on at once, the
 * pipeline ends with the latest of arrival + processing, and the overhead, elapsed
 * minus that, is near 0.
 */
#define main offloaded_lesson_main
#include "../lessons/07-pipeline/offloaded.c"
#undef main

#include "bench.h"

static const uint64_t expected_checksums[IMAGES] = {0, 15279771427360356480u, 12112798781011161344u,
                                                    8945826134661966208u};

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    for (int r = 0; r < reps; r++) {
        uv_loop_t loop;
        struct image images[IMAGES];
        int rc = uv_loop_init(&loop);
        if (rc != 0) {
            fprintf(stderr, "pipeline: uv_loop_init: %s\n", uv_strerror(rc));
            return 1;
        }
        start = stopwatch_start_loop(&loop);
        rc = start_downloads(&loop, images);
        if (rc != 0) {
            fprintf(stderr, "pipeline: uv_timer_start: %s\n", uv_strerror(rc));
            return 1;
        }
        uv_run(&loop, UV_RUN_DEFAULT);
        double elapsed = (double)stopwatch_ms(start);
        if (uv_loop_close(&loop) != 0) {
            fprintf(stderr, "pipeline: a handle was left open\n");
            return 1;
        }

        double ideal = 0, slowest = 0;
        for (unsigned id = 0; id < IMAGES; id++) {
            if (images[id].checksum != expected_checksums[id]) {
                fprintf(stderr, "pipeline: image %u has checksum %" PRIu64 "\n", id,
                        images[id].checksum);
                return 1;
            }
            double span = (double)(images[id].processed_to_ms - images[id].processed_from_ms);
            double end = arrival_step_ms * (id + 1) + span;
            ideal = end > ideal ? end : ideal;
            slowest = span > slowest ? span : slowest;
        }
        bench_emit("pipeline_elapsed_ms", elapsed);
        bench_emit("pipeline_processing_ms", slowest);
        bench_emit("pipeline_overhead_ms", elapsed - ideal);
    }
    return 0;
}
