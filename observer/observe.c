/*
 * The observer: a small library the workbook preloads (LD_PRELOAD) into every program it
 * builds and runs, so that the checker can judge what a program did rather than what its
 * source or object code mentions. It wraps the calls that decide where work runs:
 *
 *   uv_run                  which thread is the loop thread
 *   uv_queue_work           each job: queued, its work callback's start and end and on
 *                           which thread, its after-work callback and status
 *   uv_async_init/send      who talks back to the loop, from which thread
 *   uv_timer_start/stop     one-shot waits and how many are pending at once
 *   uv_sleep, sleep, usleep, nanosleep, clock_nanosleep   blocking, and on which thread
 *   pthread_create/join     threads the program starts itself (not libuv's or OpenMP's)
 *   GOMP_parallel*          gcc's OpenMP regions: who started one, the team that ran it
 *   ompt_start_tool         the same for LLVM's libomp (clang), through its tool interface
 *   uv_read_start, uv_close a connection closed while it still waited for its answer
 *   uv_idle/check/prepare_start, timer callbacks   how much each loop callback computed
 *   pthread_cond_wait, pthread_cond_timedwait      a thread blocked on a condition variable
 *
 * It writes one line per event, "T_NS TID EVENT ARGS", to the file named by
 * WORKBOOK_OBSERVE (in the process whose executable is WORKBOOK_OBSERVE_EXE, when that is
 * set: the workbook may start the program through a shell), on a descriptor of its own (never the
 * program's stdout or stderr), with one write(2) per line so that a crash loses nothing already
 * seen. A program that closes its descriptors gets the file reopened; one that forks or executes
 * another program is not followed (the child writes nothing); past OBSERVE_CAP bytes it stops
 * writing, so a flood cannot fill a disk. runner/observe.c reads the file; runner/OBSERVER.md lists
 * the events.
 *
 * It must never change what the program does: every wrapper calls the real function with
 * the same arguments and returns its result; callbacks are wrapped only to note when they
 * run. Calls that libuv makes into itself (it calls uv_timer_stop, uv_async_send and
 * uv_async_init through its own exported names) are told apart by the callback's or the
 * handle's origin, not by who called, because a tail call hides the caller.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#define OBSERVE_CAP (8u << 20)
#define OBSERVE_FD_MIN 500

/* The output file. */

static char out_path[4096];
static int out_fd = -1;
static dev_t out_dev;
static ino_t out_ino;
static pid_t out_pid;
static atomic_size_t out_bytes;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static __thread long my_tid;

/* Set while this thread holds one of the observer's locks. A signal handler that calls
   uv_async_send (which libuv allows) while its thread is inside the observer must not wait
   for a lock its own thread holds: its event is dropped instead. */
static __thread int in_observer;

static long tid(void)
{
    if (my_tid == 0)
        my_tid = syscall(SYS_gettid);
    return my_tid;
}

/* Opens the file on a descriptor far from the ones a program uses. */
static void out_open(void)
{
    int fd = open(out_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, OBSERVE_FD_MIN);
    if (high >= 0) {
        close(fd);
        fd = high;
    }
    struct stat st;
    if (fstat(fd, &st) == 0) {
        out_dev = st.st_dev;
        out_ino = st.st_ino;
    }
    out_fd = fd;
}

/* Whether out_fd is still our file: a program may close it, or put another file at its
   number with dup2; then it is opened again rather than written into someone else's. */
