/*
 * Reading the observer's log (observe.h): events in, threads, spans and facts out.
 */
#include "observe.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "machine.h"
#include "srcline.h"
#include "util.h"

#define OBSERVE_MAX_BYTES (16u << 20)

enum ev_type {
    EV_HELLO,
    EV_RUN_BEGIN,
    EV_RUN_END,
    EV_QUEUE,
    EV_WORK_BEGIN,
    EV_WORK_END,
    EV_AFTER,
    EV_ASYNC,
    EV_SEND,
    EV_ASYNC_CB,
    EV_TIMER,
    EV_FIRE,
    EV_STOP,
    EV_SLEEP,
    EV_THREAD_BEGIN,
    EV_THREAD_END,
    EV_JOIN,
    EV_OMP_BEGIN,
    EV_OMP_END,
    EV_OMPW_BEGIN,
    EV_OMPW_END,
    EV_OMPS,
    EV_OUT,
    EV_CPU,
    EV_CUT,
    EV_EXE,
    EV_CALL,
    EV_FS,
    EV_FILE,
    EV_BUSY,
    EV_READ_START,
    EV_READ_DATA,
    EV_READ_END,
    EV_READ_CLOSE,
    EV_OPEN_HANDLES,
    EV_SLICE,
    EV_COND_WAIT,
};

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
};

