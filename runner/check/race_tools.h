/*
 * Finding the race check's tools: clang, LLVM's OpenMP runtime (libomp) and Archer.
 *
 * LLVM keeps them together: /usr/bin/clang is a link to /usr/lib/llvm-14/bin/clang, and
 * libomp.so and libarcher.so are in /usr/lib/llvm-14/lib (Debian 12: libomp-14-dev).
 * clang -print-file-name=libarcher.so does not find it there, so the folder beside clang
 * is looked at first, then the usual places. Only the file system is asked: no process
 * is started, and the caller's event loop never waits.
 *
 * WORKBOOK_CLANG names another clang (a path, or a name looked up in PATH); one that is
 * not there makes clang missing. WORKBOOK_ARCHER names another libarcher.so; empty, or a
 * file that is not there, makes Archer missing.
 */
#ifndef RACE_TOOLS_H
#define RACE_TOOLS_H

#include <stdbool.h>

typedef struct race_tools {
    char *clang;  /* clang's path, links resolved; NULL when missing */
    bool libomp;  /* LLVM's OpenMP runtime is beside it, or in a usual place */
    char *archer; /* libarcher.so's path, or NULL */
} race_tools;

/* Fills t; the strings are the caller's to free (race_tools_free). */
void race_tools_find(race_tools *t);
void race_tools_free(race_tools *t);

#endif