static bool out_ok(void)
{
    struct stat st;
    return out_fd >= 0 && fstat(out_fd, &st) == 0 && st.st_dev == out_dev && st.st_ino == out_ino;
}

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void emit(const char *fmt, ...)
{
    if (!out_path[0] || getpid() != out_pid)
        return;
    int saved = errno;
    char line[256];
    int n = snprintf(line, sizeof line, "%llu %ld ", (unsigned long long)now_ns(), tid());
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m < (int)(sizeof line - (size_t)n - 1) ? m : (int)(sizeof line - (size_t)n - 2);
    line[n++] = '\n';
    size_t before = atomic_fetch_add(&out_bytes, (size_t)n);
    if (before < OBSERVE_CAP && !in_observer) {
        in_observer++;
        pthread_mutex_lock(&out_lock);
        if (!out_ok()) {
            out_fd = -1;
            out_open();
        }
        if (out_fd >= 0) {
            if (before + (size_t)n >= OBSERVE_CAP)
                n = snprintf(line, sizeof line, "0 0 cut\n");
            ssize_t w = write(out_fd, line, (size_t)n);
            (void)w;
        }
        pthread_mutex_unlock(&out_lock);
        in_observer--;
    }
    errno = saved;
}

/* Whether this process is the program to observe: the workbook may start it through a
   shell (which sets its limits, then executes it), and the shell is not the program. */
static bool is_target(void)
{
    const char *want = getenv("WORKBOOK_OBSERVE_EXE");
    if (!want || !*want)
        return true;
    char self[4096], target[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0 || !realpath(want, target))
        return false;
    self[n] = '\0';
    return strcmp(self, target) == 0;
}

static void after_fork_in_child(void);

__attribute__((constructor)) static void observe_init(void)
{
    const char *path = getenv("WORKBOOK_OBSERVE");
    if (!path || !*path || strlen(path) >= sizeof out_path || !is_target())
        return;
    snprintf(out_path, sizeof out_path, "%s", path);
    out_pid = getpid();
    pthread_atfork(NULL, NULL, after_fork_in_child);
    out_open();
    /* A program this one executes is not observed: its events would be mistaken for the
       program's own. */
    unsetenv("WORKBOOK_OBSERVE");
    unsetenv("WORKBOOK_OBSERVE_EXE");
    unsetenv("LD_PRELOAD");
    emit("hello %ld", (long)out_pid);
}

/* Where code comes from. */

/* Whether fn lives in one of the runtimes (libuv, the OpenMP runtimes, libc) rather than
   in the program. */
static bool in_runtime(const void *fn)
{
    Dl_info info;
    if (!fn || !dladdr(fn, &info) || !info.dli_fname)
        return false;
    const char *base = strrchr(info.dli_fname, '/');
    base = base ? base + 1 : info.dli_fname;
    return strncmp(base, "libuv.", 6) == 0 || strncmp(base, "libgomp.", 8) == 0 ||
           strncmp(base, "libomp.", 7) == 0 || strncmp(base, "libomp-", 7) == 0 ||
           strncmp(base, "libiomp", 7) == 0 || strncmp(base, "libc.", 5) == 0 ||
           strncmp(base, "libpthread", 10) == 0;
}

#define REAL(name)                                                                                 \
    static __typeof__(name) *real_##name;                                                          \
    if (!real_##name)                                                                              \
        real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name);

/* Callbacks the program handed over, by the handle or request they belong to. */

enum entry_kind { E_FREE, E_WORK, E_TIMER, E_ASYNC, E_THREAD, E_GONE, E_READ, E_LOOP_CB };

struct entry {
    const void *key;
    enum entry_kind kind;
    void (*cb1)(void);
    void (*cb2)(void);
    unsigned long id;
    unsigned flags; /* what was seen of it so far (streams: STREAM_GOT, STREAM_ENDED) */
};

#define TABLE_SIZE 16384
static struct entry table[TABLE_SIZE];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_ulong next_id = 1;

/* A child forked while another thread held a lock would wait for it forever. */
static void after_fork_in_child(void)
{
    pthread_mutex_init(&out_lock, NULL);
    pthread_mutex_init(&table_lock, NULL);
}

static size_t slot_of(const void *key)
{
    return (size_t)(((uintptr_t)key >> 3) * 0x9E3779B97F4A7C15ull >> 50) % TABLE_SIZE;
}

