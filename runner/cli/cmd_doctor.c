/*
 * `workbook doctor`: what this machine offers the lessons, and what is missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <uv.h>

#include "app.h"
#include "catalog.h"
#include "machine.h"
#include "sandbox.h"
#include "toolchain.h"
#include "util.h"
#include "uvnotes.h"
#include "verb.h"

/* A sentence under the value column, wrapped at word boundaries before 96 columns. */
static void print_wrapped(const char *text)
{
    const int indent = 17, width = 96;
    int col = 0;
    while (*text) {
        int word = (int)strcspn(text, " ");
        if (col == 0)
            col = printf("%*s%.*s", indent, "", word, text);
        else if (col + 1 + word > width) {
            printf("\n");
            col = printf("%*s%.*s", indent, "", word, text);
        } else
            col += printf(" %.*s", word, text);
        text += word;
        text += strspn(text, " ");
    }
    printf("\n");
}

static int cmd_doctor(app *a, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        verb_print_usage(&verb_doctor, stderr);
        return EXIT_USAGE;
    }
    expect_machine m;
    machine_facts(&m);
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    const char *why;
    char *common = catalog_common_dir(a->root);
    const toolchain *t = toolchain_get(common, &why);
    free(common);

    int problems = 0;
    printf("cores            %d (the CPUs this process may use)\n", m.cores);
    printf("load average     %.2f %.2f %.2f%s\n", load[0], load[1], load[2],
           load[0] > m.cores * 0.5 ? "  (busy: timings will wander; speedups will be lower)" : "");
    if (t) {
        printf("compiler         %s (CC=%s; choose another with CC=gcc or CC=clang)\n", t->name,
               t->cc);
        printf("flags            %s\n", t->cflags);
        printf("libraries        %s\n", t->libs);
    } else {
        printf("compiler         cannot build the programs: %s\n", why);
        problems++;
    }
    printf("libuv            headers %d.%d.%d, runtime %s\n", UV_VERSION_MAJOR, UV_VERSION_MINOR,
           UV_VERSION_PATCH, uv_version_string());
    /* The running libuv, not the headers': a program built here runs on the libuv the
       loader finds (LD_LIBRARY_PATH), and that is what its behaviour follows. */
    const char *kernel = NULL;
#ifdef __linux__
    struct utsname u;
    if (uname(&u) == 0)
        kernel = u.release;
#endif
    const char *notes[4];
    size_t n = uvnotes_for(uv_version(), kernel, getenv("UV_USE_IO_URING"), notes, 4);
    for (size_t i = 0; i < n; i++)
        print_wrapped(notes[i]);
    if (uv_version() >> 8 == (1 << 8 | 44))
        printf("                 (the version the lessons' timings were measured on)\n");
    if (t)
        printf("OpenMP           %s, %d threads by default%s\n", toolchain_openmp_version(t),
               m.omp_threads,
               getenv("OMP_NUM_THREADS") ? " (from OMP_NUM_THREADS)" : " (one per core)");
    /* Not a problem for a student checking their own file; `grade` refuses without it. */
    printf("sandbox          %s\n", sandbox_describe());
    if (m.cores < 2)
        printf("note             one core: the speedups of lessons 03 and 05 cannot show here\n");
    return problems ? EXIT_USAGE : EXIT_PASS;
}

const verb_entry verb_doctor = {
    .name = "doctor",
    .run = cmd_doctor,
    .usage = "doctor",
    .help = {{"doctor", "cores, compiler, libuv, OpenMP and load"}},
};
