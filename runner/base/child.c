/*
 * Child processes (see child.h).
 *
 * A child moves through three stages. It runs: output is read and cut into lines,
 * and a timeout, an output cap or child_cancel() may kill its group. It has exited:
 * its group is killed at once (a grandchild may still hold the output open), and the
 * rest of the output is read until end-of-file, for at most GRACE_MS. It closes: the
 * last partial lines are delivered, every handle is closed, and when the last close
 * has completed on_exit is called and the child is freed.
 *
 * Limits (memory, file size, core) must apply to the child alone, before it runs
 * the program, and uv_spawn has no hook between fork and exec. So a child with
 * limits is started as /bin/sh -c 'ulimit ...; exec "$0" "$@"' prog args...: the
 * shell sets the limits on itself and replaces itself with the program, which keeps
 * the same process id and group. Since the shell would report a missing program as
 * exit status 127, the program is looked up first, so that a missing one fails to
 * start as it does without limits.
 */
#include "child.h"

#include "lines.h"
#include "machine.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* How long output may still arrive after the process exited and its group was
   killed. Only a descendant that left the group can hold it open that long. */
#define GRACE_MS 200
/* Read at most this much per wake-up, so a flood cannot starve the loop (uv_poll is
   level-triggered: what is left is reported again on the next turn). */
#define READ_BUDGET (256 * 1024)
#define READ_CHUNK (64 * 1024)
/* How often the memory of a watched child is added up, and how many of its processes
   at most (the process limit keeps a fork bomb's tree smaller than that anyway). */
#define WATCH_MS 20
#define WATCH_MAX_PROCS 1536

enum { STREAMS = 2 };

struct child {
    uv_loop_t *loop;
    child_options o;
    child_status st;
    uint64_t start_ns;

    uv_process_t proc;
    uv_timer_t timeout;
    uv_timer_t grace;
    uv_timer_t watch;         /* adds up its memory, when rss_limit is set */
    uv_poll_t poll;           /* the pty master, when use_pty */
    uv_pipe_t pipes[STREAMS]; /* stdout, stderr, when not */
    int master;               /* the pty master fd, or -1 */

    lines assembler[STREAMS];
    struct line_ctx {
        child *c;
        enum child_stream s;
    } lctx[STREAMS];
    uint64_t last_ns[STREAMS]; /* when the last bytes of each stream arrived */
    bool open[STREAMS];        /* still reading this stream */
    bool proc_started;         /* proc was initialised by uv_spawn (close it) */
    bool exited;
    bool killed; /* one of timed_out / output_capped / cancelled set */
    bool closing;
    bool report; /* call on_exit once closed (not after a failed start) */
    int pending_closes;
    char buf[READ_CHUNK];
};

static void finish(child *c);

static void kill_group(child *c)
{
    if (c->proc_started && c->proc.pid > 0)
        uv_kill(-c->proc.pid, SIGKILL);
}

static void deliver_line(void *ctx, const char *line, size_t len, bool cut)
{
    struct line_ctx *lc = ctx;
    child *c = lc->c;
    int i = lc->s - 1;

    if (c->o.on_line)
        c->o.on_line(c->o.ctx, lc->s, line, len, c->last_ns[i], cut);
}

static void stop_stream(child *c, int i)
{
    if (!c->open[i])
        return;
    c->open[i] = false;
    if (c->master >= 0)
        uv_poll_stop(&c->poll);
    else
        uv_read_stop((uv_stream_t *)&c->pipes[i]);
}

static bool output_open(const child *c)
{
    return c->open[0] || c->open[1];
}

/* Feeds bytes to a stream's lines, minding the output cap. Returns false when the cap
   was reached (the child is being killed and reading has stopped). */
static bool take_bytes(child *c, int i, const char *data, size_t n)
{
    bool over = false;

    if (c->o.output_cap && c->st.output_bytes + n > c->o.output_cap) {
        n = c->o.output_cap - c->st.output_bytes;
        over = true;
    }
    c->st.output_bytes += n;
    c->last_ns[i] = uv_hrtime();
    lines_feed(&c->assembler[i], data, n);
    if (over) {
        /* A line the cap went through lost its end: say so when it is delivered. */
        if (c->assembler[i].pending)
            c->assembler[i].cut = true;
        for (int k = 0; k < STREAMS; k++)
            stop_stream(c, k);
        if (!c->killed) {
            c->killed = true;
            c->st.output_capped = true;
        }
        kill_group(c);
    }
    return !over;
}