/* Finds key's entry (or a place for it when add); returns NULL when the table is full. */
static struct entry *table_find(const void *key, bool add)
{
    size_t s = slot_of(key);
    struct entry *free_slot = NULL;
    for (size_t i = 0; i < TABLE_SIZE; i++, s = (s + 1) % TABLE_SIZE) {
        struct entry *e = &table[s];
        if (e->kind == E_FREE)
            return add ? (free_slot ? free_slot : e) : NULL;
        if (e->kind == E_GONE) {
            if (!free_slot)
                free_slot = e;
            continue;
        }
        if (e->key == key)
            return e;
    }
    return add ? free_slot : NULL;
}

static bool table_put(const void *key, enum entry_kind kind, void (*cb1)(void), void (*cb2)(void),
                      unsigned long *id)
{
    if (in_observer)
        return false;
    in_observer++;
    pthread_mutex_lock(&table_lock);
    struct entry *e = table_find(key, true);
    if (e) {
        *e = (struct entry){key, kind, cb1, cb2, atomic_fetch_add(&next_id, 1), 0};
        *id = e->id;
    }
    pthread_mutex_unlock(&table_lock);
    in_observer--;
    return e != NULL;
}

static bool table_get(const void *key, enum entry_kind kind, struct entry *out, bool remove)
{
    if (in_observer)
        return false;
    in_observer++;
    pthread_mutex_lock(&table_lock);
    struct entry *e = table_find(key, false);
    bool found = e && e->kind == kind;
    if (found) {
        *out = *e;
        if (remove)
            e->kind = E_GONE;
    }
    pthread_mutex_unlock(&table_lock);
    in_observer--;
    return found;
}

/* The loop. */

static void note_open_handles(uv_loop_t *loop, uv_run_mode mode);

int uv_run(uv_loop_t *loop, uv_run_mode mode)
{
    REAL(uv_run);
    emit("run+ %p %d", (void *)loop, (int)mode);
    int r = real_uv_run(loop, mode);
    emit("run- %p %d", (void *)loop, r);
    note_open_handles(loop, mode);
    return r;
}

/* Jobs on the pool. */

static __thread int in_work;

static void work_tramp(uv_work_t *req)
{
    struct entry e;
    if (!table_get(req, E_WORK, &e, false))
        return;
    in_work++;
    emit("work+ %lu", e.id);
    ((uv_work_cb)e.cb1)(req);
    emit("work- %lu", e.id);
    in_work--;
}

static void after_tramp(uv_work_t *req, int status)
{
    struct entry e;
    if (!table_get(req, E_WORK, &e, true))
        return;
    emit("after %lu %d", e.id, status);
    if (e.cb2)
        ((uv_after_work_cb)e.cb2)(req, status);
}

int uv_queue_work(uv_loop_t *loop, uv_work_t *req, uv_work_cb work_cb, uv_after_work_cb after_cb)
{
    REAL(uv_queue_work);
    unsigned long id;
    if (!work_cb || !table_put(req, E_WORK, (void (*)(void))work_cb, (void (*)(void))after_cb, &id))
        return real_uv_queue_work(loop, req, work_cb, after_cb);
    int r = real_uv_queue_work(loop, req, work_tramp, after_tramp);
    if (r == 0)
        emit("queue %lu", id);
    else
        table_get(req, E_WORK, &(struct entry){0}, true);
    return r;
}

/* How much a loop callback computed (defined with the slices, below). */
struct slice {
    uint64_t cpu0, t0;
};
static struct slice slice_begin(void);
static void slice_end(const struct slice *sl);

/* Talking back to the loop. */

static void async_tramp(uv_async_t *h)
{
    struct entry e;
    if (!table_get(h, E_ASYNC, &e, false))
        return;
    emit("acb %lu", e.id);
    if (e.cb1)
        ((uv_async_cb)e.cb1)(h);
}

