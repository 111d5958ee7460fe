/*
 * A run of one program: make, then the program under a pty, matched as it goes.
 */
#include "runjob.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "knobset.h"
#include "observe.h"
#include "sandbox.h"
#include "text.h"
#include "util.h"
#include "words.h"

/* Lesson programs print a few lines; a runaway one is stopped well before it hurts. */
#define RUNJOB_OUTPUT_CAP (4u << 20)
/* A lesson needs far less memory and disk than this; a program that uses more is
   stopped, or gets SIGXFSZ, rather than taking a shared machine's memory or disk. The
   memory counted is what its processes use; the address space is only a backstop, far
   above the 8 GiB of stacks a pool of 1024 threads reserves. */
#define RUNJOB_RSS_LIMIT (512ull << 20)
#define RUNJOB_MEM_LIMIT (32ull << 30)
#define RUNJOB_FILE_LIMIT (64ull << 20)
#define RUNJOB_PROCS 1200
#define RUNJOB_BUILD_RSS_LIMIT (2ull << 30)
/* The lines are matched again as each one arrives, which costs time in proportion to
   the lines so far. Past this many, a flood of short lines would make that quadratic,
   so the match waits for the end of the run. */
#define RUNJOB_LIVE_MATCH_LINES 500

struct runjob {
    uv_loop_t *loop;
    runjob_events ev;
    runjob_phase phase;
    char *root;
    char *make_dir;
    char *binary;
    char *arg;
    char *makefile;
    double timeout_s;
    int cols, rows;
    expect_machine machine;

    expect_file *expect;
    expect_result *result;

    child *current; /* the build or the program, while one runs */
    bool cancelled;
    bool free_when_done;
    bool build_ok;
    child_status status;
    uint64_t started_ns;

    char *scratch;   /* the sandbox's folder (the observer's log is in it), or NULL */
    char **box_argv; /* the sandbox around the program, or NULL: not sandboxed */
    int box_uid;
    char *observer;    /* the observer library, or NULL: the run is not observed */
    char *observe_log; /* where it writes */
    observe_run seen;  /* what the program did, once it has ended */

    char **build_lines;
    size_t nbuild;
    runjob_line *lines;
    size_t nlines;
    size_t lines_cap;   /* room in lines and texts; grown by doubling, as a flood is long */
    const char **texts; /* the line texts again, as expect_match wants them */
};

static void rematch(runjob *j, bool complete)
{
    if (!j->expect)
        return;
    expect_result *r = expect_match(j->expect, j->texts, j->nlines, complete, &j->machine);
    if (r) {
        expect_result_free(j->result);
        j->result = r;
    }
}

static void finish(runjob *j)
{
    j->phase = RUNJOB_DONE;
    j->current = NULL;
    if (j->ev.on_done)
        j->ev.on_done(j->ev.ctx);
    if (j->free_when_done)
        runjob_free(j);
}

static void on_program_line(void *ctx, enum child_stream s, const char *line, size_t len,
                            uint64_t t_ns, bool cut)
{
    (void)s;
    runjob *j = ctx;
    if (j->nlines == j->lines_cap) {
        j->lines_cap = j->lines_cap ? 2 * j->lines_cap : 64;
        j->lines = xrealloc(j->lines, j->lines_cap * sizeof *j->lines);
        j->texts = xrealloc(j->texts, j->lines_cap * sizeof *j->texts);
    }
    runjob_line *l = &j->lines[j->nlines];
    l->text = text_line_dup(line, text_rstrip(line, len));
    l->t_ms = t_ns > j->started_ns ? (t_ns - j->started_ns) / 1000000 : 0;
    l->cut = cut;
    j->texts[j->nlines] = l->text;
    j->nlines++;
    if (j->nlines <= RUNJOB_LIVE_MATCH_LINES)
        rematch(j, false);
    if (j->ev.on_line)
        j->ev.on_line(j->ev.ctx, j->nlines - 1);
}