static void after_output_end(child *c)
{
    if (c->exited && !output_open(c))
        finish(c);
}

/* Reads the pty master until it would block (returns), the budget is spent
   (returns: the poll reports the rest), or the output ends (EIO once every slave
   descriptor is closed). */
static void drain_pty(child *c, int status)
{
    size_t budget = READ_BUDGET;

    while (c->open[0] && budget > 0) {
        ssize_t n = read(c->master, c->buf, sizeof c->buf);
        if (n > 0) {
            budget -= (size_t)n < budget ? (size_t)n : budget;
            if (!take_bytes(c, 0, c->buf, (size_t)n))
                break;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && status == 0)
            return;
        /* EIO (or 0): every slave descriptor is closed, the output is complete. A
           poll error ends it too, once what could be read has been read. */
        stop_stream(c, 0);
    }
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    child *c = h->data;

    (void)events;
    drain_pty(c, status);
    after_output_end(c);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    child *c = h->data;

    (void)suggested;
    *buf = uv_buf_init(c->buf, sizeof c->buf);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    child *c = s->data;
    int i = (uv_pipe_t *)s == &c->pipes[0] ? 0 : 1;

    if (n > 0) {
        take_bytes(c, i, buf->base, (size_t)n);
    } else if (n < 0) {
        stop_stream(c, i); /* UV_EOF, or an error that ends the stream all the same */
    }
    after_output_end(c);
}

/* The output did not end in time after the exit: a descendant that left the group
   still holds it. Take what is already there and give up on the rest. */
static void on_grace(uv_timer_t *t)
{
    child *c = t->data;

    if (c->master >= 0 && c->open[0])
        drain_pty(c, 0);
    finish(c);
}

static void on_watch(uv_timer_t *t);

static void on_timeout(uv_timer_t *t)
{
    child *c = t->data;

    if (c->exited || c->killed)
        return;
    /* A last look at its tree: a fork bomb can starve the watcher until now, and the
       verdict should still name the limit it reached. */
    if (c->o.rss_limit)
        on_watch(&c->watch);
    if (c->killed)
        return;
    c->killed = true;
    c->st.timed_out = true;
    kill_group(c);
}

/* Reads a process's resident pages and thread count from /proc/PID/stat. */
static bool read_stat(int pid, uint64_t *rss_pages, unsigned *threads)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    /* The name may hold spaces and parentheses: the fields start after the last ')'. */
    char *p = strrchr(buf, ')');
    if (!p)
        return false;
    p += 2;
    /* After the name: state is field 3; num_threads is 20 and rss 24. */
    unsigned long long v = 0;
    for (int field = 3; field <= 24 && *p; field++) {
        char *end;
        v = strtoull(p, &end, 10);
        if (field == 20)
            *threads = (unsigned)v;
        p = strchr(p, ' ');
        if (!p)
            break;
        p++;
    }
    *rss_pages = v;
    return true;
}

/* The memory the child's processes hold now, and how many tasks they are; the walk
   stops once there are enough tasks to end the child (a fork bomb's tree is large, and
   reading it costs the runner time it has little of then). */
static void measure_tree(int root, unsigned enough, uint64_t *rss, unsigned *tasks)
{
    int queue[WATCH_MAX_PROCS];
    size_t head = 0, tail = 0;
    uint64_t pages = 0;
    long page = sysconf(_SC_PAGESIZE);

    *tasks = 0;
    queue[tail++] = root;
    while (head < tail) {
        int pid = queue[head++];
        uint64_t p = 0;
        unsigned t = 0;
        if (!read_stat(pid, &p, &t))
            continue;
        pages += p;
        *tasks += t;
        if (enough && *tasks >= enough)
            break;
        /* A fork bomb's first process has hundreds of children: read the whole list. */
        static char buf[8 * WATCH_MAX_PROCS];
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task/%d/children", pid, pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        size_t n = 0;
        for (ssize_t r; n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0;)
            n += (size_t)r;
        close(fd);
        if (n == 0)
            continue;
        buf[n] = '\0';
        for (char *w = buf; *w && tail < WATCH_MAX_PROCS;) {
            char *end;
            long k = strtol(w, &end, 10);
            if (end == w)
                break;
            queue[tail++] = (int)k;
            w = end;
        }
    }
    *rss = pages * (uint64_t)(page > 0 ? page : 4096);
}

