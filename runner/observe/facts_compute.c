/*
 * The facts of a run (facts.h), computed from the events of the observer's log once the
 * reader (observe.c) knows the threads, the loops and the OpenMP regions. One function per
 * family of facts, each making its own pass over the events in time order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "observe_events.h"
#include "util.h"

static bool is_loop_thread(struct reader *rd, long tid)
{
    struct thread_info *t = reader_thread(rd, tid);
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
        else if (reader_thread(rd, ev[i].tid)->program)
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
            step = -reader_thread(rd, ev[i].tid)->program;
            break;
        default:
            break;
        }
        if (step == 0)
            continue;
        int *d = &depth[reader_thread(rd, ev[i].tid)->order];
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

/* Threads: the loops run, the program's own threads (started, joined, the most alive at
   once, their share of the CPU time) and the most threads working at once. */
static void thread_facts(struct reader *rd, run_facts *f, const struct ev *ev, size_t n)
{
    int loops = 0;
    for (size_t i = 0; i < rd->nth; i++)
        loops += rd->th[i].ran_loop;
    facts_set(f, FACT_loop_threads, loops);
    double started = 0, joined = 0, cpu_threads = 0, cpu_main = -1;
    int alive = 0, alive_most = 0; /* the program's own threads running now, and the most */
    for (size_t i = 0; i < n; i++) {
        const struct ev *e = &ev[i];
        switch (e->type) {
        case EV_THREAD_BEGIN:
            started += e->program;
            if (e->program && ++alive > alive_most)
                alive_most = alive;
            break;
        case EV_THREAD_END:
            if (reader_thread(rd, e->tid)->program) {
                alive--;
                cpu_threads += (double)e->a;
            }
            break;
        case EV_CPU:
            if (reader_thread(rd, e->tid)->main)
                cpu_main = (double)e->a;
            break;
        case EV_JOIN:
            joined++;
            break;
        default:
            break;
        }
    }
    facts_set(f, FACT_threads_started, started);
    facts_set(f, FACT_threads_joined, joined);
    facts_set(f, FACT_own_threads_at_once, alive_most);
    /* Known only when main ended normally (its CPU time is noted as it exits). */
    if (cpu_main >= 0 && cpu_threads + cpu_main > 0)
        facts_set(f, FACT_threads_work_pct,
                  (double)(long long)(100 * cpu_threads / (cpu_threads + cpu_main)));
    facts_set(f, FACT_threads_at_once, threads_at_once(rd, ev, n));
}

/* libuv's pool: the jobs queued, run, cancelled, the most at once, the threads that ran one. */
static void pool_facts(struct reader *rd, run_facts *f, const struct ev *ev, size_t n)
{
    int *steps = xcalloc(n + 1, sizeof *steps);
    size_t nsteps = 0;
    double queued = 0, run = 0, cancelled = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ev *e = &ev[i];
        if (e->type == EV_QUEUE)
            queued++;
        else if (e->type == EV_WORK_BEGIN) {
            run++;
            steps[nsteps++] = 1;
        } else if (e->type == EV_WORK_END && e->paired)
            steps[nsteps++] = -1;
        else if (e->type == EV_AFTER)
            cancelled += (int)e->b == UV_ECANCELED;
    }
    int pool_threads = 0;
    for (size_t i = 0; i < rd->nth; i++)
        pool_threads += rd->th[i].pool;
    facts_set(f, FACT_jobs_queued, queued);
    facts_set(f, FACT_jobs_run, run);
    facts_set(f, FACT_jobs_cancelled, cancelled);
    facts_set(f, FACT_pool_threads, pool_threads);
    facts_set(f, FACT_jobs_at_once, most_at_once(steps, nsteps));
    free(steps);
}

/* Sleeps on the loop thread, on the pool and on the program's own threads: how many and how
   long, and on the loop when they began and ended. */
static void sleep_facts(struct reader *rd, run_facts *f, const struct ev *ev, size_t n)
{
    double sl_loop = 0, ms_loop = 0, sl_pool = 0, ms_pool = 0, sl_thr = 0, ms_thr = 0;
    bool has_loop_sleep = false;
    for (size_t i = 0; i < n; i++) {
        const struct ev *e = &ev[i];
        if (e->type != EV_SLEEP)
            continue;
        struct thread_info *t = reader_thread(rd, e->tid);
        double slept = (double)(e->t - (e->a < e->t ? e->a : e->t)) / 1e6;
        if (t->loop) {
            sl_loop++;
            ms_loop += slept;
            if (!has_loop_sleep) {
                has_loop_sleep = true;
                facts_set(f, FACT_loop_sleep_from, reader_whole_ms(rd, e->a));
                facts_set(f, FACT_loop_sleep_to, reader_whole_ms(rd, e->t));
            }
            /* Where the sleeps on the loop end: "4 sleeps from 0 to 400 ms", not the
               first one's span alone. */
            double end = reader_whole_ms(rd, e->t);
            if (!f->has[FACT_loop_sleep_end] || end > f->value[FACT_loop_sleep_end])
                facts_set(f, FACT_loop_sleep_end, end);
        } else if (e->c) {
            sl_pool++;
            ms_pool += slept;
        } else if (t->program) {
            sl_thr++;
            ms_thr += slept;
        }
    }
    facts_set(f, FACT_sleeps_on_loop, sl_loop);
    facts_set(f, FACT_sleep_ms_on_loop, (double)(long long)ms_loop);
    facts_set(f, FACT_sleeps_on_pool, sl_pool);
    facts_set(f, FACT_sleep_ms_on_pool, (double)(long long)ms_pool);
    facts_set(f, FACT_sleeps_on_threads, sl_thr);
    facts_set(f, FACT_sleep_ms_on_threads, (double)(long long)ms_thr);
}