static void on_program_exit(void *ctx, const child_status *st)
{
    runjob *j = ctx;
    j->status = *st;
    if (j->observer) {
        observe_load(j->observe_log, &j->seen);
        unlink(j->observe_log);
        j->machine.observed = &j->seen.facts;
    }
    rematch(j, true);
    finish(j);
}

/* The real path of a file named from root, or NULL. */
static char *real_under(const char *root, const char *name)
{
    char *p = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", root, name);
    char *real = realpath(p, NULL);
    free(p);
    return real;
}

/* An absolute, real path for a program named by path or found in PATH, or NULL. */
static char *real_program(const char *root, const char *name)
{
    if (strchr(name, '/'))
        return real_under(root, name);
    const char *path = getenv("PATH");
    char *dirs = xstrdup(path ? path : "/usr/bin:/bin"), *save, *found = NULL;
    for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *p = xasprintf("%s/%s", d, name);
        if (access(p, X_OK) == 0)
            found = realpath(p, NULL);
        free(p);
    }
    free(dirs);
    return found;
}

/* The sandbox around the program (sandbox.h): a scratch folder of its own, where the
   observer's log goes too; the program, its folder and the observer read-only. */
static void box_program(runjob *j)
{
    if (j->scratch || !sandbox_available(NULL))
        return;
    char *parent = observe_log_path();
    char *slash = parent ? strrchr(parent, '/') : NULL;
    if (!slash) {
        free(parent);
        return;
    }
    *slash = '\0';
    j->scratch = xasprintf("%s/run-XXXXXX", parent);
    free(parent);
    j->box_uid = sandbox_new_uid();
    if (!mkdtemp(j->scratch) ||
        (j->box_uid >= 0 && chown(j->scratch, (uid_t)j->box_uid, (gid_t)j->box_uid) < 0)) {
        free(j->scratch);
        j->scratch = NULL;
        return;
    }
    char *ro[6] = {0};
    int n = 0;
    ro[n++] = real_program(j->root, j->binary);
    if (j->make_dir)
        ro[n++] = real_under(j->root, j->make_dir);
    if (j->arg)
        ro[n++] = real_under(j->root, j->arg);
    if (j->observer)
        ro[n++] = xstrdup(j->observer);
    /* Drop the holes a path that did not resolve left. */
    int w = 0;
    for (int i = 0; i < n; i++)
        if (ro[i])
            ro[w++] = ro[i];
    ro[w] = NULL;
    sandbox_spec spec = {
        .scratch = j->scratch,
        .cwd = NULL, /* its scratch folder */
        .ro_paths = (const char *const *)ro,
        .devices = true,
        .uid = j->box_uid,
    };
    j->box_argv = sandbox_argv(&spec);
    for (int i = 0; i < w; i++)
        free(ro[i]);
    if (j->observe_log) {
        free(j->observe_log);
        j->observe_log = xasprintf("%s/observed", j->scratch);
    }
}

