/*
 * Checking one file: compile, nm, run (up to three times when only timing failed),
 * then turn the expectation rows into a verdict.
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "machine.h"
#include "text.h"
#include "util.h"

#define CHECK_OUTPUT_CAP (1u << 20)
#define CHECK_STDERR_KEEP (64u << 10)
#define CHECK_MEM_LIMIT (2ull << 30)
#define CHECK_FILE_LIMIT (16ull << 20)
#define CHECK_DEFAULT_TIMEOUT 10.0
#define CHECK_COMPILE_TIMEOUT 60.0
#define CHECK_DIFF_MAX 30

typedef enum check_step { STEP_COMPILE, STEP_NM, STEP_RUN } check_step;

/* A growing list of strings. */
typedef struct strlist {
    char **s;
    size_t n, cap;
} strlist;

static void strlist_add(strlist *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->s = xrealloc(l->s, l->cap * sizeof *l->s);
    }
    l->s[l->n++] = text_line_dup(s, len);
}

static void strlist_clear(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->s[i]);
    free(l->s);
    *l = (strlist){0};
}

struct check {
    uv_loop_t *loop;
    char *source;  /* as given */
    char *display; /* relative to the current folder when under it */
    char *binary;
    char *build_dir;
    char *include_dir;
    expect_file *ef;
    expect_machine machine;
    double timeout_s;
    int max_runs;
    check_done_fn done;
    void *ctx;
    check_step step;
    child *running;
    bool cancelled;
    uint64_t t0;

    strlist build; /* compiler messages */
    strlist nm;    /* nm's symbols */
    strlist lines; /* stdout of the current run */
    char *err;     /* stderr of the current run */
    size_t err_len;
    bool err_cut;

    bool compiled;
    bool *objective_met;
    int runs, runs_passed;
    /* The run the verdict shows: the first failure, replaced by a passing run. */
    expect_result *shown;
    strlist shown_lines;
    char *shown_err;
    bool shown_err_cut;
    child_status shown_status;
    bool shown_passed;
    bool retrying; /* the first run failed on timing alone: three runs in all */
};

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

static const char *objective_hint(const char *name)
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

/* The verdict's items and diff. */