static void on_watch(uv_timer_t *t)
{
    child *c = t->data;
    uint64_t rss;
    unsigned tasks;

    if (c->exited || c->killed || !c->proc_started)
        return;
    unsigned enough = CHILD_PROCS_REACHED(c->o.proc_limit);
    measure_tree(c->proc.pid, enough, &rss, &tasks);
    if (rss > c->st.peak_rss)
        c->st.peak_rss = rss;
    if (tasks > c->st.peak_tasks)
        c->st.peak_tasks = tasks;
    if (rss > c->o.rss_limit) {
        c->killed = true;
        c->st.memory_capped = true;
        kill_group(c);
    } else if (c->o.proc_limit && tasks >= CHILD_PROCS_REACHED(c->o.proc_limit)) {
        /* At the process limit, forks fail and a fork bomb spins until its time is up:
           end it now, so that it costs the machine milliseconds, not seconds. */
        c->killed = true;
        c->st.procs_capped = true;
        kill_group(c);
    }
}

static void on_proc_exit(uv_process_t *p, int64_t exit_status, int term_signal)
{
    child *c = p->data;

    c->exited = true;
    c->st.elapsed_ns = uv_hrtime() - c->start_ns;
    c->st.term_signal = term_signal;
    c->st.exit_code = term_signal ? -1 : (int)exit_status;
    /* The wrapper reports a signal that killed the program as 128 + its number. */
    if (c->o.wrapper && !term_signal && exit_status > 128 && exit_status < 128 + 65) {
        c->st.term_signal = (int)exit_status - 128;
        c->st.exit_code = -1;
    }
    uv_timer_stop(&c->watch);
    /* Also after a normal exit: a forked grandchild must not outlive its parent. */
    kill_group(c);
    uv_timer_stop(&c->timeout);
    if (!output_open(c)) {
        finish(c);
        return;
    }
    uv_timer_start(&c->grace, on_grace, GRACE_MS, 0);
}

static void free_child(child *c)
{
    for (int i = 0; i < STREAMS; i++)
        lines_free(&c->assembler[i]);
    free(c);
}

static void on_closed(uv_handle_t *h)
{
    child *c = h->data;

    if (--c->pending_closes > 0)
        return;
    if (c->report && c->o.on_exit)
        c->o.on_exit(c->o.ctx, &c->st);
    free_child(c);
}

static void close_handle(child *c, void *h)
{
    c->pending_closes++;
    uv_close(h, on_closed);
}

/* Closes every handle; on_closed reports and frees once the last one is closed.
   The pty master is closed only after its poll handle, which still watches it. */
static void close_all(child *c)
{
    c->closing = true;
    uv_timer_stop(&c->timeout);
    uv_timer_stop(&c->grace);
    uv_timer_stop(&c->watch);
    c->pending_closes++; /* held while the closes are issued */
    close_handle(c, &c->timeout);
    close_handle(c, &c->grace);
    close_handle(c, &c->watch);
    if (c->proc_started)
        close_handle(c, &c->proc);
    if (c->master >= 0) {
        close_handle(c, &c->poll);
    } else {
        for (int i = 0; i < STREAMS; i++)
            close_handle(c, &c->pipes[i]);
    }
    c->pending_closes--;
}

static void finish(child *c)
{
    if (c->closing)
        return;
    c->closing = true;
    for (int i = 0; i < STREAMS; i++) {
        stop_stream(c, i);
        lines_flush(&c->assembler[i]);
    }
    close_all(c);
    if (c->master >= 0) {
        /* uv_close has stopped watching the fd synchronously; closing it is safe. */
        close(c->master);
        c->master = -1;
    }
}

/* Whether path names an executable regular file: 0 or a negative libuv error. */
static int check_executable(const char *path)
{
    struct stat sb;

    if (stat(path, &sb) != 0)
        return -errno;
    if (!S_ISREG(sb.st_mode) || access(path, X_OK) != 0)
        return UV_EACCES;
    return 0;
}

static const char *env_path(const char *const *env)
{
    if (!env)
        return getenv("PATH");
    for (; *env; env++)
        if (strncmp(*env, "PATH=", 5) == 0)
            return *env + 5;
    return NULL;
}

/* Looks the program up as exec would (PATH when its name has no "/", relative to
   cwd otherwise), so that a missing program fails to start even when a shell sets
   the limits first. Returns 0, UV_ENOENT or UV_EACCES (or another negative error). */
