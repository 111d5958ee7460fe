/*
 * `make bench`: the workbook's promises as measured figures.
 *
 * The driver runs each measurement (the small programs beside it, and the workbook
 * itself, headless, on a copy of the project in build/bench/tree so that the real
 * build is never cleaned), takes each figure's median, minimum and maximum over the
 * repetitions, prints a table with the machine described, and writes build/bench.json
 * and build/bench.txt. A missed target prints ✗ and still exits 0: a shared machine
 * can miss one for reasons of its own. Only a measurement that failed exits 1.
 *
 * Usage: bench WORKBOOK [REPS]   (run from the project root; REPS at least 5)
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "bench.h"
#include "machine.h"
#include "toolchain.h"

#define OUT_DIR "build/bench"
#define TREE OUT_DIR "/tree"
#define MAX_SAMPLES 64
#define MAX_SERIES 96

/* The figures, in the order of the table. */
enum cmp { AT_MOST, AT_LEAST, RECORD };
static const struct figure {
    const char *key;
    enum cmp cmp;
    double target;
    const char *unit;
} figures[] = {
    {"overlap_ratio", AT_MOST, 1.03, ""},
    {"sockets_ratio", AT_MOST, 1.05, ""},
    {"server_slowest_ping_ms", AT_MOST, 2, "ms"},
    {"server_stub_slowest_ping_ms", AT_LEAST, 100, "ms"},
    {"heartbeat_late_ms_p50", AT_MOST, 1, "ms"},
    {"heartbeat_late_ms_p95", AT_MOST, 5, "ms"},
    {"observer_cost_ms", AT_MOST, 0.2, "ms"},
    {"omp_efficiency", AT_LEAST, 0.9, ""},
    {"threads_efficiency", AT_LEAST, 0.9, ""},
    {"pipeline_overhead_ms", AT_MOST, 5, "ms"},
    {"shared_mutex_ratio", AT_LEAST, 1, ""},
    {"shared_atomic_ratio", AT_LEAST, 1, ""},
    {"runner_line_latency_ms_p95", AT_MOST, 5, "ms"},
    {"runner_loop_lag_ms_p99", AT_MOST, 5, "ms"},
    {"runner_first_frame_ms", AT_MOST, 100, "ms"},
    {"check_overhead_ms", AT_MOST, 1000, "ms"},
    {"race_check_ms", AT_MOST, 1500, "ms"},
    {"sandbox_overhead_ms", AT_MOST, 150, "ms"},
    {"grade_throughput", AT_LEAST, 0.8, ""},
    {"sweep_efficiency", AT_LEAST, 0.9, ""},
    {"knob_first_line_ms", AT_MOST, 50, "ms"},
    {"build_all_s", RECORD, 0, "s"},
    {"deadline_cut_late_ms", AT_MOST, 5, "ms"},
    {"slices_late_per_slice", AT_MOST, 1.5, ""},
    {"false_sharing_ratio", AT_LEAST, 1.5, ""},
    {"oversub_threads_per_core", AT_LEAST, 4, ""},
};
#define NFIGURES (sizeof figures / sizeof figures[0])

/* Every sample, by key: the figures and the details that explain them. */
static struct series {
    char key[48];
    double v[MAX_SAMPLES];
    int n;
} series[MAX_SERIES];
static int nseries;

/* What the machine was doing while each figure was measured. */
static struct conditions {
    double load;       /* one-minute load average when the measurement started */
    long preempted;    /* involuntary context switches of the measured processes */
    double others_pct; /* CPU that other processes used meanwhile, % of all cores */
    double steal_pct;  /* CPU time the hypervisor gave to others, % of the total */
    long major_faults; /* page faults that went to the disk */
} conds[NFIGURES];

static int reps = 5;
static const char *workbook;
static int failures;

/* Reports a measurement that failed; returns -1 for the caller to pass on. */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    failures++;
    return -1;
}

static struct series *series_of(const char *key)
{
    for (int i = 0; i < nseries; i++)
        if (strcmp(series[i].key, key) == 0)
            return &series[i];
    if (nseries == MAX_SERIES)
        return NULL;
    struct series *s = &series[nseries++];
    snprintf(s->key, sizeof s->key, "%s", key);
    return s;
}

static void add_sample(const char *key, double v)
{
    struct series *s = series_of(key);
    if (s && s->n < MAX_SAMPLES)
        s->v[s->n++] = v;
}

/* The median, minimum and maximum of a series; false when it has no samples. */
static bool summarise(const char *key, double *med, double *min, double *max)
{
    struct series *s = series_of(key);
    if (!s || s->n == 0)
        return false;
    double tmp[MAX_SAMPLES];
    memcpy(tmp, s->v, (size_t)s->n * sizeof *tmp);
    qsort(tmp, (size_t)s->n, sizeof *tmp, bench_cmp_double);
    *min = tmp[0];
    *max = tmp[s->n - 1];
    *med = s->n % 2 ? tmp[s->n / 2] : (tmp[s->n / 2 - 1] + tmp[s->n / 2]) / 2;
    return true;
}

/* Processes. */

/* Runs argv with stdin from /dev/null and stdout into out (NULL: /dev/null); stderr
   stays ours. Fills *ms with the elapsed time from just before the fork to the exit,
   and *t0 with that start (CLOCK_MONOTONIC ns). Returns the exit status, or -1. */
static int run(char *const argv[], const char *out, double *ms, uint64_t *t0)
{
    uint64_t start = bench_now_ns();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0)
            _exit(127);
        dup2(in, 0);
        dup2(o, 1);
        execvp(argv[0], argv);
        fprintf(stderr, "bench: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (ms)
        *ms = bench_ms_since(start);
    if (t0)
        *t0 = start;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Like run() through the shell, for plumbing (copies, cleaning). */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char *argv[] = {"sh", "-c", cmd, NULL};
    return run(argv, NULL, NULL, NULL);
}

