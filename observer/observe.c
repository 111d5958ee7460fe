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
 *   libuv's loop-owned calls  (streams, handles, timers, uv_close, uv_fs_*, DNS, ...): which
 *                           thread made each, from where (LOOP_CALLS and the tables below)
 *   stat, access, ...       the program's own blocking file calls on the loop thread
 *   uv_loop_close           the kinds of the handles left open when it fails
 *   uv_read_start, uv_close a connection closed while it still waited for its answer
 *   uv_close's callback     handles closed: a later call on one (not made again by an init)
 *   uv_idle/check/prepare_start, timer callbacks   how much each loop callback computed
 *   pthread_cond_wait, pthread_cond_timedwait      a thread blocked on a condition variable
 *
 * It writes one line per event, "T_NS TID EVENT ARGS", to the file named by
 * WORKBOOK_OBSERVE (in the process whose executable is WORKBOOK_OBSERVE_EXE, when that is
 * set: the workbook may start the program through a shell), on a descriptor of its own (never the
 * program's stdout or stderr), with one write(2) per line so that a crash loses nothing already
 * seen. A program that closes its descriptors gets the file reopened; one that forks or executes
 * another program is not followed (the child writes nothing); past OBSERVE_CAP bytes it stops
 * writing, so a flood cannot fill a disk. runner/observe/observe.c reads the file; runner/OBSERVER.md lists
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
#ifdef __linux__
#include <link.h>
#endif
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
#define CUT_ROOM 8 /* "0 0 cut\n" */

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
    /* Each line takes its own stretch of the file; the one that crosses the cap's last
       CUT_ROOM bytes says "cut" instead, in the room kept for it, and later ones are
       dropped: the file never passes the cap. */
    size_t before = atomic_fetch_add(&out_bytes, (size_t)n);
    if (before <= OBSERVE_CAP - CUT_ROOM && !in_observer) {
        in_observer++;
        pthread_mutex_lock(&out_lock);
        if (!out_ok()) {
            out_fd = -1;
            out_open();
        }
        if (out_fd >= 0) {
            if (before + (size_t)n > OBSERVE_CAP - CUT_ROOM)
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
static void find_code_ranges(void);

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
    find_code_ranges();
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

enum entry_kind { E_FREE, E_WORK, E_TIMER, E_ASYNC, E_THREAD, E_GONE, E_READ, E_LOOP_CB, E_CLOSE };

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

/* Where a call came from. The program's own code is the main executable; libuv's is the
   library that holds uv_run. Each is a range of addresses, found once. */

struct code_range {
    uintptr_t lo, hi, base;
};
static struct code_range exe_code, uv_code;

struct range_search {
    uintptr_t want_base;
    bool first;
    struct code_range *out;
};

#ifdef __linux__
static int range_of_object(struct dl_phdr_info *info, size_t size, void *p)
{
    (void)size;
    struct range_search *s = p;
    if (!s->first && info->dlpi_addr != s->want_base)
        return 0;
    s->out->base = info->dlpi_addr;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (!s->out->lo || lo < s->out->lo)
            s->out->lo = lo;
        if (hi > s->out->hi)
            s->out->hi = hi;
    }
    return 1;
}

#endif

/* Elsewhere (macOS) the ranges stay empty: calls are noted without their place. */
static void find_code_ranges(void)
{
#ifdef __linux__
    /* The first object dl_iterate_phdr reports is the executable. */
    dl_iterate_phdr(range_of_object, &(struct range_search){0, true, &exe_code});
    Dl_info info;
    void *uv = dlsym(RTLD_NEXT, "uv_run");
    if (uv && dladdr(uv, &info))
        dl_iterate_phdr(range_of_object,
                        &(struct range_search){(uintptr_t)info.dli_fbase, false, &uv_code});
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0 && n < 200) {
        exe[n] = '\0';
        emit("exe %lx %s", (unsigned long)exe_code.base, exe);
    }
#endif
}

static bool in_range(const struct code_range *r, const void *a)
{
    return (uintptr_t)a >= r->lo && (uintptr_t)a < r->hi;
}

/* An address in the program, as the executable's own (what its debug information names),
   or 0 when it is not the program's. */
static unsigned long exe_offset(const void *a)
{
    return in_range(&exe_code, a) ? (unsigned long)((uintptr_t)a - exe_code.base) : 0;
}

/*
 * The program's calls of libuv that belong to a loop: the thread that runs uv_run owns its
 * loop's handles and requests, and any other thread that touches them races with it.
 * runner/observe/observe.c judges each call by its thread against the loop's; here each is noted
 * with the loop, where it was called from and the program callback it runs in (a tail call
 * hides the caller: then the callback still says which code made it).
 *
 * libuv calls some of these itself, through the same exported names: inside a call the
 * program made (uv_write calls uv_write2) that depth says so, and inside uv_run its calls
 * come from libuv's own code. Neither is the program's.
 */
static __thread int uv_depth;   /* inside a noted call of the program's */
static __thread int in_run;     /* inside uv_run on this thread */
static __thread const void *cur_cb; /* the program's callback this thread runs, if known */

/* Each thread notes a call from one place on one loop once: a server's thousand uv_writes
   from the same line are one fact, and cost a lookup, not a line of the log. */
#define SEEN_SLOTS 256
static __thread uintptr_t seen_calls[SEEN_SLOTS];

static bool seen_before(const char *name, const void *loop, const void *ra)
{
    uintptr_t key = ((uintptr_t)name * 31u) ^ ((uintptr_t)ra * 0x9E3779B97F4A7C15ull) ^
                    ((uintptr_t)loop >> 4);
    if (key == 0)
        key = 1;
    size_t s = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 56) % SEEN_SLOTS;
    for (size_t i = 0; i < 8; i++, s = (s + 1) % SEEN_SLOTS) {
        if (seen_calls[s] == key)
            return true;
        if (seen_calls[s] == 0) {
            seen_calls[s] = key;
            return false;
        }
    }
    return false; /* full here: note it again, the log's cap bounds it */
}

static bool programs_call(const void *ra)
{
    return uv_depth == 0 && !(in_run && in_range(&uv_code, ra));
}

static void note_call(const char *name, const void *loop, const void *ra)
{
    if (!out_path[0] || !programs_call(ra) || seen_before(name, loop, ra))
        return;
    emit("call %s %lx %lx %lx", name, (unsigned long)(uintptr_t)loop, exe_offset(ra),
         exe_offset(cur_cb));
}

/* A file system request: with a callback it goes through libuv's pool (or io_uring) and
   belongs to the loop; without one it runs at once, on the calling thread. Every one is
   noted (a program makes few), for the count of requests. */
static void note_fs(const char *name, const void *loop, bool async, const void *ra)
{
    if (!out_path[0] || !programs_call(ra))
        return;
    emit("fs %s %lx %d %lx %lx", name, async ? (unsigned long)(uintptr_t)loop : 0ul, async,
         exe_offset(ra),
         exe_offset(cur_cb));
}