/* One line of the log. Arguments as numbers: ids, statuses, flags; `word` for thread+. */
struct ev {
    uint64_t t;
    long tid;
    enum ev_type type;
    unsigned long long a; /* the id, or sleep's start, or the pid */
    double b;             /* timer's timeout, sleep's ms, omp's requested threads, status */
    long c;               /* timer's repeat, in_work flags, omp's team */
    double d;             /* omps: ns holding a lock */
    long f;               /* omps: whether a worksharing construct offered it a share */
    long g;               /* omps: explicit tasks it created */
    bool program;         /* thread+: started by the program */
    size_t seq;
    char word[32];          /* call, fs, file: the function's name */
    unsigned long long loop; /* run+, call, fs: the loop (0: none, or not known) */
    unsigned long ra, cb;   /* call, fs, file, run+: where, as offsets into the executable */
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

/* What the reader learns of each thread before it names them. */
struct thread_info {
    long tid;
    bool loop;     /* the loop thread, for the facts (the main thread when none ran uv_run) */
    bool ran_loop; /* it really ran uv_run */
    bool pool, team, program, main, active;
    int order;
    double omp_wait, omp_lock_wait, omp_held; /* ns, from its "omps" of the region it leaves */
    bool omp_offered;
    long omp_tasks;
};

struct reader {
    struct thread_info *th;
    size_t nth, cap;
    struct loop_owner *owners;
    size_t nowners, owners_cap;
    observe_run *run;
    size_t spans_cap;
    uint64_t t0, last;
};

static struct thread_info *thread_of(struct reader *rd, long tid)
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
static double whole_ms(const struct reader *rd, uint64_t t)
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
    struct thread_info *t = thread_of(rd, tid);
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

/* Counts a set of distinct ids (OpenMP team members per region). */
struct region {
    unsigned long long id;
    long tid;
    bool on_pool, on_loop_known;
    uint64_t from, to;
    int team_seen, team_said;
    double busy_sum, busy_max; /* ns: the team threads' time at work, in all and the most */
    double active, turns;      /* ns: their time out of barriers; of it, waiting for or in a lock */
    double busy[16];                 /* the first threads' time at work, for omp_workers */
    bool offered[16];                /* and whether a worksharing construct offered a share */
    long tasks;                      /* explicit tasks its threads created */
    int nbusy;
};

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

static bool is_loop_thread(struct reader *rd, long tid)
{
    struct thread_info *t = thread_of(rd, tid);
    return t->loop;
}

/* The most items at once, from +1/-1 steps in time order. */
static int most_at_once(const int *steps, size_t n)
{
    int now = 0, most = 0;
    for (size_t i = 0; i < n; i++) {
        now += steps[i];
        if (now > most)
            most = now;
    }
    return most;
}

/* A timer's event, for waits_at_once: its start's id, and where it is among the events. */
struct timer_ev {
    unsigned long long id;
    size_t at;
    enum ev_type type;
    long repeat;
    double timeout;
};

static int timer_ev_cmp(const void *pa, const void *pb)
{
    const struct timer_ev *a = pa, *b = pb;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

/*
 * The most timers waiting at the same moment, from the events in time order, and the shortest
 * and longest of their timeouts (above zero; -1 when there is none). A wait lasts
 * from uv_timer_start to the timer's first firing or stop. It counts for a one-shot timer,
 * and for a repeating one that fired at most once: a fetch written with the heartbeat's
 * repeat and closed at its first tick waits just the same, while a heartbeat that keeps
 * ticking is not a wait. Each start has an id of its own, so sorting a start's events by
 * id groups them, in linear-logarithmic time however many timers a program starts.
 */
static int waits_at_once(const struct ev *ev, size_t n, double *shortest, double *longest)
{
    *shortest = *longest = -1;
    struct timer_ev *tv = xcalloc(n + 1, sizeof *tv);
    int *delta = xcalloc(n + 1, sizeof *delta);
    size_t nt = 0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].type == EV_TIMER || ev[i].type == EV_FIRE || ev[i].type == EV_STOP)
            tv[nt++] = (struct timer_ev){ev[i].a, i, ev[i].type, ev[i].c, ev[i].b};
    qsort(tv, nt, sizeof *tv, timer_ev_cmp);
    for (size_t g = 0, end; g < nt; g = end) {
        size_t to = n;
        int fires = 0;
        for (end = g + 1; end < nt && tv[end].id == tv[g].id; end++) {
            if (to == n)
                to = tv[end].at;
            fires += tv[end].type == EV_FIRE;
        }
        if (tv[g].type != EV_TIMER || (tv[g].repeat != 0 && fires > 1))
            continue;
        /* A zero timeout is "on the loop's next turn", not a wait for something. */
        if (tv[g].timeout > 0 && (*shortest < 0 || tv[g].timeout < *shortest))
            *shortest = tv[g].timeout;
        if (tv[g].timeout > *longest)
            *longest = tv[g].timeout;
        delta[tv[g].at]++;
        if (to < n)
            delta[to]--;
    }
    int now = 0, most = 0;
    for (size_t i = 0; i < n; i++) {
        now += delta[i];
        if (now > most)
            most = now;
    }
    free(tv);
    free(delta);
    return most;
}

/* A loop and the thread that owns it: the first to run uv_run on it, from its first uv_run
   to its last one's end (to the end of the log when it never ended). */
struct loop_owner {
    unsigned long long loop;
    long tid;
    uint64_t from, to;
    bool ended;
};

static struct loop_owner *owner_of(struct loop_owner *lo, size_t n, unsigned long long loop)
{
    for (size_t i = 0; i < n; i++)
        if (lo[i].loop == loop)
            return &lo[i];
    return NULL;
}

/*
 * Whether a call on loop (0: not known, then any loop) by thread tid at t touched a loop
 * another thread runs: while it ran, or before, from any thread but the main one (a pool
 * thread's job starts as soon as it is queued, before uv_run; the main thread setting up
 * a loop for another to run is the one owner-to-be that may). After the loop's last run,
 * its handles are anyone's to close.
 */
static bool off_loop(const struct loop_owner *lo, size_t n, unsigned long long loop, long tid,
                     bool main_thread, uint64_t t)
{
    for (size_t i = 0; i < n; i++) {
        if ((loop && lo[i].loop != loop) || lo[i].tid == tid)
            continue;
        if (t < lo[i].from ? !main_thread : !lo[i].ended || t <= lo[i].to)
            return true;
    }
    return false;
}

