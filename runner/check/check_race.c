/*
 * The race check (`race-check` in an exercise's expectations): besides the normal build,
 * a ThreadSanitizer build with clang, compiled beside the normal one; once the normal
 * runs are over, one run of it; its reports (race_report.c) become one verdict item,
 * "no data race (ThreadSanitizer)".
 *
 * gcc's libgomp is not instrumented, so ThreadSanitizer would see races in every OpenMP
 * barrier; LLVM's libomp with Archer (an OMPT tool that tells ThreadSanitizer what the
 * runtime orders) sees only the program's own. Without clang, or without libomp and
 * Archer for an OpenMP program, the item is "not run here" and says what to install:
 * it never passes silently.
 *
 * The sequence in check.c calls in at four points: check_start (start the compile),
 * check__start_run (the timed run waits until this compile is over, so the two never
 * share the cores), check__finish (run the ThreadSanitizer build first, or stop it),
 * and check_cancel.
 */
#include "check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_internal.h"
#include "runenv.h"
#include "child.h"
#include "race_report.h"
#include "race_tools.h"
#include "text.h"
#include "util.h"

extern char **environ;

/* What is read of ThreadSanitizer's logs, at most. */
#define RACE_LOG_MAX (4u << 20)

typedef enum race_state {
    RACE_UNAVAILABLE, /* a tool is missing: why and install say which */
    RACE_COMPILING,
    RACE_COMPILED,
    RACE_BUILD_FAILED, /* clang could not build what gcc did: why is its first error */
    RACE_RUNNING,
    RACE_DONE,    /* log holds what ThreadSanitizer said */
    RACE_STOPPED, /* never ran: the check ended first */
} race_state;

struct check_race {
    race_state state;
    char *why;     /* unavailable or failed: what to say */
    char *install; /* unavailable: the Debian packages */
    bool openmp;   /* built with -fopenmp, run with Archer */
    char *clang, *archer;
    char *binary, *log_prefix;
    child *running;
    strlist build;
    bool run_waits;    /* the normal run waits for the compile */
    bool finish_waits; /* the end of the check waits for the compile, then runs it */
    bool stopping;     /* killed because the check ends: then finish with pending */
    char *pending;
    child_status status;
    race_log *log;
};

static void unavailable(struct check_race *r, const char *why, const char *install)
{
    r->state = RACE_UNAVAILABLE;
    free(r->why);
    free(r->install);
    r->why = xstrdup(why);
    r->install = xstrdup(install);
}

/* The compile. */

static void on_race_line(void *ctx, enum child_stream s, const char *line, size_t len,
                         uint64_t t_ns, bool cut)
{
    (void)s;
    (void)t_ns;
    (void)cut;
    check *c = ctx;
    /* The compiler's messages are kept; the program's output is ThreadSanitizer's log's
       business, not ours (the normal run's output is the one graded). */
    if (c->race->state == RACE_COMPILING && c->race->build.n < 200) {
        check__strlist_add(&c->race->build, line, len);
        check_strip_color(c->race->build.s[c->race->build.n - 1]);
    }
}

static void on_race_exit(void *ctx, const child_status *st);

static int race_spawn(check *c, const char *const *argv, const char *cwd, const char *const *env,
                      double timeout_s, check_child kind)
{
    child_options o = {
        .argv = argv,
        .cwd = cwd,
        .env = env,
        .timeout_s = timeout_s,
        .output_cap = kind == CHILD_RACE_RUN ? CHECK_OUTPUT_CAP : 0,
        .on_line = on_race_line,
        .on_exit = on_race_exit,
        .ctx = c,
    };
    /* No address-space limit on its run (check_box.c): ThreadSanitizer reserves terabytes
       for its shadow memory at start and would die under one. */
    check__box_options(c, &o, kind);
    return child_start(c->loop, &o, &c->race->running);
}

