/*
 * Checking one file: compile, run with the observer (up to three times when only timing
 * failed), then turn the expectation rows into a verdict. This file runs the sequence;
 * the compile step is in check_build.c, the verdict is made in check_verdict.c.
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_internal.h"
#include "child.h"
#include "machine.h"
#include "runenv.h"
#include "section.h"
#include "text.h"
#include "toolchain.h"
#include "util.h"

void check__strlist_add(strlist *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->s = xrealloc(l->s, l->cap * sizeof *l->s);
    }
    l->s[l->n++] = text_line_dup(s, len);
}

void check__strlist_clear(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->s[i]);
    free(l->s);
    *l = (strlist){0};
}

static void check_free(check *c)
{
    if (c->binary)
        unlink(c->binary);
    check__box_free(c);
    free(c->source);
    free(c->display);
    free(c->binary);
    free(c->build_dir);
    free(c->include_dir);
    free(c->section_line);
    free(c->section_digest);
    check__race_free(c);
    expect_free(c->ef);
    check__strlist_clear(&c->build);
    free(c->observer);
    if (c->observe_log)
        unlink(c->observe_log);
    free(c->observe_log);
    observe_run_free(&c->seen);
    check__strlist_clear(&c->lines);
    check__strlist_clear(&c->shown_lines);
    free(c->err);
    free(c->shown_err);
    expect_result_free(c->shown);
    free(c);
}

void check__finish(check *c, const char *error)
{
    if (check__race_hold_finish(c, error))
        return;
    check_verdict *v =
        error ? check__error_verdict(xstrdup(c->display), error) : check__make_verdict(c);
    v->sandbox = c->sandbox_note ? xstrdup(c->sandbox_note) : NULL;
    check_done_fn done = c->done;
    void *ctx = c->ctx;
    check_free(c);
    done(ctx, v);
}

/* Children. */

static void on_line(void *ctx, enum child_stream s, const char *line, size_t len, uint64_t t_ns,
                    bool cut)
{
    (void)t_ns;
    (void)cut;
    check *c = ctx;
    if (len && line[len - 1] == '\r')
        len--;
    if (c->step == STEP_COMPILE) {
        check__strlist_add(&c->build, line, len);
        check_strip_color(c->build.s[c->build.n - 1]);
    } else if (s == CHILD_STDOUT) {
        check__strlist_add(&c->lines, line, len);
    } else if (c->err_len < CHECK_STDERR_KEEP) {
        size_t take = len + 1;
        if (c->err_len + take > CHECK_STDERR_KEEP) {
            take = CHECK_STDERR_KEEP - c->err_len;
            c->err_cut = true;
        }
        c->err = xrealloc(c->err, c->err_len + take + 1);
        memcpy(c->err + c->err_len, line, take - 1);
        c->err[c->err_len + take - 1] = '\n';
        c->err_len += take;
        c->err[c->err_len] = '\0';
    } else {
        c->err_cut = true;
    }
}

static void on_exit_cb(void *ctx, const child_status *st);

int check__spawn(check *c, const char *const *argv, const char *cwd, double timeout_s,
                 check_child kind, const char *const *env)
{
    child_options o = {
        .argv = argv,
        .cwd = cwd,
        .env = env,
        .use_pty = false,
        .timeout_s = timeout_s,
        .output_cap = kind == CHILD_RUN ? CHECK_OUTPUT_CAP : 0,
        .on_line = on_line,
        .on_exit = on_exit_cb,
        .ctx = c,
    };
    check__box_options(c, &o, kind);
    return child_start(c->loop, &o, &c->running);
}

void check__start_run(check *c)
{
    if (check__race_hold_run(c))
        return;
    c->step = STEP_RUN;
    check__strlist_clear(&c->lines);
    free(c->err);
    c->err = NULL;
    c->err_len = 0;
    c->err_cut = false;
    const char *argv[] = {c->binary, NULL};
    /* A log of its own for each run: the observer appends. */
    unlink(c->observe_log);
    char **env =
        runenv_apply(observe_env(c->observer, c->observe_log, c->binary), c->machine.cores);
    int r = check__spawn(c, argv, c->build_dir, c->timeout_s, CHILD_RUN, (const char *const *)env);
    observe_env_free(env);
    if (r < 0) {
        char *msg = xasprintf("cannot start %s: %s", c->binary, uv_strerror(r));
        check__finish(c, msg);
        free(msg);
    }
}