/* Reads "KEY VALUE" lines into the series; returns how many it read. */
static int read_samples(const char *path, const char *prefix)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char key[64], line[256];
    double v;
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%63s %lf", key, &v) != 2)
            continue;
        char full[128];
        snprintf(full, sizeof full, "%s%s", prefix, key);
        add_sample(full, v);
        n++;
    }
    fclose(f);
    return n;
}

/* A value from a "KEY VALUE" file (the workbook's stats), or NAN-like false. */
static bool stat_value(const char *path, const char *key, double *v)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char k[64], line[256];
    double x;
    bool found = false;
    while (!found && fgets(line, sizeof line, f))
        if (sscanf(line, "%63s %lf", k, &x) == 2 && strcmp(k, key) == 0)
            *v = x, found = true;
    fclose(f);
    return found;
}

/* The conditions of a measurement: load at the start, and what the scheduler, the
   hypervisor and the pager did to our children meanwhile. */

/* The machine's CPU time so far, from /proc/stat, in clock ticks: all of it, the busy
   part (neither idle nor waiting for I/O) and the part stolen by the hypervisor. */
static void cpu_times(unsigned long long *total, unsigned long long *busy,
                      unsigned long long *steal)
{
    unsigned long long v[8] = {0};
    *total = *busy = *steal = 0;
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return;
    if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
               &v[5], &v[6], &v[7]) == 8) {
        for (int i = 0; i < 8; i++)
            *total += v[i];
        *busy = *total - v[3] - v[4] - v[7];
        *steal = v[7];
    }
    fclose(f);
}

