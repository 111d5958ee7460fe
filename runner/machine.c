/*
 * Machine facts.
 */
#include "machine.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

static int online_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
    unsigned int n = uv_available_parallelism();
    return n ? (int)n : 1;
}

/* OpenMP's default team size: OMP_NUM_THREADS when set (its first number), else
   one thread per core this process may use, which is what libgomp does. */
static int omp_default_threads(int cores)
{
    const char *env = getenv("OMP_NUM_THREADS");
    if (env && *env) {
        int n = atoi(env);
        if (n > 0)
            return n;
    }
    return cores;
}

void machine_facts(expect_machine *m)
{
    m->cores = online_cores();
    m->omp_threads = omp_default_threads(m->cores);
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 1)
        load[0] = 0;
    m->load = load[0];
}

/* The first line a shell command prints, or "" when it fails. */
static void first_line_of(const char *cmd, char *buf, size_t len)
{
    buf[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    if (!fgets(buf, (int)len, p))
        buf[0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    pclose(p);
}

void machine_compiler(char *buf, size_t len)
{
    first_line_of("${CC:-cc} --version 2>/dev/null", buf, len);
}

void machine_openmp(char *buf, size_t len)
{
    char line[128];
    first_line_of("echo | ${CC:-cc} -fopenmp -dM -E - 2>/dev/null | grep ' _OPENMP '", line,
                  sizeof line);
    const char *v = strrchr(line, ' ');
    if (!v) {
        buf[0] = '\0';
        return;
    }
    long date = strtol(v + 1, NULL, 10);
    /* The spec's release dates, as _OPENMP reports them. */
    static const struct {
        long date;
        const char *version;
    } versions[] = {{202111, "5.2"}, {202011, "5.1"}, {201811, "5.0"}, {201511, "4.5"},
                    {201307, "4.0"}, {201107, "3.1"}, {200805, "3.0"}};
    const char *name = "?";
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        if (date >= versions[i].date) {
            name = versions[i].version;
            break;
        }
    }
    snprintf(buf, len, "%s (%ld)", name, date);
}

void machine_describe(char *buf, size_t len)
{
    expect_machine m;
    machine_facts(&m);
    char cc[160], omp[64];
    machine_compiler(cc, sizeof cc);
    machine_openmp(omp, sizeof omp);
    snprintf(buf, len, "%d cores, load %.2f, %s, libuv %s, OpenMP %s", m.cores, m.load,
             *cc ? cc : "no compiler", uv_version_string(), *omp ? omp : "unavailable");
}