static void start_program(runjob *j)
{
    const char *argv[] = {j->binary, j->arg, NULL};
    char **observed = NULL;
    box_program(j);
    /* In the sandbox it starts in its scratch folder (the only one it can write), so the
       program and its argument are named by their real paths. */
    char *real_binary = j->box_argv ? real_program(j->root, j->binary) : NULL;
    char *real_arg = j->box_argv && j->arg ? real_under(j->root, j->arg) : NULL;
    if (real_binary)
        argv[0] = real_binary;
    if (real_arg)
        argv[1] = real_arg;
    if (j->observer) {
        unlink(j->observe_log);
        observed = observe_env(j->observer, j->observe_log, argv[0]);
    }
    char **env = knobset_env((const char *const *)observed, j->expect);
    observe_env_free(observed);
    child_options o = {
        .argv = argv,
        .env = (const char *const *)env,
        .cwd = j->root,
        .use_pty = true,
        .cols = j->cols,
        .rows = j->rows,
        .timeout_s = j->timeout_s,
        .output_cap = RUNJOB_OUTPUT_CAP,
        .mem_limit = RUNJOB_MEM_LIMIT,
        .rss_limit = RUNJOB_RSS_LIMIT,
        .file_limit = RUNJOB_FILE_LIMIT,
        .proc_limit = j->box_argv ? RUNJOB_PROCS : 0,
        .wrapper = (const char *const *)j->box_argv,
        .no_core = true,
        .on_line = on_program_line,
        .on_exit = on_program_exit,
        .ctx = j,
    };
    j->phase = RUNJOB_RUNNING;
    j->started_ns = uv_hrtime();
    int rc = child_start(j->loop, &o, &j->current);
    knobset_env_free(env);
    free(real_binary);
    free(real_arg);
    if (rc < 0) {
        memset(&j->status, 0, sizeof j->status);
        j->status.exit_code = -1;
        j->status.spawn_failed = true;
        j->status.spawn_error = rc;
        rematch(j, true);
        finish(j);
    }
}

static void on_build_line(void *ctx, enum child_stream s, const char *line, size_t len,
                          uint64_t t_ns, bool cut)
{
    (void)s, (void)t_ns, (void)cut;
    runjob *j = ctx;
    j->build_lines = xrealloc(j->build_lines, (j->nbuild + 1) * sizeof *j->build_lines);
    j->build_lines[j->nbuild] = xstrndup(line, text_rstrip(line, len));
    if (j->ev.on_build_line)
        j->ev.on_build_line(j->ev.ctx, j->build_lines[j->nbuild]);
    j->nbuild++;
}

static void on_build_exit(void *ctx, const child_status *st)
{
    runjob *j = ctx;
    j->current = NULL;
    j->build_ok = !j->cancelled && st->exit_code == 0;
    char why[256] = "";
    if (!j->build_ok) {
        if (st->spawn_failed)
            snprintf(why, sizeof why, "cannot start the build: %s (install it with: make deps)",
                     uv_strerror(st->spawn_error));
        else
            words_exit(st, 0, why, sizeof why);
    }
    if (j->ev.on_build_done)
        j->ev.on_build_done(j->ev.ctx, j->build_ok, j->build_ok ? NULL : why);
    if (j->build_ok && !j->cancelled) {
        start_program(j);
    } else {
        j->status = *st;
        finish(j);
    }
}

static int start_build(runjob *j)
{
    const char *argv[] = {"make", "-C", j->make_dir, j->makefile ? "-f" : NULL, j->makefile, NULL};
    child_options o = {
        .argv = argv,
        .cwd = j->root,
        .use_pty = false,
        .timeout_s = 300,
        /* An #include of a device must not take the machine's memory. */
        .rss_limit = RUNJOB_BUILD_RSS_LIMIT,
        .on_line = on_build_line,
        .on_exit = on_build_exit,
        .ctx = j,
    };
    j->phase = RUNJOB_BUILDING;
    return child_start(j->loop, &o, &j->current);
}