static double cpu_seconds(const struct rusage *ru)
{
    return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
           (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

static struct {
    struct rusage ru;
    unsigned long long total, busy, steal;
} cpu_mark;

static void conditions_start(int fig)
{
    double load[1] = {0};
    getloadavg(load, 1);
    conds[fig].load = load[0];
    getrusage(RUSAGE_CHILDREN, &cpu_mark.ru);
    cpu_times(&cpu_mark.total, &cpu_mark.busy, &cpu_mark.steal);
}

/* Everything busy on the machine that was not our children was a neighbour. */
static void conditions_end(int fig)
{
    struct rusage ru;
    unsigned long long total, busy, steal;
    getrusage(RUSAGE_CHILDREN, &ru);
    cpu_times(&total, &busy, &steal);
    conds[fig].preempted = ru.ru_nivcsw - cpu_mark.ru.ru_nivcsw;
    conds[fig].major_faults = ru.ru_majflt - cpu_mark.ru.ru_majflt;
    if (total <= cpu_mark.total)
        return;
    double hz = (double)sysconf(_SC_CLK_TCK);
    double all_s = (double)(total - cpu_mark.total) / hz;
    double ours_s = cpu_seconds(&ru) - cpu_seconds(&cpu_mark.ru);
    double others_s = (double)(busy - cpu_mark.busy) / hz - ours_s;
    conds[fig].others_pct = others_s > 0 ? 100.0 * others_s / all_s : 0;
    conds[fig].steal_pct =
        100.0 * (double)(steal - cpu_mark.steal) / (double)(total - cpu_mark.total);
}

static int figure_index(const char *key)
{
    for (size_t i = 0; i < NFIGURES; i++)
        if (strcmp(figures[i].key, key) == 0)
            return (int)i;
    return 0;
}

/* The measurements. */

/* One of the programs beside this one: it prints its own samples. */
static void measure_program(const char *name, const char *first_key, const char *second_key)
{
    char bin[256], out[256], nreps[16];
    snprintf(bin, sizeof bin, OUT_DIR "/%s", name);
    snprintf(out, sizeof out, OUT_DIR "/%s.out", name);
    snprintf(nreps, sizeof nreps, "%d", reps);
    int a = figure_index(first_key), b = second_key ? figure_index(second_key) : -1;
    conditions_start(a);
    char *argv[] = {bin, nreps, NULL};
    int rc = run(argv, out, NULL, NULL);
    conditions_end(a);
    if (b >= 0)
        conds[b] = conds[a];
    if (rc != 0)
        fail("%s exited with status %d", bin, rc);
    else if (read_samples(out, "") == 0)
        fail("%s printed no samples", bin);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of a series' samples from the first-th on (what one run just added), or NAN. */
static double median_since(const char *key, int first)
{
    struct series *s = series_of(key);
    if (!s || s->n <= first)
        return NAN;
    double v[MAX_SAMPLES];
    int n = s->n - first;
    memcpy(v, s->v + first, (size_t)n * sizeof *v);
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int count_of(const char *key)
{
    struct series *s = series_of(key);
    return s ? s->n : 0;
}

/*
 * observer_cost_ms: the offloaded heartbeat's median lateness with the observer preloaded
 * (as every program the workbook runs has it) minus without. The two alternate, a few
 * heartbeat runs each, so that both see the same machine; each pair gives the difference
 * of its medians, and the figure is the median of those.
 */
/*
 * Lessons 13-16 measured by their own programs (build/lessons/...), run once per
 * repetition: each prints the numbers its lesson is about, and a parser turns its output
 * into samples. The programs are the lessons', so a figure cannot drift from what the
 * lesson shows.
 */
typedef void (*lesson_parse)(FILE *out);

static void parse_deadline(FILE *out)
{
    char line[512];
    double gaveup = -1, done = -1, deadline = 0;
    while (fgets(line, sizeof line, out)) {
        unsigned d, g, t;
        if (sscanf(line, "slow: no answer after %u ms, gave up at %u ms", &d, &g) == 2)
            deadline = d, gaveup = g;
        else if (sscanf(line, "done at %u ms", &t) == 1)
            done = t;
    }
    if (gaveup < 0 || done < 0)
        return;
    /* How long after its deadline the wait really ended: every handle closed, the
       server told. */
    add_sample("deadline_cut_late_ms", done - deadline);
    add_sample("deadline_gaveup_ms", gaveup);
    add_sample("deadline_ms", deadline);
}

static void parse_slices(FILE *out)
{
    char line[512];
    unsigned worst, slice, done, n;
    while (fgets(line, sizeof line, out)) {
        if (sscanf(line, "worst heartbeat late by %u ms, slices of %u ms", &worst, &slice) == 2 &&
            slice > 0) {
            add_sample("slices_late_per_slice", (double)worst / slice);
            add_sample("slices_worst_late_ms", worst);
            add_sample("slices_slice_ms", slice);
        } else if (sscanf(line, "work done at %u ms, slices = %u", &done, &n) == 2) {
            add_sample("slices_done_ms", done);
            add_sample("slices_count", n);
        }
    }
}

static void parse_false_sharing(FILE *out)
{
    char line[512];
    double ratio;
    unsigned cache_line, ms;
    unsigned long long total;
    while (fgets(line, sizeof line, out)) {
        if (sscanf(line, "packed / padded = %lf", &ratio) == 1)
            add_sample("false_sharing_ratio", ratio);
        else if (sscanf(line, "cache line: %u bytes", &cache_line) == 1)
            add_sample("cache_line_bytes", cache_line);
        else if (sscanf(line, "packed: %llu counted in %u ms", &total, &ms) == 2)
            add_sample("false_sharing_packed_ms", ms);
        else if (sscanf(line, "padded: %llu counted in %u ms", &total, &ms) == 2)
            add_sample("false_sharing_padded_ms", ms);
    }
}

static void parse_oversubscribed(FILE *out)
{
    char line[512];
    unsigned cores = 0, team, jobs, threads, ms, fit_team;
    double ratio;
    while (fgets(line, sizeof line, out)) {
        if (sscanf(line, "cores = %u, OpenMP's default team = %u, jobs = %u", &cores, &team,
                   &jobs) == 3)
            continue;
        if (sscanf(line, "oversubscribed: %u threads at once, %u ms", &threads, &ms) == 2 &&
            cores > 0) {
            add_sample("oversub_threads_per_core", (double)threads / cores);
            add_sample("oversubscribed_threads", threads);
        } else if (sscanf(line, "a team of %u per job: %u threads at once", &fit_team,
                          &threads) == 2) {
            add_sample("fitted_threads", threads);
        } else if (sscanf(line, "oversubscribed / fitted = %lf", &ratio) == 1) {
            add_sample("oversubscribed_time_ratio", ratio);
        }
    }
}

static void measure_lesson(const char *program, const char *key, lesson_parse parse)
{
    char bin[256];
    snprintf(bin, sizeof bin, "build/lessons/%s", program);
    const char *out = OUT_DIR "/lesson.out";
    int fig = figure_index(key);
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        char *argv[] = {bin, NULL};
        int rc = run(argv, out, NULL, NULL);
        FILE *f = fopen(out, "r");
        if (rc != 0 || !f) {
            fail("%s exited with status %d", bin, rc);
            if (f)
                fclose(f);
            break;
        }
        parse(f);
        fclose(f);
    }
    conditions_end(fig);
    if (count_of(key) == 0)
        fail("%s printed none of the lines %s is taken from", bin, key);
}

static void measure_observer_cost(void)
{
    int fig = figure_index("observer_cost_ms");
    char dir[4096], lib[4096 + 32], log[] = OUT_DIR "/observer.log";
    if (!realpath(workbook, dir)) {
        fail("cannot find %s", workbook);
        return;
    }
    *strrchr(dir, '/') = '\0';
    snprintf(lib, sizeof lib, "%s/libobserve.so", dir);
    if (access(lib, R_OK) != 0) {
        fail("the observer %s is missing: make it first", lib);
        return;
    }
    char bin[] = OUT_DIR "/heartbeat", one[] = "1";
    char *argv[] = {bin, one, NULL};
    conditions_start(fig);
    for (int r = 0; r < reps && !failures; r++) {
        int plain0 = count_of("plain_heartbeat_late_ms_p50");
        int observed0 = count_of("observed_heartbeat_late_ms_p50");
        if (run(argv, OUT_DIR "/heartbeat-plain.out", NULL, NULL) != 0 ||
            !read_samples(OUT_DIR "/heartbeat-plain.out", "plain_"))
            fail("%s did not run", bin);
        unlink(log);
        setenv("LD_PRELOAD", lib, 1);
        setenv("WORKBOOK_OBSERVE", log, 1);
        int rc = run(argv, OUT_DIR "/heartbeat-observed.out", NULL, NULL);
        unsetenv("LD_PRELOAD");
        unsetenv("WORKBOOK_OBSERVE");
        if (rc != 0 || !read_samples(OUT_DIR "/heartbeat-observed.out", "observed_"))
            fail("%s did not run with the observer", bin);
        else if (access(log, R_OK) != 0)
            fail("the observer wrote no log: it did not load");
        add_sample("observer_cost_ms", median_since("observed_heartbeat_late_ms_p50", observed0) -
                                           median_since("plain_heartbeat_late_ms_p50", plain0));
    }
    conditions_end(fig);
}

/* The slowest ping of one run of exercise 4's program, from its `pings = N, slowest = T ms`
   line; -1 when the run failed or the line is missing. */
static double server_slowest(const char *bin, const char *out)
{
    char *argv[] = {(char *)bin, NULL};
    if (run(argv, out, NULL, NULL) != 0)
        return -1;
    FILE *f = fopen(out, "r");
    if (!f)
        return -1;
    char line[256];
    int pings;
    double slowest = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "pings = %d, slowest = %lf ms", &pings, &slowest) == 2 && pings == 10)
            break;
        else
            slowest = -1;
    fclose(f);
    return slowest;
}

/* server_slowest_ping_ms and server_stub_slowest_ping_ms: exercise 4's reference
   solution and its stub, run in turn, so that both see the same machine. */
static int measure_server(void)
{
    int a = figure_index("server_slowest_ping_ms"), b = figure_index("server_stub_slowest_ping_ms");
    conditions_start(a);
    for (int r = 0; r < reps; r++) {
        double sol = server_slowest(OUT_DIR "/ex4-solution", OUT_DIR "/ex4-solution.out");
        double stub = server_slowest(OUT_DIR "/ex4-stub", OUT_DIR "/ex4-stub.out");
        if (sol < 0 || stub < 0)
            return fail("exercise 4 printed no `pings = 10, slowest = T ms` line: see " OUT_DIR
                        "/ex4-%s.out",
                        sol < 0 ? "solution" : "stub");
        add_sample("server_slowest_ping_ms", sol);
        add_sample("server_stub_slowest_ping_ms", stub);
    }
    conditions_end(a);
    conds[b] = conds[a];
    return 0;
}

/* A copy of the project's sources: the runner figures build and clean it freely. */
static void make_tree(void)
{
    if (sh("rm -rf " TREE " && mkdir -p " TREE " && cp -a Makefile runner observer lessons solutions "
           "exercises " TREE "/") != 0)
        fail("cannot copy the project into " TREE);
}

/* build_all_s: a clean build of the runner, the lessons and the solutions, -j2. */
static int measure_build_all(void)
{
    int fig = figure_index("build_all_s");
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        if (sh("rm -rf " TREE "/build") != 0)
            fail("cannot clean " TREE "/build");
        char *argv[] = {
            "make", "-s", "-C", TREE, "-j2", "-f", "Makefile", "-f", NULL, "all", "bench-solutions",
            NULL};
        char mk[4096];
        if (!getcwd(mk, sizeof mk - 32))
            return fail("getcwd: %s", strerror(errno));
        strcat(mk, "/bench/solutions.mk");
        argv[8] = mk;
        double ms;
        int rc = run(argv, OUT_DIR "/build.out", &ms, NULL);
        if (rc != 0)
            return fail("the clean build failed (status %d): see " OUT_DIR "/build.out", rc);
        add_sample("build_all_s", ms / 1000.0);
    }
    conditions_end(fig);
    return 0;
}