/* "timer,tcp" (libuv's names of handle types) as "a timer and a tcp handle". */
static void describe_open_handles(run_facts *f, const char *kinds)
{
    char *out = f->text[FACT_TEXT_open_handles];
    if (strcmp(kinds, "-") == 0) {
        snprintf(out, FACTS_TEXT_MAX, "a handle");
        return;
    }
    size_t n = 1;
    for (const char *k = kinds; *k; k++)
        n += *k == ',';
    size_t len = 0;
    const char *k = kinds;
    for (size_t i = 0; i < n && len < FACTS_TEXT_MAX; i++) {
        size_t w = strcspn(k, ",");
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        const char *article = strchr("aeiou", k[0]) && k[0] ? "an" : "a";
        len += (size_t)snprintf(out + len, FACTS_TEXT_MAX - len, "%s%s %.*s", sep, article,
                                (int)w, k);
        k += w + (k[w] == ',');
    }
    if (len < FACTS_TEXT_MAX)
        snprintf(out + len, FACTS_TEXT_MAX - len, " handle");
}

static void note_first(observe_run *r, int which, const struct ev *e, const char *name)
{
    observe_call *c = &r->calls[which];
    if (c->has)
        return;
    *c = (observe_call){.has = true, .tid = e->tid, .ra = e->ra, .cb = e->cb};
    snprintf(c->name, sizeof c->name, "%s", name);
}

/* Deadlines: connections the program closed while still waiting for their answer (read
   from, nothing received, no end seen), and the handles a run to the end left open (the
   last such run's count). */
static void stream_facts(run_facts *f, const struct ev *ev, size_t n)
{
    double unanswered = 0;
    bool any_read = false;
    for (size_t i = 0; i < n; i++) {
        any_read |= ev[i].type == EV_READ_START;
        if (ev[i].type == EV_READ_CLOSE && ev[i].b == 0 && ev[i].c == 0)
            unanswered++;
        if (ev[i].type == EV_OPEN_HANDLES)
            facts_set(f, FACT_handles_open, (double)ev[i].a);
    }
    facts_set(f, FACT_closed_unanswered, any_read ? unanswered : 0);
}

/* Order: uv_fs_* requests with a callback queued before the last uv_queue_work, which the
   pool's threads may run before the jobs that come after them (exercise 5's stat belongs
   behind its eight jobs, where a pool too small makes it wait). */
static void fs_order_facts(run_facts *f, const struct ev *ev, size_t n)
{
    uint64_t last_job = 0;
    bool any_job = false;
    for (size_t i = 0; i < n; i++)
        if (ev[i].type == EV_QUEUE && (!any_job || ev[i].t > last_job)) {
            last_job = ev[i].t;
            any_job = true;
        }
    double before = 0;
    for (size_t i = 0; any_job && i < n; i++)
        if (ev[i].type == EV_FS && ev[i].a && ev[i].t < last_job)
            before++;
    facts_set(f, FACT_fs_before_last_job, before);
}

/* Slices: loop callbacks that computed (the observer logs those of 0.1 ms of CPU or
   more), how many and the longest, in whole ms of CPU time. */
static void slice_facts(run_facts *f, const struct ev *ev, size_t n)
{
    double count = 0, longest_us = 0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].type == EV_SLICE) {
            count++;
            if ((double)ev[i].a > longest_us)
                longest_us = (double)ev[i].a;
        }
    facts_set(f, FACT_busy_callbacks, count);
    facts_set(f, FACT_longest_callback_ms, (double)(long long)(longest_us / 1000));
}

/* Channels: waits on a condition variable inside a work callback (a producer on the pool
   waiting for room) and on the program's own threads. libuv's idle pool threads wait on
   one too, outside any work callback: those are not counted. */
