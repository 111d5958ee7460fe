/*
 * Reading the observer's log (observe.h): events in, threads, spans and OpenMP regions out;
 * the facts are computed from them in facts_compute.c.
 */
#include "observe.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machine.h"
#include "observe_events.h"
#include "srcline.h"
#include "util.h"

#define OBSERVE_MAX_BYTES (16u << 20)

static const char *const ev_names[] = {
    [EV_HELLO] = "hello",
    [EV_RUN_BEGIN] = "run+",
    [EV_RUN_END] = "run-",
    [EV_QUEUE] = "queue",
    [EV_WORK_BEGIN] = "work+",
    [EV_WORK_END] = "work-",
    [EV_AFTER] = "after",
    [EV_ASYNC] = "async",
    [EV_SEND] = "send",
    [EV_ASYNC_CB] = "acb",
    [EV_TIMER] = "timer",
    [EV_FIRE] = "fire",
    [EV_STOP] = "stop",
    [EV_SLEEP] = "sleep",
    [EV_THREAD_BEGIN] = "thread+",
    [EV_THREAD_END] = "thread-",
    [EV_JOIN] = "join",
    [EV_OMP_BEGIN] = "omp+",
    [EV_OMP_END] = "omp-",
    [EV_OMPW_BEGIN] = "ompw+",
    [EV_OMPW_END] = "ompw-",
    [EV_OMPS] = "omps",
    [EV_OUT] = "out",
    [EV_CPU] = "cpu",
    [EV_CUT] = "cut",
    [EV_EXE] = "exe",
    [EV_CALL] = "call",
    [EV_FS] = "fs",
    [EV_FILE] = "file",
    [EV_BUSY] = "busy",
    [EV_READ_START] = "rstart",
    [EV_READ_DATA] = "rdata",
    [EV_READ_END] = "rend",
    [EV_READ_CLOSE] = "rclose",
    [EV_OPEN_HANDLES] = "open",
    [EV_SLICE] = "slice",
    [EV_COND_WAIT] = "cwait",
    [EV_ON_CLOSED] = "onclosed",
};

static int ev_type_of(const char *w)
{
    for (size_t i = 0; i < sizeof ev_names / sizeof ev_names[0]; i++)
        if (strcmp(w, ev_names[i]) == 0)
            return (int)i;
    return -1;
}