/* The workbook, headless, on the tree: keys in, the stats file out. */
static int workbook_headless(const char *keys, const char *stats, double *ms, uint64_t *t0)
{
    setenv("WORKBOOK_HEADLESS", "1", 1);
    setenv("WORKBOOK_ROOT", TREE, 1);
    setenv("WORKBOOK_KEYS", keys, 1);
    setenv("WORKBOOK_STATS", stats, 1);
    unlink(stats);
    char *argv[] = {(char *)workbook, NULL};
    int rc = run(argv, OUT_DIR "/workbook.out", ms, t0);
    unsetenv("WORKBOOK_HEADLESS");
    unsetenv("WORKBOOK_KEYS");
    unsetenv("WORKBOOK_STATS");
    return rc;
}

/* runner_first_frame_ms: from before the exec to the first complete screen. */
static int measure_first_frame(void)
{
    int fig = figure_index("runner_first_frame_ms");
    const char *stats = OUT_DIR "/first_frame.stats";
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        double ms, at_ns;
        uint64_t t0;
        if (workbook_headless("q", stats, &ms, &t0) != 0)
            return fail("the workbook failed to start headless (see " OUT_DIR "/workbook.out)");
        if (!stat_value(stats, "first_frame_at_ns", &at_ns) || at_ns <= 0)
            return fail("the workbook wrote no first_frame_at_ns to %s", stats);
        add_sample("runner_first_frame_ms", (at_ns - (double)t0) / 1e6);
        add_sample("runner_process_ms", ms);
    }
    conditions_end(fig);
    return 0;
}

/* runner_line_latency_ms_p95: a bench lesson whose lines carry their own stamps. */
static int measure_line_latency(void)
{
    int fig = figure_index("runner_line_latency_ms_p95");
    const char *stats = OUT_DIR "/line.stats";
    if (sh("mkdir -p " TREE "/lessons/00-stamp && cp bench/stamp.c " TREE
           "/lessons/00-stamp/ && echo 'include ../common/lesson.mk' > " TREE
           "/lessons/00-stamp/Makefile && echo '# Line stamps (make bench)' > " TREE
           "/lessons/00-stamp/lesson.md && make -s -C " TREE "/lessons/00-stamp") != 0)
        return fail("cannot build the line-stamp lesson in " TREE);
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        /* The digit selects lesson 00, this one; r runs it. */
        if (workbook_headless("0r<wait>q", stats, NULL, NULL) != 0)
            return fail("the workbook failed running the stamp lesson");
        double p95, n;
        if (!stat_value(stats, "line_samples", &n) || n < 30 ||
            !stat_value(stats, "line_to_screen_p95_ms", &p95))
            return fail("too few line samples in %s", stats);
        add_sample("runner_line_latency_ms_p95", p95);
        add_sample("runner_line_samples", n);
    }
    conditions_end(fig);
    sh("rm -rf " TREE "/lessons/00-stamp");
    return 0;
}

/* runner_loop_lag_ms_p99: the workbook builds every lesson from clean and runs it. */
static int measure_loop_lag(void)
{
    int fig = figure_index("runner_loop_lag_ms_p99");
    const char *stats = OUT_DIR "/lag.stats";
    /* A digit selects lessons 01-09 (08 is the quiz, nothing to run); 10 is the row below 09. */
    const char *keys = "1r<wait><esc>2r<wait><esc>3r<wait><esc>4r<wait><esc>"
                       "5r<wait><esc>6r<wait><esc>7r<wait><esc>9r<wait><esc>9jr<wait><esc>q";
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        if (sh("rm -rf " TREE "/build/lessons") != 0)
            return fail("cannot clean " TREE "/build/lessons");
        double ms;
        if (workbook_headless(keys, stats, &ms, NULL) != 0)
            return fail("the workbook failed building and running the lessons");
        double p99, max, n;
        if (!stat_value(stats, "lag_samples", &n) || n < 20 ||
            !stat_value(stats, "lag_p99_ms", &p99) || !stat_value(stats, "lag_max_ms", &max))
            return fail("too few loop-lag samples in %s", stats);
        add_sample("runner_loop_lag_ms_p99", p99);
        add_sample("runner_loop_lag_max_ms", max);
        add_sample("runner_lag_samples", n);
        add_sample("runner_lessons_s", ms / 1000.0);
    }
    conditions_end(fig);
    return 0;
}