/* Keeps this run as the one the verdict shows. */
static void keep_run(check *c, expect_result *r, const child_status *st, bool passed,
                     observe_run *seen)
{
    observe_run_free(&c->seen);
    c->seen = *seen;
    *seen = (observe_run){0};
    expect_result_free(c->shown);
    c->shown = r;
    check__strlist_clear(&c->shown_lines);
    c->shown_lines = c->lines;
    c->lines = (strlist){0};
    free(c->shown_err);
    c->shown_err = c->err;
    c->shown_err_cut = c->err_cut;
    c->err = NULL;
    c->err_len = 0;
    c->shown_status = *st;
    c->shown_passed = passed;
}

static void after_run(check *c, const child_status *st)
{
    if (st->spawn_failed) {
        char *msg = xasprintf("cannot start the program: %s", uv_strerror(st->spawn_error));
        check__finish(c, msg);
        free(msg);
        return;
    }
    /* What the program did: the objectives are judged from it. */
    observe_run seen;
    observe_load(c->observe_log, &seen);
    expect_machine m = c->machine;
    m.observed = &seen.facts;
    expect_result *r = expect_match(c->ef, (const char *const *)c->lines.s, c->lines.n, true, &m);
    if (!r) {
        observe_run_free(&seen);
        check__finish(c, "out of memory");
        return;
    }
    bool passed = check__status_ok(st) && r->passed;
    /* Only timing failed: an objective is never a timing check, so a re-run cannot
       turn what the program did into something else. */
    bool timing_only =
        !passed && check__status_ok(st) && r->failed > 0 && r->failed == r->timing_failed;
    c->runs++;
    if (passed)
        c->runs_passed++;
    if (c->runs == 1 || (passed && !c->shown_passed))
        keep_run(c, r, st, passed, &seen);
    else
        expect_result_free(r);
    observe_run_free(&seen);

    /* Timing alone failed: the machine may have been busy; try again. A wrong value,
       a crash or a hang is never re-run. */
    if (c->runs == 1 && timing_only)
        c->retrying = true;
    if (c->retrying && c->runs < c->max_runs) {
        check__start_run(c);
        return;
    }
    check__finish(c, NULL);
}

static void on_exit_cb(void *ctx, const child_status *st)
{
    check *c = ctx;
    c->running = NULL;
    if (c->cancelled) {
        check__finish(c, "cancelled");
        return;
    }
    switch (c->step) {
    case STEP_COMPILE:
        check__after_compile(c, st);
        break;
    case STEP_RUN:
        after_run(c, st);
        break;
    }
}

/* The path relative to the current folder when it is under it; never one that the
   compiler could take for an option. */
static char *display_path(const char *path)
{
    char cwd[4096];
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            path += n + 1;
    }
    return path[0] == '-' ? xasprintf("./%s", path) : xstrdup(path);
}

/* A build folder we can write: the one asked for, else one in /tmp. */
static char *usable_build_dir(const char *want)
{
    if (want && util_mkdirs(want, 0755) == 0 && access(want, W_OK) == 0)
        return realpath(want, NULL);
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/wait-or-work-%ld/check", tmp && *tmp ? tmp : "/tmp", (long)getuid());
    if (util_mkdirs(dir, 0700) < 0) {
        free(dir);
        return NULL;
    }
    return dir;
}

/* The `unchanged` sections of the source, judged on its text before it is compiled. */
static void find_sections(check *c)
{
    size_t n = expect_unchanged_count(c->ef);
    if (n == 0)
        return;
    c->section_line = xcalloc(n, sizeof *c->section_line);
    c->section_digest = xcalloc(n, sizeof *c->section_digest);
    char *text;
    size_t len;
    bool readable = util_read_file(c->source, UTIL_FILE_MAX, &text, &len) == 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t want;
        const char *marker = expect_unchanged(c->ef, i, &want);
        c->section_line[i] =
            readable ? section_digest(text, len, marker, &c->section_digest[i]) : -1;
    }
    if (readable)
        free(text);
}