/* Parses one line; false for a line this reader does not know (it is skipped). */
static bool parse_line(const char *s, struct ev *e)
{
    char word[16], arg[32] = "";
    unsigned long long t;
    long tid;
    int used = 0;
    if (sscanf(s, "%llu %ld %15s%n", &t, &tid, word, &used) != 3)
        return false;
    int type = ev_type_of(word);
    if (type < 0)
        return false;
    *e = (struct ev){.t = t, .tid = tid, .type = (enum ev_type)type};
    const char *rest = s + used;
    switch (e->type) {
    case EV_THREAD_BEGIN:
        if (sscanf(rest, "%llu %31s", &e->a, arg) != 2)
            return false;
        e->program = strcmp(arg, "program") == 0;
        return true;
    case EV_THREAD_END: /* the thread's CPU time in ns (absent in older logs) */
        if (sscanf(rest, "%llu", &e->a) != 1)
            e->a = 0;
        return true;
    case EV_RUN_BEGIN:
        /* An older log has no loop or place: the run still counts. */
        if (sscanf(rest, "%llx %*d %lx", &e->loop, &e->ra) < 1)
            e->loop = 0;
        return true;
    case EV_CALL:
        return sscanf(rest, "%31s %llx %lx %lx", e->word, &e->loop, &e->ra, &e->cb) == 4;
    case EV_FS:
        return sscanf(rest, "%31s %llx %llu %lx %lx", e->word, &e->loop, &e->a, &e->ra, &e->cb) ==
               5;
    case EV_FILE:
    case EV_ON_CLOSED:
        return sscanf(rest, "%31s %lx %lx", e->word, &e->ra, &e->cb) == 3;
    case EV_BUSY:
        return sscanf(rest, "%llx %31s", &e->loop, e->word) == 2;
    case EV_EXE:
        return true; /* read apart: its argument is a path */
    case EV_RUN_END:
        if (sscanf(rest, "%llx", &e->loop) != 1)
            e->loop = 0;
        return true;
    case EV_JOIN:
    case EV_CUT:
        return true;
    case EV_TIMER:
        return sscanf(rest, "%llu %lf %ld", &e->a, &e->b, &e->c) == 3;
    case EV_SLEEP:
    case EV_COND_WAIT:
    case EV_READ_CLOSE:
        return sscanf(rest, "%llu %lf %ld", &e->a, &e->b, &e->c) == 3;
    case EV_SLICE:
        return sscanf(rest, "%llu %lf", &e->a, &e->b) == 2;
    case EV_OMP_BEGIN:
        return sscanf(rest, "%llu %lf %ld", &e->a, &e->b, &e->c) == 3;
    case EV_OMPS: /* region, ns in barriers, ns waiting for a lock, ns holding it, offered */
        return sscanf(rest, "%llu %lf %ld %lf %ld %ld", &e->a, &e->b, &e->c, &e->d, &e->f,
                      &e->g) >= 5;
    case EV_AFTER:
    case EV_OMP_END:
    case EV_OMPW_BEGIN:
        return sscanf(rest, "%llu %lf", &e->a, &e->b) == 2;
    case EV_SEND:
        return sscanf(rest, "%llu %ld", &e->a, &e->c) == 2;
    case EV_OUT: /* a print to stdout: inside a work callback, inside an async callback */
        return sscanf(rest, "%llu %ld", &e->a, &e->c) == 2;
    default:
        return sscanf(rest, "%llu", &e->a) == 1;
    }
}

static int ev_cmp(const void *pa, const void *pb)
{
    const struct ev *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

struct thread_info *reader_thread(struct reader *rd, long tid)
{
    for (size_t i = 0; i < rd->nth; i++)
        if (rd->th[i].tid == tid)
            return &rd->th[i];
    if (rd->nth == rd->cap) {
        rd->cap = rd->cap ? rd->cap * 2 : 16;
        rd->th = xrealloc(rd->th, rd->cap * sizeof *rd->th);
    }
    struct thread_info *t = &rd->th[rd->nth];
    *t = (struct thread_info){.tid = tid, .order = (int)rd->nth};
    rd->nth++;
    return t;
}

static double ms(const struct reader *rd, uint64_t t)
{
    return t <= rd->t0 ? 0 : (double)(t - rd->t0) / 1e6;
}

/* Times as facts are whole ms, truncated, like every time a program prints. */
double reader_whole_ms(const struct reader *rd, uint64_t t)
{
    return (double)(long long)ms(rd, t);
}

static void add_span(struct reader *rd, long tid, observe_span_kind kind, uint64_t from,
                     uint64_t to, const char *label)
{
    observe_run *r = rd->run;
    if (r->nspans == rd->spans_cap) {
        rd->spans_cap = rd->spans_cap ? rd->spans_cap * 2 : 32;
        r->spans = xrealloc(r->spans, rd->spans_cap * sizeof *r->spans);
    }
    observe_span *s = &r->spans[r->nspans++];
    struct thread_info *t = reader_thread(rd, tid);
    t->active = true;
    *s = (observe_span){
        .thread = t->order, .kind = kind, .from_ms = ms(rd, from), .to_ms = ms(rd, to)};
    snprintf(s->label, sizeof s->label, "%s", label);
}

/* Open spans (a begin without its end yet) by thread and id. */
struct open {
    long tid;
    unsigned long long id;
    enum ev_type type;
    uint64_t t;
    int nth; /* jobs: the how-manyth to start, for its label */
};

static void open_push(struct open **o, size_t *n, size_t *cap, struct open v)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *o = xrealloc(*o, *cap * sizeof **o);
    }
    (*o)[(*n)++] = v;
}