/*
 * check_overhead_ms: `workbook check 1` on the solution, without the race check (its
 * clang is made missing), minus the program's own run. race_check_ms: the same check with
 * the race check minus without it, in the same repetition. sandbox_overhead_ms: the check
 * without the race check, minus the same check with the sandbox turned off.
 */
static int measure_check(void)
{
    int fig = figure_index("check_overhead_ms");
    const char *program = TREE "/build/solutions/1-collatz/collatz";
    if (access(program, X_OK) != 0)
        return fail("%s is missing (the clean build makes it)", program);
    setenv("WORKBOOK_ROOT", TREE, 1);
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        char *check[] = {(char *)workbook, "check", "1", TREE "/solutions/1-collatz/collatz.c",
                         NULL};
        char *alone[] = {(char *)program, NULL};
        double check_ms, race_ms, alone_ms;
        double nobox_ms;
        setenv("WORKBOOK_CLANG", "/nonexistent/clang", 1);
        int rc = run(check, OUT_DIR "/check.out", &check_ms, NULL);
        setenv("WORKBOOK_NO_SANDBOX", "1", 1);
        if (rc == 0)
            rc = run(check, OUT_DIR "/check-nobox.out", &nobox_ms, NULL);
        unsetenv("WORKBOOK_NO_SANDBOX");
        unsetenv("WORKBOOK_CLANG");
        if (rc != 0)
            return fail("workbook check 1 on the solution failed (status %d): see " OUT_DIR
                        "/check.out",
                        rc);
        rc = run(check, OUT_DIR "/check-race.out", &race_ms, NULL);
        if (rc != 0 || sh("grep -q 'no data race (ThreadSanitizer) *none seen' " OUT_DIR
                          "/check-race.out") != 0)
            return fail("workbook check 1 on the solution failed its race check, or did not run "
                        "it (status %d): see " OUT_DIR "/check-race.out",
                        rc);
        if (run(alone, NULL, &alone_ms, NULL) != 0)
            return fail("%s failed", program);
        add_sample("check_ms", check_ms);
        add_sample("check_race_ms", race_ms);
        add_sample("check_program_ms", alone_ms);
        add_sample("check_overhead_ms", check_ms - alone_ms);
        add_sample("race_check_ms", race_ms - check_ms);
        add_sample("check_nobox_ms", nobox_ms);
        add_sample("sandbox_overhead_ms", check_ms - nobox_ms);
    }
    conditions_end(fig);
    conds[figure_index("race_check_ms")] = conds[fig];
    conds[figure_index("sandbox_overhead_ms")] = conds[fig];
    unsetenv("WORKBOOK_ROOT");
    return 0;
}

/* Grading a class: a folder of GRADE_FILES copies of exercise 2's solution, graded with
   -j cores, against one check of the same file. Exercise 2 mostly waits, so a check's
   cost is its compile and its own run, and cores checks at once should take little more
   than one: throughput = (files / grade time) / (cores / one check's time). */
#define GRADE_FILES 50
#define GRADE_RUNS 3

static int measure_grade(void)
{
    int fig = figure_index("grade_throughput");
    const char *solution = TREE "/solutions/2-offload-hash/offload_hash.c";
    const char *class = OUT_DIR "/class";
    int cores = bench_cores();
    if (sh("rm -rf %s && mkdir -p %s && for i in $(seq -w 1 %d); do cp %s %s/student$i.c; "
           "done",
           class, class, GRADE_FILES, solution, class) != 0)
        return fail("cannot make the class folder %s", class);
    setenv("WORKBOOK_ROOT", TREE, 1);
    conditions_start(fig);
    char jobs[16];
    snprintf(jobs, sizeof jobs, "%d", cores);
    for (int r = 0; r < reps; r++) {
        char *one[] = {(char *)workbook, "check", "2", (char *)solution, NULL};
        double ms;
        if (run(one, OUT_DIR "/grade-one.out", &ms, NULL) == 2)
            return fail("workbook check 2 could not check: see " OUT_DIR "/grade-one.out");
        add_sample("grade_one_ms", ms);
    }
    double one_ms, lo, hi;
    summarise("grade_one_ms", &one_ms, &lo, &hi);
    for (int r = 0; r < GRADE_RUNS; r++) {
        char *all[] = {
            (char *)workbook, "grade", (char *)class, "--exercise", "2", "-j", jobs, NULL};
        double ms;
        /* 1 is a file that failed its timing on a busy machine: still a full check. */
        if (run(all, OUT_DIR "/grade.out", &ms, NULL) == 2)
            return fail("workbook grade could not grade: see " OUT_DIR "/grade.out");
        add_sample("grade_all_ms", ms);
        add_sample("grade_throughput", GRADE_FILES * one_ms / (cores * ms));
    }
    conditions_end(fig);
    unsetenv("WORKBOOK_ROOT");
    return 0;
}

/* Reporting. */

/* The median and the maximum of a detail series; false when it has no samples. */
static bool detail(const char *key, double *med, double *max)
{
    double min;
    return summarise(key, med, &min, max);
}