int uv_async_init(uv_loop_t *loop, uv_async_t *h, uv_async_cb cb)
{
    REAL(uv_async_init);
    unsigned long id;
    /* libuv's own async handle (its pool's) has a callback inside libuv. */
    if (in_runtime((const void *)cb) || !table_put(h, E_ASYNC, (void (*)(void))cb, NULL, &id))
        return real_uv_async_init(loop, h, cb);
    int r = real_uv_async_init(loop, h, async_tramp);
    if (r == 0)
        emit("async %lu", id);
    return r;
}

int uv_async_send(uv_async_t *h)
{
    REAL(uv_async_send);
    struct entry e;
    if (table_get(h, E_ASYNC, &e, false))
        emit("send %lu %d", e.id, in_work);
    return real_uv_async_send(h);
}

/* Timers: one-shot ones are the workbook's stand-in for a download or a request. */

static void timer_tramp(uv_timer_t *h)
{
    struct entry e;
    if (!table_get(h, E_TIMER, &e, false))
        return;
    emit("fire %lu", e.id);
    struct slice sl = slice_begin();
    ((uv_timer_cb)e.cb1)(h);
    slice_end(&sl);
}

int uv_timer_start(uv_timer_t *h, uv_timer_cb cb, uint64_t timeout, uint64_t repeat)
{
    REAL(uv_timer_start);
    unsigned long id;
    /* libuv restarts a repeating timer with the callback it already has (ours). */
    if (cb == timer_tramp || !cb || in_runtime((const void *)cb))
        return real_uv_timer_start(h, cb, timeout, repeat);
    struct entry old;
    if (table_get(h, E_TIMER, &old, false) && uv_is_active((uv_handle_t *)h))
        emit("stop %lu", old.id);
    if (!table_put(h, E_TIMER, (void (*)(void))cb, NULL, &id))
        return real_uv_timer_start(h, cb, timeout, repeat);
    int r = real_uv_timer_start(h, timer_tramp, timeout, repeat);
    if (r == 0)
        emit("timer %lu %llu %llu", id, (unsigned long long)timeout, (unsigned long long)repeat);
    return r;
}

int uv_timer_stop(uv_timer_t *h)
{
    REAL(uv_timer_stop);
    struct entry e;
    if (uv_is_active((uv_handle_t *)h) && table_get(h, E_TIMER, &e, false))
        emit("stop %lu", e.id);
    return real_uv_timer_stop(h);
}

/* Blocking sleeps. uv_sleep calls nanosleep, so a sleep inside another is not counted. */

static __thread int in_sleep;

#define SLEEP_WRAP(call, req_ms)                                                                   \
    do {                                                                                           \
        if (in_sleep)                                                                              \
            return call;                                                                           \
        in_sleep++;                                                                                \
        uint64_t t0 = now_ns();                                                                    \
        __typeof__(call) r_ = call;                                                                \
        emit("sleep %llu %.3f %d", (unsigned long long)t0, (double)(req_ms), in_work);             \
        in_sleep--;                                                                                \
        return r_;                                                                                 \
    } while (0)

static double ts_ms(const struct timespec *ts)
{
    return ts ? (double)ts->tv_sec * 1e3 + (double)ts->tv_nsec / 1e6 : 0;
}

void uv_sleep(unsigned int msec)
{
    REAL(uv_sleep);
    if (in_sleep) {
        real_uv_sleep(msec);
        return;
    }
    in_sleep++;
    uint64_t t0 = now_ns();
    real_uv_sleep(msec);
    emit("sleep %llu %.3f %d", (unsigned long long)t0, (double)msec, in_work);
    in_sleep--;
}

unsigned int sleep(unsigned int seconds)
{
    REAL(sleep);
    SLEEP_WRAP(real_sleep(seconds), seconds * 1000.0);
}