static void cond_wait_facts(struct reader *rd, run_facts *f, const struct ev *ev, size_t n)
{
    double on_pool = 0, on_threads = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].type != EV_COND_WAIT)
            continue;
        if (ev[i].c)
            on_pool++;
        else if (thread_of(rd, ev[i].tid)->program)
            on_threads++;
    }
    facts_set(f, FACT_cond_waits_on_pool, on_pool);
    facts_set(f, FACT_cond_waits_on_threads, on_threads);
}

/* Cores: the most threads working at the same moment, a thread counting once however many
   of these it is inside: a job on the pool, an OpenMP team member's share of a region, a
   thread the program started. Four pool jobs that each start a team of two: 8. */
static int threads_at_once(struct reader *rd, const struct ev *ev, size_t n)
{
    int *depth = xcalloc(rd->nth + 1, sizeof *depth);
    int now = 0, most = 0;
    for (size_t i = 0; i < n; i++) {
        int step = 0;
        switch (ev[i].type) {
        case EV_WORK_BEGIN:
        case EV_OMPW_BEGIN:
            step = 1;
            break;
        case EV_THREAD_BEGIN:
            step = ev[i].program;
            break;
        case EV_WORK_END:
        case EV_OMPW_END:
            step = -1;
            break;
        case EV_THREAD_END:
            step = -thread_of(rd, ev[i].tid)->program;
            break;
        default:
            break;
        }
        if (step == 0)
            continue;
        int *d = &depth[thread_of(rd, ev[i].tid)->order];
        if (step < 0 && *d == 0)
            continue; /* an end whose beginning was not seen */
        *d += step;
        now += *d == 1 && step > 0 ? 1 : *d == 0 ? -1 : 0;
        if (now > most)
            most = now;
    }
    free(depth);
    return most;
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

/*
 * Whether the work of the program's main OpenMP region (the one whose threads worked the
 * longest in all) was shared. A thread counts as a worker when a worksharing construct (a
 * loop, sections) offered it a share, when the region made two tasks or more (any thread of
 * the team runs them, even while it waits in a barrier), or when it worked at least a quarter
 * of what the busiest did (or of the region's time, if that is longer). A thread a `single` or
 * `master` left out spends its time waiting in the runtime, which the observer does not
 * count: a few microseconds of work, or a few ms when the machine's load held it up between
 * two calls (measured: 2.7 ms of a 76 ms region, under a load of 50). A latecomer that a
 * dynamic schedule left nothing is still offered its share; an honest thread of a static or
 * hand-made split did from a third to all of the other's work.
 * And the share of the team's time (out of barriers) spent waiting for or holding a critical
 * section or lock: threads that take turns inside one spend nearly all of it so (measured,
 * 90% and more with gcc and clang), programs that merge their bests there almost none.
 */
static void omp_share_facts(run_facts *f, const struct region *rg, size_t nrg)
{
    const struct region *main = NULL;
    for (size_t k = 0; k < nrg; k++)
        if (rg[k].nbusy > 0 && (!main || rg[k].busy_sum > main->busy_sum))
            main = &rg[k];
    if (!main) {
        facts_set(f, FACT_omp_workers, 0);
        facts_set(f, FACT_omp_lock_pct, 0);
        return;
    }
    /* A quarter of the busiest thread's work, or of the region's time when no thread worked
       much (one task, run inside a barrier, is nobody's work by this count). */
    uint64_t to = main->to ? main->to : main->from;
    double wall = to > main->from ? (double)(to - main->from) : 0;
    double bar = (main->busy_max > wall ? main->busy_max : wall) / 4;
    int workers = 0;
    for (int i = 0; i < main->nbusy; i++)
        workers += main->offered[i] || main->tasks >= 2 ||
                   (main->busy[i] > 0 && main->busy[i] >= bar);
    /* Someone ran the region's work, even when it was one task run inside a barrier. */
    if (workers < 1)
        workers = 1;
    facts_set(f, FACT_omp_workers, workers);
    facts_set(f, FACT_omp_lock_pct,
              main->active > 0 ? (double)(long long)(100 * main->turns / main->active) : 0);
}

static void compute(struct reader *rd, struct ev *ev, size_t n)
{
    observe_run *r = rd->run;
    run_facts *f = &r->facts;
    long pid = -1;
    /* First pass: who is who. */
    for (size_t i = 0; i < n; i++) {
        struct ev *e = &ev[i];
        if (e->type == EV_CUT) {
            r->cut = true;
            continue;
        }
        struct thread_info *t = thread_of(rd, e->tid);
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
    f->valid = true;
    /* Without uv_run, the main thread is where the loop would have run. */
    int loops = 0;
    for (size_t i = 0; i < rd->nth; i++)
        loops += rd->th[i].loop;
    facts_set(f, FACT_loop_threads, loops);
    if (loops == 0)
        for (size_t i = 0; i < rd->nth; i++)
            rd->th[i].loop = rd->th[i].main;

    struct open *open = NULL, o;
    size_t nopen = 0, open_cap = 0;
    struct region *rg = NULL;
    size_t nrg = 0, rg_cap = 0;
    int *work_steps = xcalloc(n + 1, sizeof *work_steps);
    size_t nwork = 0;
    double c_threads = 0, c_joined = 0, c_queued = 0, c_run = 0, c_cancel = 0, c_timers = 0;
    double sl_loop = 0, ms_loop = 0, sl_pool = 0, ms_pool = 0, sl_thr = 0, ms_thr = 0;
    double sends = 0, s_pool = 0, s_loop = 0, s_thr = 0, acbs = 0;
    double prints_pool = 0, prints_async_working = 0;
    double cpu_threads = 0, cpu_main = -1;
    int alive = 0, alive_most = 0; /* the program's own threads running now, and the most */
    int working = 0; /* work callbacks running now */
    double off = 0, fs_async = 0, fs_sync = 0, file_loop = 0, loops_busy = 0;
    bool has_loop_sleep = false;
    char label[32];

    for (size_t i = 0; i < n; i++) {
        struct ev *e = &ev[i];
        struct thread_info *t = thread_of(rd, e->tid);
        switch (e->type) {
        case EV_THREAD_BEGIN:
            c_threads += e->program;
            if (e->program && ++alive > alive_most)
                alive_most = alive;
            break;
        case EV_THREAD_END:
            if (t->program) {
                alive--;
                cpu_threads += (double)e->a;
            }
            break;
        case EV_CPU:
            if (t->main)
                cpu_main = (double)e->a;
            break;
        case EV_JOIN:
            c_joined++;
            break;
        case EV_QUEUE:
            c_queued++;
            break;
        case EV_WORK_BEGIN:
            working++;
            c_run++;
            work_steps[nwork++] = 1;
            open_push(&open, &nopen, &open_cap,
                      (struct open){e->tid, e->a, EV_WORK_BEGIN, e->t, (int)c_run});
            break;
        case EV_WORK_END:
            if (open_pop(open, &nopen, e->tid, EV_WORK_BEGIN, e->a, &o)) {
                working--;
                work_steps[nwork++] = -1;
                snprintf(label, sizeof label, "job %d", o.nth);
                add_span(rd, e->tid, OBSERVE_WORK, o.t, e->t, label);
            }
            break;
        case EV_AFTER:
            c_cancel += (int)e->b == UV_ECANCELED;
            break;
        case EV_SEND:
            sends++;
            if (e->c)
                s_pool++;
            else if (t->loop)
                s_loop++;
            else if (t->program)
                s_thr++;
            break;
        case EV_ASYNC_CB:
            acbs++;
            break;
        case EV_OUT:
            if (e->a)
                prints_pool++;
            else if (e->c && working > 0)
                prints_async_working++;
            break;
        case EV_RUN_BEGIN:
            /* A second thread running a loop another one runs. */
            if (off_loop(rd->owners, rd->nowners, e->loop, e->tid, t->main, e->t)) {
                off++;
                note_first(r, FACT_TEXT_off_loop_call, e, "uv_run");
            }
            break;
        case EV_CALL:
            if (off_loop(rd->owners, rd->nowners, e->loop, e->tid, t->main, e->t)) {
                off++;
                note_first(r, FACT_TEXT_off_loop_call, e, e->word);
            }
            break;
        case EV_FS:
            if (e->a) {
                fs_async++;
                if (off_loop(rd->owners, rd->nowners, e->loop, e->tid, t->main, e->t)) {
                    off++;
                    note_first(r, FACT_TEXT_off_loop_call, e, e->word);
                }
            } else if (t->loop) {
                fs_sync++;
                note_first(r, FACT_TEXT_fs_sync_call, e, e->word);
            }
            break;
        case EV_BUSY:
            if (loops_busy++ == 0)
                describe_open_handles(f, e->word);
            break;
        case EV_FILE:
            if (t->loop) {
                file_loop++;
                note_first(r, FACT_TEXT_file_call_on_loop, e, e->word);
            }
            break;
        case EV_TIMER:
            c_timers += e->c == 0;
            break;
        case EV_SLEEP: {
            double slept = (double)(e->t - (e->a < e->t ? e->a : e->t)) / 1e6;
            if (t->loop) {
                sl_loop++;
                ms_loop += slept;
                if (!has_loop_sleep) {
                    has_loop_sleep = true;
                    facts_set(f, FACT_loop_sleep_from, whole_ms(rd, e->a));
                    facts_set(f, FACT_loop_sleep_to, whole_ms(rd, e->t));
                }
                /* Where the sleeps on the loop end: "4 sleeps from 0 to 400 ms", not the
                   first one's span alone. */
                double end = whole_ms(rd, e->t);
                if (!f->has[FACT_loop_sleep_end] || end > f->value[FACT_loop_sleep_end])
                    facts_set(f, FACT_loop_sleep_end, end);
            } else if (e->c) {
                sl_pool++;
                ms_pool += slept;
            } else if (t->program) {
                sl_thr++;
                ms_thr += slept;
            }
            snprintf(label, sizeof label, "sleep %g ms", e->b);
            add_span(rd, e->tid, OBSERVE_SLEEP, e->a, e->t, label);
            break;
        }
        case EV_OMP_BEGIN: {
            struct region *g = region_of(&rg, &nrg, &rg_cap, e->a);
            g->tid = e->tid;
            g->on_pool = e->c != 0;
            g->from = e->t;
            break;
        }
        case EV_OMP_END: {
            struct region *g = region_of(&rg, &nrg, &rg_cap, e->a);
            g->to = e->t;
            g->team_said = (int)e->b;
            break;
        }
        case EV_OMPW_BEGIN: {
            struct region *g = region_of(&rg, &nrg, &rg_cap, e->a);
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
                struct region *g = region_of(&rg, &nrg, &rg_cap, e->a);
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

    int pool_threads = 0;
    for (size_t i = 0; i < rd->nth; i++)
        pool_threads += rd->th[i].pool;
    int team = 0, on_pool = 0, on_loop = 0;
    for (size_t k = 0; k < nrg; k++) {
        int size = rg[k].team_seen > rg[k].team_said ? rg[k].team_seen : rg[k].team_said;
        if (size > team)
            team = size;
        on_pool += rg[k].on_pool;
        on_loop += rg[k].tid >= 0 && !rg[k].on_pool && is_loop_thread(rd, rg[k].tid);
    }
    omp_share_facts(f, rg, nrg);
    if (nrg > 0) {
        facts_set(f, FACT_omp_from, whole_ms(rd, rg[0].from));
        if (rg[0].to)
            facts_set(f, FACT_omp_to, whole_ms(rd, rg[0].to));
    }
    facts_set(f, FACT_threads_started, c_threads);
    facts_set(f, FACT_threads_joined, c_joined);
    facts_set(f, FACT_own_threads_at_once, alive_most);
    /* Known only when main ended normally (its CPU time is noted as it exits). */
    if (cpu_main >= 0 && cpu_threads + cpu_main > 0)
        facts_set(f, FACT_threads_work_pct,
                  (double)(long long)(100 * cpu_threads / (cpu_threads + cpu_main)));
    facts_set(f, FACT_jobs_queued, c_queued);
    facts_set(f, FACT_jobs_run, c_run);
    facts_set(f, FACT_jobs_cancelled, c_cancel);
    facts_set(f, FACT_pool_threads, pool_threads);
    facts_set(f, FACT_jobs_at_once, most_at_once(work_steps, nwork));
    facts_set(f, FACT_sleeps_on_loop, sl_loop);
    facts_set(f, FACT_sleep_ms_on_loop, (double)(long long)ms_loop);
    facts_set(f, FACT_sleeps_on_pool, sl_pool);
    facts_set(f, FACT_sleep_ms_on_pool, (double)(long long)ms_pool);
    facts_set(f, FACT_sleeps_on_threads, sl_thr);
    facts_set(f, FACT_sleep_ms_on_threads, (double)(long long)ms_thr);
    facts_set(f, FACT_omp_regions, (double)nrg);
    facts_set(f, FACT_omp_team, team);
    facts_set(f, FACT_omp_regions_on_pool, on_pool);
    facts_set(f, FACT_omp_regions_on_loop, on_loop);
    facts_set(f, FACT_async_sends, sends);
    facts_set(f, FACT_async_sends_from_pool, s_pool);
    facts_set(f, FACT_async_sends_from_loop, s_loop);
    facts_set(f, FACT_async_sends_from_threads, s_thr);
    facts_set(f, FACT_async_callbacks, acbs);
    facts_set(f, FACT_prints_on_pool, prints_pool);
    facts_set(f, FACT_async_prints_while_working, prints_async_working);
    facts_set(f, FACT_timers_started, c_timers);
    double shortest, longest;
    facts_set(f, FACT_waits_at_once, waits_at_once(ev, n, &shortest, &longest));
    if (shortest > 0)
        facts_set(f, FACT_wait_ms_shortest, shortest);
    if (longest > 0)
        facts_set(f, FACT_wait_ms_longest, longest);
    facts_set(f, FACT_loop_calls_off_loop, off);
    facts_set(f, FACT_fs_requests, fs_async);
    facts_set(f, FACT_fs_sync_on_loop, fs_sync);
    facts_set(f, FACT_file_calls_on_loop, file_loop);
    facts_set(f, FACT_loops_left_busy, loops_busy);
    stream_facts(f, ev, n);
    fs_order_facts(f, ev, n);
    slice_facts(f, ev, n);
    cond_wait_facts(rd, f, ev, n);
    facts_set(f, FACT_threads_at_once, threads_at_once(rd, ev, n));
    free(open);
    free(rg);
    free(work_steps);
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
    c = &r->calls[FACT_TEXT_fs_sync_call];
    if (c->has) {
        call_place(c, where, ctx, place, sizeof place);
        snprintf(f->text[FACT_TEXT_fs_sync_call], FACTS_TEXT_MAX,
                 "%s was called without a callback%s, so it ran at once on the loop thread, "
                 "not on libuv's pool",
                 c->name, place);
    }
    c = &r->calls[FACT_TEXT_file_call_on_loop];
    if (c->has) {
        call_place(c, where, ctx, place, sizeof place);
        snprintf(f->text[FACT_TEXT_file_call_on_loop], FACTS_TEXT_MAX,
                 "%s() was called on the loop thread%s while the loop ran, so the loop waited "
                 "for the disk",
                 c->name, place);
    }
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
    compute(&rd, ev, n);
    if (out->valid) {
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