/* Removes and returns the open span of that thread, type and id; false when none. */
static bool open_pop(struct open *o, size_t *n, long tid, enum ev_type type, unsigned long long id,
                     struct open *out)
{
    for (size_t i = *n; i-- > 0;)
        if (o[i].tid == tid && o[i].type == type && o[i].id == id) {
            *out = o[i];
            o[i] = o[--*n];
            return true;
        }
    return false;
}

static struct region *region_of(struct region **rg, size_t *n, size_t *cap, unsigned long long id)
{
    for (size_t i = 0; i < *n; i++)
        if ((*rg)[i].id == id)
            return &(*rg)[i];
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *rg = xrealloc(*rg, *cap * sizeof **rg);
    }
    struct region *g = &(*rg)[(*n)++];
    *g = (struct region){.id = id, .tid = -1};
    return g;
}

static struct loop_owner *owner_of(struct loop_owner *lo, size_t n, unsigned long long loop)
{
    for (size_t i = 0; i < n; i++)
        if (lo[i].loop == loop)
            return &lo[i];
    return NULL;
}

/* Who is who, in a first pass: the main thread (the first hello, whose time is the start),
   the loop threads and the loops they own, the pool threads, the program's own threads. */
static void know_threads(struct reader *rd, const struct ev *ev, size_t n)
{
    observe_run *r = rd->run;
    long pid = -1;
    for (size_t i = 0; i < n; i++) {
        const struct ev *e = &ev[i];
        if (e->type == EV_CUT) {
            r->cut = true;
            continue;
        }
        struct thread_info *t = reader_thread(rd, e->tid);
        if (e->type == EV_HELLO && pid < 0) {
            pid = (long)e->a;
            rd->t0 = e->t;
            t->main = true;
        }
        if (e->type == EV_RUN_BEGIN) {
            t->loop = t->ran_loop = t->active = true; /* a lane even when free */
            struct loop_owner *lo = owner_of(rd->owners, rd->nowners, e->loop);
            if (!lo) {
                if (rd->nowners == rd->owners_cap) {
                    rd->owners_cap = rd->owners_cap ? rd->owners_cap * 2 : 4;
                    rd->owners = xrealloc(rd->owners, rd->owners_cap * sizeof *rd->owners);
                }
                lo = &rd->owners[rd->nowners++];
                *lo = (struct loop_owner){.loop = e->loop, .tid = e->tid, .from = e->t};
            }
        }
        if (e->type == EV_RUN_END) {
            struct loop_owner *lo = owner_of(rd->owners, rd->nowners, e->loop);
            if (lo && lo->tid == e->tid) {
                lo->ended = true;
                lo->to = e->t;
            }
        }
        if (e->type == EV_WORK_BEGIN)
            t->pool = true;
        if (e->type == EV_THREAD_BEGIN && e->program)
            t->program = true;
        if (e->t > rd->last)
            rd->last = e->t;
    }
    r->valid = pid >= 0;
    if (!r->valid)
        return;
    r->facts.valid = true;
    /* Without uv_run, the main thread is where the loop would have run. */
    bool loops = false;
    for (size_t i = 0; i < rd->nth; i++)
        loops |= rd->th[i].loop;
    if (!loops)
        for (size_t i = 0; i < rd->nth; i++)
            rd->th[i].loop = rd->th[i].main;
}

/* In a second pass, the spans of each thread (the pool's jobs, sleeps, its share of an OpenMP
   region) and the OpenMP regions with their team's time at work and in locks. Every event's
   thread gets its place, a cut line's too. A job's end is marked paired when its
   beginning was seen. */
