/*
 * The environment a checked program runs in is the checker's, not the student's shell's:
 * the variables that change what an exercise does (OpenMP's team, libuv's pool size, the
 * locale) are cleared or set for the run, so that a correct program passes whatever the
 * shell holds. A variable that matters but is kept is said in the verdict.
 */
#ifndef RUNENV_H
#define RUNENV_H

#include <stdbool.h>

/* Whether the checker clears this "NAME=value" entry from a run's environment. */
bool runenv_drops(const char *entry);

/* The assignments the checker makes for every run ("LC_ALL=C", ...), NULL-terminated. */
const char *const *runenv_sets(void);

/* OpenMP's team size in a checked run: its default, the cores, but two at least (on one
   core a team of one could show no parallel work at all). */
int runenv_omp_threads(int cores);

/*
 * Applies the checker's environment to env (a NULL-terminated array of malloc'd
 * "NAME=value" strings, as observe_env makes): drops what runenv_drops says, sets
 * runenv_sets and the OpenMP team. Returns the new array (env is consumed).
 */
char **runenv_apply(char **env, int cores);

/*
 * What the checker did with the shell's environment (environ), in words for the verdict:
 * "OMP_NUM_THREADS=1 ignored (the checker decides the team); kept UV_USE_IO_URING=0", or
 * NULL when the shell set none of the variables that matter. malloc'd.
 */
char *runenv_describe(void);

#endif