int usleep(useconds_t usec)
{
    REAL(usleep);
    SLEEP_WRAP(real_usleep(usec), usec / 1000.0);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    REAL(nanosleep);
    SLEEP_WRAP(real_nanosleep(req, rem), ts_ms(req));
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem)
{
    REAL(clock_nanosleep);
    /* An absolute deadline says nothing about how long; the time slept is measured anyway. */
    SLEEP_WRAP(real_clock_nanosleep(clock, flags, req, rem), flags ? 0 : ts_ms(req));
}

/* Threads. */

struct thread_start {
    void *(*fn)(void *);
    void *arg;
    long creator;
    bool program;
};

static void *thread_tramp(void *p)
{
    struct thread_start s = *(struct thread_start *)p;
    free(p);
    emit("thread+ %ld %s", s.creator, s.program ? "program" : "runtime");
    void *r = s.fn(s.arg);
    emit("thread-");
    return r;
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
    REAL(pthread_create);
    struct thread_start *s = malloc(sizeof *s);
    if (!s)
        return real_pthread_create(t, attr, fn, arg);
    *s = (struct thread_start){fn, arg, tid(), !in_runtime((const void *)fn)};
    bool program = s->program;
    int r = real_pthread_create(t, attr, thread_tramp, s);
    if (r != 0)
        free(s);
    else if (program)
        table_put((const void *)*t, E_THREAD, NULL, NULL, &(unsigned long){0});
    return r;
}

int pthread_join(pthread_t t, void **ret)
{
    REAL(pthread_join);
    int r = real_pthread_join(t, ret);
    /* Only the program's own threads: libuv joins its pool's at exit. */
    if (r == 0 && table_get((const void *)t, E_THREAD, &(struct entry){0}, true))
        emit("join");
    return r;
}

/* OpenMP with gcc: libgomp starts a region through one of these, handing it the outlined
   function that every thread of the team calls once. Wrapping that function shows which
   threads ran the region. */

struct omp_region {
    void (*fn)(void *);
    void *data;
    unsigned long id;
    atomic_int team;
};

static void omp_tramp(void *p)
{
    struct omp_region *g = p;
    int index = atomic_fetch_add(&g->team, 1);
    emit("ompw+ %lu %d", g->id, index);
    g->fn(g->data);
    emit("ompw- %lu", g->id);
}

static void omp_begin(struct omp_region *g, void (*fn)(void *), void *data, unsigned nthreads)
{
    *g = (struct omp_region){.fn = fn, .data = data, .id = atomic_fetch_add(&next_id, 1)};
    emit("omp+ %lu %u %d", g->id, nthreads, in_work);
}

static void omp_end(struct omp_region *g)
{
    emit("omp- %lu %d", g->id, atomic_load(&g->team));
}

void GOMP_parallel(void (*fn)(void *), void *data, unsigned nthreads, unsigned flags);
void GOMP_parallel(void (*fn)(void *), void *data, unsigned nthreads, unsigned flags)
{
    REAL(GOMP_parallel);
    struct omp_region g;
    omp_begin(&g, fn, data, nthreads);
    real_GOMP_parallel(omp_tramp, &g, nthreads, flags);
    omp_end(&g);
}

unsigned GOMP_parallel_reductions(void (*fn)(void *), void *data, unsigned nthreads,
                                  unsigned flags);
unsigned GOMP_parallel_reductions(void (*fn)(void *), void *data, unsigned nthreads, unsigned flags)
{
    REAL(GOMP_parallel_reductions);
    struct omp_region g;
    omp_begin(&g, fn, data, nthreads);
    unsigned r = real_GOMP_parallel_reductions(omp_tramp, &g, nthreads, flags);
    omp_end(&g);
    return r;
}

void GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned nthreads, unsigned count,
                            unsigned flags);
void GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned nthreads, unsigned count,
                            unsigned flags)
{
    REAL(GOMP_parallel_sections);
    struct omp_region g;
    omp_begin(&g, fn, data, nthreads);
    real_GOMP_parallel_sections(omp_tramp, &g, nthreads, count, flags);
    omp_end(&g);
}