static struct region *build_spans(struct reader *rd, struct ev *ev, size_t n, size_t *nrg)
{
    struct open *open = NULL, o;
    size_t nopen = 0, open_cap = 0;
    struct region *rg = NULL;
    size_t rg_cap = 0;
    int jobs = 0;
    char label[32];
    *nrg = 0;
    for (size_t i = 0; i < n; i++) {
        struct ev *e = &ev[i];
        struct thread_info *t = reader_thread(rd, e->tid);
        switch (e->type) {
        case EV_WORK_BEGIN:
            jobs++;
            open_push(&open, &nopen, &open_cap,
                      (struct open){e->tid, e->a, EV_WORK_BEGIN, e->t, jobs});
            break;
        case EV_WORK_END:
            if (open_pop(open, &nopen, e->tid, EV_WORK_BEGIN, e->a, &o)) {
                e->paired = true;
                snprintf(label, sizeof label, "job %d", o.nth);
                add_span(rd, e->tid, OBSERVE_WORK, o.t, e->t, label);
            }
            break;
        case EV_SLEEP:
            snprintf(label, sizeof label, "sleep %g ms", e->b);
            add_span(rd, e->tid, OBSERVE_SLEEP, e->a, e->t, label);
            break;
        case EV_OMP_BEGIN: {
            struct region *g = region_of(&rg, nrg, &rg_cap, e->a);
            g->tid = e->tid;
            g->on_pool = e->c != 0;
            g->from = e->t;
            break;
        }
        case EV_OMP_END: {
            struct region *g = region_of(&rg, nrg, &rg_cap, e->a);
            g->to = e->t;
            g->team_said = (int)e->b;
            break;
        }
        case EV_OMPW_BEGIN: {
            struct region *g = region_of(&rg, nrg, &rg_cap, e->a);
            g->team_seen++;
            open_push(&open, &nopen, &open_cap,
                      (struct open){e->tid, e->a, EV_OMPW_BEGIN, e->t, 0});
            break;
        }
        case EV_OMPS:
            t->omp_wait = e->b;
            t->omp_lock_wait = (double)e->c;
            t->omp_held = e->d;
            t->omp_offered = e->f != 0;
            t->omp_tasks = e->g;
            break;
        case EV_OMPW_END:
            if (open_pop(open, &nopen, e->tid, EV_OMPW_BEGIN, e->a, &o)) {
                struct region *g = region_of(&rg, nrg, &rg_cap, e->a);
                /* Its time in the region less its waits in the runtime: its share of work. */
                double span = (double)(e->t - o.t) - t->omp_wait;
                double busy = span - t->omp_lock_wait;
                if (busy < 0)
                    busy = 0;
                if (span > 0)
                    g->active += span;
                g->busy_sum += busy;
                if (busy > g->busy_max)
                    g->busy_max = busy;
                if (g->nbusy < (int)(sizeof g->busy / sizeof g->busy[0])) {
                    g->offered[g->nbusy] = t->omp_offered;
                    g->busy[g->nbusy++] = busy;
                }
                g->turns += t->omp_held + t->omp_lock_wait;
                t->omp_wait = t->omp_lock_wait = t->omp_held = 0;
                t->omp_offered = false;
                g->tasks += t->omp_tasks;
                t->omp_tasks = 0;
                if (g->tid != e->tid)
                    t->team = true;
                snprintf(label, sizeof label, "parallel region %zu", (size_t)(g - rg) + 1);
                add_span(rd, e->tid, OBSERVE_OMP, o.t, e->t, label);
            }
            break;
        default:
            break;
        }
    }
    /* A program killed at its time limit leaves work unfinished: it lasted until the end. */
    for (size_t k = 0; k < nopen; k++) {
        if (open[k].type == EV_WORK_BEGIN)
            snprintf(label, sizeof label, "job %d (unfinished)", open[k].nth);
        else
            snprintf(label, sizeof label, "parallel region (unfinished)");
        add_span(rd, open[k].tid, open[k].type == EV_WORK_BEGIN ? OBSERVE_WORK : OBSERVE_OMP,
                 open[k].t, rd->last, label);
    }
    free(open);
    return rg;
}