static int find_program(const char *file, const char *cwd, const char *const *env)
{
    char path[4096];
    int err = UV_ENOENT;

    if (!file || !*file)
        return UV_ENOENT;
    if (strchr(file, '/')) {
        if (file[0] == '/' || !cwd)
            return check_executable(file);
        if ((size_t)snprintf(path, sizeof path, "%s/%s", cwd, file) >= sizeof path)
            return UV_ENAMETOOLONG;
        return check_executable(path);
    }
    const char *dirs = env_path(env);
    if (!dirs)
        dirs = "/bin:/usr/bin";
    while (1) {
        size_t n = strcspn(dirs, ":");
        int r;

        /* An empty entry means the working directory, as for execvp. */
        if (n == 0)
            r = snprintf(path, sizeof path, "%s/%s", cwd ? cwd : ".", file);
        else
            r = snprintf(path, sizeof path, "%.*s/%s", (int)n, dirs, file);
        if (r > 0 && (size_t)r < sizeof path) {
            int e = check_executable(path);
            if (e == 0)
                return 0;
            if (e == UV_EACCES)
                err = UV_EACCES;
        }
        if (!dirs[n])
            return err;
        dirs += n + 1;
    }
}

static bool has_limits(const child_options *o)
{
    return o->mem_limit || o->file_limit || o->no_core || o->proc_limit;
}

/* The argv that runs o->argv under the limits: the wrapper, then /bin/sh -c 'ulimit ...;
   exec "$0" "$@"' followed by the program's own argv. dash counts -v in KiB and -f in
   512-byte blocks; both are rounded up; its -p is the process limit. The script is
   written into script (at least 200 bytes). */
static char **limited_argv(const child_options *o, char *script, size_t len)
{
    size_t argc = 0, wrap = 0, at = 0;
    char **args;

    while (o->argv[argc])
        argc++;
    while (o->wrapper && o->wrapper[wrap])
        wrap++;
    args = calloc(wrap + argc + 4, sizeof *args);
    if (!args)
        return NULL;
    for (size_t i = 0; i < wrap; i++)
        args[i] = (char *)o->wrapper[i];
    if (!has_limits(o)) {
        for (size_t i = 0; i < argc; i++)
            args[wrap + i] = (char *)o->argv[i];
        return args;
    }
    script[0] = '\0';
    if (o->mem_limit)
        at += snprintf(script + at, len - at, "ulimit -v %" PRIu64 " && ",
                       (o->mem_limit + 1023) / 1024);
    if (o->file_limit)
        at += snprintf(script + at, len - at, "ulimit -f %" PRIu64 " && ",
                       (o->file_limit + 511) / 512);
    if (o->no_core)
        at += snprintf(script + at, len - at, "ulimit -c 0 && ");
    if (o->proc_limit)
        at += snprintf(script + at, len - at, "ulimit -p %u && ", o->proc_limit);
    snprintf(script + at, len - at, "exec \"$0\" \"$@\"");
    args[wrap + 0] = "/bin/sh";
    args[wrap + 1] = "-c";
    args[wrap + 2] = script;
    for (size_t i = 0; i < argc; i++)
        args[wrap + 3 + i] = (char *)o->argv[i];
    return args;
}

static int open_pty(child *c, int *slave)
{
    struct winsize ws = {.ws_col = c->o.cols > 0 ? c->o.cols : 80,
                         .ws_row = c->o.rows > 0 ? c->o.rows : 24};
    struct termios tio;

    if (machine_openpty(&c->master, slave, &ws) != 0)
        return -errno;
    fcntl(c->master, F_SETFD, FD_CLOEXEC);
    fcntl(*slave, F_SETFD, FD_CLOEXEC);
    fcntl(c->master, F_SETFL, fcntl(c->master, F_GETFL) | O_NONBLOCK);
    /* Without this the terminal turns every "\n" the child writes into "\r\n". */
    if (tcgetattr(*slave, &tio) == 0) {
        tio.c_oflag &= ~(tcflag_t)ONLCR;
        tcsetattr(*slave, TCSANOW, &tio);
    }
    return 0;
}