/* Inside a wrapper with several returns: the depth is left on every one of them. */
static void depth_leave(int *unused)
{
    (void)unused;
    uv_depth--;
}
#define DEPTH_GUARD __attribute__((cleanup(depth_leave), unused)) int depth_guard_ = uv_depth++

/*
 * Handles whose close callback has run: their memory is the program's again, and most
 * programs free it there. A later loop-owned call on such an address (a uv_write from an
 * after-work callback on a connection closed while its job ran) uses a handle that is gone.
 * Only addresses are kept and compared, never read: the memory may be freed. A uv_*_init at
 * the same address makes it a handle again (malloc reuses memory). A small open-addressing
 * set behind its own lock; when full, a close is not recorded (a miss, never a false call).
 */
#define CLOSED_SLOTS 4096
#define CLOSED_TOMB ((uintptr_t)1)
static uintptr_t closed_set[CLOSED_SLOTS];
static atomic_int closed_any; /* nothing to look up until a close callback has run */
static pthread_mutex_t closed_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int closed_calls_noted;

static size_t closed_slot(uintptr_t a)
{
    return (size_t)(((a >> 3) * 0x9E3779B97F4A7C15ull) >> 52) % CLOSED_SLOTS;
}

/* add: note a as closed; otherwise forget it. Returns whether it was there. */
static bool closed_update(const void *h, bool add)
{
    uintptr_t a = (uintptr_t)h;
    bool was = false;
    pthread_mutex_lock(&closed_lock);
    size_t s = closed_slot(a), place = CLOSED_SLOTS;
    for (size_t i = 0; i < 32; i++, s = (s + 1) % CLOSED_SLOTS) {
        if (closed_set[s] == a) {
            was = true;
            if (!add)
                closed_set[s] = CLOSED_TOMB;
            break;
        }
        if (closed_set[s] == CLOSED_TOMB && place == CLOSED_SLOTS)
            place = s;
        if (closed_set[s] == 0) {
            if (place == CLOSED_SLOTS)
                place = s;
            break;
        }
    }
    if (add && !was && place < CLOSED_SLOTS) {
        closed_set[place] = a;
        atomic_store_explicit(&closed_any, 1, memory_order_relaxed);
    }
    pthread_mutex_unlock(&closed_lock);
    return was;
}

static bool closed_has(const void *h)
{
    if (!h || !atomic_load_explicit(&closed_any, memory_order_relaxed))
        return false;
    uintptr_t a = (uintptr_t)h;
    bool found = false;
    pthread_mutex_lock(&closed_lock);
    size_t s = closed_slot(a);
    for (size_t i = 0; i < 32 && closed_set[s]; i++, s = (s + 1) % CLOSED_SLOTS)
        if (closed_set[s] == a) {
            found = true;
            break;
        }
    pthread_mutex_unlock(&closed_lock);
    return found;
}

/* A new uv_*_init (or uv_spawn, uv_async_init) at h: a handle again. */
static void closed_forget(const void *h)
{
    if (h && atomic_load_explicit(&closed_any, memory_order_relaxed))
        closed_update(h, false);
}

/* The loop of a handle the program passes to a loop-owned call. A handle already closed is
   noted ("onclosed NAME RA CB", the first 20 places) and not read: its loop is not known. */
static const void *handle_loop_of(const void *h, const char *name, const void *ra)
{
    if (!h)
        return NULL;
    if (closed_has(h)) {
        if (out_path[0] && programs_call(ra) &&
            atomic_fetch_add(&closed_calls_noted, 1) < 20)
            emit("onclosed %s %lx %lx", name, exe_offset(ra), exe_offset(cur_cb));
        return NULL;
    }
    return ((const uv_handle_t *)h)->loop;
}

/* Every wrapper that names a handle's loop is the program's call with that handle: the
   function's own name and return address say which call and where. */