static void name_threads(struct reader *rd)
{
    observe_run *r = rd->run;
    r->threads = xcalloc(rd->nth + 1, sizeof *r->threads);
    r->nthreads = rd->nth;
    int npool = 0, nteam = 0, nprog = 0;
    for (size_t i = 0; i < rd->nth; i++) {
        struct thread_info *t = &rd->th[i];
        observe_thread *o = &r->threads[i];
        o->tid = t->tid;
        if (t->ran_loop) {
            o->role = OBSERVE_LOOP;
            snprintf(o->name, sizeof o->name, "loop");
        } else if (t->pool) {
            o->role = OBSERVE_POOL;
            snprintf(o->name, sizeof o->name, "pool %d", ++npool);
        } else if (t->program) {
            o->role = OBSERVE_PROGRAM;
            snprintf(o->name, sizeof o->name, "thread %d", ++nprog);
        } else if (t->main) {
            o->role = OBSERVE_MAIN;
            snprintf(o->name, sizeof o->name, "main");
        } else if (t->team) {
            o->role = OBSERVE_TEAM;
            snprintf(o->name, sizeof o->name, "team %d", ++nteam);
        } else {
            o->role = OBSERVE_RUNTIME;
            snprintf(o->name, sizeof o->name, "runtime");
        }
    }
}

/* Drops the threads that did nothing seen (libuv's idle pool threads), keeping the order. */
static void keep_active_threads(struct reader *rd)
{
    observe_run *r = rd->run;
    int *map = xcalloc(rd->nth + 1, sizeof *map);
    size_t k = 0;
    for (size_t i = 0; i < rd->nth; i++) {
        map[i] = -1;
        if (!rd->th[i].active)
            continue;
        map[i] = (int)k;
        r->threads[k++] = r->threads[i];
    }
    r->nthreads = k;
    for (size_t i = 0; i < r->nspans; i++)
        r->spans[i].thread = map[r->spans[i].thread];
    free(map);
}

static int span_cmp(const void *pa, const void *pb)
{
    const observe_span *a = pa, *b = pb;
    if (a->from_ms != b->from_ms)
        return a->from_ms < b->from_ms ? -1 : 1;
    return a->thread - b->thread;
}

