/*
 * A program the runner can build and run: a lesson's variant, its Node twin, or an
 * exercise's program (the student's file or the reference solution). This is the one
 * place that knows where each one is built, what runs it and what judges it; `workbook
 * run`, the run screen and presentation mode all start their runs from a runnable.
 * Reads the file system only (a twin is found on disk): no curses, no processes.
 */
#ifndef RUNNABLE_H
#define RUNNABLE_H

#include <stdbool.h>

#include "catalog.h"
#include "runjob.h"

typedef struct runnable {
    char *name;        /* "blocked", "busy_loop.mjs (node)", "offload_hash" */
    char *source;      /* the C file (for a twin, its variant's), to show */
    char *binary;      /* the program, or node for a twin */
    char *arg;         /* node's script, or NULL */
    char *make_dir;    /* where make builds it, or NULL: nothing to build (a twin) */
    char *makefile;    /* make -f this (the lessons' makefile for an exercise), or NULL */
    char *expect_path; /* the expectations that judge it, or NULL */
} runnable;

/* A lesson's variant, built by the lesson's own Makefile. */
void runnable_variant(const catalog_lesson *l, const catalog_variant *v, runnable *out);

/* The variant's Node twin, run by node (its path; NULL when node is not installed,
   and then the twin cannot run): false, and nothing to free, when there is no twin. */
bool runnable_twin(const catalog_variant *v, const char *node, runnable *out);

/* An exercise's program: the student's file, or with solution the reference. It is
   built with the lessons' makefile into ROOT/build/exercises/ or ROOT/build/solutions/. */
void runnable_exercise(const char *root, const catalog_exercise *e, bool solution, runnable *out);

/* The runjob options that build and run r (root is the project's); the caller adds the
   rest (size, machine, an expectation file of its own). */
runjob_options runnable_job_options(const runnable *r, const char *root);

void runnable_free(runnable *r);

#endif