/* uv_async_send, by who sent it, and its callbacks; prints from the pool, and prints from an
   async callback while a job was still running. */
static void async_print_facts(struct reader *rd, run_facts *f, const struct ev *ev, size_t n)
{
    double sends = 0, s_pool = 0, s_loop = 0, s_thr = 0, acbs = 0;
    double prints_pool = 0, prints_async_working = 0;
    int working = 0; /* work callbacks running now */
    for (size_t i = 0; i < n; i++) {
        const struct ev *e = &ev[i];
        switch (e->type) {
        case EV_WORK_BEGIN:
            working++;
            break;
        case EV_WORK_END:
            working -= e->paired;
            break;
        case EV_SEND: {
            struct thread_info *t = reader_thread(rd, e->tid);
            sends++;
            if (e->c)
                s_pool++;
            else if (t->loop)
                s_loop++;
            else if (t->program)
                s_thr++;
            break;
        }
        case EV_ASYNC_CB:
            acbs++;
            break;
        case EV_OUT:
            if (e->a)
                prints_pool++;
            else if (e->c && working > 0)
                prints_async_working++;
            break;
        default:
            break;
        }
    }
    facts_set(f, FACT_async_sends, sends);
    facts_set(f, FACT_async_sends_from_pool, s_pool);
    facts_set(f, FACT_async_sends_from_loop, s_loop);
    facts_set(f, FACT_async_sends_from_threads, s_thr);
    facts_set(f, FACT_async_callbacks, acbs);
    facts_set(f, FACT_prints_on_pool, prints_pool);
    facts_set(f, FACT_async_prints_while_working, prints_async_working);
}

/* Timers started (one-shot), and the waits on them: the most at once, the shortest, the
   longest. */
static void timer_wait_facts(run_facts *f, const struct ev *ev, size_t n)
{
    double started = 0;
    for (size_t i = 0; i < n; i++)
        started += ev[i].type == EV_TIMER && ev[i].c == 0;
    facts_set(f, FACT_timers_started, started);
    double shortest, longest;
    facts_set(f, FACT_waits_at_once, waits_at_once(ev, n, &shortest, &longest));
    if (shortest > 0)
        facts_set(f, FACT_wait_ms_shortest, shortest);
    if (longest > 0)
        facts_set(f, FACT_wait_ms_longest, longest);
}

/* OpenMP: the regions, the largest team, the regions run on the pool or the loop thread,
   when the first ran, and whether the main one's work was shared. */
static void omp_facts(struct reader *rd, run_facts *f, const struct region *rg, size_t nrg)
{
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
        facts_set(f, FACT_omp_from, reader_whole_ms(rd, rg[0].from));
        if (rg[0].to)
            facts_set(f, FACT_omp_to, reader_whole_ms(rd, rg[0].to));
    }
    facts_set(f, FACT_omp_regions, (double)nrg);
    facts_set(f, FACT_omp_team, team);
    facts_set(f, FACT_omp_regions_on_pool, on_pool);
    facts_set(f, FACT_omp_regions_on_loop, on_loop);
}

/* Calls that belong to a loop's thread made from another, file calls: through libuv's
   requests, synchronous ones and plain ones on the loop thread; loops left busy. The first
   of each kind is kept, with its thread and place, for the hint. */
static void loop_call_facts(struct reader *rd, run_facts *f, const struct ev *ev, size_t n)
{
    observe_run *r = rd->run;
    double off = 0, on_closed = 0, fs_async = 0, fs_sync = 0, file_loop = 0, loops_busy = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ev *e = &ev[i];
        struct thread_info *t = reader_thread(rd, e->tid);
        switch (e->type) {
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
        case EV_ON_CLOSED:
            on_closed++;
            note_first(r, FACT_TEXT_closed_handle_call, e, e->word);
            break;
        case EV_FILE:
            if (t->loop) {
                file_loop++;
                note_first(r, FACT_TEXT_file_call_on_loop, e, e->word);
            }
            break;
        default:
            break;
        }
    }
    facts_set(f, FACT_loop_calls_off_loop, off);
    facts_set(f, FACT_calls_on_closed_handles, on_closed);
    facts_set(f, FACT_fs_requests, fs_async);
    facts_set(f, FACT_fs_sync_on_loop, fs_sync);
    facts_set(f, FACT_file_calls_on_loop, file_loop);
    facts_set(f, FACT_loops_left_busy, loops_busy);
}

void facts_compute(struct reader *rd, const struct ev *ev, size_t n, const struct region *rg,
                   size_t nrg)
{
    run_facts *f = &rd->run->facts;
    thread_facts(rd, f, ev, n);
    pool_facts(rd, f, ev, n);
    sleep_facts(rd, f, ev, n);
    async_print_facts(rd, f, ev, n);
    timer_wait_facts(f, ev, n);
    omp_facts(rd, f, rg, nrg);
    loop_call_facts(rd, f, ev, n);
    stream_facts(f, ev, n);
    fs_order_facts(f, ev, n);
    slice_facts(f, ev, n);
    cond_wait_facts(rd, f, ev, n);
}
