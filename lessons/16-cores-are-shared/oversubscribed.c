/*
 * Lesson 16: OpenMP inside pool jobs starts a team per job.
 *
 * Four jobs on libuv's pool (its 4 threads run them at once), and each job sums 4 million
 * values with `#pragma omp parallel for`. An OpenMP region started on a thread that is
 * not in a team starts a team of its own, of omp_get_max_threads() threads (the cores,
 * by default). Four jobs, four teams: 4 x cores threads at once, on `cores` cores. They
 * all get the work done, but take turns on the cores, and threads that wait at a region's
 * end for their team spin on cores the others need.
 *
 * The program runs the four jobs twice in one run and times both:
 *   - oversubscribed: each job's region takes OpenMP's default team;
 *   - a team per job: each job asks for max(1, cores / jobs) threads, so that all the
 *     teams together use the cores once (on 2 cores: a team of 1, the jobs alone).
 * It counts, in each region, the most threads inside one at the same moment.
 */
#include <inttypes.h>
#include <omp.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

#define JOBS 4
#define VALUES 4000000

/* Sixteen steps of a generator per value. Read through volatile, so that no compiler
   folds the sixteen into one step (clang does, and the work then takes a few ms). */
static volatile int steps_per_value = 16;

static atomic_int running, most_running;
static int team_size; /* 0: OpenMP's default */

struct job {
    uv_work_t req;
    int id;
    uint64_t sum;
};

/* Notes one more thread inside a region, and the most at once. Then it waits, 100 ms at
   most, for the other teams' threads to come in too: a team whose share of the work is
   short (a fast compiler, a small knob) could finish before the last team has started, and
   the count would show less than what the program asks of the cores. */
static void enter(int expected)
{
    int now = atomic_fetch_add(&running, 1) + 1;
    int most = atomic_load(&most_running);
    while (now > most && !atomic_compare_exchange_weak(&most_running, &most, now))
        ;
    uint64_t until = stopwatch_now() + 100;
    while (atomic_load(&most_running) < expected && stopwatch_now() < until)
        sched_yield();
}

static void job_work(uv_work_t *req)
{
    struct job *j = req->data;
    uint64_t sum = 0;
    int threads = team_size > 0 ? team_size : omp_get_max_threads();
    int steps = steps_per_value;
#pragma omp parallel num_threads(threads) reduction(+ : sum)
    {
        enter(JOBS * omp_get_num_threads());
#pragma omp for schedule(static)
        for (int i = 0; i < VALUES; i++) {
            uint64_t x = (uint64_t)i + (uint64_t)j->id * VALUES;
            for (int r = 0; r < steps; r++)
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            sum += x >> 40;
        }
        atomic_fetch_sub(&running, 1);
    }
    j->sum = sum;
}

static void job_done(uv_work_t *req, int status)
{
    (void)req;
    if (status != 0)
        fprintf(stderr, "job: %s\n", uv_strerror(status));
}

/* Runs the four jobs at once on the pool; returns the elapsed ms and the jobs' total. */
static uint64_t run_jobs(uv_loop_t *loop, uint64_t *total)
{
    struct job jobs[JOBS];
    atomic_store(&most_running, 0);
    uint64_t t0 = stopwatch_now();
    for (int i = 0; i < JOBS; i++) {
        jobs[i] = (struct job){.id = i};
        jobs[i].req.data = &jobs[i];
        uv_queue_work(loop, &jobs[i].req, job_work, job_done);
    }
    uv_run(loop, UV_RUN_DEFAULT);
    uint64_t elapsed = stopwatch_now() - t0;
    *total = 0;
    for (int i = 0; i < JOBS; i++)
        *total += jobs[i].sum;
    return elapsed;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    int cores = omp_get_num_procs();
    printf("cores = %d, OpenMP's default team = %d, jobs = %d\n", cores, omp_get_max_threads(),
           JOBS);

    /* The knob "threads" gives each job's team that many threads in the first run
       (workbook run 16 --set threads=1); as written, 0: OpenMP's default. */
    uint64_t total_over, total_fit;
    team_size = knob("threads", 0);
    uint64_t over_ms = run_jobs(&loop, &total_over);
    int over_threads = atomic_load(&most_running);

    team_size = cores / JOBS > 1 ? cores / JOBS : 1;
    uint64_t fit_ms = run_jobs(&loop, &total_fit);
    int fit_threads = atomic_load(&most_running);

    printf("oversubscribed: %d threads at once, %" PRIu64 " ms, total %" PRIu64 "\n",
           over_threads, over_ms, total_over);
    printf("a team of %d per job: %d threads at once, %" PRIu64 " ms, total %" PRIu64 "\n",
           team_size, fit_threads, fit_ms, total_fit);
    printf("oversubscribed / fitted = %.2f\n", (double)over_ms / (double)(fit_ms ? fit_ms : 1));

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
