/*
 * The words a verdict is told in (words.h).
 */
#include "words.h"

#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "util.h"

const char *words_compare(int op)
{
    static const char *const words[] = {"less than", "at most", "more than",
                                        "at least",  "exactly", "not"};
    return op >= 0 && op < (int)(sizeof words / sizeof words[0]) ? words[op] : "";
}

const char *words_capture_kind(int cap_type)
{
    static const char *const words[] = {"time", "number", "number", "word", "text"};
    return cap_type >= 0 && cap_type < (int)(sizeof words / sizeof words[0]) ? words[cap_type]
                                                                             : "value";
}

const char *words_computed(bool from_run)
{
    return from_run ? "a value computed from what the run did" : "a value computed from the output";
}

void words_capture(char *buf, size_t n, int cap_type, const char *pattern)
{
    snprintf(buf, n, "the %s in \"%s\"", words_capture_kind(cap_type), pattern);
}

void words_count(char *buf, size_t n, const char *pattern)
{
    snprintf(buf, n, "how many lines \"%s\" took", pattern);
}

void words_exactly(char *buf, size_t n, const char *value)
{
    snprintf(buf, n, "exactly %s", value);
}

void words_between(char *buf, size_t n, const char *lo, const char *hi)
{
    snprintf(buf, n, "between %s and %s", lo, hi);
}

/* The indices of words_compare's operators that a range's ends use. */
enum { CMP_LT, CMP_LE, CMP_GT, CMP_GE };

void words_compared(char *buf, size_t n, int op, const char *value)
{
    snprintf(buf, n, "%s %s", words_compare(op), value);
}

void words_range(char *buf, size_t n, bool lo_closed, const char *lo, bool hi_closed,
                 const char *hi)
{
    snprintf(buf, n, "%s %s and %s %s", words_compare(lo_closed ? CMP_GE : CMP_GT), lo,
             words_compare(hi_closed ? CMP_LE : CMP_LT), hi);
}

void words_word(char *buf, size_t n, bool negated, const char *word)
{
    snprintf(buf, n, "%s\"%s\"", negated ? "not " : "", word);
}

void words_condition(char *buf, size_t n, const char *subject, const char *bound)
{
    snprintf(buf, n, "%s: %s", subject, bound);
}

char *words_environment(const char *ignored, const char *kept)
{
    if (ignored && kept)
        return xasprintf("the run ignored %s from your environment (the checker decides them) "
                         "and kept %s",
                         ignored, kept);
    if (ignored)
        return xasprintf("the run ignored %s from your environment (the checker decides them)",
                         ignored);
    if (kept)
        return xasprintf("the run kept %s from your environment", kept);
    return NULL;
}

/* The one switch for raw rules: a process shows them everywhere or nowhere. */
static bool show_rules;

void words_set_rules(bool on)
{
    show_rules = on;
}

bool words_rules(void)
{
    return show_rules;
}

/* The checker's own sentences. */

static const char *plural(long n)
{
    return n == 1 ? "" : "s";
}

const char *words_not_judged(expect_status st)
{
    switch (st) {
    case EXPECT_NOT_GRADABLE:
        return "not gradable on this machine";
    case EXPECT_PENDING:
        return "pending: the run has not ended";
    default:
        return WORDS_NOT_RUN;
    }
}

char *words_warnings(int warnings)
{
    return warnings ? xasprintf("with %d warning%s (shown above)", warnings, plural(warnings))
                    : xstrdup("no warnings");
}

char *words_more_lines(size_t n)
{
    return xasprintf("%zu more line%s", n, plural((long)n));
}

char *words_timing_runs(int held, int runs)
{
    return xasprintf("timing held in %d of %d runs", held, runs);
}

