/*
 * Machine facts, and the few calls that differ between the systems the workbook runs
 * on (Linux, macOS, the BSDs): how many cores this process may use, and opening a
 * pseudo-terminal. Each has a portable fallback, which MACHINE_PORTABLE selects on
 * Linux too, so that the fallbacks are built and tested where CI runs.
 *
 * libuv from 1.40 up builds: uv_available_parallelism came in 1.44.
 */
#include "machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#if defined(__linux__) && !defined(MACHINE_PORTABLE)
#include <pty.h>
#include <sched.h>
#define MACHINE_AFFINITY 1
#elif defined(__APPLE__) || defined(__OpenBSD__) || defined(__NetBSD__)
#include <util.h>
#elif defined(__FreeBSD__) || defined(__DragonFly__)
#include <libutil.h>
#else
#include <pty.h>
#endif

/* The libuv the runner is built against; a test builds the older paths by lowering it. */
#ifndef MACHINE_UV_VERSION_HEX
#define MACHINE_UV_VERSION_HEX UV_VERSION_HEX
#endif
#if MACHINE_UV_VERSION_HEX < 0x012800
#error "the workbook needs libuv 1.40 or newer: install it with `make deps` (Debian: libuv1-dev)"
#endif

int machine_cores(void)
{
#ifdef MACHINE_AFFINITY
    /* The CPUs this process may run on: taskset and containers' cpusets narrow it. */
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
#endif
#if MACHINE_UV_VERSION_HEX >= 0x012c00
    unsigned int n = uv_available_parallelism();
    if (n > 0)
        return (int)n;
#endif
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

int machine_openpty(int *master, int *slave, struct winsize *ws)
{
    return openpty(master, slave, NULL, NULL, ws);
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
    m->cores = machine_cores();
    m->omp_threads = omp_default_threads(m->cores);
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) < 1)
        load[0] = 0;
    m->load = load[0];
}
