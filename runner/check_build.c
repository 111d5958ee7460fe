/*
 * The steps before the program runs: compiling the file, and judging the objectives
 * from the symbols nm finds in what was built.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_internal.h"
#include "util.h"

static const char *libuv_flags(void)
{
    static char flags[512];
    if (flags[0])
        return flags;
    FILE *p = popen("pkg-config --cflags --libs libuv 2>/dev/null", "r");
    if (p) {
        if (!fgets(flags, sizeof flags, p))
            flags[0] = '\0';
        pclose(p);
    }
    flags[strcspn(flags, "\n")] = '\0';
    if (!flags[0])
        snprintf(flags, sizeof flags, "-luv");
    return flags;
}

void check_strip_color(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\033' && r[1] == '[') {
            r += 2;
            while (*r && !(*r >= 0x40 && *r <= 0x7e))
                r++;
            if (*r)
                r++;
        } else if (r[0] == '\033' && r[1] == ']') {
            r += 2;
            while (*r && *r != '\a' && !(r[0] == '\033' && r[1] == '\\'))
                r++;
            if (*r == '\a')
                r++;
            else if (*r)
                r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

const char *check_objective_label(const char *name)
{
    if (strcmp(name, "openmp") == 0)
        return "uses OpenMP (calls the OpenMP runtime)";
    if (strcmp(name, "offload") == 0)
        return "offloads work (calls uv_queue_work)";
    if (strcmp(name, "pthreads") == 0)
        return "starts threads (calls pthread_create)";
    return name;
}

const char *check__objective_hint(const char *name)
{
    if (strcmp(name, "openmp") == 0)
        return "the program never calls the OpenMP runtime: the loop runs on one thread. Put "
               "`#pragma omp parallel for` (with the reduction it needs) right above the loop, "
               "not in a comment";
    if (strcmp(name, "offload") == 0)
        return "nothing calls uv_queue_work, so the work runs on the loop thread; hand it to "
               "the thread pool with uv_queue_work";
    if (strcmp(name, "pthreads") == 0)
        return "nothing calls pthread_create: the work runs on the main thread only";
    return "this objective is unknown to this workbook";
}

/* "GOMP_parallel@GOMP_4.0" → whether it starts with prefix. */
static bool symbol_is(const char *line, const char *prefix, bool whole)
{
    const char *sym = strrchr(line, ' ');
    sym = sym ? sym + 1 : line;
    size_t n = strlen(prefix);
    if (strncmp(sym, prefix, n) != 0)
        return false;
    return !whole || sym[n] == '\0' || sym[n] == '@';
}

int check_objective_met(const char *name, const char *const *nm_lines, size_t n)
{
    int kind = strcmp(name, "openmp") == 0     ? 0
               : strcmp(name, "offload") == 0  ? 1
               : strcmp(name, "pthreads") == 0 ? 2
                                               : -1;
    if (kind < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *l = nm_lines[i];
        if (kind == 0 && (symbol_is(l, "GOMP_", false) || symbol_is(l, "omp_", false)))
            return 1;
        if (kind == 1 && symbol_is(l, "uv_queue_work", true))
            return 1;
        if (kind == 2 && symbol_is(l, "pthread_create", true))
            return 1;
    }
    return 0;
}

int check__start_compile(check *c)
{
    /* cc -O2 -Wall -fopenmp -pthread FILE $(pkg-config --cflags --libs libuv) */
    const char *argv[64];
    int n = 0;
    argv[n++] = "cc";
    argv[n++] = "-O2";
    argv[n++] = "-Wall";
    argv[n++] = "-fopenmp";
    argv[n++] = "-pthread";
    argv[n++] = "-fdiagnostics-color=never";
    char *inc = c->include_dir ? xasprintf("-I%s", c->include_dir) : NULL;
    if (inc)
        argv[n++] = inc;
    argv[n++] = "-o";
    argv[n++] = c->binary;
    /* The compiler runs in our folder and names the file the way the student does. */
    argv[n++] = c->display;
    char *flags = xstrdup(libuv_flags());
    for (char *f = strtok(flags, " "); f && n < 60; f = strtok(NULL, " "))
        argv[n++] = f;
    argv[n++] = "-lm";
    argv[n] = NULL;
    c->step = STEP_COMPILE;
    int r = check__spawn(c, argv, NULL, CHECK_COMPILE_TIMEOUT, false);
    free(flags);
    free(inc);
    return r;
}

static void start_nm(check *c)
{
    c->step = STEP_NM;
    const char *argv[] = {"nm", "-u", c->binary, NULL};
    int r = check__spawn(c, argv, NULL, 30, false);
    if (r < 0) {
        char *msg =
            xasprintf("cannot run nm (binutils) to judge the objectives: %s", uv_strerror(r));
        check__finish(c, msg);
        free(msg);
    }
}

void check__after_compile(check *c, const child_status *st)
{
    if (st->spawn_failed) {
        char *msg = xasprintf("cannot run the C compiler (cc): %s; install gcc (make deps)",
                              uv_strerror(st->spawn_error));
        check__finish(c, msg);
        free(msg);
        return;
    }
    c->compiled = check__status_ok(st) && access(c->binary, X_OK) == 0;
    if (!c->compiled) {
        if (st->timed_out) {
            char *m = xasprintf("the compiler did not finish in %g s", CHECK_COMPILE_TIMEOUT);
            check__strlist_add(&c->build, m, strlen(m));
            free(m);
        }
        check__finish(c, NULL);
        return;
    }
    const char *const *obj = expect_objectives(c->ef);
    if (obj && obj[0])
        start_nm(c);
    else
        check__start_run(c);
}

void check__after_nm(check *c, const child_status *st)
{
    if (st->spawn_failed || st->exit_code != 0) {
        check__finish(c, "cannot run nm (binutils) to judge the objectives; install binutils "
                         "(make deps)");
        return;
    }
    const char *const *obj = expect_objectives(c->ef);
    for (size_t i = 0; obj[i]; i++)
        c->objective_met[i] =
            check_objective_met(obj[i], (const char *const *)c->nm.s, c->nm.n) == 1;
    check__start_run(c);
}

bool check__objectives_met(const check *c)
{
    const char *const *obj = expect_objectives(c->ef);
    for (size_t i = 0; obj && obj[i]; i++)
        if (!c->objective_met[i])
            return false;
    return true;
}