static int start_compile(check *c)
{
    struct check_race *r = c->race;
    /* clang [-fopenmp] -fsanitize=thread -g -O1 -fno-inline FILE $(libuv) -lm: -fno-inline
       because an access inlined into OpenMP's outlined function loses its line. Without
       OpenMP, a `#pragma omp` is an error, so an OpenMP program is never checked as a
       sequential one. */
    const char *argv[CHECK_ARGV_MAX];
    int n = 0;
    argv[n++] = r->clang;
    if (r->openmp)
        argv[n++] = "-fopenmp";
    else
        argv[n++] = "-Werror=source-uses-openmp";
    argv[n++] = "-fsanitize=thread";
    argv[n++] = "-g";
    argv[n++] = "-O1";
    argv[n++] = "-fno-inline";
    argv[n++] = "-pthread";
    char *keep[CHECK_ARGV_KEEP];
    check__argv_tail(c, argv, n, r->binary, keep);
    r->state = RACE_COMPILING;
    int rc = race_spawn(c, argv, NULL, NULL, CHECK_COMPILE_TIMEOUT, CHILD_RACE_COMPILE);
    check__argv_free(keep);
    return rc;
}

void check__race_start(check *c)
{
    if (!expect_race_check(c->ef))
        return;
    struct check_race *r = c->race = xcalloc(1, sizeof *r);
    race_tools t;
    race_tools_find(&t);
    r->clang = t.clang;
    r->archer = t.archer;
    r->openmp = t.libomp && t.archer;
    if (!r->clang) {
        unavailable(r, "clang is not installed", "clang and libomp-dev");
        return;
    }
    /* A clang or Archer outside /usr (WORKBOOK_CLANG) must be visible in the sandbox. */
    check__box_show(c, r->clang);
    check__box_show(c, r->archer);
    r->binary = xasprintf("%s-tsan", c->binary);
    r->log_prefix = xasprintf("%s-tsan.log", c->binary);
    int rc = start_compile(c);
    if (rc < 0) {
        char *why = xasprintf("cannot start %s: %s", r->clang, uv_strerror(rc));
        unavailable(r, why, "clang");
        free(why);
    }
}

/* The first error of clang's messages, or its first line. */
static const char *first_error(const strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (strstr(l->s[i], "error:"))
            return l->s[i];
    return l->n ? l->s[0] : "no message";
}

static void after_compile(check *c, const child_status *st)
{
    struct check_race *r = c->race;
    if (check__status_ok(st) && access(r->binary, X_OK) == 0) {
        r->state = RACE_COMPILED;
        return;
    }
    check__hide_foreign(c, &r->build);
    /* An OpenMP program, and no libomp or Archer to check it with. */
    for (size_t i = 0; i < r->build.n && !r->openmp; i++)
        if (strstr(r->build.s[i], "source-uses-openmp") || strstr(r->build.s[i], "omp.h")) {
            unavailable(r, "an OpenMP program needs LLVM's libomp and Archer",
                        "libomp-dev (Debian 12: libomp-14-dev)");
            return;
        }
    r->state = RACE_BUILD_FAILED;
    r->why = st->timed_out ? xasprintf("clang did not finish in %g s", CHECK_COMPILE_TIMEOUT)
                           : xstrdup(first_error(&r->build));
}

/* The run. */