int check_start(uv_loop_t *loop, const check_options *o, check_done_fn done, void *ctx, check **out,
                char *err, size_t errlen)
{
    int r = check_source_problem(o->source, err, errlen);
    if (r < 0)
        return r;
    expect_file *ef;
    r = expect_load(o->expect_path, NULL, &ef, err, errlen);
    if (r < 0)
        return r;

    check *c = xcalloc(1, sizeof *c);
    c->loop = loop;
    c->ef = ef;
    c->done = done;
    c->ctx = ctx;
    c->t0 = uv_hrtime();
    c->source = xstrdup(o->source);
    c->display = display_path(o->source);
    if (o->machine)
        c->machine = *o->machine;
    else
        machine_facts(&c->machine);
    /* The run's OpenMP team is the checker's (runenv.h), whatever the shell's OMP_NUM_THREADS
       made of this machine's facts. */
    c->machine.omp_threads = runenv_omp_threads(c->machine.cores);
    c->timeout_s = o->timeout_s > 0 ? o->timeout_s : expect_timeout(ef, CHECK_DEFAULT_TIMEOUT);
    c->max_runs = o->max_runs > 0 ? o->max_runs : 3;
    c->observer = observe_library();
    if (!c->observer) {
        snprintf(err, errlen,
                 "the observer library (libobserve.so, beside the workbook) is missing: run make, "
                 "or set WORKBOOK_OBSERVER to its path");
        check_free(c);
        return -ENOENT;
    }

    c->build_dir = usable_build_dir(o->build_dir);
    if (!c->build_dir) {
        snprintf(err, errlen, "cannot create a folder to build in (%s)",
                 o->build_dir ? o->build_dir : "/tmp");
        check_free(c);
        return -EACCES;
    }
    c->include_dir = o->include_dir ? xstrdup(o->include_dir) : NULL;
    find_sections(c);

    const char *why;
    if (!toolchain_get(c->include_dir, &why)) {
        snprintf(err, errlen, "%s", why);
        check_free(c);
        return -EINVAL;
    }
    r = check__box_init(c, err, errlen);
    if (r < 0) {
        check_free(c);
        return r;
    }
    /* A name of its own, so that checks running at once never share a binary. */
    static unsigned seq;
    const char *base = util_base_name(o->source);
    size_t stem = strlen(base);
    if (stem > 2 && strcmp(base + stem - 2, ".c") == 0)
        stem -= 2;
    c->binary = xasprintf("%s/%.*s-%ld-%u", c->build_dir, (int)stem, base, (long)getpid(), seq++);
    c->observe_log = xasprintf("%s.observed", c->binary);
    r = check__start_compile(c);
    if (r < 0) {
        snprintf(err, errlen, "cannot run the C compiler (%s): %s; install it (make deps)",
                 toolchain_cached()->cc, uv_strerror(r));
        check_free(c);
        return r;
    }
    check__race_start(c);
    *out = c;
    return 0;
}

void check_cancel(check *c)
{
    c->cancelled = true;
    /* Either cancel may end the check (and free c) at once, the race check's only when no
       other child runs: so it goes first, and c is not read after the last. */
    child *running = c->running, *race = check__race_child(c);
    if (race)
        child_cancel(race);
    if (running)
        child_cancel(running);
}

static void store_verdict(void *ctx, check_verdict *v)
{
    *(check_verdict **)ctx = v;
}

check_verdict *check_file(const check_options *o)
{
    uv_loop_t loop;
    check_verdict *v = NULL;
    char err[512] = "cannot start an event loop";
    check *c;
    if (uv_loop_init(&loop) < 0 ||
        check_start(&loop, o, store_verdict, &v, &c, err, sizeof err) < 0) {
        v = check__error_verdict(display_path(o->source), err);
        uv_loop_close(&loop);
        return v;
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return v;
}
