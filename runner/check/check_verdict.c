/*
 * The verdict of a check: its items in order (compiles, runs, lines, relations,
 * objectives), the diff of the output, the counts. Built once the check has ended.
 */
#include "check.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "check_internal.h"
#include "runenv.h"
#include "toolchain.h"
#include "util.h"

#define CHECK_DIFF_MAX 30

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
            add_diff(v, '-', row->says);
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
            kind = row->objective ? CHECK_OBJECTIVE : CHECK_RELATION;
        else
            continue;
        if (kind == CHECK_EXTRA && ++extras > CHECK_EXTRA_ITEMS) {
            extras_failed += row->status == EXPECT_FAIL;
            continue;
        }
        check_item *it = add_item(v, kind, ran ? mark_of(row->status) : CHECK_SKIP,
                                  kind == CHECK_EXTRA ? "no line expects this output" : row->says);
        it->timing = row->timing;
        if (kind != CHECK_EXTRA)
            it->rule = xstrdup(row->label);
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

static char *run_hint(const child_status *st, double timeout_s)
{
    /* A fork or pthread_create refused at the process limit ends in an abort (libuv
       aborts when it cannot start its pool), an error or a hang: name the limit. */
    if (st->proc_limit && (st->procs_capped || st->peak_tasks >= CHILD_PROCS_REACHED(st->proc_limit)))
        return xasprintf("it had %u processes and threads at once, and the limit here is %u: a "
                         "fork or pthread_create in a loop?",
                         st->peak_tasks, st->proc_limit);
    if (st->timed_out)
        return xasprintf("it was still running after %g s: something never finishes (a loop "
                         "that does not end, a handle left open so uv_run never returns, or a "
                         "read from stdin, which is empty here)",
                         timeout_s);
    if (st->output_capped)
        return xasprintf("it printed more than %u bytes: a print inside a loop that never ends?",
                         CHECK_OUTPUT_CAP);
    if (st->memory_capped)
        return xasprintf("it had more than %llu MiB of memory in use at once, the limit here: "
                         "memory allocated in a loop and never freed?",
                         (unsigned long long)(st->rss_limit >> 20));
    if (st->term_signal == SIGXFSZ && st->file_limit)
        return xasprintf("it wrote a file larger than %llu MiB, the limit here: a write inside a "
                         "loop that never ends?",
                         (unsigned long long)(st->file_limit >> 20));
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

/* The `unchanged` sections: judged on the source, so shown before it runs. */
static void add_sections(check_verdict *v, const check *c)
{
    for (size_t i = 0; i < expect_unchanged_count(c->ef); i++) {
        uint64_t want;
        const char *marker = expect_unchanged(c->ef, i, &want);
        int line = c->section_line[i];
        bool same = line > 0 && c->section_digest[i] == want;
        char *label = xasprintf("keeps \"%s\" as given", marker);
        check_item *it = add_item(v, CHECK_UNCHANGED, same ? CHECK_OK : CHECK_FAIL, label);
        free(label);
        if (same) {
            it->actual = xasprintf("unchanged, from line %d to the end", line);
        } else if (line < 0) {
            it->actual = xstrdup("the file could not be read");
        } else if (line == 0) {
            it->actual = xstrdup("missing: no line holds its first line's text");
            it->hint = xasprintf("the section that starts with \"%s\" runs to the end of the "
                                 "file and must stay as the exercise gives it: the checker grades "
                                 "your program with it; put it back (git diff shows what changed, "
                                 "and `workbook reset` restores the stub, keeping a backup of "
                                 "yours)",
                                 marker);
        } else {
            it->actual =
                xasprintf("changed (from line %d on; digest %016llx, not %016llx)", line,
                          (unsigned long long)c->section_digest[i], (unsigned long long)want);
            it->hint = xasprintf("the section from line %d (\"%s\") to the end of the file was "
                                 "changed; it must stay as the exercise gives it, because the "
                                 "checker grades your program with it: put it back (git diff "
                                 "shows what changed; spaces at the ends of lines do not count)",
                                 line, marker);
        }
    }
}

/* Builds the verdict from what the check collected. */
check_verdict *check__make_verdict(check *c)
{
    check_verdict *v = xcalloc(1, sizeof *v);
    v->source = xstrdup(c->display);
    v->timeout_s = c->timeout_s;
    v->compiled = c->compiled;
    v->toolchain = toolchain_cached() ? toolchain_describe(toolchain_cached()) : NULL;
    v->environment = c->compiled && c->runs > 0 ? runenv_describe() : NULL;
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
        /* A missing library is not the student's mistake: say what to install. */
        const char *advice = NULL;
        for (size_t i = 0; i < c->build.n && !advice; i++)
            advice = advice_for_build_line(c->build.s[i]);
        it->hint = xstrdup(advice ? advice
                                  : "fix the first error first: the ones after it often follow "
                                    "from it");
    }

    add_sections(v, c);

    const child_status *st = &c->shown_status;
    bool ran = c->compiled && c->runs > 0;
    it = add_item(v, CHECK_RUNS, ran ? (check__status_ok(st) ? CHECK_OK : CHECK_FAIL) : CHECK_SKIP,
                  "runs");
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
        if (!check__status_ok(st))
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

    check_item race;
    if (check__race_item(c, &race)) {
        v->items = xrealloc(v->items, (v->nitems + 1) * sizeof *v->items);
        v->items[v->nitems++] = race;
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

check_verdict *check__error_verdict(char *source, const char *error)
{
    check_verdict *v = xcalloc(1, sizeof *v);
    v->source = source;
    v->error = xstrdup(error);
    v->build_log = xstrdup("");
    v->err_text = xstrdup("");
    return v;
}

void check_verdict_free(check_verdict *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nitems; i++) {
        free(v->items[i].label);
        free(v->items[i].rule);
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
    free(v->toolchain);
    free(v->environment);
    free(v->build_log);
    free(v->err_text);
    free(v->sandbox);
    free(v);
}