/* The environment of the ThreadSanitizer run: ours, with the race check's own settings. */
static char **run_env(const check *c)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = xcalloc(n + 8, sizeof *env);
    size_t k = 0;
    static const char *const ours[] = {
        "TSAN_OPTIONS=", "OMP_TOOL_LIBRARIES=", "OMP_NUM_THREADS=", "OMP_TOOL=", "ARCHER_OPTIONS="};
    for (size_t i = 0; i < n; i++) {
        bool skip = false;
        for (size_t j = 0; j < sizeof ours / sizeof ours[0]; j++)
            skip |= strncmp(environ[i], ours[j], strlen(ours[j])) == 0;
        if (!skip && !runenv_drops(environ[i]))
            env[k++] = xstrdup(environ[i]);
    }
    for (const char *const *set = runenv_sets(); *set; set++)
        env[k++] = xstrdup(*set);
    /* ThreadSanitizer drops a report whose other access has left the thread's history:
       history_size=64 keeps 64 more parts of it. With 7, a sum over exercise 3's million
       numbers lost its race in most runs. */
    env[k++] = xasprintf("TSAN_OPTIONS=ignore_noninstrumented_modules=1 history_size=64 "
                         "exitcode=66 log_path=%s",
                         c->race->log_prefix);
    if (c->race->openmp)
        env[k++] = xasprintf("OMP_TOOL_LIBRARIES=%s", c->race->archer);
    /* A team of two at least, so that a race can show even on one core. */
    int team = c->machine.cores < 2 ? 2 : c->machine.cores > 4 ? 4 : c->machine.cores;
    env[k++] = xasprintf("OMP_NUM_THREADS=%d", team);
    env[k] = NULL;
    return env;
}

static void free_env(char **env)
{
    for (size_t i = 0; env && env[i]; i++)
        free(env[i]);
    free(env);
}

/* Whether the normal run ended by itself: only then is the ThreadSanitizer run worth it. */
static bool ran_to_its_end(const check *c)
{
    const child_status *st = &c->shown_status;
    return c->compiled && c->runs > 0 && !st->spawn_failed && !st->timed_out &&
           !st->memory_capped && !st->procs_capped && !st->output_capped && !st->cancelled &&
           st->term_signal == 0;
}

static int start_run(check *c)
{
    struct check_race *r = c->race;
    char **env = run_env(c);
    const char *argv[] = {r->binary, NULL};
    r->state = RACE_RUNNING;
    int rc =
        race_spawn(c, argv, c->build_dir, (const char *const *)env, c->timeout_s, CHILD_RACE_RUN);
    free_env(env);
    return rc;
}

/* Reads and removes the logs (one per process: log_path.PID). */
static void read_logs(check *c)
{
    struct check_race *r = c->race;
    const char *slash = strrchr(r->log_prefix, '/');
    char *dir = xstrndup(r->log_prefix, (size_t)(slash - r->log_prefix));
    const char *base = slash + 1;
    size_t blen = strlen(base);
    char *all = xstrdup("");
    size_t len = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strncmp(e->d_name, base, blen) != 0 || e->d_name[blen] != '.')
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        /* The start of a long log is enough: its first reports are what the item names. */
        FILE *f = fopen(path, "r");
        if (f && len < RACE_LOG_MAX) {
            all = xrealloc(all, RACE_LOG_MAX + 1);
            len += fread(all + len, 1, RACE_LOG_MAX - len, f);
            all[len] = '\0';
        }
        if (f)
            fclose(f);
        unlink(path);
        free(path);
    }
    if (d)
        closedir(d);
    char *real = realpath(c->source, NULL);
    r->log = race_log_parse(all, len, real ? real : c->source);
    free(real);
    free(all);
    free(dir);
}

static void on_race_exit(void *ctx, const child_status *st)
{
    check *c = ctx;
    struct check_race *r = c->race;
    r->running = NULL;
    if (r->stopping) {
        char *pending = r->pending;
        r->pending = NULL;
        r->state = RACE_STOPPED;
        check__finish(c, pending);
        free(pending);
        return;
    }
    if (c->cancelled) {
        r->state = RACE_STOPPED;
        /* The normal child, when it runs, ends the check on its way out. */
        if (!c->running)
            check__finish(c, "cancelled");
        return;
    }
    if (r->state == RACE_COMPILING) {
        after_compile(c, st);
        if (r->run_waits) {
            r->run_waits = false;
            check__start_run(c);
        } else if (r->finish_waits) {
            r->finish_waits = false;
            check__finish(c, NULL);
        }
        return;
    }
    r->status = *st;
    r->state = RACE_DONE;
    read_logs(c);
    check__finish(c, NULL);
}