/* The combined `parallel for` entry points, with a chunk size and without one. */
#define GOMP_LOOP_CHUNK(name)                                                                      \
    void name(void (*fn)(void *), void *data, unsigned nthreads, long start, long end, long incr,  \
              long chunk, unsigned flags);                                                         \
    void name(void (*fn)(void *), void *data, unsigned nthreads, long start, long end, long incr,  \
              long chunk, unsigned flags)                                                          \
    {                                                                                              \
        REAL(name);                                                                                \
        struct omp_region g;                                                                       \
        omp_begin(&g, fn, data, nthreads);                                                         \
        real_##name(omp_tramp, &g, nthreads, start, end, incr, chunk, flags);                      \
        omp_end(&g);                                                                               \
    }
#define GOMP_LOOP_NOCHUNK(name)                                                                    \
    void name(void (*fn)(void *), void *data, unsigned nthreads, long start, long end, long incr,  \
              unsigned flags);                                                                     \
    void name(void (*fn)(void *), void *data, unsigned nthreads, long start, long end, long incr,  \
              unsigned flags)                                                                      \
    {                                                                                              \
        REAL(name);                                                                                \
        struct omp_region g;                                                                       \
        omp_begin(&g, fn, data, nthreads);                                                         \
        real_##name(omp_tramp, &g, nthreads, start, end, incr, flags);                             \
        omp_end(&g);                                                                               \
    }

GOMP_LOOP_CHUNK(GOMP_parallel_loop_static)
GOMP_LOOP_CHUNK(GOMP_parallel_loop_dynamic)
GOMP_LOOP_CHUNK(GOMP_parallel_loop_guided)
GOMP_LOOP_CHUNK(GOMP_parallel_loop_nonmonotonic_dynamic)
GOMP_LOOP_CHUNK(GOMP_parallel_loop_nonmonotonic_guided)
GOMP_LOOP_NOCHUNK(GOMP_parallel_loop_runtime)
GOMP_LOOP_NOCHUNK(GOMP_parallel_loop_nonmonotonic_runtime)
GOMP_LOOP_NOCHUNK(GOMP_parallel_loop_maybe_nonmonotonic_runtime)

/* OpenMP with clang: LLVM's libomp looks for ompt_start_tool and reports regions and the
   implicit task each team thread runs. The few types of omp-tools.h that are needed are
   declared here, so that this file builds with gcc and without LLVM's headers. */

typedef union ompt_data_t {
    uint64_t value;
    void *ptr;
} ompt_data_t;
typedef void (*ompt_interface_fn_t)(void);
typedef ompt_interface_fn_t (*ompt_function_lookup_t)(const char *);
typedef void (*ompt_callback_t)(void);
typedef int (*ompt_set_callback_t)(int event, ompt_callback_t cb);
typedef struct ompt_start_tool_result_t {
    int (*initialize)(ompt_function_lookup_t lookup, int device, ompt_data_t *tool_data);
    void (*finalize)(ompt_data_t *tool_data);
    ompt_data_t tool_data;
} ompt_start_tool_result_t;

enum { OMPT_PARALLEL_BEGIN = 3, OMPT_PARALLEL_END = 4, OMPT_IMPLICIT_TASK = 7 };
enum { OMPT_SCOPE_BEGIN = 1, OMPT_SCOPE_END = 2 };
enum { OMPT_TASK_INITIAL = 1 };

static __thread unsigned long ompt_my_region;

static void ompt_parallel_begin(ompt_data_t *task, const void *frame, ompt_data_t *parallel,
                                unsigned requested, int flags, const void *ra)
{
    (void)task, (void)frame, (void)flags, (void)ra;
    parallel->value = atomic_fetch_add(&next_id, 1);
    emit("omp+ %lu %u %d", (unsigned long)parallel->value, requested, in_work);
}