/* What a loop-owned call touched, by its name, for "...; a stream belongs to the loop thread". */
static const char *call_object(const char *name)
{
    static const struct {
        const char *prefix, *object;
    } kinds[] = {
        {"uv_write", "a stream"},     {"uv_try_write", "a stream"}, {"uv_read_", "a stream"},
        {"uv_shutdown", "a stream"},  {"uv_listen", "a stream"},    {"uv_accept", "a stream"},
        {"uv_stream_", "a stream"},   {"uv_tcp_", "a stream"},      {"uv_pipe_", "a stream"},
        {"uv_tty_", "a stream"},      {"uv_timer_", "a timer"},     {"uv_fs_", "a file request"},
        {"uv_getaddrinfo", "a DNS request"}, {"uv_getnameinfo", "a DNS request"},
        {"uv_queue_work", "the pool's queue of work"}, {"uv_cancel", "a request"},
        {"uv_run", "a loop"},         {"uv_stop", "a loop"},        {"uv_loop_", "a loop"},
        {"uv_update_time", "a loop"}, {"uv_walk", "a loop"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strncmp(name, kinds[i].prefix, strlen(kinds[i].prefix)) == 0)
            return kinds[i].object;
    return "a handle";
}

/* "pool thread 2", "the program's thread 1", ...: the thread as a verdict names it. */
static void thread_phrase(const observe_run *r, long tid, char *out, size_t size)
{
    for (size_t i = 0; i < r->nthreads; i++) {
        const observe_thread *t = &r->threads[i];
        if (t->tid != tid)
            continue;
        const char *num = strchr(t->name, ' ');
        switch (t->role) {
        case OBSERVE_POOL:
            snprintf(out, size, "pool thread%s", num ? num : "");
            return;
        case OBSERVE_PROGRAM:
            snprintf(out, size, "the program's own thread%s", num ? num : "");
            return;
        case OBSERVE_TEAM:
            snprintf(out, size, "OpenMP team thread%s", num ? num : "");
            return;
        case OBSERVE_MAIN:
            snprintf(out, size, "the main thread");
            return;
        case OBSERVE_LOOP:
            snprintf(out, size, "a second loop thread");
            return;
        case OBSERVE_RUNTIME:
            break;
        }
    }
    snprintf(out, size, "a thread other than the loop's"); /* uv_thread_create's, say */
}

/* " at server.c:141", " in hash_work (server.c:90)", or nothing. */
static void call_place(const observe_call *c, observe_where_fn where, void *ctx, char *out,
                       size_t size)
{
    char place[100];
    out[0] = '\0';
    if (!where)
        return;
    if (c->ra && where(ctx, c->ra, true, false, place, sizeof place))
        snprintf(out, size, " at %s", place);
    else if (c->cb && where(ctx, c->cb, false, true, place, sizeof place))
        snprintf(out, size, " in %s", place);
}

/* A sentence of the run whose format takes the call's name, then its place. */
static void describe_call(observe_run *r, int which, observe_where_fn where, void *ctx,
                          const char *format) __attribute__((format(printf, 5, 0)));
static void describe_call(observe_run *r, int which, observe_where_fn where, void *ctx,
                          const char *format)
{
    const observe_call *c = &r->calls[which];
    char place[120];
    if (!c->has)
        return;
    call_place(c, where, ctx, place, sizeof place);
    snprintf(r->facts.text[which], FACTS_TEXT_MAX, format, c->name, place);
}

void observe_describe(observe_run *r, observe_where_fn where, void *ctx)
{
    run_facts *f = &r->facts;
    char place[120];
    const observe_call *c = &r->calls[FACT_TEXT_off_loop_call];
    if (c->has) {
        call_place(c, where, ctx, place, sizeof place);
        snprintf(f->text[FACT_TEXT_off_loop_call], FACTS_TEXT_MAX,
                 "%s was called on %s%s; %s belongs to the loop thread", c->name, c->thread, place,
                 call_object(c->name));
    }
    describe_call(r, FACT_TEXT_closed_handle_call, where, ctx,
                  "%s was called%s on a handle whose close callback had already run, and that "
                  "was not initialised again since: its memory may already be freed or reused");
    describe_call(r, FACT_TEXT_fs_sync_call, where, ctx,
                  "%s was called without a callback%s, so it ran at once on the loop thread, "
                  "not on libuv's pool");
    describe_call(r, FACT_TEXT_file_call_on_loop, where, ctx,
                  "%s() was called on the loop thread%s while the loop ran, so the loop waited "
                  "for the disk");
}

/* The executable the observer named ("T TID exe BASE PATH"): its path. */
static void read_exe(const char *line, observe_run *out)
{
    int used = 0;
    unsigned long long t;
    long tid;
    unsigned long base;
    if (out->exe || sscanf(line, "%llu %ld exe %lx %n", &t, &tid, &base, &used) != 3 || !used)
        return;
    if (line[used])
        out->exe = xstrdup(line + used);
}

int observe_parse(const char *text, size_t len, observe_run *out)
{
    *out = (observe_run){0};
    struct ev *ev = NULL;
    size_t n = 0, cap = 0;
    char line[512];
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t l = end - i < sizeof line - 1 ? end - i : sizeof line - 1;
        memcpy(line, text + i, l);
        line[l] = '\0';
        i = end + 1;
        struct ev e;
        if (!nl || !parse_line(line, &e)) /* a last line without "\n" was cut mid-write */
            continue;
        if (e.type == EV_EXE) {
            read_exe(line, out);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            ev = xrealloc(ev, cap * sizeof *ev);
        }
        e.seq = n;
        ev[n++] = e;
    }
    if (n)
        qsort(ev, n, sizeof *ev, ev_cmp);
    struct reader rd = {.run = out};
    know_threads(&rd, ev, n);
    if (out->valid) {
        size_t nrg;
        struct region *rg = build_spans(&rd, ev, n, &nrg);
        facts_compute(&rd, ev, n, rg, nrg);
        free(rg);
        name_threads(&rd);
        for (int k = 0; k < FACTS_TEXT_COUNT; k++)
            if (out->calls[k].has)
                thread_phrase(out, out->calls[k].tid, out->calls[k].thread,
                              sizeof out->calls[k].thread);
        observe_describe(out, NULL, NULL);
        keep_active_threads(&rd);
        if (out->nspans)
            qsort(out->spans, out->nspans, sizeof *out->spans, span_cmp);
    }
    free(rd.th);
    free(rd.owners);
    free(ev);
    return 0;
}