int runjob_start(uv_loop_t *loop, const runjob_options *o, const runjob_events *ev, runjob **out,
                 char *err, size_t errlen)
{
    runjob *j = xcalloc(1, sizeof *j);
    j->loop = loop;
    j->ev = *ev;
    j->root = xstrdup(o->root);
    j->make_dir = o->make_dir ? xstrdup(o->make_dir) : NULL;
    j->binary = xstrdup(o->binary);
    j->arg = o->arg ? xstrdup(o->arg) : NULL;
    j->makefile = o->makefile ? xstrdup(o->makefile) : NULL;
    j->cols = o->cols > 0 ? o->cols : 80;
    j->rows = o->rows > 0 ? o->rows : 24;
    if (o->machine)
        j->machine = *o->machine;
    j->machine.observed = NULL;
    j->observer = observe_library();
    if (j->observer)
        j->observe_log = observe_log_path();
    if (!j->observe_log) {
        free(j->observer);
        j->observer = NULL;
    }
    int rc = 0;
    if (o->expect_path)
        rc = expect_load(o->expect_path, NULL, &j->expect, err, errlen);
    if (rc == 0 && o->knobs && j->expect)
        rc = knobset_apply(o->knobs, j->expect, o->knobs_lenient, err, errlen);
    if (rc == 0) {
        j->timeout_s = o->timeout_s > 0
                           ? o->timeout_s
                           : (j->expect ? expect_timeout(j->expect, RUNJOB_DEFAULT_TIMEOUT)
                                        : RUNJOB_DEFAULT_TIMEOUT);
        if (j->expect)
            rc = knobset_check_time(j->expect, &j->machine, j->timeout_s, err, errlen);
    }
    if (rc == 0) {
        rematch(j, false);
        if (j->make_dir) {
            rc = start_build(j);
            if (rc < 0)
                snprintf(err, errlen, "cannot start the build: %s (install it with: make deps)",
                         uv_strerror(rc));
        } else {
            j->build_ok = true;
            start_program(j);
        }
    }
    if (rc < 0) {
        runjob_free(j);
        return rc;
    }
    *out = j;
    return 0;
}

void runjob_cancel(runjob *j)
{
    if (!j || j->phase == RUNJOB_DONE)
        return;
    j->cancelled = true;
    if (j->current)
        child_cancel(j->current);
}

void runjob_resize(runjob *j, int cols, int rows)
{
    j->cols = cols;
    j->rows = rows;
    if (j->phase == RUNJOB_RUNNING && j->current)
        child_resize(j->current, cols, rows);
}

void runjob_free(runjob *j)
{
    if (!j)
        return;
    if (j->current && j->phase != RUNJOB_DONE) {
        /* The child's exit callback still refers to us: free once it has come. */
        j->free_when_done = true;
        j->ev = (runjob_events){0};
        runjob_cancel(j);
        return;
    }
    for (size_t i = 0; i < j->nbuild; i++)
        free(j->build_lines[i]);
    free(j->build_lines);
    for (size_t i = 0; i < j->nlines; i++)
        free(j->lines[i].text);
    free(j->lines);
    free(j->texts);
    expect_result_free(j->result);
    expect_free(j->expect);
    observe_run_free(&j->seen);
    if (j->observe_log)
        unlink(j->observe_log);
    free(j->observe_log);
    sandbox_argv_free(j->box_argv);
    if (j->scratch)
        sandbox_remove_tree(j->scratch);
    free(j->scratch);
    free(j->observer);
    free(j->root);
    free(j->make_dir);
    free(j->binary);
    free(j->arg);
    free(j->makefile);
    free(j);
}

runjob_phase runjob_get_phase(const runjob *j)
{
    return j->phase;
}

const runjob_line *runjob_lines(const runjob *j, size_t *n)
{
    *n = j->nlines;
    return j->lines;
}

const char *const *runjob_build_lines(const runjob *j, size_t *n)
{
    *n = j->nbuild;
    return (const char *const *)j->build_lines;
}

const expect_result *runjob_result(const runjob *j)
{
    return j->result;
}

const expect_file *runjob_expect(const runjob *j)
{
    return j->expect;
}

const child_status *runjob_status(const runjob *j)
{
    return &j->status;
}

bool runjob_build_ok(const runjob *j)
{
    return j->build_ok;
}

double runjob_timeout(const runjob *j)
{
    return j->timeout_s;
}

uint64_t runjob_started_ns(const runjob *j)
{
    return j->started_ns;
}

const observe_run *runjob_observed(const runjob *j)
{
    return j->phase == RUNJOB_DONE && j->seen.valid ? &j->seen : NULL;
}