bool check__race_hold_run(check *c)
{
    struct check_race *r = c->race;
    if (!r || r->state != RACE_COMPILING || c->runs > 0)
        return false;
    r->run_waits = true;
    return true;
}

bool check__race_hold_finish(check *c, const char *error)
{
    struct check_race *r = c->race;
    if (!r)
        return false;
    bool wanted = !error && !c->cancelled && ran_to_its_end(c);
    if (r->running) {
        if (wanted && r->state == RACE_COMPILING) {
            r->finish_waits = true;
            return true;
        }
        /* The check ends without it: stop it, and end once it has gone. */
        r->stopping = true;
        r->pending = error ? xstrdup(error) : NULL;
        child_cancel(r->running);
        return true;
    }
    if (wanted && r->state == RACE_COMPILED) {
        int rc = start_run(c);
        if (rc == 0)
            return true;
        r->state = RACE_BUILD_FAILED;
        r->why = xasprintf("cannot start the ThreadSanitizer build: %s", uv_strerror(rc));
    }
    return false;
}

child *check__race_child(check *c)
{
    return c->race ? c->race->running : NULL;
}

void check__race_free(check *c)
{
    struct check_race *r = c->race;
    if (!r)
        return;
    if (r->binary)
        unlink(r->binary);
    free(r->why);
    free(r->install);
    free(r->clang);
    free(r->archer);
    free(r->binary);
    free(r->log_prefix);
    free(r->pending);
    check__strlist_clear(&r->build);
    race_log_free(r->log);
    free(r);
    c->race = NULL;
}

/* The verdict's item. */

/* The student's source, split into lines, to name locals and heap data. */
static char **source_lines(const char *path, size_t *n, char **text)
{
    size_t len;
    *n = 0;
    if (util_read_file(path, UTIL_FILE_MAX, text, &len) < 0) {
        *text = NULL;
        return NULL;
    }
    char **lines = xcalloc(len + 2, sizeof *lines);
    for (char *s = *text; s && *s;) {
        lines[(*n)++] = s;
        s = strchr(s, '\n');
        if (s)
            *s++ = '\0';
    }
    return lines;
}

bool check__race_item(check *c, check_item *it)
{
    struct check_race *r = c->race;
    if (!r)
        return false;
    *it = (check_item){
        .kind = CHECK_RACE, .mark = CHECK_SKIP, .label = xstrdup("no data race (ThreadSanitizer)")};
    if (r->state == RACE_UNAVAILABLE) {
        it->note = xasprintf("not run here: %s; make deps installs %s", r->why, r->install);
    } else if (r->state == RACE_BUILD_FAILED) {
        it->note = xstrdup("race check not run: clang could not build it");
        it->actual = xstrdup(r->why);
    } else if (!c->compiled) {
        it->note = xstrdup("not run: it did not compile");
    } else if (r->state != RACE_DONE) {
        it->note = xstrdup("not run: the program did not run to its end");
    } else if (r->log->n > 0) {
        size_t nlines;
        char *text;
        char **lines = source_lines(c->source, &nlines, &text);
        const char *name = strrchr(c->display, '/');
        race_log_describe(r->log, name ? name + 1 : c->display, (const char *const *)lines, nlines,
                          &it->actual, &it->hint);
        free(lines);
        free(text);
        it->mark = CHECK_FAIL;
    } else if (r->log->fatal) {
        it->note = xasprintf("not run here: ThreadSanitizer stopped: %s", r->log->fatal);
    } else if (r->status.timed_out || r->status.term_signal || r->status.output_capped) {
        char how[160];
        child_status_describe(&r->status, c->timeout_s, how, sizeof how);
        it->note = xasprintf("not finished: the ThreadSanitizer build %s", how);
    } else {
        it->mark = CHECK_OK;
        it->actual = xstrdup("none seen in a run under ThreadSanitizer");
    }
    return true;
}