static check_item *add_item(check_verdict *v, check_kind kind, check_mark mark, const char *label)
{
    v->items = xrealloc(v->items, (v->nitems + 1) * sizeof *v->items);
    check_item *it = &v->items[v->nitems++];
    *it = (check_item){.kind = kind, .mark = mark, .label = xstrdup(label)};
    return it;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static check_mark mark_of(expect_status s)
{
    switch (s) {
    case EXPECT_PASS:
        return CHECK_OK;
    case EXPECT_FAIL:
        return CHECK_FAIL;
    case EXPECT_INFO:
        return CHECK_INFO;
    default:
        return CHECK_SKIP;
    }
}

static void add_diff(check_verdict *v, char op, const char *text)
{
    v->diff = xrealloc(v->diff, (v->ndiff + 1) * sizeof *v->diff);
    v->diff[v->ndiff++] = (check_diff_line){op, xstrdup(text)};
}

/* Interleaves the expected lines with the output: missing patterns as '-', output no
   pattern took as '+', the rest as ' '. */
static void build_diff(check_verdict *v, const expect_result *r, const char *const *out,
                       size_t nout)
{
    bool differs = false;
    bool *extra = xcalloc(nout + 1, sizeof *extra);
    for (size_t i = 0; i < r->nrows; i++) {
        const expect_row *row = &r->rows[i];
        if (row->kind == EXPECT_ROW_EXTRA && row->output_index >= 0 &&
            (size_t)row->output_index < nout) {
            extra[row->output_index] = true;
            differs |= row->status == EXPECT_FAIL;
        }
        if (row->kind == EXPECT_ROW_LINE && row->status == EXPECT_FAIL)
            differs = true;
    }
    if (!differs) {
        free(extra);
        return;
    }
    size_t next = 0, shown = 0;
    for (size_t i = 0; i < r->nrows && shown < CHECK_DIFF_MAX; i++) {
        const expect_row *row = &r->rows[i];
        if (row->kind != EXPECT_ROW_LINE)
            continue;
        if (row->output_index < 0) {
            add_diff(v, '-', row->label);
            shown++;
            continue;
        }
        size_t k = (size_t)row->output_index;
        for (; next <= k && next < nout && shown < CHECK_DIFF_MAX; next++, shown++)
            add_diff(v, extra[next] ? '+' : ' ', out[next]);
    }
    for (; next < nout && shown < CHECK_DIFF_MAX; next++, shown++)
        add_diff(v, extra[next] ? '+' : ' ', out[next]);
    if (next < nout) {
        char *more = xasprintf("%zu more output lines not shown", nout - next);
        add_diff(v, '~', more);
        free(more);
    }
    free(extra);
}

/* Output lines no `line` expects, each its own check up to a few, then one for the rest
   (a flood must not become a hundred thousand checks). */
#define CHECK_EXTRA_ITEMS 3

static void add_rows(check_verdict *v, const expect_result *r, bool ran)
{
    size_t extras = 0, extras_failed = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const expect_row *row = &r->rows[i];
        check_kind kind;
        if (row->kind == EXPECT_ROW_LINE)
            kind = CHECK_LINE;
        else if (row->kind == EXPECT_ROW_EXTRA)
            kind = CHECK_EXTRA;
        else if (row->kind == EXPECT_ROW_CHECK)
            kind = CHECK_RELATION;
        else
            continue;
        if (kind == CHECK_EXTRA && ++extras > CHECK_EXTRA_ITEMS) {
            extras_failed += row->status == EXPECT_FAIL;
            continue;
        }
        check_item *it = add_item(v, kind, ran ? mark_of(row->status) : CHECK_SKIP,
                                  kind == CHECK_EXTRA ? "no line expects this output" : row->label);
        it->timing = row->timing;
        if (!ran) {
            it->note = xstrdup("not run");
            continue;
        }
        it->actual = dup_or_null(row->actual);
        it->expected = dup_or_null(row->expected);
        it->note = dup_or_null(row->note);
        if (row->status == EXPECT_FAIL || (row->status == EXPECT_INFO && !row->info_held))
            it->hint = dup_or_null(row->hint);
        if (kind == CHECK_LINE && row->status == EXPECT_FAIL && !it->actual)
            it->actual = xstrdup("missing");
    }
    if (extras > CHECK_EXTRA_ITEMS) {
        size_t more = extras - CHECK_EXTRA_ITEMS;
        check_item *it = add_item(v, CHECK_EXTRA, extras_failed ? CHECK_FAIL : CHECK_INFO,
                                  "more output no line expects");
        it->actual = xasprintf("%zu more line%s", more, more == 1 ? "" : "s");
    }
}

static bool status_ok(const child_status *st)
{
    return !st->spawn_failed && !st->timed_out && !st->output_capped && !st->cancelled &&
           st->term_signal == 0 && st->exit_code == 0;
}

static char *run_hint(const child_status *st, double timeout_s)
{
    if (st->timed_out)
        return xasprintf("it was still running after %g s: something never finishes (a loop "
                         "that does not end, a handle left open so uv_run never returns, or a "
                         "read from stdin, which is empty here)",
                         timeout_s);
    if (st->output_capped)
        return xasprintf("it printed more than %u bytes: a print inside a loop that never ends?",
                         CHECK_OUTPUT_CAP);
    if (st->term_signal)
        return xstrdup("it crashed: run it under a debugger, or build it with "
                       "-fsanitize=address,undefined to see where");
    if (st->spawn_failed)
        return xasprintf("it could not be started: %s", uv_strerror(st->spawn_error));
    return xstrdup("main() should return 0 when all went well");
}

static const char *plural(long n)
{
    return n == 1 ? "" : "s";
}

