/*
 * Reading ThreadSanitizer's reports (see race_report.h). The format, as LLVM 14 writes it:
 *
 *   WARNING: ThreadSanitizer: data race (pid=6577)
 *     Read of size 4 at 0x557a17eb1258 by thread T1:
 *       #0 .omp_outlined._debug__ /tmp/x/collatz.c:24:17 (collatz+0xd02f3) (BuildId: ...)
 *       #1 __kmp_invoke_microtask <null> (libomp.so.5+0xd55a2)
 *     Previous write of size 4 at 0x557a17eb1258 by main thread (mutexes: write M0):
 *       #0 ...
 *     Location is global 'best' of size 4 at 0x557a17eb1258 (collatz+0x1476258)
 *     Thread T1 (tid=6579, running) created by main thread at:
 *       #0 pthread_create <null> (collatz+0x513dd)
 *       #1 <null> <null> (libomp.so.5+0xaee17)
 *   SUMMARY: ThreadSanitizer: data race /tmp/x/collatz.c:24:17 in .omp_outlined._debug__
 *
 * Other locations read "heap block of size N at ADDR allocated by main thread:" (then a
 * stack), "stack of thread T1.", "TLS of main thread.". Anything else in a report (mutexes,
 * "As if synchronized via sleep:") is skipped with its stack.
 */
#include "race_report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define RACE_MAX_THREADS 64

enum section { SEC_NONE, SEC_ACCESS, SEC_HEAP, SEC_THREAD, SEC_OTHER };

/* What one report's thread blocks said, resolved into its accesses at its end. */
struct parse {
    race_log *log;
    race_report *cur;
    const char *source_base;
    enum section sec;
    int access;     /* the access whose stack is being read */
    int frames;     /* frames read in the current section */
    int thread_tid; /* the thread block being read */
    int tids[RACE_MAX_THREADS];
    race_thread whos[RACE_MAX_THREADS];
    int nthreads;
};