/* What explains a figure: the samples it was computed from (medians, unless "worst"). */
static void detail_of(const char *key, char *buf, size_t len)
{
    double x, y, z, xm, ym, zm;
    buf[0] = '\0';
    if (!strcmp(key, "overlap_ratio") && detail("overlap_three_ms", &x, &xm) &&
        detail("overlap_one_ms", &y, &ym))
        snprintf(buf, len, "3 waits %.1f ms / 1 wait %.1f ms", x, y);
    else if (!strcmp(key, "sockets_ratio") && detail("sockets_three_ms", &x, &xm) &&
             detail("sockets_one_ms", &y, &ym))
        snprintf(buf, len, "3 requests %.1f ms / 1 request %.1f ms, over TCP", x, y);
    else if (!strcmp(key, "server_slowest_ping_ms"))
        snprintf(buf, len, "10 pings while 4 hashes of 100 ms run on the pool");
    else if (!strcmp(key, "server_stub_slowest_ping_ms"))
        snprintf(buf, len, "the same, the stub hashing on the loop thread");
    else if (!strcmp(key, "heartbeat_late_ms_p50"))
        snprintf(buf, len, "30 ticks a run, 50 ms apart, pool busy");
    else if (!strcmp(key, "heartbeat_late_ms_p95") && detail("heartbeat_late_ms_max", &x, &xm))
        snprintf(buf, len, "worst tick of all runs %.1f ms", xm);
    else if (!strcmp(key, "observer_cost_ms") && detail("observed_heartbeat_late_ms_p50", &x, &xm) &&
             detail("plain_heartbeat_late_ms_p50", &y, &ym))
        snprintf(buf, len, "heartbeat late %.3f ms observed, %.3f ms not", x, y);
    else if (!strcmp(key, "omp_efficiency") && detail("omp_seq_ms", &x, &xm) &&
             detail("omp_par_ms", &y, &ym))
        snprintf(buf, len, "seq %.0f ms / par %.0f ms; par had %.2f cores", x, y,
                 detail("omp_par_cores", &z, &zm) ? z : 0);
    else if (!strcmp(key, "threads_efficiency") && detail("threads_seq_ms", &x, &xm) &&
             detail("threads_par_ms", &y, &ym))
        snprintf(buf, len, "seq %.0f ms / 4 threads %.0f ms; they had %.2f cores", x, y,
                 detail("threads_par_cores", &z, &zm) ? z : 0);
    else if (!strcmp(key, "pipeline_overhead_ms") && detail("pipeline_elapsed_ms", &x, &xm) &&
             detail("pipeline_processing_ms", &y, &ym))
        snprintf(buf, len, "elapsed %.1f ms, slowest processing %.1f ms", x, y);
    else if (!strncmp(key, "shared_", 7) && detail("shared_mutex_ns", &x, &xm) &&
             detail("shared_atomic_ns", &y, &ym) && detail("shared_partial_ns", &z, &zm))
        snprintf(buf, len, "per update: mutex %.2f ns, atomic %.2f ns, partial sums %.2f ns", x, y,
                 z);
    else if (!strcmp(key, "runner_line_latency_ms_p95") && detail("runner_line_samples", &x, &xm))
        snprintf(buf, len, "%.0f stamped lines a run", x);
    else if (!strcmp(key, "runner_loop_lag_ms_p99") && detail("runner_loop_lag_max_ms", &x, &xm) &&
             detail("runner_lag_samples", &y, &ym) && detail("runner_lessons_s", &z, &zm))
        snprintf(buf, len, "%.0f probes in %.1f s; worst %.1f ms", y, z, xm);
    else if (!strcmp(key, "runner_first_frame_ms") && detail("runner_process_ms", &x, &xm))
        snprintf(buf, len, "start to exit with q: %.1f ms", x);
    else if (!strcmp(key, "check_overhead_ms") && detail("check_ms", &x, &xm) &&
             detail("check_program_ms", &y, &ym))
        snprintf(buf, len, "check %.0f ms - program %.0f ms", x, y);
    else if (!strcmp(key, "race_check_ms") && detail("check_race_ms", &x, &xm) &&
             detail("check_ms", &y, &ym))
        snprintf(buf, len, "check %.0f ms with it - %.0f ms without", x, y);
    else if (!strcmp(key, "deadline_cut_late_ms") && detail("deadline_gaveup_ms", &x, &xm) &&
             detail("deadline_ms", &y, &ym))
        snprintf(buf, len, "lesson 13: given up at %.0f ms by a %.0f ms deadline, all closed after", x,
                 y);
    else if (!strcmp(key, "slices_late_per_slice") && detail("slices_worst_late_ms", &x, &xm) &&
             detail("slices_slice_ms", &y, &ym) && detail("slices_count", &z, &zm))
        snprintf(buf, len, "lesson 14: worst beat %.0f ms late with %.0f ms slices (%.0f slices)", x,
                 y, z);
    else if (!strcmp(key, "false_sharing_ratio") && detail("false_sharing_packed_ms", &x, &xm) &&
             detail("false_sharing_padded_ms", &y, &ym) && detail("cache_line_bytes", &z, &zm))
        snprintf(buf, len, "lesson 16: packed %.0f ms / padded %.0f ms; cache line %.0f bytes", x, y,
                 z);
    else if (!strcmp(key, "oversub_threads_per_core") &&
             detail("oversubscribed_threads", &x, &xm) && detail("fitted_threads", &y, &ym) &&
             detail("oversubscribed_time_ratio", &z, &zm))
        snprintf(buf, len, "lesson 16: %.0f threads at once (fitted %.0f); time over/fitted %.2f", x,
                 y, z);
    else if (!strcmp(key, "sandbox_overhead_ms") && detail("check_ms", &x, &xm) &&
             detail("check_nobox_ms", &y, &ym))
        snprintf(buf, len, "check %.0f ms sandboxed - %.0f ms not", x, y);
    else if (!strcmp(key, "grade_throughput") && detail("grade_all_ms", &x, &xm) &&
             detail("grade_one_ms", &y, &ym))
        snprintf(buf, len, "%d files in %.1f s with -j %d; one check %.0f ms", GRADE_FILES,
                 x / 1000, bench_cores(), y);
    else if (!strcmp(key, "sweep_efficiency") && detail("sweep_s", &x, &xm)) {
        size_t n = (size_t)snprintf(buf, len, "speedup");
        for (int t = 1; t <= bench_cores() && t <= 8 && n < len; t++) {
            char k[48];
            snprintf(k, sizeof k, "sweep_speedup_%d", t);
            if (detail(k, &y, &ym))
                n += (size_t)snprintf(buf + n, len - n, "%s %.2f", t > 1 ? "," : "", y);
        }
        if (n < len)
            snprintf(buf + n, len - n, " on 1..%d threads; a sweep %.1f s", bench_cores(), x);
    } else if (!strcmp(key, "knob_first_line_ms") && detail("knob_workbook_first_ms", &x, &xm) &&
               detail("knob_program_first_ms", &y, &ym))
        snprintf(buf, len, "Enter to the first line %.1f ms, the program's own %.1f ms", x, y);
}