#define HANDLE_LOOP(h) handle_loop_of((h), __func__, __builtin_return_address(0))
#define SECOND_ARG_(a, b, ...) b
#define SECOND_ARG(...) SECOND_ARG_(__VA_ARGS__, 0, 0)
/* The calls that make a handle at their second argument. */
#define MAKES_HANDLE(name)                                                                         \
    (__builtin_strstr(#name, "_init") != NULL || __builtin_strcmp(#name, "uv_spawn") == 0)
#define UNPACK(...) __VA_ARGS__

/*
 * The calls, one table: X(return type, name, (parameters), (arguments), the loop).
 * Only what changes a loop's or a handle's state: reads of a field (uv_now, uv_is_active,
 * the getters), uv_loop_init and uv_default_loop (which make a loop for the thread that
 * will run it) and uv_fs_req_cleanup (a request's own memory) are safe anywhere.
 */
#define LOOP_CALLS(X)                                                                              \
    X(int, uv_tcp_init, (uv_loop_t * loop, uv_tcp_t * h), (loop, h), loop)                         \
    X(int, uv_tcp_init_ex, (uv_loop_t * loop, uv_tcp_t * h, unsigned int flags), (loop, h, flags), \
      loop)                                                                                        \
    X(int, uv_tcp_open, (uv_tcp_t * h, uv_os_sock_t sock), (h, sock), HANDLE_LOOP(h))              \
    X(int, uv_tcp_nodelay, (uv_tcp_t * h, int enable), (h, enable), HANDLE_LOOP(h))                \
    X(int, uv_tcp_keepalive, (uv_tcp_t * h, int enable, unsigned int delay), (h, enable, delay),   \
      HANDLE_LOOP(h))                                                                              \
    X(int, uv_tcp_bind, (uv_tcp_t * h, const struct sockaddr *addr, unsigned int flags),           \
      (h, addr, flags), HANDLE_LOOP(h))                                                            \
    X(int, uv_tcp_connect,                                                                         \
      (uv_connect_t * req, uv_tcp_t * h, const struct sockaddr *addr, uv_connect_cb cb),           \
      (req, h, addr, cb), HANDLE_LOOP(h))                                                          \
    X(int, uv_tcp_close_reset, (uv_tcp_t * h, uv_close_cb cb), (h, cb), HANDLE_LOOP(h))            \
    X(int, uv_pipe_init, (uv_loop_t * loop, uv_pipe_t * h, int ipc), (loop, h, ipc), loop)         \
    X(int, uv_pipe_open, (uv_pipe_t * h, uv_file file), (h, file), HANDLE_LOOP(h))                 \
    X(int, uv_pipe_bind, (uv_pipe_t * h, const char *name), (h, name), HANDLE_LOOP(h))             \
    X(int, uv_tty_init, (uv_loop_t * loop, uv_tty_t * h, uv_file fd, int readable),                \
      (loop, h, fd, readable), loop)                                                               \
    X(int, uv_tty_set_mode, (uv_tty_t * h, uv_tty_mode_t mode), (h, mode), HANDLE_LOOP(h))         \
    X(int, uv_udp_init, (uv_loop_t * loop, uv_udp_t * h), (loop, h), loop)                         \
    X(int, uv_udp_bind, (uv_udp_t * h, const struct sockaddr *addr, unsigned int flags),           \
      (h, addr, flags), HANDLE_LOOP(h))                                                            \
    X(int, uv_udp_connect, (uv_udp_t * h, const struct sockaddr *addr), (h, addr), HANDLE_LOOP(h)) \
    X(int, uv_udp_send,                                                                            \
      (uv_udp_send_t * req, uv_udp_t * h, const uv_buf_t bufs[], unsigned int n,                   \
       const struct sockaddr *addr, uv_udp_send_cb cb),                                            \
      (req, h, bufs, n, addr, cb), HANDLE_LOOP(h))                                                 \
    X(int, uv_udp_try_send,                                                                        \
      (uv_udp_t * h, const uv_buf_t bufs[], unsigned int n, const struct sockaddr *addr),          \
      (h, bufs, n, addr), HANDLE_LOOP(h))                                                          \
    X(int, uv_udp_recv_start, (uv_udp_t * h, uv_alloc_cb alloc, uv_udp_recv_cb cb),                \
      (h, alloc, cb), HANDLE_LOOP(h))                                                              \
    X(int, uv_udp_recv_stop, (uv_udp_t * h), (h), HANDLE_LOOP(h))                                  \
    X(int, uv_shutdown, (uv_shutdown_t * req, uv_stream_t * h, uv_shutdown_cb cb), (req, h, cb),   \
      HANDLE_LOOP(h))                                                                              \
    X(int, uv_listen, (uv_stream_t * h, int backlog, uv_connection_cb cb), (h, backlog, cb),       \
      HANDLE_LOOP(h))                                                                              \
    X(int, uv_accept, (uv_stream_t * server, uv_stream_t * client), (server, client),              \
      HANDLE_LOOP(server))                                                                         \
    X(int, uv_read_stop, (uv_stream_t * h), (h), HANDLE_LOOP(h))                                   \
    X(int, uv_write,                                                                               \
      (uv_write_t * req, uv_stream_t * h, const uv_buf_t bufs[], unsigned int n, uv_write_cb cb),  \
      (req, h, bufs, n, cb), HANDLE_LOOP(h))                                                       \
    X(int, uv_write2,                                                                              \
      (uv_write_t * req, uv_stream_t * h, const uv_buf_t bufs[], unsigned int n,                   \
       uv_stream_t * send, uv_write_cb cb),                                                        \
      (req, h, bufs, n, send, cb), HANDLE_LOOP(h))                                                 \
    X(int, uv_try_write, (uv_stream_t * h, const uv_buf_t bufs[], unsigned int n), (h, bufs, n),   \
      HANDLE_LOOP(h))                                                                              \
    X(int, uv_stream_set_blocking, (uv_stream_t * h, int blocking), (h, blocking), HANDLE_LOOP(h)) \
    X(int, uv_poll_init, (uv_loop_t * loop, uv_poll_t * h, int fd), (loop, h, fd), loop)           \
    X(int, uv_poll_start, (uv_poll_t * h, int events, uv_poll_cb cb), (h, events, cb),             \
      HANDLE_LOOP(h))                                                                              \
    X(int, uv_poll_stop, (uv_poll_t * h), (h), HANDLE_LOOP(h))                                     \
    X(int, uv_timer_init, (uv_loop_t * loop, uv_timer_t * h), (loop, h), loop)                     \
    X(int, uv_timer_again, (uv_timer_t * h), (h), HANDLE_LOOP(h))                                  \
    X(int, uv_idle_init, (uv_loop_t * loop, uv_idle_t * h), (loop, h), loop)                       \
    X(int, uv_idle_stop, (uv_idle_t * h), (h), HANDLE_LOOP(h))                                     \
    X(int, uv_prepare_init, (uv_loop_t * loop, uv_prepare_t * h), (loop, h), loop)                 \
    X(int, uv_prepare_stop, (uv_prepare_t * h), (h), HANDLE_LOOP(h))                               \
    X(int, uv_check_init, (uv_loop_t * loop, uv_check_t * h), (loop, h), loop)                     \
    X(int, uv_check_stop, (uv_check_t * h), (h), HANDLE_LOOP(h))                                   \
    X(int, uv_signal_init, (uv_loop_t * loop, uv_signal_t * h), (loop, h), loop)                   \
    X(int, uv_signal_start, (uv_signal_t * h, uv_signal_cb cb, int signum), (h, cb, signum),       \
      HANDLE_LOOP(h))                                                                              \
    X(int, uv_signal_start_oneshot, (uv_signal_t * h, uv_signal_cb cb, int signum),                \
      (h, cb, signum), HANDLE_LOOP(h))                                                             \
    X(int, uv_signal_stop, (uv_signal_t * h), (h), HANDLE_LOOP(h))                                 \
    X(int, uv_spawn, (uv_loop_t * loop, uv_process_t * h, const uv_process_options_t *options),    \
      (loop, h, options), loop)                                                                    \
    X(int, uv_process_kill, (uv_process_t * h, int signum), (h, signum), HANDLE_LOOP(h))           \
    X(int, uv_fs_event_init, (uv_loop_t * loop, uv_fs_event_t * h), (loop, h), loop)               \
    X(int, uv_fs_event_start,                                                                      \
      (uv_fs_event_t * h, uv_fs_event_cb cb, const char *path, unsigned int flags),                \
      (h, cb, path, flags), HANDLE_LOOP(h))                                                        \
    X(int, uv_fs_event_stop, (uv_fs_event_t * h), (h), HANDLE_LOOP(h))                             \
    X(int, uv_fs_poll_init, (uv_loop_t * loop, uv_fs_poll_t * h), (loop, h), loop)                 \
    X(int, uv_fs_poll_start,                                                                       \
      (uv_fs_poll_t * h, uv_fs_poll_cb cb, const char *path, unsigned int interval),               \
      (h, cb, path, interval), HANDLE_LOOP(h))                                                     \
    X(int, uv_fs_poll_stop, (uv_fs_poll_t * h), (h), HANDLE_LOOP(h))                               \
    X(int, uv_cancel, (uv_req_t * req), (req), NULL)

/* The same with no result. */
#define LOOP_CALLS_VOID(X)                                                                         \
    X(void, uv_stop, (uv_loop_t * loop), (loop), loop)                                             \
    X(void, uv_update_time, (uv_loop_t * loop), (loop), loop)                                      \
    X(void, uv_walk, (uv_loop_t * loop, uv_walk_cb cb, void *arg), (loop, cb, arg), loop)          \
    X(void, uv_ref, (uv_handle_t * h), (h), HANDLE_LOOP(h))                                        \
    X(void, uv_unref, (uv_handle_t * h), (h), HANDLE_LOOP(h))                                      \
    X(void, uv_pipe_connect,                                                                       \
      (uv_connect_t * req, uv_pipe_t * h, const char *name, uv_connect_cb cb), (req, h, name, cb), \
      HANDLE_LOOP(h))                                                                              \
    X(void, uv_timer_set_repeat, (uv_timer_t * h, uint64_t repeat), (h, repeat), HANDLE_LOOP(h))

/* uv_loop_close with handles still open fails with UV_EBUSY, and a program that goes on
   returns non-zero: the kinds of the handles left open say why (libuv's own are not the
   program's: its pool's async handle and its signal handle are internal). */
static void note_open_handle(uv_handle_t *h, void *arg)
{
    char *kinds = arg;
    if (uv_is_closing(h) || h->flags & 0x10 /* UV_HANDLE_INTERNAL */)
        return;
    const char *kind = uv_handle_type_name(uv_handle_get_type(h));
    if (!kind || strstr(kinds, kind) || strlen(kinds) + strlen(kind) + 2 >= 120)
        return;
    if (kinds[0])
        strcat(kinds, ",");
    strcat(kinds, kind);
}

int uv_loop_close(uv_loop_t *loop)
{
    REAL(uv_loop_close);
    REAL(uv_walk);
    note_call("uv_loop_close", loop, __builtin_return_address(0));
    DEPTH_GUARD;
    int r = real_uv_loop_close(loop);
    if (r == UV_EBUSY && out_path[0]) {
        char kinds[128] = "";
        real_uv_walk(loop, note_open_handle, kinds);
        emit("busy %lx %s", (unsigned long)(uintptr_t)loop, kinds[0] ? kinds : "-");
    }
    return r;
}

/* uv_loop_init calls libuv's own handle calls; none of them is the program's. */
int uv_loop_init(uv_loop_t *loop)
{
    REAL(uv_loop_init);
    DEPTH_GUARD;
    return real_uv_loop_init(loop);
}

#define WRAP_CALL(ret, name, params, args, loop_of)                                                \
    ret name params                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        note_call(#name, loop_of, __builtin_return_address(0));                                    \
        uv_depth++;                                                                                \
        ret r_ = real_##name args;                                                                 \
        uv_depth--;                                                                                \
        if (MAKES_HANDLE(name))                                                                    \
            closed_forget((const void *)(uintptr_t)(SECOND_ARG args));                             \
        return r_;                                                                                 \
    }
#define WRAP_CALL_VOID(ret, name, params, args, loop_of)                                           \
    ret name params                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        note_call(#name, loop_of, __builtin_return_address(0));                                    \
        uv_depth++;                                                                                \
        real_##name args;                                                                          \
        uv_depth--;                                                                                \
    }
LOOP_CALLS(WRAP_CALL)
LOOP_CALLS_VOID(WRAP_CALL_VOID)

/* Requests whose callback decides: with one, the loop's; without one (uv_fs_*, DNS and
   uv_random run at once then) the calling thread's own business. */
#define CB_CALLS(X)                                                                                \
    X(uv_getaddrinfo,                                                                              \
      (uv_loop_t * loop, uv_getaddrinfo_t * req, uv_getaddrinfo_cb cb, const char *node,           \
       const char *service, const struct addrinfo *hints),                                         \
      (loop, req, cb, node, service, hints))                                                       \
    X(uv_getnameinfo,                                                                              \
      (uv_loop_t * loop, uv_getnameinfo_t * req, uv_getnameinfo_cb cb,                             \
       const struct sockaddr *addr, int flags),                                                    \
      (loop, req, cb, addr, flags))                                                                \
    X(uv_random,                                                                                   \
      (uv_loop_t * loop, uv_random_t * req, void *buf, size_t len, unsigned flags,                 \
       uv_random_cb cb),                                                                           \
      (loop, req, buf, len, flags, cb))

#define WRAP_CB_CALL(name, params, args)                                                           \
    int name params                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        if (cb)                                                                                    \
            note_call(#name, loop, __builtin_return_address(0));                                   \
        uv_depth++;                                                                                \
        int r_ = real_##name args;                                                                 \
        uv_depth--;                                                                                \
        return r_;                                                                                 \
    }
CB_CALLS(WRAP_CB_CALL)

/* uv_fs_*: X(name, (the parameters between the request and the callback), (arguments)). */
#define FS_CALLS(X)                                                                                \
    X(uv_fs_close, (uv_file file), (file))                                                         \
    X(uv_fs_open, (const char *path, int flags, int mode), (path, flags, mode))                    \
    X(uv_fs_read, (uv_file file, const uv_buf_t bufs[], unsigned int n, int64_t off),              \
      (file, bufs, n, off))                                                                        \
    X(uv_fs_unlink, (const char *path), (path))                                                    \
    X(uv_fs_write, (uv_file file, const uv_buf_t bufs[], unsigned int n, int64_t off),             \
      (file, bufs, n, off))                                                                        \
    X(uv_fs_copyfile, (const char *path, const char *new_path, int flags),                         \
      (path, new_path, flags))                                                                     \
    X(uv_fs_mkdir, (const char *path, int mode), (path, mode))                                     \
    X(uv_fs_mkdtemp, (const char *tpl), (tpl))                                                     \
    X(uv_fs_mkstemp, (const char *tpl), (tpl))                                                     \
    X(uv_fs_rmdir, (const char *path), (path))                                                     \
    X(uv_fs_scandir, (const char *path, int flags), (path, flags))                                 \
    X(uv_fs_opendir, (const char *path), (path))                                                   \
    X(uv_fs_readdir, (uv_dir_t * dir), (dir))                                                      \
    X(uv_fs_closedir, (uv_dir_t * dir), (dir))                                                     \
    X(uv_fs_stat, (const char *path), (path))                                                      \
    X(uv_fs_fstat, (uv_file file), (file))                                                         \
    X(uv_fs_lstat, (const char *path), (path))                                                     \
    X(uv_fs_statfs, (const char *path), (path))                                                    \
    X(uv_fs_rename, (const char *path, const char *new_path), (path, new_path))                    \
    X(uv_fs_fsync, (uv_file file), (file))                                                         \
    X(uv_fs_fdatasync, (uv_file file), (file))                                                     \
    X(uv_fs_ftruncate, (uv_file file, int64_t off), (file, off))                                   \
    X(uv_fs_sendfile, (uv_file out, uv_file in, int64_t off, size_t len), (out, in, off, len))     \
    X(uv_fs_access, (const char *path, int mode), (path, mode))                                    \
    X(uv_fs_chmod, (const char *path, int mode), (path, mode))                                     \
    X(uv_fs_fchmod, (uv_file file, int mode), (file, mode))                                        \
    X(uv_fs_utime, (const char *path, double atime, double mtime), (path, atime, mtime))           \
    X(uv_fs_futime, (uv_file file, double atime, double mtime), (file, atime, mtime))              \
    X(uv_fs_lutime, (const char *path, double atime, double mtime), (path, atime, mtime))          \
    X(uv_fs_link, (const char *path, const char *new_path), (path, new_path))                      \
    X(uv_fs_symlink, (const char *path, const char *new_path, int flags), (path, new_path, flags)) \
    X(uv_fs_readlink, (const char *path), (path))                                                  \
    X(uv_fs_realpath, (const char *path), (path))                                                  \
    X(uv_fs_chown, (const char *path, uv_uid_t uid, uv_gid_t gid), (path, uid, gid))               \
    X(uv_fs_fchown, (uv_file file, uv_uid_t uid, uv_gid_t gid), (file, uid, gid))                  \
    X(uv_fs_lchown, (const char *path, uv_uid_t uid, uv_gid_t gid), (path, uid, gid))

#define WRAP_FS(name, params, args)                                                                \
    int name(uv_loop_t *loop, uv_fs_t *req, UNPACK params, uv_fs_cb cb)                            \
    {                                                                                              \
        REAL(name);                                                                                \
        note_fs(#name, loop, cb != NULL, __builtin_return_address(0));                             \
        uv_depth++;                                                                                \
        int r_ = real_##name(loop, req, UNPACK args, cb);                                          \
        uv_depth--;                                                                                \
        return r_;                                                                                 \
    }
FS_CALLS(WRAP_FS)

/*
 * The program's own blocking file calls (stat(2) and the like), from its code: on the loop
 * thread while uv_run runs, each holds every other callback back. Calls from libuv (its
 * synchronous uv_fs_*) and libc's own are not the program's. glibc before 2.33 names the
 * stat family __xstat and so on; both are wrapped.
 */
static void note_file(const char *name, const void *ra)
{
    if (!out_path[0] || !in_range(&exe_code, ra) || !in_run)
        return;
    emit("file %s %lx %lx", name, exe_offset(ra), exe_offset(cur_cb));
}

#define FILE_CALLS(X)                                                                              \
    X(stat, (const char *path, struct stat *st), (path, st))                                      \
    X(lstat, (const char *path, struct stat *st), (path, st))                                     \
    X(fstatat, (int dir, const char *path, struct stat *st, int flags), (dir, path, st, flags))  \
    X(access, (const char *path, int mode), (path, mode))                                         \
    GLIBC_FILE_CALLS(X)

#ifdef __GLIBC__
#define GLIBC_FILE_CALLS(X)                                                                        \
    X(stat64, (const char *path, struct stat64 *st), (path, st))                                  \
    X(lstat64, (const char *path, struct stat64 *st), (path, st))                                 \
    X(statx, (int dir, const char *path, int flags, unsigned int mask, struct statx *st),         \
      (dir, path, flags, mask, st))                                                                \
    X(__xstat, (int ver, const char *path, struct stat *st), (ver, path, st))                     \
    X(__lxstat, (int ver, const char *path, struct stat *st), (ver, path, st))                    \
    X(__xstat64, (int ver, const char *path, struct stat64 *st), (ver, path, st))                 \
    X(__lxstat64, (int ver, const char *path, struct stat64 *st), (ver, path, st))
int __xstat(int ver, const char *path, struct stat *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
#else
#define GLIBC_FILE_CALLS(X)
#endif

#define WRAP_FILE(name, params, args)                                                              \
    int name params                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        note_file(#name, __builtin_return_address(0));                                             \
        if (!real_##name) {                                                                        \
            errno = ENOSYS;                                                                        \
            return -1;                                                                             \
        }                                                                                          \
        return real_##name args;                                                                   \
    }
FILE_CALLS(WRAP_FILE)

/* The loop. */

static void note_open_handles(uv_loop_t *loop, uv_run_mode mode);

int uv_run(uv_loop_t *loop, uv_run_mode mode)
{
    REAL(uv_run);
    emit("run+ %lx %d %lx", (unsigned long)(uintptr_t)loop, (int)mode,
         exe_offset(__builtin_return_address(0)));
    in_run++;
    int r = real_uv_run(loop, mode);
    in_run--;
    emit("run- %lx %d", (unsigned long)(uintptr_t)loop, r);
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
    const void *outer = cur_cb;
    cur_cb = (const void *)e.cb1;
    emit("work+ %lu", e.id);
    ((uv_work_cb)e.cb1)(req);
    emit("work- %lu", e.id);
    cur_cb = outer;
    in_work--;
}

static void after_tramp(uv_work_t *req, int status)
{
    struct entry e;
    if (!table_get(req, E_WORK, &e, true))
        return;
    emit("after %lu %d", e.id, status);
    if (e.cb2) {
        const void *outer = cur_cb;
        cur_cb = (const void *)e.cb2;
        ((uv_after_work_cb)e.cb2)(req, status);
        cur_cb = outer;
    }
}

int uv_queue_work(uv_loop_t *loop, uv_work_t *req, uv_work_cb work_cb, uv_after_work_cb after_cb)
{
    REAL(uv_queue_work);
    note_call("uv_queue_work", loop, __builtin_return_address(0));
    DEPTH_GUARD;
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

static __thread int in_acb;

static void async_tramp(uv_async_t *h)
{
    struct entry e;
    if (!table_get(h, E_ASYNC, &e, false))
        return;
    emit("acb %lu", e.id);
    if (e.cb1) {
        const void *outer = cur_cb;
        cur_cb = (const void *)e.cb1;
        in_acb++;
        ((uv_async_cb)e.cb1)(h);
        in_acb--;
        cur_cb = outer;
    }
}

int uv_async_init(uv_loop_t *loop, uv_async_t *h, uv_async_cb cb)
{
    REAL(uv_async_init);
    note_call("uv_async_init", loop, __builtin_return_address(0));
    DEPTH_GUARD;
    closed_forget(h);
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
    const void *outer = cur_cb;
    cur_cb = (const void *)e.cb1;
    struct slice sl = slice_begin();
    ((uv_timer_cb)e.cb1)(h);
    slice_end(&sl);
    cur_cb = outer;
}

int uv_timer_start(uv_timer_t *h, uv_timer_cb cb, uint64_t timeout, uint64_t repeat)
{
    REAL(uv_timer_start);
    note_call("uv_timer_start", HANDLE_LOOP(h), __builtin_return_address(0));
    DEPTH_GUARD;
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
    note_call("uv_timer_stop", HANDLE_LOOP(h), __builtin_return_address(0));
    DEPTH_GUARD;
    struct entry e;
    if (uv_is_active((uv_handle_t *)h) && table_get(h, E_TIMER, &e, false))
        emit("stop %lu", e.id);
    return real_uv_timer_stop(h);
}

/*
 * Output to stdout written from a work callback (on a pool thread) or from an async callback
 * (the loop hearing from a job): which thread reported a job's progress, and whether the loop
 * reported it while the job ran. Everywhere else a print is not noted, so a program that
 * floods its output pays one test per call. printf and its kin are wrapped where the program
 * calls them (stdio's own write(2) is internal to libc, out of reach); a wrapper that calls
 * another (printf calls vfprintf) counts once.
 */
static __thread int in_print;

static void note_print(FILE *stream)
{
    if ((in_work || in_acb) && !in_print && stream && fileno(stream) == STDOUT_FILENO)
        emit("out %d %d", in_work, in_acb);
}

#define PRINT_ENTER(stream)                                                                        \
    note_print(stream);                                                                            \
    in_print++
#define PRINT_LEAVE(r)                                                                             \
    in_print--;                                                                                    \
    return r

int vfprintf(FILE *stream, const char *fmt, va_list ap)
{
    REAL(vfprintf);
    PRINT_ENTER(stream);
    int r = real_vfprintf(stream, fmt, ap);
    PRINT_LEAVE(r);
}

int vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

int fprintf(FILE *stream, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(stream, fmt, ap);
    va_end(ap);
    return r;
}

/* The fortified forms a compiler uses with _FORTIFY_SOURCE (Ubuntu's default). */
int __vfprintf_chk(FILE *stream, int flag, const char *fmt, va_list ap);
int __vfprintf_chk(FILE *stream, int flag, const char *fmt, va_list ap)
{
    REAL(__vfprintf_chk);
    PRINT_ENTER(stream);
    int r = real___vfprintf_chk(stream, flag, fmt, ap);
    PRINT_LEAVE(r);
}

int __vprintf_chk(int flag, const char *fmt, va_list ap);
int __vprintf_chk(int flag, const char *fmt, va_list ap)
{
    return __vfprintf_chk(stdout, flag, fmt, ap);
}

int __printf_chk(int flag, const char *fmt, ...);
int __printf_chk(int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __vfprintf_chk(stdout, flag, fmt, ap);
    va_end(ap);
    return r;
}

int __fprintf_chk(FILE *stream, int flag, const char *fmt, ...);
int __fprintf_chk(FILE *stream, int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __vfprintf_chk(stream, flag, fmt, ap);
    va_end(ap);
    return r;
}

int puts(const char *str)
{
    REAL(puts);
    PRINT_ENTER(stdout);
    int r = real_puts(str);
    PRINT_LEAVE(r);
}

int fputs(const char *str, FILE *stream)
{
    REAL(fputs);
    PRINT_ENTER(stream);
    int r = real_fputs(str, stream);
    PRINT_LEAVE(r);
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *stream)
{
    REAL(fwrite);
    PRINT_ENTER(stream);
    size_t r = real_fwrite(p, size, n, stream);
    PRINT_LEAVE(r);
}

int putchar(int c)
{
    REAL(putchar);
    PRINT_ENTER(stdout);
    int r = real_putchar(c);
    PRINT_LEAVE(r);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    REAL(write);
    if (fd == STDOUT_FILENO && (in_work || in_acb) && !in_print)
        emit("out %d %d", in_work, in_acb);
    in_print++;
    ssize_t r = real_write(fd, buf, n);
    in_print--;
    return r;
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

/* The CPU time the calling thread has used: how much of a program's work each thread did
   (for threads of the program's own, which do not spin the way OpenMP's waiting threads do). */
static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The main thread's CPU time, as the program exits normally (from main or exit). */
__attribute__((destructor)) static void observe_fini(void)
{
    if (out_path[0] && getpid() == out_pid && tid() == (long)out_pid)
        emit("cpu %llu", (unsigned long long)thread_cpu_ns());
}

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
    if (s.program)
        cur_cb = (const void *)s.fn;
    void *r = s.fn(s.arg);
    emit("thread- %llu", (unsigned long long)thread_cpu_ns());
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

/*
 * What each team thread did with its share of a region, for the checker's question "was the
 * work shared?". Per-thread CPU time cannot answer it: a thread left out of the work (a
 * `single`, a `master`) spins in the runtime's barrier and burns as much CPU as the one that
 * works. So the observer times, on each thread and inside its part of the region, the moments
 * spent waiting in the runtime's barriers (and at the end of a worksharing construct), waiting
 * to enter a critical section or take a lock, and holding one; and notes whether a worksharing
 * construct offered the thread a share. What is left of the thread's time in the region, less
 * the waits, is its share of the work; the time spent waiting for and holding a lock says
 * whether the threads took turns. These are sums kept in the thread (two clock reads per call,
 * nothing written), reported once when the thread leaves the region ("omps"). gcc's entry
 * points are wrapped below; for clang, OMPT's work, sync-region-wait and mutex callbacks give
 * the same moments.
 */
static __thread unsigned long omp_cur_region;
static __thread uint64_t omp_wait_ns, omp_lock_wait_ns, omp_held_ns, omp_held_since;
static __thread int omp_held_depth;
static __thread bool omp_offered; /* it entered a worksharing loop or sections */
static __thread unsigned omp_asked; /* it asked for 1: its number, 2: the team's size */
static __thread unsigned omp_tasks; /* explicit tasks it created (any thread of the team may run them) */
static bool ompt_on; /* LLVM's libomp reports waits and locks itself: the wrappers stand aside */

static void omp_share_begin(void)
{
    omp_wait_ns = omp_lock_wait_ns = omp_held_ns = 0;
    omp_held_depth = 0;
    omp_offered = false;
    omp_tasks = 0;
    omp_asked = 0;
}

static void omp_share_end(unsigned long region)
{
    emit("omps %lu %llu %llu %llu %d %u", region, (unsigned long long)omp_wait_ns,
         (unsigned long long)omp_lock_wait_ns, (unsigned long long)omp_held_ns, (int)omp_offered,
         omp_tasks);
}

/* A wait of t0..now. */
static void omp_waited(uint64_t t0)
{
    if (omp_cur_region && !ompt_on)
        omp_wait_ns += now_ns() - t0;
}

/* A critical section or lock taken after waiting since t0, or released. */
static void omp_took(uint64_t t0)
{
    if (!omp_cur_region || ompt_on)
        return;
    uint64_t t = now_ns();
    omp_lock_wait_ns += t - t0;
    if (omp_held_depth++ == 0)
        omp_held_since = t;
}

static void omp_released(void)
{
    if (!omp_cur_region || ompt_on || omp_held_depth <= 0)
        return;
    if (--omp_held_depth == 0)
        omp_held_ns += now_ns() - omp_held_since;
}

static void omp_tramp(void *p)
{
    struct omp_region *g = p;
    int index = atomic_fetch_add(&g->team, 1);
    unsigned long outer = omp_cur_region;
    uint64_t s_wait = omp_wait_ns, s_lock_wait = omp_lock_wait_ns, s_held = omp_held_ns;
    int s_depth = omp_held_depth;
    bool s_offered = omp_offered;
    unsigned s_tasks = omp_tasks;
    emit("ompw+ %lu %d", g->id, index);
    omp_cur_region = g->id;
    const void *outer_cb = cur_cb;
    cur_cb = (const void *)g->fn;
    omp_share_begin();
    g->fn(g->data);
    omp_share_end(g->id);
    cur_cb = outer_cb;
    omp_cur_region = outer;
    omp_wait_ns = s_wait, omp_lock_wait_ns = s_lock_wait, omp_held_ns = s_held,
    omp_held_depth = s_depth, omp_offered = s_offered, omp_tasks = s_tasks;
    emit("ompw- %lu", g->id);
}

/* gcc's waits inside a region: the barriers, the end of a worksharing construct (a barrier
   unless `nowait`), taskwait, ordered. */
#define GOMP_WAIT_VOID(name)                                                                       \
    void name(void);                                                                               \
    void name(void)                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        uint64_t t0 = now_ns();                                                                    \
        real_##name();                                                                             \
        omp_waited(t0);                                                                            \
    }
#define GOMP_WAIT_BOOL(name)                                                                       \
    bool name(void);                                                                               \
    bool name(void)                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        uint64_t t0 = now_ns();                                                                    \
        bool r = real_##name();                                                                    \
        omp_waited(t0);                                                                            \
        return r;                                                                                  \
    }
GOMP_WAIT_VOID(GOMP_barrier)
GOMP_WAIT_BOOL(GOMP_barrier_cancel)
GOMP_WAIT_VOID(GOMP_taskwait)
GOMP_WAIT_VOID(GOMP_taskgroup_end)
GOMP_WAIT_VOID(GOMP_ordered_start)

/* The end of a worksharing loop or sections, which every thread that entered it calls, with
   its share or without (a latecomer to a dynamic schedule may find nothing left): the work
   was offered to it. A static schedule is computed inline and has no end call, but gives every
   thread its share. */
#define GOMP_END_VOID(name)                                                                        \
    void name(void);                                                                               \
    void name(void)                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        omp_offered = true;                                                                        \
        uint64_t t0 = now_ns();                                                                    \
        real_##name();                                                                             \
        omp_waited(t0);                                                                            \
    }
#define GOMP_END_BOOL(name)                                                                        \
    bool name(void);                                                                               \
    bool name(void)                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        omp_offered = true;                                                                        \
        uint64_t t0 = now_ns();                                                                    \
        bool r = real_##name();                                                                    \
        omp_waited(t0);                                                                            \
        return r;                                                                                  \
    }
GOMP_END_VOID(GOMP_loop_end)
GOMP_END_BOOL(GOMP_loop_end_cancel)
GOMP_END_VOID(GOMP_loop_end_nowait)
GOMP_END_VOID(GOMP_sections_end)
GOMP_END_BOOL(GOMP_sections_end_cancel)
GOMP_END_VOID(GOMP_sections_end_nowait)

/* gcc computes a static schedule inline: each thread asks for the team's size and its own
   number, then takes its block. A thread that asked both was given a share that way (a
   `master` block asks only for the number). libomp's static loops report through OMPT. */

int omp_get_thread_num(void);
int omp_get_thread_num(void)
{
    REAL(omp_get_thread_num);
    omp_asked |= 1;
    if (omp_asked == 3 && omp_cur_region)
        omp_offered = true;
    return real_omp_get_thread_num();
}

int omp_get_num_threads(void);
int omp_get_num_threads(void)
{
    REAL(omp_get_num_threads);
    omp_asked |= 2;
    if (omp_asked == 3 && omp_cur_region)
        omp_offered = true;
    return real_omp_get_num_threads();
}

/* Explicit tasks (gcc 12's entry points): the team's threads run them, often while they wait
   in a barrier, so a region that made several shared its work that way. Counted only. */
void GOMP_task(void (*fn)(void *), void *data, void (*cpyfn)(void *, void *), long arg_size,
               long arg_align, bool if_clause, unsigned flags, void **depend, int priority,
               void *detach);
void GOMP_task(void (*fn)(void *), void *data, void (*cpyfn)(void *, void *), long arg_size,
               long arg_align, bool if_clause, unsigned flags, void **depend, int priority,
               void *detach)
{
    REAL(GOMP_task);
    omp_tasks++;
    real_GOMP_task(fn, data, cpyfn, arg_size, arg_align, if_clause, flags, depend, priority,
                   detach);
}

void GOMP_taskloop(void (*fn)(void *), void *data, void (*cpyfn)(void *, void *), long arg_size,
                   long arg_align, unsigned flags, unsigned long num_tasks, int priority,
                   long start, long end, long step);
void GOMP_taskloop(void (*fn)(void *), void *data, void (*cpyfn)(void *, void *), long arg_size,
                   long arg_align, unsigned flags, unsigned long num_tasks, int priority,
                   long start, long end, long step)
{
    REAL(GOMP_taskloop);
    omp_tasks += 2; /* a taskloop makes several tasks (its count is libgomp's choice) */
    real_GOMP_taskloop(fn, data, cpyfn, arg_size, arg_align, flags, num_tasks, priority, start,
                       end, step);
}

void GOMP_taskloop_ull(void (*fn)(void *), void *data, void (*cpyfn)(void *, void *),
                       long arg_size, long arg_align, unsigned flags, unsigned long num_tasks,
                       int priority, unsigned long long start, unsigned long long end,
                       unsigned long long step);
void GOMP_taskloop_ull(void (*fn)(void *), void *data, void (*cpyfn)(void *, void *),
                       long arg_size, long arg_align, unsigned flags, unsigned long num_tasks,
                       int priority, unsigned long long start, unsigned long long end,
                       unsigned long long step)
{
    REAL(GOMP_taskloop_ull);
    omp_tasks += 2;
    real_GOMP_taskloop_ull(fn, data, cpyfn, arg_size, arg_align, flags, num_tasks, priority, start,
                           end, step);
}

/* gcc's critical sections (unnamed, named) and the lock behind an atomic it cannot do in
   one instruction; omp_set_lock for both runtimes (libomp reports it through OMPT). Releasing
   counts as holding: waking the thread that waits is part of the turn. */
#define GOMP_TAKE(name, proto, args)                                                               \
    void name proto;                                                                               \
    void name proto                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        uint64_t t0 = now_ns();                                                                    \
        real_##name args;                                                                          \
        omp_took(t0);                                                                              \
    }
#define GOMP_RELEASE(name, proto, args)                                                            \
    void name proto;                                                                               \
    void name proto                                                                                \
    {                                                                                              \
        REAL(name);                                                                                \
        real_##name args;                                                                          \
        omp_released();                                                                            \
    }
GOMP_TAKE(GOMP_critical_start, (void), ())
GOMP_RELEASE(GOMP_critical_end, (void), ())
GOMP_TAKE(GOMP_critical_name_start, (void **pptr), (pptr))
GOMP_RELEASE(GOMP_critical_name_end, (void **pptr), (pptr))
GOMP_TAKE(GOMP_atomic_start, (void), ())
GOMP_RELEASE(GOMP_atomic_end, (void), ())
GOMP_TAKE(omp_set_lock, (void *lock), (lock))
GOMP_RELEASE(omp_unset_lock, (void *lock), (lock))

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

enum {
    OMPT_PARALLEL_BEGIN = 3,
    OMPT_PARALLEL_END = 4,
    OMPT_TASK_CREATE = 5,
    OMPT_IMPLICIT_TASK = 7,
    OMPT_SYNC_REGION_WAIT = 16,
    OMPT_MUTEX_RELEASED = 17,
    OMPT_WORK = 20,
    OMPT_MUTEX_ACQUIRE = 26,
    OMPT_MUTEX_ACQUIRED = 27,
};
enum { OMPT_SCOPE_BEGIN = 1, OMPT_SCOPE_END = 2 };
enum { OMPT_TASK_INITIAL = 1 };

static __thread unsigned long ompt_my_region;
static __thread uint64_t ompt_wait_since, ompt_acquire_since;

/* An explicit task created on this thread (OMPT's task-create callback). */
enum { OMPT_TASK_EXPLICIT = 4 };

static void ompt_task_create(ompt_data_t *parent, const void *frame, ompt_data_t *task,
                             int flags, int has_deps, const void *ra)
{
    (void)parent, (void)frame, (void)task, (void)has_deps, (void)ra;
    if (ompt_my_region && (flags & OMPT_TASK_EXPLICIT))
        omp_tasks++;
}

/* A worksharing construct begins on this thread: a loop, sections, a workshare, a distribute
   or a taskloop offers it a share (a single's executor and the others are not). */
enum { OMPT_WORK_SINGLE_EXECUTOR = 3, OMPT_WORK_SINGLE_OTHER = 4 };

static void ompt_work(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                      uint64_t count, const void *ra)
{
    (void)parallel, (void)task, (void)count, (void)ra;
    if (ompt_my_region && endpoint == OMPT_SCOPE_BEGIN && kind != OMPT_WORK_SINGLE_EXECUTOR &&
        kind != OMPT_WORK_SINGLE_OTHER)
        omp_offered = true;
}

/* Waiting in a barrier, a taskwait or a reduction (begin and end of the wait). */
static void ompt_sync_wait(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                           const void *ra)
{
    (void)kind, (void)parallel, (void)task, (void)ra;
    if (!ompt_my_region)
        return;
    if (endpoint == OMPT_SCOPE_BEGIN)
        ompt_wait_since = now_ns();
    else if (ompt_wait_since) {
        omp_wait_ns += now_ns() - ompt_wait_since;
        ompt_wait_since = 0;
    }
}

/* A critical section, lock or atomic's lock: waited for, taken, released. */
static void ompt_mutex_acquire(int kind, unsigned hint, unsigned impl, uint64_t wait_id,
                               const void *ra)
{
    (void)kind, (void)hint, (void)impl, (void)wait_id, (void)ra;
    ompt_acquire_since = now_ns();
}

static void ompt_mutex_acquired(int kind, uint64_t wait_id, const void *ra)
{
    (void)kind, (void)wait_id, (void)ra;
    if (!ompt_my_region)
        return;
    uint64_t t = now_ns();
    if (ompt_acquire_since)
        omp_lock_wait_ns += t - ompt_acquire_since;
    ompt_acquire_since = 0;
    if (omp_held_depth++ == 0)
        omp_held_since = t;
}

static void ompt_mutex_released(int kind, uint64_t wait_id, const void *ra)
{
    (void)kind, (void)wait_id, (void)ra;
    if (!ompt_my_region || omp_held_depth <= 0)
        return;
    if (--omp_held_depth == 0)
        omp_held_ns += now_ns() - omp_held_since;
}

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
        omp_share_begin();
        ompt_wait_since = 0;
    } else if (endpoint == OMPT_SCOPE_END && ompt_my_region) {
        omp_share_end(ompt_my_region);
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
    set(OMPT_SYNC_REGION_WAIT, (ompt_callback_t)ompt_sync_wait);
    set(OMPT_WORK, (ompt_callback_t)ompt_work);
    set(OMPT_TASK_CREATE, (ompt_callback_t)ompt_task_create);
    set(OMPT_MUTEX_ACQUIRE, (ompt_callback_t)ompt_mutex_acquire);
    set(OMPT_MUTEX_ACQUIRED, (ompt_callback_t)ompt_mutex_acquired);
    set(OMPT_MUTEX_RELEASED, (ompt_callback_t)ompt_mutex_released);
    ompt_on = true;
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
    note_call("uv_read_start", HANDLE_LOOP(stream), __builtin_return_address(0));
    DEPTH_GUARD;
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

/* The close callback: the handle is the program's memory again from here on. */
static void close_tramp(uv_handle_t *handle)
{
    struct entry e;
    if (!table_get((const char *)handle + 1, E_CLOSE, &e, true))
        return;
    closed_update(handle, true);
    const void *outer = cur_cb;
    cur_cb = (const void *)e.cb1;
    ((uv_close_cb)e.cb1)(handle);
    cur_cb = outer;
}

void uv_close(uv_handle_t *handle, uv_close_cb close_cb)
{
    REAL(uv_close);
    note_call("uv_close", HANDLE_LOOP(handle), __builtin_return_address(0));
    bool programs = programs_call(__builtin_return_address(0));
    DEPTH_GUARD;
    struct entry e;
    if (table_get(handle, E_READ, &e, true))
        emit("rclose %lu %d %d", e.id, (e.flags & STREAM_GOT) != 0, (e.flags & STREAM_ENDED) != 0);
    /* Keyed one byte past the handle: its other entries (a read, a timer) stay apart. */
    const void *key = (const char *)handle + 1;
    unsigned long id;
    if (close_cb && close_cb != close_tramp && !in_runtime((const void *)close_cb) &&
        table_put(key, E_CLOSE, (void (*)(void))close_cb, NULL, &id)) {
        real_uv_close(handle, close_tramp);
        return;
    }
    real_uv_close(handle, close_cb);
    if (!close_cb && programs)
        closed_update(handle, true); /* no callback to wait for: gone as far as it can tell */
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

/* thread_cpu_ns(), above with the threads, reads it. */
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
        const void *outer = cur_cb;                                                                \
        cur_cb = (const void *)e.cb1;                                                              \
        struct slice sl = slice_begin();                                                           \
        ((uv_##type##_cb)e.cb1)(h);                                                                \
        slice_end(&sl);                                                                            \
        cur_cb = outer;                                                                            \
    }                                                                                              \
    int uv_##type##_start(uv_##type##_t *h, uv_##type##_cb cb)                                     \
    {                                                                                              \
        REAL(uv_##type##_start);                                                                   \
        note_call("uv_" #type "_start", HANDLE_LOOP(h), __builtin_return_address(0));              \
        DEPTH_GUARD;                                                                               \
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