/* Builds the verdict from what the check collected. */
static check_verdict *make_verdict(check *c)
{
    check_verdict *v = xcalloc(1, sizeof *v);
    v->source = xstrdup(c->display);
    v->timeout_s = c->timeout_s;
    v->compiled = c->compiled;
    v->runs = c->runs;
    v->runs_passed = c->runs_passed;
    v->total_s = (double)(uv_hrtime() - c->t0) / 1e9;

    /* The compiler's messages, in one block. */
    size_t len = 1;
    for (size_t i = 0; i < c->build.n; i++)
        len += strlen(c->build.s[i]) + 1;
    v->build_log = xmalloc(len);
    v->build_log[0] = '\0';
    char *w = v->build_log;
    for (size_t i = 0; i < c->build.n; i++) {
        w = stpcpy(w, c->build.s[i]);
        *w++ = '\n';
        *w = '\0';
        if (strstr(c->build.s[i], ": warning: "))
            v->warnings++;
    }

    check_item *it = add_item(v, CHECK_COMPILES, c->compiled ? CHECK_OK : CHECK_FAIL, "compiles");
    if (c->compiled) {
        it->actual = v->warnings ? xasprintf("with %d warning%s (shown above)", v->warnings,
                                             plural(v->warnings))
                                 : xstrdup("no warnings");
    } else {
        it->actual = xstrdup("the compiler reported errors (shown above)");
        it->hint = xstrdup("fix the first error first: the ones after it often follow from it");
    }

    const child_status *st = &c->shown_status;
    bool ran = c->compiled && c->runs > 0;
    it =
        add_item(v, CHECK_RUNS, ran ? (status_ok(st) ? CHECK_OK : CHECK_FAIL) : CHECK_SKIP, "runs");
    if (!ran) {
        it->note = xstrdup("not run: it did not compile");
    } else {
        char how[160];
        child_status_describe(st, c->timeout_s, how, sizeof how);
        v->run_s = (double)st->elapsed_ns / 1e9;
        if (st->timed_out)
            it->actual = xstrdup(how);
        else
            it->actual = xasprintf("%s in %.2f s", how, v->run_s);
        if (!status_ok(st))
            it->hint = run_hint(st, c->timeout_s);
        if (c->runs > 1)
            it->note = xasprintf("timing checks held in %d of %d runs", c->runs_passed, c->runs);
    }

    if (ran && c->shown) {
        add_rows(v, c->shown, true);
        build_diff(v, c->shown, (const char *const *)c->shown_lines.s, c->shown_lines.n);
    } else {
        expect_result *none = expect_match(c->ef, NULL, 0, true, &c->machine);
        if (none)
            add_rows(v, none, false);
        expect_result_free(none);
    }

    const char *const *obj = expect_objectives(c->ef);
    for (size_t i = 0; obj && obj[i]; i++) {
        check_mark m = !c->compiled ? CHECK_SKIP : c->objective_met[i] ? CHECK_OK : CHECK_FAIL;
        it = add_item(v, CHECK_OBJECTIVE, m, check_objective_label(obj[i]));
        if (m == CHECK_SKIP)
            it->note = xstrdup("not judged: nothing was built");
        else if (m == CHECK_FAIL)
            it->hint = xstrdup(objective_hint(obj[i]));
        else
            it->actual = xstrdup("seen in the object code");
    }

    for (size_t i = 0; i < v->nitems; i++) {
        if (v->items[i].mark == CHECK_OK)
            v->checks_passed++;
        else if (v->items[i].mark == CHECK_FAIL)
            v->checks_failed++;
        if (v->items[i].mark != CHECK_INFO)
            v->checks_total++;
    }
    /* With re-runs, the shown run is a passing one when any passed. */
    v->passed = c->compiled && c->shown_passed && v->checks_failed == 0;

    v->out_lines = c->shown_lines.s;
    v->nout = c->shown_lines.n;
    c->shown_lines = (strlist){0};
    v->err_text = c->shown_err ? c->shown_err : xstrdup("");
    v->err_cut = c->shown_err_cut;
    c->shown_err = NULL;
    return v;
}

static void check_free(check *c)
{
    if (c->binary)
        unlink(c->binary);
    free(c->source);
    free(c->display);
    free(c->binary);
    free(c->build_dir);
    free(c->include_dir);
    expect_free(c->ef);
    strlist_clear(&c->build);
    strlist_clear(&c->nm);
    strlist_clear(&c->lines);
    strlist_clear(&c->shown_lines);
    free(c->err);
    free(c->shown_err);
    free(c->objective_met);
    expect_result_free(c->shown);
    free(c);
}

