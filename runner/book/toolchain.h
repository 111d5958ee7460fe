/*
 * The compiler the programs are built with, and its flags: one choice for the checker
 * (check_build.c starts its command with cc, cflags and libs), `workbook doctor` and each
 * verdict, the same as lesson.mk's. The choice is $CC (else cc); `make CC=clang` exports
 * it to the workbook. Both ask lessons/common/toolchain.sh, which owns the flags (gcc's
 * -fopenmp, Apple clang's libomp, libuv's pkg-config flags) and refuses a compiler that
 * cannot build them.
 */
#ifndef TOOLCHAIN_H
#define TOOLCHAIN_H

typedef struct toolchain {
    char *cc;     /* as chosen: "clang", "gcc", "ccache gcc" */
    char *kind;   /* gcc, clang or apple-clang: what the compiler says it is */
    char *name;   /* "clang 14.0.6" */
    char *openmp; /* the _OPENMP date it supports, "201811" */
    char *libuv;  /* the libuv headers' version, "1.44" */
    char *cflags; /* one line of words */
    char *libs;
} toolchain;

/*
 * Asks common_dir/toolchain.sh (common_dir is the lessons' lessons/common; NULL: the
 * workbook's own, catalog_find_root) once per process and keeps the answer: a blocking
 * call of some 50 to 200 ms, for verbs; the screen asks it on libuv's pool at start.
 * Thread-safe: a second caller waits for the first one's answer. Returns NULL
 * when the compiler cannot build the programs, with *err (when not NULL) set to what is
 * wrong and the command that fixes it.
 */
const toolchain *toolchain_get(const char *common_dir, const char **err);

/* The toolchain already asked for, or NULL. Never blocks. */
const toolchain *toolchain_cached(void);

/* "clang 14.0.6 (CC=clang) -O2 -g -Wall ...", the flags without their folders, for the
   verdicts (malloc'd). */
char *toolchain_describe(const toolchain *t);

/* The OpenMP version the compiler supports, "4.5 (201511)". */
const char *toolchain_openmp_version(const toolchain *t);

/* Parses the script's key=value answer into t (its strings malloc'd). Returns 0, or -1
   when a key is missing (then t holds nothing to release). */
int toolchain_parse(const char *text, toolchain *t);
void toolchain_release(toolchain *t);

#endif