static const char *base_name(const char *path, size_t *len)
{
    const char *b = path;
    for (size_t i = 0; i < *len; i++)
        if (path[i] == '/')
            b = path + i + 1;
    *len -= (size_t)(b - path);
    return b;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "main thread" → 0, "thread T12" → 12, else -1; *end after it. */
static int parse_thread(const char *s, const char **end)
{
    if (starts(s, "main thread")) {
        *end = s + 11;
        return 0;
    }
    if (starts(s, "thread T") && isdigit((unsigned char)s[8])) {
        char *e;
        long t = strtol(s + 8, &e, 10);
        *end = e;
        return (int)t;
    }
    *end = s;
    return -1;
}

/* One frame: "#3 FUNC FILE:LINE:COL (MODULE+0x...) ..." or "#1 FUNC <null> (MODULE+...)". */
struct frame {
    char func[128];
    bool student;
    int line, column;
    bool openmp, libuv;
};

static bool parse_frame(const struct parse *p, const char *s, struct frame *f)
{
    *f = (struct frame){0};
    if (s[0] != '#' || !isdigit((unsigned char)s[1]))
        return false;
    s = strchr(s, ' ');
    if (!s)
        return false;
    s++;
    size_t n = strcspn(s, " ");
    snprintf(f->func, sizeof f->func, "%.*s", (int)n, s);
    s += n;
    while (*s == ' ')
        s++;
    /* The file runs up to " (" (the module), or to the end. */
    const char *mod = strstr(s, " (");
    size_t flen = mod ? (size_t)(mod - s) : strlen(s);
    if (flen > 0 && !starts(s, "<null>")) {
        /* Up to two ":digits" at the end are the line and the column. */
        int nums[2] = {0, 0}, k = 0;
        size_t end = flen;
        while (k < 2) {
            size_t d = end;
            while (d > 0 && isdigit((unsigned char)s[d - 1]))
                d--;
            if (d == end || d == 0 || s[d - 1] != ':')
                break;
            nums[k++] = atoi(s + d);
            end = d - 1;
        }
        f->line = k == 2 ? nums[1] : k == 1 ? nums[0] : 0;
        f->column = k == 2 ? nums[0] : 0;
        size_t blen = end;
        const char *b = base_name(s, &blen);
        f->student = blen == strlen(p->source_base) && memcmp(b, p->source_base, blen) == 0;
    }
    const char *m = mod ? mod + 2 : "";
    f->openmp = starts(f->func, ".omp_outlined") || starts(f->func, "__kmp") ||
                starts(m, "libomp") || starts(m, "libgomp") || starts(m, "libiomp");
    f->libuv = starts(f->func, "uv_") || starts(m, "libuv");
    return true;
}

static void end_report(struct parse *p)
{
    race_report *r = p->cur;
    if (!r)
        return;
    for (int i = 0; i < r->naccess; i++) {
        race_access *a = &r->access[i];
        if (a->tid == 0)
            a->who = RACE_THREAD_MAIN;
        for (int t = 0; t < p->nthreads; t++)
            if (a->tid > 0 && p->tids[t] == a->tid)
                a->who = p->whos[t];
    }
    p->cur = NULL;
    p->sec = SEC_NONE;
    p->nthreads = 0;
}

static void start_report(struct parse *p, const char *kind, size_t n)
{
    end_report(p);
    race_log *l = p->log;
    l->reports = xrealloc(l->reports, (l->n + 1) * sizeof *l->reports);
    p->cur = &l->reports[l->n++];
    *p->cur = (race_report){.kind = xstrndup(kind, n)};
}

/* "Read of size 4 at 0x... by thread T1:", "Previous atomic write of size 8 ...". */
static bool parse_access_header(struct parse *p, const char *s)
{
    race_report *r = p->cur;
    const char *w = s;
    if (starts(w, "Previous "))
        w += 9;
    bool atomic = starts(w, "Atomic ") || starts(w, "atomic ");
    if (atomic)
        w += 7;
    bool write;
    if (starts(w, "Read of size ") || starts(w, "read of size "))
        write = false;
    else if (starts(w, "Write of size ") || starts(w, "write of size "))
        write = true;
    else
        return false;
    const char *by = strstr(w, " by ");
    if (!by || r->naccess >= 2)
        return by != NULL;
    const char *end;
    race_access *a = &r->access[r->naccess];
    *a = (race_access){.write = write, .atomic = atomic, .tid = parse_thread(by + 4, &end)};
    p->access = r->naccess++;
    p->sec = SEC_ACCESS;
    return true;
}

static void parse_location(struct parse *p, const char *s)
{
    race_report *r = p->cur;
    p->sec = SEC_OTHER;
    if (starts(s, "global '?"
                  "?'")) {
        /* A local variable shared into an OpenMP region is reported twice: "stack of main
           thread", then "global '??' at ... ([stack]+...)", a symbol the symbolizer could not
           name. The stack is what it is; its name comes from the access's source column. */
        if (r->memory == RACE_MEMORY_UNKNOWN && strstr(s, "[stack]"))
            r->memory = RACE_MEMORY_STACK;
    } else if (starts(s, "global '")) {
        r->memory = RACE_MEMORY_GLOBAL;
        size_t n = strcspn(s + 8, "'");
        free(r->global);
        r->global = xstrndup(s + 8, n);
    } else if (starts(s, "heap block")) {
        r->memory = RACE_MEMORY_HEAP;
        p->sec = SEC_HEAP;
    } else if (starts(s, "stack of")) {
        r->memory = RACE_MEMORY_STACK;
    } else if (starts(s, "TLS of")) {
        r->memory = RACE_MEMORY_TLS;
    }
}

/* "Thread T5 (tid=8188, running) created by thread T1 at:"; also "Thread T5 'name' (...". */
static void parse_thread_block(struct parse *p, const char *s)
{
    p->sec = SEC_OTHER;
    if (!starts(s, "Thread T"))
        return;
    char *e;
    long t = strtol(s + 8, &e, 10);
    if (e == s + 8 || p->nthreads >= RACE_MAX_THREADS)
        return;
    p->tids[p->nthreads] = (int)t;
    p->whos[p->nthreads] = RACE_THREAD_UNKNOWN;
    p->thread_tid = p->nthreads++;
    p->sec = SEC_THREAD;
}

static void on_frame(struct parse *p, const struct frame *f)
{
    race_report *r = p->cur;
    int index = p->frames++;
    if (f->student && f->line > 0 && r->first_line == 0)
        r->first_line = f->line;
    switch (p->sec) {
    case SEC_ACCESS: {
        race_access *a = &r->access[p->access];
        a->in_openmp |= f->openmp;
        if (f->student && f->line > 0 && a->line == 0) {
            a->line = f->line;
            a->column = f->column;
            free(a->func);
            a->func = xstrdup(f->func);
        }
        break;
    }
    case SEC_HEAP:
        if (f->student && f->line > 0 && r->alloc_line == 0)
            r->alloc_line = f->line;
        break;
    case SEC_THREAD:
        /* The frame after pthread_create says who started the thread. */
        if (index == 1 || (index > 1 && p->whos[p->thread_tid] == RACE_THREAD_UNKNOWN)) {
            race_thread *w = &p->whos[p->thread_tid];
            *w = f->openmp    ? RACE_THREAD_TEAM
                 : f->libuv   ? RACE_THREAD_POOL
                 : f->student ? RACE_THREAD_OWN
                              : RACE_THREAD_UNKNOWN;
        }
        break;
    default:
        break;
    }
}

static void parse_line(struct parse *p, const char *s, size_t n)
{
    char buf[1024];
    while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
        n--;
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    snprintf(buf, sizeof buf, "%.*s", (int)(n - i), s + i);
    const char *t = buf;

    const char *w = strstr(t, "ThreadSanitizer: ");
    if ((starts(t, "FATAL: ThreadSanitizer") || (w && starts(w + 17, "CHECK failed"))) &&
        !p->log->fatal) {
        p->log->fatal = xstrdup(t);
        return;
    }
    if (starts(t, "WARNING: ThreadSanitizer: ")) {
        const char *k = t + 26;
        const char *pid = strstr(k, " (pid=");
        start_report(p, k, pid ? (size_t)(pid - k) : strlen(k));
        return;
    }
    if (!p->cur)
        return;
    if (starts(t, "SUMMARY: ") || starts(t, "=====")) {
        end_report(p);
        return;
    }
    if (t[0] == '#') {
        struct frame f;
        if (parse_frame(p, t, &f))
            on_frame(p, &f);
        return;
    }
    if (!t[0])
        return;
    p->frames = 0;
    if (parse_access_header(p, t))
        return;
    if (starts(t, "Location is "))
        parse_location(p, t + 12);
    else if (starts(t, "Thread T"))
        parse_thread_block(p, t);
    else
        p->sec = SEC_OTHER;
}

race_log *race_log_parse(const char *text, size_t len, const char *source)
{
    race_log *l = xcalloc(1, sizeof *l);
    size_t blen = strlen(source);
    const char *b = base_name(source, &blen);
    char *base = xstrndup(b, blen);
    struct parse p = {.log = l, .source_base = base};
    for (size_t off = 0; off < len;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - text) : len;
        parse_line(&p, text + off, end - off);
        off = end + 1;
    }
    end_report(&p);
    free(base);
    return l;
}

void race_log_free(race_log *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->reports[i].kind);
        free(l->reports[i].global);
        for (int k = 0; k < 2; k++)
            free(l->reports[i].access[k].func);
    }
    free(l->reports);
    free(l->fatal);
    free(l);
}

size_t race_log_races(const race_log *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += starts(l->reports[i].kind, "data race");
    return n;
}
