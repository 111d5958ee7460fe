/*
 * ThreadSanitizer's reports in a student's words (see race_report.h): one sentence per
 * variable that raced, and the fix that fits the threads involved (an OpenMP team, a
 * libuv pool thread against the loop, the program's own pthreads).
 */
#include "race_report.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Variables named in the verdict; the rest are counted. */
#define RACE_SHOWN 3
#define RACE_SITES 4

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* From an identifier at s[i]: the identifier and any ".x", "->x", "[...]" after it. */
static size_t chain_forward(const char *s, size_t n, size_t i)
{
    while (i < n && ident_char(s[i]))
        i++;
    for (;;) {
        size_t k = i;
        if (k < n && s[k] == '.')
            k++;
        else if (k + 1 < n && s[k] == '-' && s[k + 1] == '>')
            k += 2;
        else if (k < n && s[k] == '[') {
            int depth = 0;
            for (; k < n; k++) {
                depth += s[k] == '[' ? 1 : s[k] == ']' ? -1 : 0;
                if (depth == 0)
                    break;
            }
            if (k == n)
                return i;
            i = k + 1;
            continue;
        } else
            return i;
        if (k >= n || !(isalpha((unsigned char)s[k]) || s[k] == '_'))
            return i;
        i = k;
        while (i < n && ident_char(s[i]))
            i++;
    }
}

/* Back from s[end]: the lvalue that ends there ("c->hits", "a[i].x", "total"). */
static size_t chain_backward(const char *s, size_t end)
{
    size_t i = end;
    for (;;) {
        if (i > 0 && s[i - 1] == ']') {
            int depth = 0;
            size_t k = i;
            while (k > 0) {
                k--;
                depth += s[k] == ']' ? 1 : s[k] == '[' ? -1 : 0;
                if (depth == 0)
                    break;
            }
            if (depth != 0)
                return i;
            i = k;
        }
        size_t k = i;
        while (k > 0 && ident_char(s[k - 1]))
            k--;
        if (k == i || isdigit((unsigned char)s[k]))
            return i == end ? end : i;
        i = k;
        if (i > 0 && s[i - 1] == '.')
            i--;
        else if (i > 1 && s[i - 1] == '>' && s[i - 2] == '-')
            i -= 2;
        else
            return i;
    }
}

void race_name_at(const char *line, int column, char *out, size_t outlen)
{
    if (outlen)
        out[0] = '\0';
    if (!line || column < 1 || outlen == 0)
        return;
    size_t n = strlen(line), i = (size_t)column - 1, start, end;
    if (i >= n)
        return;
    if ((isalpha((unsigned char)line[i]) || line[i] == '_') &&
        (i == 0 || !ident_char(line[i - 1]))) {
        start = i;
        end = chain_forward(line, n, i);
    } else {
        end = i;
        while (end > 0 && line[end - 1] == ' ')
            end--;
        start = chain_backward(line, end);
        /* A chain cannot start or end with its punctuation. */
        while (start < end && !(isalpha((unsigned char)line[start]) || line[start] == '_'))
            start++;
    }
    if (start < end)
        snprintf(out, outlen, "%.*s", (int)(end - start), line + start);
}

/* What one variable's races add up to. */
struct group {
    char key[160]; /* how it is named in the sentence */
    int writes[RACE_SITES], nwrites;
    int reads[RACE_SITES], nreads;
    bool read;     /* some access read it (even where no line of the student's is known) */
    unsigned whos; /* 1 << race_thread, of every access */
    int accesses;  /* accesses by a known kind of thread */
};

static void add_site(int *sites, int *n, int line)
{
    for (int i = 0; i < *n; i++)
        if (sites[i] == line)
            return;
    if (*n < RACE_SITES && line > 0)
        sites[(*n)++] = line;
}

/* How a report's memory is named: `best`, `c->hits`, "a local variable". */
static void name_memory(const race_report *r, const char *name, const char *const *lines,
                        size_t nlines, char *out, size_t len)
{
    if (r->memory == RACE_MEMORY_GLOBAL && r->global) {
        snprintf(out, len, "`%s`", r->global);
        return;
    }
    char expr[120] = "";
    for (int k = 0; k < r->naccess && !expr[0]; k++) {
        const race_access *a = &r->access[k];
        if (lines && a->line > 0 && (size_t)a->line <= nlines)
            race_name_at(lines[a->line - 1], a->column, expr, sizeof expr);
    }
    if (expr[0])
        snprintf(out, len, "`%s`", expr);
    else if (r->memory == RACE_MEMORY_HEAP && r->alloc_line > 0)
        snprintf(out, len, "the memory allocated at %s:%d", name, r->alloc_line);
    else if (r->memory == RACE_MEMORY_HEAP)
        snprintf(out, len, "memory on the heap");
    else if (r->memory == RACE_MEMORY_STACK)
        snprintf(out, len, "a local variable");
    else if (r->memory == RACE_MEMORY_TLS)
        snprintf(out, len, "thread-local data");
    else
        snprintf(out, len, "the same memory");
}