static void finish(check *c, const char *error)
{
    check_verdict *v;
    if (error) {
        v = xcalloc(1, sizeof *v);
        v->source = xstrdup(c->display);
        v->error = xstrdup(error);
        v->build_log = xstrdup("");
        v->err_text = xstrdup("");
    } else {
        v = make_verdict(c);
    }
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
        strlist_add(&c->build, line, len);
        check_strip_color(c->build.s[c->build.n - 1]);
    } else if (c->step == STEP_NM) {
        if (s == CHILD_STDOUT)
            strlist_add(&c->nm, line, len);
    } else if (s == CHILD_STDOUT) {
        strlist_add(&c->lines, line, len);
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

static int spawn(check *c, const char *const *argv, const char *cwd, double timeout_s, bool limits)
{
    child_options o = {
        .argv = argv,
        .cwd = cwd,
        .use_pty = false,
        .timeout_s = timeout_s,
        .output_cap = limits ? CHECK_OUTPUT_CAP : 0,
        .mem_limit = limits ? CHECK_MEM_LIMIT : 0,
        .file_limit = limits ? CHECK_FILE_LIMIT : 0,
        .no_core = true,
        .on_line = on_line,
        .on_exit = on_exit_cb,
        .ctx = c,
    };
    return child_start(c->loop, &o, &c->running);
}

static void start_run(check *c)
{
    c->step = STEP_RUN;
    strlist_clear(&c->lines);
    free(c->err);
    c->err = NULL;
    c->err_len = 0;
    c->err_cut = false;
    const char *argv[] = {c->binary, NULL};
    int r = spawn(c, argv, c->build_dir, c->timeout_s, true);
    if (r < 0) {
        char *msg = xasprintf("cannot start %s: %s", c->binary, uv_strerror(r));
        finish(c, msg);
        free(msg);
    }
}

static void start_nm(check *c)
{
    c->step = STEP_NM;
    const char *argv[] = {"nm", "-u", c->binary, NULL};
    int r = spawn(c, argv, NULL, 30, false);
    if (r < 0) {
        char *msg =
            xasprintf("cannot run nm (binutils) to judge the objectives: %s", uv_strerror(r));
        finish(c, msg);
        free(msg);
    }
}

static void after_compile(check *c, const child_status *st)
{
    if (st->spawn_failed) {
        char *msg = xasprintf("cannot run the C compiler (cc): %s; install gcc (make deps)",
                              uv_strerror(st->spawn_error));
        finish(c, msg);
        free(msg);
        return;
    }
    c->compiled = status_ok(st) && access(c->binary, X_OK) == 0;
    if (!c->compiled) {
        if (st->timed_out) {
            char *m = xasprintf("the compiler did not finish in %g s", CHECK_COMPILE_TIMEOUT);
            strlist_add(&c->build, m, strlen(m));
            free(m);
        }
        finish(c, NULL);
        return;
    }
    const char *const *obj = expect_objectives(c->ef);
    if (obj && obj[0])
        start_nm(c);
    else
        start_run(c);
}

static void after_nm(check *c, const child_status *st)
{
    if (st->spawn_failed || st->exit_code != 0) {
        finish(c, "cannot run nm (binutils) to judge the objectives; install binutils "
                  "(make deps)");
        return;
    }
    const char *const *obj = expect_objectives(c->ef);
    for (size_t i = 0; obj[i]; i++)
        c->objective_met[i] =
            check_objective_met(obj[i], (const char *const *)c->nm.s, c->nm.n) == 1;
    start_run(c);
}

static bool objectives_met(const check *c)
{
    const char *const *obj = expect_objectives(c->ef);
    for (size_t i = 0; obj && obj[i]; i++)
        if (!c->objective_met[i])
            return false;
    return true;
}

/* Keeps this run as the one the verdict shows. */
static void keep_run(check *c, expect_result *r, const child_status *st, bool passed)
{
    expect_result_free(c->shown);
    c->shown = r;
    strlist_clear(&c->shown_lines);
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
        finish(c, msg);
        free(msg);
        return;
    }
    expect_result *r =
        expect_match(c->ef, (const char *const *)c->lines.s, c->lines.n, true, &c->machine);
    if (!r) {
        finish(c, "out of memory");
        return;
    }
    bool passed = status_ok(st) && r->passed;
    /* Only timing failed (and the objectives, which no re-run changes, were met). */
    bool timing_only = !passed && status_ok(st) && r->failed > 0 && r->failed == r->timing_failed &&
                       objectives_met(c);
    c->runs++;
    if (passed)
        c->runs_passed++;
    if (c->runs == 1 || (passed && !c->shown_passed))
        keep_run(c, r, st, passed);
    else
        expect_result_free(r);

    /* Timing alone failed: the machine may have been busy; try again. A wrong value,
       a crash or a hang is never re-run. */
    if (c->runs == 1 && timing_only)
        c->retrying = true;
    if (c->retrying && c->runs < c->max_runs) {
        start_run(c);
        return;
    }
    finish(c, NULL);
}