/*
 * sweep_efficiency: `workbook sweep 03 threads=1..cores`, lesson 03's eight heavy calls on
 * 1 to cores OpenMP threads, each run's measured speedup over the one its expectations
 * give (8 / ceil(8 / threads): the ideal for eight equal calls). The figure is the worst
 * of the runs, so that every point of the curve is within 10% of its ideal.
 */
static void measure_sweep(void)
{
    int cores = bench_cores(), fig = figure_index("sweep_efficiency");
    char range[32];
    snprintf(range, sizeof range, "threads=1..%d", cores > 64 ? 64 : cores);
    char *argv[] = {(char *)workbook, "--no-color", "sweep", "03", range, "--format", "csv", NULL};
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        double ms;
        int rc = run(argv, OUT_DIR "/sweep.csv", &ms, NULL);
        FILE *f = fopen(OUT_DIR "/sweep.csv", "r");
        char line[256];
        double worst = INFINITY;
        int rows = 0;
        while (f && fgets(line, sizeof line, f)) {
            double threads, measured, expected;
            if (sscanf(line, "%lf,%lf,%lf", &threads, &measured, &expected) != 3 || expected <= 0)
                continue;
            if (measured / expected < worst)
                worst = measured / expected;
            char key[48];
            snprintf(key, sizeof key, "sweep_speedup_%d", (int)threads);
            add_sample(key, measured);
            rows++;
        }
        if (f)
            fclose(f);
        /* Exit 1 is a timing expectation missed under load: the figure says how much. */
        if ((rc != 0 && rc != 1) || rows == 0) {
            fail("workbook sweep 03 %s failed (exit %d)", range, rc);
            break;
        }
        add_sample("sweep_efficiency", worst);
        add_sample("sweep_s", ms / 1000);
    }
    conditions_end(fig);
}

/*
 * knob_first_line_ms: on lesson 02's run screen, headless, K opens the knobs, → makes four
 * waits of three and Enter runs again; the figure is the time from that Enter to the first
 * new output line, less the time the program itself took to print it (its own start and
 * its 100 ms wait). What is left is the workbook's part: the program unchanged is not
 * rebuilt, the expectations are read with the knob applied, the observer is preloaded.
 */
static void measure_knob_line(void)
{
    int fig = figure_index("knob_first_line_ms");
    const char *stats = OUT_DIR "/knob.stats";
    conditions_start(fig);
    for (int r = 0; r < reps; r++) {
        double total, own;
        if (workbook_headless("2r<wait>K<right><enter><wait>q", stats, NULL, NULL) != 0 ||
            !stat_value(stats, "knob_first_line_ms", &total) ||
            !stat_value(stats, "knob_program_first_ms", &own)) {
            fail("the workbook wrote no knob_first_line_ms to %s", stats);
            break;
        }
        add_sample("knob_workbook_first_ms", total);
        add_sample("knob_program_first_ms", own);
        add_sample("knob_first_line_ms", total - own);
    }
    conditions_end(fig);
}

static const char *target_text(const struct figure *f, char *buf, size_t len)
{
    if (f->cmp == RECORD)
        snprintf(buf, len, "(record)");
    else
        snprintf(buf, len, "%s %g%s%s", f->cmp == AT_MOST ? "<=" : ">=", f->target,
                 *f->unit ? " " : "", f->unit);
    return buf;
}

static bool target_met(const struct figure *f, double med)
{
    return f->cmp == AT_MOST ? med <= f->target : f->cmp == AT_LEAST ? med >= f->target : true;
}

/* The table, to stdout and to build/bench.txt. */
static void print_table(FILE *out, const char *machine, double load_end, double total_s)
{
    fprintf(out, "machine: %s\n", machine);
    fprintf(out, "load average at the end: %.2f; %d repetitions a figure; %.0f s in all\n\n",
            load_end, reps, total_s);
    fprintf(out, "%-27s %9s %9s %9s  %-10s %s %5s %6s %7s  %s\n", "figure", "median", "min", "max",
            "target", " ", "load", "others", "preempt", "detail");
    for (size_t i = 0; i < NFIGURES; i++) {
        const struct figure *f = &figures[i];
        double med, min, max;
        char target[32], detail[128];
        target_text(f, target, sizeof target);
        if (!summarise(f->key, &med, &min, &max)) {
            fprintf(out, "%-27s %9s %9s %9s  %-10s ?\n", f->key, "-", "-", "-", target);
            continue;
        }
        detail_of(f->key, detail, sizeof detail);
        /* The marks are one column wide but three bytes: no printf width for them. */
        const char *mark = f->cmp == RECORD ? " " : target_met(f, med) ? "✓" : "✗";
        fprintf(out, "%-27s %9.3f %9.3f %9.3f  %-10s %s %5.2f %5.0f%% %7ld  %s\n", f->key, med, min,
                max, target, mark, conds[i].load, conds[i].others_pct, conds[i].preempted, detail);
    }
    fprintf(out, "\nload: the one-minute load average when the figure's measurement began; "
                 "others: CPU used by other processes meanwhile, %% of all cores; preempt: "
                 "involuntary context switches of the measured processes.\n");
    double steal = 0;
    long faults = 0;
    for (size_t i = 0; i < NFIGURES; i++) {
        steal = conds[i].steal_pct > steal ? conds[i].steal_pct : steal;
        faults += conds[i].major_faults;
    }
    fprintf(out,
            "steal time (CPU the hypervisor gave elsewhere): at most %.1f%%; major page "
            "faults: %ld\n",
            steal, faults);
}