void words_exit(const child_status *st, double timeout_s, char *buf, size_t len)
{
    if (!buf || len == 0)
        return;
    if (st->spawn_failed) {
        snprintf(buf, len, "could not start: %s (is the program built?)",
                 uv_strerror(st->spawn_error));
    } else if (st->cancelled) {
        snprintf(buf, len, "cancelled");
    } else if (st->timed_out) {
        snprintf(buf, len, "timed out after %g s", timeout_s);
    } else if (st->output_capped) {
        snprintf(buf, len, "output cut at %zu bytes", st->output_bytes);
    } else if (st->procs_capped) {
        snprintf(buf, len, "stopped at its process limit: %u processes and threads at once",
                 st->peak_tasks);
    } else if (st->memory_capped) {
        snprintf(buf, len, "stopped at its memory limit: more than %" PRIu64 " MiB in use",
                 st->rss_limit >> 20);
    } else if (st->term_signal == SIGXFSZ && st->file_limit) {
        snprintf(buf, len, "stopped at its file size limit: a file grew past %" PRIu64 " MiB",
                 st->file_limit >> 20);
    } else if (st->term_signal) {
        const char *abbrev = sigabbrev_np(st->term_signal);
        const char *what = strsignal(st->term_signal);
        char lower[64];

        snprintf(lower, sizeof lower, "%s", what ? what : "unknown signal");
        /* "Segmentation fault" reads better inside a sentence as "segmentation fault". */
        if (lower[0] >= 'A' && lower[0] <= 'Z' && !(lower[1] >= 'A' && lower[1] <= 'Z'))
            lower[0] = (char)(lower[0] - 'A' + 'a');
        if (abbrev)
            snprintf(buf, len, "killed by SIG%s (%s)", abbrev, lower);
        else
            snprintf(buf, len, "killed by signal %d (%s)", st->term_signal, lower);
    } else {
        snprintf(buf, len, "exited with status %d", st->exit_code);
    }
}

char *words_run_hint(const child_status *st, double timeout_s, unsigned output_cap,
                     const char *left_open)
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
                         output_cap);
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
    /* The observer saw why, when uv_loop_close failed: the program's own message about it
       is the consequence, not the cause. */
    if (left_open)
        return xasprintf("%s was left open: uv_close it before uv_loop_close, which fails with "
                         "UV_EBUSY while a handle is open",
                         left_open);
    return xstrdup("main() should return 0 when all went well");
}

char *words_section_label(const char *marker)
{
    return xasprintf("keeps \"%s\" as given", marker);
}

char *words_section_found(const char *marker, int line, unsigned long long digest,
                          unsigned long long want, char **hint)
{
    *hint = NULL;
    if (line > 0 && digest == want)
        return xasprintf("unchanged, from line %d to the end", line);
    if (line < 0)
        return xstrdup("the file could not be read");
    if (line == 0) {
        *hint = xasprintf("the section that starts with \"%s\" runs to the end of the "
                          "file and must stay as the exercise gives it: the checker grades "
                          "your program with it; put it back (git diff shows what changed, "
                          "and `workbook reset` restores the stub, keeping a backup of "
                          "yours)",
                          marker);
        return xstrdup("missing: no line holds its first line's text");
    }
    *hint = xasprintf("the section from line %d (\"%s\") to the end of the file was "
                      "changed; it must stay as the exercise gives it, because the "
                      "checker grades your program with it: put it back (git diff "
                      "shows what changed; spaces at the ends of lines do not count)",
                      line, marker);
    return xasprintf("changed (from line %d on; digest %016llx, not %016llx)", line, digest,
                     want);
}

void words_capture_missing(char *buf, size_t n, const char *capture, int line)
{
    snprintf(buf, n, "not run: '%s' (line %d) is missing", capture, line);
}

void words_needs(char *buf, size_t n, const char *needs, const char *machine)
{
    if (machine && *machine)
        snprintf(buf, n, "not gradable here: needs %s (this machine: %s)", needs, machine);
    else
        snprintf(buf, n, "not gradable here: needs %s", needs);
}

const char *words_verdict(bool passed)
{
    return passed ? "passed" : "not yet";
}

void words_checks(char *buf, size_t n, bool passed, int checks_passed, int checks_total,
                  int runs_passed, int runs)
{
    int k = snprintf(buf, n, "%d of %d checks%s", checks_passed, checks_total,
                     passed ? "" : " passed");
    if (runs > 1 && k >= 0 && (size_t)k < n) {
        char *timing = words_timing_runs(runs_passed, runs);
        snprintf(buf + k, n - (size_t)k, "; %s", timing);
        free(timing);
    }
}

char *words_exercise_title(int number, const char *slug)
{
    return xasprintf("exercise %d, %s", number, slug);
}

void words_files_passed(char *buf, size_t n, size_t passed, size_t total)
{
    snprintf(buf, n, "%zu of %zu passed", passed, total);
}