static void on_exit_cb(void *ctx, const child_status *st)
{
    check *c = ctx;
    c->running = NULL;
    if (c->cancelled) {
        finish(c, "cancelled");
        return;
    }
    switch (c->step) {
    case STEP_COMPILE:
        after_compile(c, st);
        break;
    case STEP_NM:
        after_nm(c, st);
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

int check_start(uv_loop_t *loop, const check_options *o, check_done_fn done, void *ctx, check **out,
                char *err, size_t errlen)
{
    char *text;
    size_t len;
    int r = util_read_file(o->expect_path, 1 << 20, &text, &len);
    if (r < 0) {
        snprintf(err, errlen, "%s: %s", o->expect_path, strerror(-r));
        return r;
    }
    expect_file *ef;
    r = expect_parse(text, len, o->expect_path, &ef, err, errlen);
    free(text);
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
    c->timeout_s = o->timeout_s > 0 ? o->timeout_s : expect_timeout(ef, CHECK_DEFAULT_TIMEOUT);
    c->max_runs = o->max_runs > 0 ? o->max_runs : 3;
    size_t nobj = 0;
    for (const char *const *obj = expect_objectives(ef); obj && obj[nobj];)
        nobj++;
    c->objective_met = xcalloc(nobj + 1, sizeof *c->objective_met);

    c->build_dir = usable_build_dir(o->build_dir);
    if (!c->build_dir) {
        snprintf(err, errlen, "cannot create a folder to build in (%s)",
                 o->build_dir ? o->build_dir : "/tmp");
        check_free(c);
        return -EACCES;
    }
    /* A name of its own, so that checks running at once never share a binary. */
    static unsigned seq;
    const char *base = strrchr(o->source, '/');
    base = base ? base + 1 : o->source;
    size_t stem = strlen(base);
    if (stem > 2 && strcmp(base + stem - 2, ".c") == 0)
        stem -= 2;
    c->binary = xasprintf("%s/%.*s-%ld-%u", c->build_dir, (int)stem, base, (long)getpid(), seq++);
    c->include_dir = o->include_dir ? xstrdup(o->include_dir) : NULL;

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
    r = spawn(c, argv, NULL, CHECK_COMPILE_TIMEOUT, false);
    free(flags);
    free(inc);
    if (r < 0) {
        snprintf(err, errlen, "cannot run the C compiler (cc): %s; install gcc (make deps)",
                 uv_strerror(r));
        check_free(c);
        return r;
    }
    *out = c;
    return 0;
}

void check_cancel(check *c)
{
    c->cancelled = true;
    if (c->running)
        child_cancel(c->running);
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
        v = xcalloc(1, sizeof *v);
        v->source = display_path(o->source);
        v->error = xstrdup(err);
        v->build_log = xstrdup("");
        v->err_text = xstrdup("");
        uv_loop_close(&loop);
        return v;
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return v;
}

void check_verdict_free(check_verdict *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nitems; i++) {
        free(v->items[i].label);
        free(v->items[i].actual);
        free(v->items[i].expected);
        free(v->items[i].hint);
        free(v->items[i].note);
    }
    free(v->items);
    for (size_t i = 0; i < v->nout; i++)
        free(v->out_lines[i]);
    free(v->out_lines);
    for (size_t i = 0; i < v->ndiff; i++)
        free(v->diff[i].text);
    free(v->diff);
    free(v->source);
    free(v->error);
    free(v->build_log);
    free(v->err_text);
    free(v);
}