static void ompt_parallel_end(ompt_data_t *parallel, ompt_data_t *task, int flags, const void *ra)
{
    (void)task, (void)flags, (void)ra;
    emit("omp- %lu -1", (unsigned long)parallel->value);
}

static void ompt_implicit_task(int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                               unsigned actual, unsigned index, int flags)
{
    (void)task, (void)actual;
    if (flags & OMPT_TASK_INITIAL)
        return;
    if (endpoint == OMPT_SCOPE_BEGIN && parallel) {
        ompt_my_region = (unsigned long)parallel->value;
        emit("ompw+ %lu %u", ompt_my_region, index);
    } else if (endpoint == OMPT_SCOPE_END && ompt_my_region) {
        emit("ompw- %lu", ompt_my_region);
        ompt_my_region = 0;
    }
}

static int ompt_init(ompt_function_lookup_t lookup, int device, ompt_data_t *tool_data)
{
    (void)device, (void)tool_data;
    ompt_set_callback_t set = (ompt_set_callback_t)lookup("ompt_set_callback");
    if (!set)
        return 0;
    set(OMPT_PARALLEL_BEGIN, (ompt_callback_t)ompt_parallel_begin);
    set(OMPT_PARALLEL_END, (ompt_callback_t)ompt_parallel_end);
    set(OMPT_IMPLICIT_TASK, (ompt_callback_t)ompt_implicit_task);
    return 1;
}

static void ompt_fini(ompt_data_t *tool_data)
{
    (void)tool_data;
}

ompt_start_tool_result_t *ompt_start_tool(unsigned int omp_version, const char *runtime_version);
ompt_start_tool_result_t *ompt_start_tool(unsigned int omp_version, const char *runtime_version)
{
    (void)omp_version, (void)runtime_version;
    static ompt_start_tool_result_t result = {ompt_init, ompt_fini, {0}};
    return out_path[0] ? &result : NULL;
}

/* Deadlines: a connection closed before its answer came, and handles left open.
   Each stream the program reads from is followed from uv_read_start to uv_close: whether
   any bytes came (STREAM_GOT) and whether its end or an error came (STREAM_ENDED). A
   stream closed with neither is one the program gave up waiting on. */

enum { STREAM_GOT = 1, STREAM_ENDED = 2 };

/* ORs flags into key's entry; returns the flags it had before (or -1 when not found). */
static int table_mark(const void *key, enum entry_kind kind, unsigned flags)
{
    if (in_observer)
        return -1;
    in_observer++;
    pthread_mutex_lock(&table_lock);
    struct entry *e = table_find(key, false);
    int before = -1;
    if (e && e->kind == kind) {
        before = (int)e->flags;
        e->flags |= flags;
    }
    pthread_mutex_unlock(&table_lock);
    in_observer--;
    return before;
}

static void read_tramp(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct entry e;
    if (!table_get(stream, E_READ, &e, false))
        return;
    unsigned flag = nread > 0 ? STREAM_GOT : nread < 0 ? STREAM_ENDED : 0;
    if (flag) {
        int before = table_mark(stream, E_READ, flag);
        if (before >= 0 && !((unsigned)before & flag))
            emit("%s %lu", flag == STREAM_GOT ? "rdata" : "rend", e.id);
    }
    ((uv_read_cb)e.cb1)(stream, nread, buf);
}

int uv_read_start(uv_stream_t *stream, uv_alloc_cb alloc_cb, uv_read_cb read_cb)
{
    REAL(uv_read_start);
    if (!read_cb || read_cb == read_tramp || in_runtime((const void *)read_cb))
        return real_uv_read_start(stream, alloc_cb, read_cb);
    struct entry old;
    bool known = table_get(stream, E_READ, &old, false);
    unsigned long id;
    if (!table_put(stream, E_READ, (void (*)(void))read_cb, NULL, &id))
        return real_uv_read_start(stream, alloc_cb, read_cb);
    if (known) /* reading again: the same stream, what it saw so far kept */
        table_mark(stream, E_READ, old.flags);
    int r = real_uv_read_start(stream, alloc_cb, read_tramp);
    if (r == 0 && !known)
        emit("rstart %lu", id);
    return r;
}

