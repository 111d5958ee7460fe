/*
 * Facts about this machine: what expectations may name (cores, OpenMP's default
 * threads, load), and the calls that differ between systems, each with a portable
 * fallback (see machine.c). The compiler is toolchain.h's.
 */
#ifndef MACHINE_H
#define MACHINE_H

#include <termios.h>
#include <sys/ioctl.h>

#include "expect.h"

/* Fills the facts expectations use. Cheap: no processes. */
void machine_facts(expect_machine *m);

/* The CPUs this process may run on (its affinity on Linux), at least 1. */
int machine_cores(void);

/* openpty(3), wherever the system declares it. Returns 0, or -1 with errno set. */
int machine_openpty(int *master, int *slave, struct winsize *ws);

#endif