int observe_load(const char *path, observe_run *out)
{
    char *text = NULL;
    size_t len = 0;
    if (util_read_file(path, OBSERVE_MAX_BYTES, &text, &len) < 0) {
        *out = (observe_run){0};
        return 0;
    }
    int rc = observe_parse(text, len, out);
    free(text);
    bool any = false;
    for (int k = 0; k < FACTS_TEXT_COUNT; k++)
        any |= out->calls[k].has;
    /* Only a run that did something wrong pays for reading the debug information. */
    if (rc == 0 && any && out->exe) {
        srcline *sl = srcline_open(out->exe);
        if (sl) {
            observe_describe(out, srcline_where, sl);
            srcline_close(sl);
        }
    }
    return rc;
}

void observe_run_free(observe_run *r)
{
    if (!r)
        return;
    free(r->threads);
    free(r->spans);
    free(r->exe);
    *r = (observe_run){0};
}

const char *observe_role_name(observe_role role)
{
    switch (role) {
    case OBSERVE_MAIN:
        return "main thread";
    case OBSERVE_LOOP:
        return "loop thread";
    case OBSERVE_POOL:
        return "pool thread";
    case OBSERVE_TEAM:
        return "OpenMP team thread";
    case OBSERVE_PROGRAM:
        return "the program's own thread";
    case OBSERVE_RUNTIME:
        return "runtime thread";
    }
    return "thread";
}

char *observe_library(void)
{
    const char *env = getenv("WORKBOOK_OBSERVER");
    if (env && *env)
        return access(env, R_OK) == 0 ? xstrdup(env) : NULL;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    char *lib = xasprintf("%s/libobserve.so", exe);
    if (access(lib, R_OK) == 0)
        return lib;
    free(lib);
    return NULL;
}

char *observe_log_path(void)
{
    static unsigned seq;
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/wait-or-work-%ld", tmp && *tmp ? tmp : "/tmp", (long)getuid());
    char *path = NULL;
    if (util_mkdirs(dir, 0700) == 0)
        path = xasprintf("%s/observed-%ld-%u", dir, (long)getpid(), seq++);
    free(dir);
    return path;
}

extern char **environ;

char **observe_env(const char *lib, const char *log, const char *exe)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = xcalloc(n + 5, sizeof *env);
    size_t k = 0;
    bool omp_set = false;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(environ[i], "LD_PRELOAD=", 11) == 0 ||
            strncmp(environ[i], "WORKBOOK_OBSERVE", 16) == 0)
            continue;
        omp_set |= strncmp(environ[i], "OMP_NUM_THREADS=", 16) == 0;
        env[k++] = xstrdup(environ[i]);
    }
    env[k++] = xasprintf("LD_PRELOAD=%s", lib);
    env[k++] = xasprintf("WORKBOOK_OBSERVE=%s", log);
    if (exe)
        env[k++] = xasprintf("WORKBOOK_OBSERVE_EXE=%s", exe);
    /* One core: OpenMP would start a team of one, and no program could show a team. */
    expect_machine m;
    machine_facts(&m);
    if (!omp_set && m.cores < 2)
        env[k++] = xstrdup("OMP_NUM_THREADS=2");
    env[k] = NULL;
    return env;
}

void observe_env_free(char **env)
{
    for (size_t i = 0; env && env[i]; i++)
        free(env[i]);
    free(env);
}