/* A JSON string: the machine's text has no control characters, quotes are escaped. */
static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if ((unsigned char)*s >= 0x20)
            fputc(*s, f);
    }
    fputc('"', f);
}

/* build/bench.json: exactly the figures' keys, each {median, min, max, target, ok}. */
static int write_json(const char *path)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "{\n");
    for (size_t i = 0; i < NFIGURES; i++) {
        const struct figure *fig = &figures[i];
        double med = 0, min = 0, max = 0;
        bool have = summarise(fig->key, &med, &min, &max);
        char target[32];
        fprintf(f, "  ");
        json_string(f, fig->key);
        if (have)
            fprintf(f, ": {\"median\": %.4f, \"min\": %.4f, \"max\": %.4f, \"target\": ", med, min,
                    max);
        else
            fprintf(f, ": {\"median\": null, \"min\": null, \"max\": null, \"target\": ");
        if (fig->cmp == RECORD)
            fprintf(f, "null");
        else
            json_string(f, target_text(fig, target, sizeof target));
        fprintf(f, ", \"ok\": %s}%s\n",
                !have || fig->cmp == RECORD ? "null"
                : target_met(fig, med)      ? "true"
                                            : "false",
                i + 1 < NFIGURES ? "," : "");
    }
    fprintf(f, "}\n");
    if (fclose(f) != 0)
        return -1;
    return rename(tmp, path);
}

/* "2 cores, load 0.52, gcc 12.2.0 (CC=cc) -O2 ..., libuv 1.44.2, OpenMP 201511". */
static void describe_machine(char *buf, size_t len)
{
    expect_machine m;
    machine_facts(&m);
    const char *err;
    const toolchain *t = toolchain_get(NULL, &err);
    char *cc = t ? toolchain_describe(t) : NULL;
    snprintf(buf, len, "%d cores, load %.2f, %s, libuv %s, OpenMP %s", m.cores, m.load,
             cc ? cc : err, uv_version_string(), t ? t->openmp : "unavailable");
    free(cc);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench WORKBOOK [REPS]  (from the project root)\n");
        return 2;
    }
    workbook = argv[1];
    reps = bench_reps(argc - 1, argv + 1);
    if (access(workbook, X_OK) != 0 || access("lessons/common/lesson.mk", R_OK) != 0) {
        fprintf(stderr, "bench: run from the project root with the workbook built\n");
        return 2;
    }
    /* The runner's children and OpenMP follow the machine's defaults, not ours. */
    unsetenv("OMP_NUM_THREADS");
    unsetenv("WORKBOOK_DUMP");
    uint64_t start = bench_now_ns();
    char machine[512];
    describe_machine(machine, sizeof machine);
    printf("make bench: %d repetitions a figure, on %s\n", reps, machine);

    printf("  waits overlapping, offloaded heartbeat, pipeline...\n");
    measure_program("overlap", "overlap_ratio", NULL);
    measure_program("sockets", "sockets_ratio", NULL);
    printf("  exercise 4: the slowest ping, solution and stub...\n");
    measure_server();
    measure_program("heartbeat", "heartbeat_late_ms_p50", "heartbeat_late_ms_p95");
    measure_observer_cost();
    measure_program("pipeline", "pipeline_overhead_ms", NULL);
    printf("  OpenMP and pthreads against sequential code...\n");
    measure_program("omp", "omp_efficiency", NULL);
    measure_program("threads", "threads_efficiency", NULL);
    printf("  lesson 11: a shared counter with a mutex, an atomic, partial sums...\n");
    measure_program("shared", "shared_mutex_ratio", "shared_atomic_ratio");
    printf("  lessons 13-16: a deadline, slices, false sharing, oversubscription...\n");
    measure_lesson("13-deadlines/deadline", "deadline_cut_late_ms", parse_deadline);
    measure_lesson("14-slices/sliced", "slices_late_per_slice", parse_slices);
    measure_lesson("16-cores-are-shared/false_sharing", "false_sharing_ratio",
                   parse_false_sharing);
    measure_lesson("16-cores-are-shared/oversubscribed", "oversub_threads_per_core",
                   parse_oversubscribed);
    printf("  clean builds in " TREE "...\n");
    make_tree();
    measure_build_all();
    printf("  the workbook, headless: first frame, line latency, loop lag...\n");
    measure_first_frame();
    measure_line_latency();
    measure_loop_lag();
    printf("  workbook check 1...\n");
    measure_check();
    printf("  workbook grade of %d files, -j %d...\n", GRADE_FILES, bench_cores());
    measure_grade();
    printf("  knobs: a sweep of lesson 03 over its threads, a knob to the first line...\n");
    measure_sweep();
    measure_knob_line();

    double load[1] = {0};
    getloadavg(load, 1);
    double total_s = bench_ms_since(start) / 1000.0;
    printf("\n");
    print_table(stdout, machine, load[0], total_s);
    FILE *txt = fopen("build/bench.txt", "w");
    if (txt) {
        print_table(txt, machine, load[0], total_s);
        fclose(txt);
    }
    if (write_json("build/bench.json") != 0)
        fail("cannot write build/bench.json: %s", strerror(errno));
    else
        printf("\nwrote build/bench.json and build/bench.txt. A missed target (✗) does not "
               "fail make bench; a failed measurement does.\n");
    return failures ? 1 : 0;
}