/* Appends to a growing string. */
static void cat(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cat(char **s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *add;
    if (vasprintf(&add, fmt, ap) < 0)
        add = NULL;
    va_end(ap);
    if (!add)
        return;
    char *old = *s;
    *s = xasprintf("%s%s", old ? old : "", add);
    free(old);
    free(add);
}

static void cat_sites(char **s, const char *name, const int *sites, int n)
{
    if (n == 0)
        return;
    cat(s, " at");
    for (int i = 0; i < n; i++)
        cat(s, "%s %s:%d", i == 0 ? "" : i == n - 1 ? " and" : ",", name, sites[i]);
}

/* "the main thread and an OpenMP thread", "two OpenMP threads". */
static void cat_threads(char **s, unsigned whos)
{
    static const char *const one[] = {"another thread", "the main thread", "an OpenMP thread",
                                      "a libuv pool thread", "a thread of yours"};
    static const char *const two[] = {"two threads", "the main thread", "two OpenMP threads",
                                      "two libuv pool threads", "two of your threads"};
    /* The known kinds first, in the enum's order; "another thread" last. */
    static const race_thread order[] = {RACE_THREAD_MAIN, RACE_THREAD_TEAM, RACE_THREAD_POOL,
                                        RACE_THREAD_OWN, RACE_THREAD_UNKNOWN};
    int kinds = 0, done = 0;
    race_thread last = RACE_THREAD_UNKNOWN;
    for (size_t i = 0; i < 5; i++)
        if (whos & (1u << order[i])) {
            kinds++;
            last = order[i];
        }
    if (kinds <= 1) {
        cat(s, " by %s", two[last]);
        return;
    }
    for (size_t i = 0; i < 5; i++)
        if (whos & (1u << order[i])) {
            done++;
            cat(s, "%s %s", done == 1 ? " by" : done == kinds ? " and" : ",", one[order[i]]);
        }
}

static const char *other_fix(const char *kind)
{
    if (strncmp(kind, "thread leak", 11) == 0)
        return "join every thread you start (pthread_join) before main returns";
    if (strncmp(kind, "lock-order-inversion", 20) == 0)
        return "two threads take the same mutexes in opposite orders and can wait for each "
               "other forever: take them in one order everywhere";
    if (strstr(kind, "mutex"))
        return "lock and unlock each mutex on the same thread, once each";
    return "build it with clang -fsanitize=thread -g and run it to read ThreadSanitizer's "
           "whole report";
}

void race_log_describe(const race_log *l, const char *name, const char *const *lines, size_t nlines,
                       char **what, char **fix)
{
    *what = NULL;
    *fix = NULL;
    struct group *g = xcalloc(l->n + 1, sizeof *g);
    size_t ng = 0;
    bool openmp = false, pool = false, own = false;
    const race_report *other = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const race_report *r = &l->reports[i];
        if (strncmp(r->kind, "data race", 9) != 0) {
            if (!other)
                other = r;
            continue;
        }
        char key[160];
        name_memory(r, name, lines, nlines, key, sizeof key);
        size_t k = 0;
        while (k < ng && strcmp(g[k].key, key) != 0)
            k++;
        if (k == ng)
            snprintf(g[ng++].key, sizeof g[k].key, "%s", key);
        /* A race inside a parallel region is OpenMP's business, even when the thread
           that started the region is a pool thread or one of the program's. */
        bool in_region = false, by_pool = false, by_own = false;
        for (int a = 0; a < r->naccess; a++) {
            const race_access *x = &r->access[a];
            if (x->write)
                add_site(g[k].writes, &g[k].nwrites, x->line);
            else
                add_site(g[k].reads, &g[k].nreads, x->line);
            g[k].read |= !x->write;
            g[k].whos |= 1u << x->who;
            in_region |= x->in_openmp || x->who == RACE_THREAD_TEAM;
            by_pool |= x->who == RACE_THREAD_POOL;
            by_own |= x->who == RACE_THREAD_OWN;
        }
        openmp |= in_region;
        pool |= by_pool && !in_region;
        own |= by_own && !in_region;
    }

    for (size_t k = 0; k < ng && k < RACE_SHOWN; k++) {
        struct group *x = &g[k];
        cat(what, "%s%s is written", k ? "; " : "", x->key);
        cat_sites(what, name, x->writes, x->nwrites);
        if (x->read) {
            cat(what, " and read");
            cat_sites(what, name, x->reads, x->nreads);
        }
        cat_threads(what, x->whos);
        cat(what, "%s", x->read ? " with nothing ordering them" : " at once");
    }
    if (ng > RACE_SHOWN)
        cat(what, "; and %zu more", ng - RACE_SHOWN);
    if (ng)
        cat(what, ": the result depends on timing");
    if (other) {
        cat(what, "%sThreadSanitizer reports a %s", ng ? "; " : "", other->kind);
        if (other->first_line > 0)
            cat(what, " at %s:%d", name, other->first_line);
    }

    if (ng) {
        cat(fix, "a right answer from such a program is luck; ");
        const char *sep = "";
        if (openmp) {
            cat(fix, "in a parallel region give each thread its own copy: an OpenMP reduction "
                     "(`reduction(+: sum)`, `reduction(max: key)`), or a best per thread merged "
                     "one at a time in `#pragma omp critical`; `#pragma omp atomic` makes one "
                     "update safe");
            sep = "; ";
        }
        if (pool) {
            cat(fix,
                "%sa work callback's results belong to the loop only in its after-work "
                "callback, which runs once the work has finished (or guard them with a "
                "uv_mutex_t)",
                sep);
            sep = "; ";
        }
        if (own || (!openmp && !pool))
            cat(fix,
                "%sguard it with a mutex (pthread_mutex_t), make it atomic "
                "(<stdatomic.h>), or give each thread its own and combine them after "
                "pthread_join",
                sep);
    } else if (other) {
        cat(fix, "%s", other_fix(other->kind));
    }
    free(g);
}
