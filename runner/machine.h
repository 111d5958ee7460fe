/*
 * Facts about this machine: what expectations may name (cores, OpenMP's default
 * threads, load) and what `workbook doctor` and `make bench` describe.
 */
#ifndef MACHINE_H
#define MACHINE_H

#include "expect.h"

/* Fills the facts expectations use. Cheap: no processes, reads /proc. */
void machine_facts(expect_machine *m);

/* The one-line description benchmarks and reports print:
   "2 cores, load 0.52, gcc 12.2.0, libuv 1.44.2, OpenMP 4.5". Spawns the compiler once
   (a blocking call: for command-line verbs, never from the TUI's loop). */
void machine_describe(char *buf, size_t len);

/* The compiler's version line, e.g. "gcc (Debian 12.2.0-14) 12.2.0", or "" when cc
   is missing. Blocking. */
void machine_compiler(char *buf, size_t len);

/* The OpenMP version the compiler supports, e.g. "4.5 (201511)", or "" when
   -fopenmp does not work. Blocking. */
void machine_openmp(char *buf, size_t len);

#endif