void uv_close(uv_handle_t *handle, uv_close_cb close_cb)
{
    REAL(uv_close);
    struct entry e;
    if (table_get(handle, E_READ, &e, true))
        emit("rclose %lu %d %d", e.id, (e.flags & STREAM_GOT) != 0, (e.flags & STREAM_ENDED) != 0);
    real_uv_close(handle, close_cb);
}

static void count_open(uv_handle_t *handle, void *arg)
{
    if (!uv_is_closing(handle))
        ++*(int *)arg;
}

/* After a run to the end (UV_RUN_DEFAULT), the handles the program never closed: libuv's
   own are not walked. */
static void note_open_handles(uv_loop_t *loop, uv_run_mode mode)
{
    if (mode != UV_RUN_DEFAULT || !loop)
        return;
    int open_handles = 0;
    uv_walk(loop, count_open, &open_handles);
    emit("open %d", open_handles);
}

/* Slices: how much each callback of a timer, idle, check or prepare handle computed, by
   the CPU time of its thread (a callback preempted by a busy neighbour is not counted as
   working). Callbacks that computed for at least SLICE_MIN_US are logged. */

#define SLICE_MIN_US 100

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct slice slice_begin(void)
{
    return (struct slice){thread_cpu_ns(), now_ns()};
}

static void slice_end(const struct slice *sl)
{
    uint64_t cpu = thread_cpu_ns() - sl->cpu0;
    if (cpu >= SLICE_MIN_US * 1000u)
        emit("slice %llu %llu", (unsigned long long)(cpu / 1000),
             (unsigned long long)((now_ns() - sl->t0) / 1000));
}

/* One trampoline per handle type: libuv calls it with the handle, whose entry holds the
   program's callback. */
#define LOOP_CB_WRAP(type)                                                                         \
    static void type##_tramp(uv_##type##_t *h)                                                     \
    {                                                                                              \
        struct entry e;                                                                            \
        if (!table_get(h, E_LOOP_CB, &e, false))                                                   \
            return;                                                                                \
        struct slice sl = slice_begin();                                                           \
        ((uv_##type##_cb)e.cb1)(h);                                                                \
        slice_end(&sl);                                                                            \
    }                                                                                              \
    int uv_##type##_start(uv_##type##_t *h, uv_##type##_cb cb)                                     \
    {                                                                                              \
        REAL(uv_##type##_start);                                                                   \
        unsigned long id;                                                                          \
        if (!cb || cb == type##_tramp || in_runtime((const void *)cb) ||                           \
            !table_put(h, E_LOOP_CB, (void (*)(void))cb, NULL, &id))                               \
            return real_uv_##type##_start(h, cb);                                                  \
        return real_uv_##type##_start(h, type##_tramp);                                            \
    }

LOOP_CB_WRAP(idle)
LOOP_CB_WRAP(check)
LOOP_CB_WRAP(prepare)

/* Channels: a thread blocked on a condition variable (a producer waiting for room in a
   full queue). libuv's uv_cond_wait and uv_cond_timedwait call these too. Logged like a
   sleep: when it began, and whether inside a work callback. */

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
    REAL(pthread_cond_wait);
    uint64_t t0 = now_ns();
    int r = real_pthread_cond_wait(cond, mutex);
    emit("cwait %llu 0 %d", (unsigned long long)t0, in_work);
    return r;
}

int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex,
                           const struct timespec *abstime)
{
    REAL(pthread_cond_timedwait);
    uint64_t t0 = now_ns();
    int r = real_pthread_cond_timedwait(cond, mutex, abstime);
    emit("cwait %llu 0 %d", (unsigned long long)t0, in_work);
    return r;
}