int child_start(uv_loop_t *loop, const child_options *o, child **out)
{
    uv_process_options_t po = {0};
    uv_stdio_container_t stdio[3];
    char script[320];
    char **limited = NULL;
    int slave = -1, devnull = -1;
    int err;
    child *c;

    if (!o->argv || !o->argv[0])
        return UV_EINVAL;
    err = find_program(o->argv[0], o->cwd, o->env);
    if (err < 0)
        return err;
    if (has_limits(o) || o->wrapper) {
        limited = limited_argv(o, script, sizeof script);
        if (!limited)
            return UV_ENOMEM;
    }
    c = calloc(1, sizeof *c);
    if (!c) {
        free(limited);
        return UV_ENOMEM;
    }
    c->loop = loop;
    c->o = *o;
    c->master = -1;
    c->st.exit_code = -1;
    c->st.rss_limit = o->rss_limit;
    c->st.file_limit = o->file_limit;
    c->st.proc_limit = o->proc_limit;
    for (int i = 0; i < STREAMS; i++) {
        c->lctx[i] = (struct line_ctx){c, (enum child_stream)(i + 1)};
        if (lines_init(&c->assembler[i], o->line_cap, deliver_line, &c->lctx[i]) != 0) {
            free(limited);
            free_child(c);
            return UV_ENOMEM;
        }
    }
    devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0) {
        err = -errno;
        free(limited);
        free_child(c);
        return err;
    }
    if (o->use_pty) {
        err = open_pty(c, &slave);
        if (err < 0) {
            close(devnull);
            free(limited);
            free_child(c);
            return err;
        }
    }

    /* From here on every failure goes through the handles' close callbacks. */
    uv_timer_init(loop, &c->timeout);
    uv_timer_init(loop, &c->grace);
    uv_timer_init(loop, &c->watch);
    c->timeout.data = c->grace.data = c->watch.data = c->proc.data = c;
    stdio[0].flags = UV_INHERIT_FD;
    stdio[0].data.fd = devnull;
    if (o->use_pty) {
        uv_poll_init(loop, &c->poll, c->master);
        c->poll.data = c;
        for (int i = 1; i <= 2; i++) {
            stdio[i].flags = UV_INHERIT_FD;
            stdio[i].data.fd = slave;
        }
    } else {
        for (int i = 0; i < STREAMS; i++) {
            uv_pipe_init(loop, &c->pipes[i], 0);
            c->pipes[i].data = c;
            stdio[i + 1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
            stdio[i + 1].data.stream = (uv_stream_t *)&c->pipes[i];
        }
    }
    po.exit_cb = on_proc_exit;
    po.file = limited ? limited[0] : o->argv[0];
    po.args = limited ? limited : (char **)o->argv;
    po.env = (char **)o->env;
    po.cwd = o->cwd;
    po.flags = UV_PROCESS_DETACHED;
    po.stdio_count = 3;
    po.stdio = stdio;

    c->start_ns = uv_hrtime();
    err = uv_spawn(loop, &c->proc, &po);
    c->proc_started = true; /* uv_spawn initialises the handle even when it fails */
    free(limited);
    close(devnull);
    if (slave >= 0)
        close(slave); /* only the child holds it now, so its exit ends the output */
    if (err == 0) {
        c->open[0] = true;
        c->open[1] = !o->use_pty;
        if (o->use_pty)
            err = uv_poll_start(&c->poll, UV_READABLE, on_poll);
        else
            for (int i = 0; i < STREAMS && err == 0; i++)
                err = uv_read_start((uv_stream_t *)&c->pipes[i], on_alloc, on_read);
        if (err < 0)
            kill_group(c);
    }
    if (err == 0 && o->timeout_s > 0) {
        double ms = o->timeout_s * 1000.0;
        uv_timer_start(&c->timeout, on_timeout, ms < 1 ? 1 : (uint64_t)ms, 0);
    }
    if (err == 0 && o->rss_limit)
        uv_timer_start(&c->watch, on_watch, WATCH_MS, WATCH_MS);
    if (err < 0) {
        /* Nothing is reported; the handles close on the loop's next turn. */
        finish(c);
        return err;
    }
    c->report = true;
    if (out)
        *out = c;
    return 0;
}

void child_cancel(child *c)
{
    if (!c || c->closing)
        return;
    if (c->exited) {
        finish(c); /* only the grace period was left: stop waiting */
        return;
    }
    if (!c->killed) {
        c->killed = true;
        c->st.cancelled = true;
    }
    kill_group(c);
}

int child_resize(child *c, int cols, int rows)
{
    struct winsize ws = {.ws_col = cols > 0 ? cols : 80, .ws_row = rows > 0 ? rows : 24};

    if (!c || c->master < 0)
        return UV_ENOTSUP;
    if (ioctl(c->master, TIOCSWINSZ, &ws) != 0)
        return -errno;
    /* The pty is not the child's controlling terminal (it started a new session
       without one), so the kernel sends no SIGWINCH: send it to the group. */
    if (!c->exited)
        uv_kill(-c->proc.pid, SIGWINCH);
    return 0;
}

int child_pid(const child *c)
{
    return c ? c->proc.pid : 0;
}

void child_status_describe(const child_status *st, double timeout_s, char *buf, size_t len)
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
