/*
 * Unit tests for runner/base/child.c: real processes on a real libuv loop. Every test
 * closes its loop and checks that uv_loop_close() succeeds, so a handle left open
 * fails the test. Times are compared with each other, never with a fixed sleep.
 *
 * The test program doubles as its own helper: run as `test_child --helper NAME`
 * it behaves as one of the small child programs below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static char self_exe[4096];

struct line {
    enum child_stream s;
    char *text;
    size_t len;
    uint64_t t_ns;
    bool cut;
};

struct run {
    uv_loop_t loop;
    child *c;
    int pid;
    struct line *v;
    size_t n, alloc;
    child_status st;
    int exits;
    uint64_t t0, t_exit;
    /* Called for each line after it is stored, to let a test act on the child. */
    void (*hook)(struct run *r, const struct line *l);
};

static void on_line(void *ctx, enum child_stream s, const char *line, size_t len, uint64_t t_ns,
                    bool cut)
{
    struct run *r = ctx;

    assert_int_equal(r->exits, 0);
    assert_int_equal(line[len], '\0');
    if (r->n == r->alloc) {
        r->alloc = r->alloc ? r->alloc * 2 : 64;
        r->v = realloc(r->v, r->alloc * sizeof *r->v);
        assert_non_null(r->v);
    }
    struct line *l = &r->v[r->n++];
    l->s = s;
    l->text = malloc(len + 1);
    assert_non_null(l->text);
    memcpy(l->text, line, len + 1);
    l->len = len;
    l->t_ns = t_ns;
    l->cut = cut;
    if (r->hook)
        r->hook(r, l);
}

static void on_exit_cb(void *ctx, const child_status *st)
{
    struct run *r = ctx;

    r->exits++;
    r->st = *st;
    r->t_exit = uv_hrtime();
}

static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].text);
    free(r->v);
    memset(r, 0, sizeof *r);
}

/* Starts the child; returns child_start's result. */
static int run_start(struct run *r, child_options *o)
{
    o->on_line = on_line;
    o->on_exit = on_exit_cb;
    o->ctx = r;
    r->t0 = uv_hrtime();
    int err = child_start(&r->loop, o, &r->c);
    if (err == 0)
        r->pid = child_pid(r->c);
    return err;
}

/* Runs the loop to the end and checks that everything was closed. */
static void run_finish(struct run *r)
{
    assert_int_equal(uv_run(&r->loop, UV_RUN_DEFAULT), 0);
    assert_int_equal(uv_loop_close(&r->loop), 0);
}

/* The descriptors this process has open, to show that a child leaves none behind. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;

    assert_non_null(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static void run_child(struct run *r, child_options *o)
{
    int fds = open_fds();

    assert_int_equal(uv_loop_init(&r->loop), 0);
    assert_int_equal(run_start(r, o), 0);
    assert_true(r->pid > 0);
    run_finish(r);
    assert_int_equal(r->exits, 1);
    assert_int_equal(open_fds(), fds);
}

/* Live (not zombie) processes whose process group is pgid. */
static int live_in_group(int pgid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int count = 0;

    assert_non_null(d);
    while ((e = readdir(d))) {
        char path[300], buf[512];
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        char *p = strrchr(buf, ')');
        char state;
        int ppid, pgrp;
        if (p && sscanf(p + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 && pgrp == pgid &&
            state != 'Z')
            count++;
    }
    closedir(d);
    return count;
}

/* Polls until no live process is left in the group, for at most a second. */
static bool group_gone(int pgid)
{
    for (int i = 0; i < 100; i++) {
        if (live_in_group(pgid) == 0)
            return true;
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    return false;
}

static double ms_between(uint64_t a, uint64_t b)
{
    return ((double)b - (double)a) / 1e6;
}

#define ARGV(...) ((const char *const[]){__VA_ARGS__, NULL})
#define SH(script) ARGV("sh", "-c", script)

static void lines_arrive_live(bool pty)
{
    struct run r = {0};
    child_options o = {.argv = SH("echo a; sleep 0.2; echo b"), .use_pty = pty};

    run_child(&r, &o);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[0].text, "a");
    assert_string_equal(r.v[1].text, "b");
    /* The second line left 200 ms after the first; it must not have waited for exit. */
    assert_true(ms_between(r.v[0].t_ns, r.v[1].t_ns) >= 150);
    assert_true(r.v[1].t_ns <= r.t_exit);
    assert_int_equal(r.st.exit_code, 0);
    assert_int_equal(r.st.term_signal, 0);
    assert_true(r.st.elapsed_ns / 1000000 >= 150);
    run_free(&r);
}

static void test_live_lines_pty(void **state)
{
    (void)state;
    lines_arrive_live(true);
}

static void test_live_lines_pipes(void **state)
{
    (void)state;
    lines_arrive_live(false);
}

static void test_exit_codes(void **state)
{
    (void)state;
    for (int code = 0; code < 4; code++) {
        struct run r = {0};
        char script[32];
        snprintf(script, sizeof script, "exit %d", code);
        child_options o = {.argv = SH(script), .use_pty = code % 2};
        run_child(&r, &o);
        assert_int_equal(r.st.exit_code, code);
        assert_int_equal(r.st.term_signal, 0);
        assert_false(r.st.timed_out || r.st.output_capped || r.st.cancelled);
        char d[128];
        child_status_describe(&r.st, 0, d, sizeof d);
        char want[64];
        snprintf(want, sizeof want, "exited with status %d", code);
        assert_string_equal(d, want);
        run_free(&r);
    }
}

static void test_signal(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv = SH("echo before; kill -SEGV $$"), .use_pty = true};

    run_child(&r, &o);
    assert_int_equal(r.st.term_signal, SIGSEGV);
    assert_int_equal(r.st.exit_code, -1);
    assert_int_equal(r.n, 1);
    char d[128];
    child_status_describe(&r.st, 0, d, sizeof d);
    assert_string_equal(d, "killed by SIGSEGV (segmentation fault)");
    run_free(&r);
}

static void test_timeout(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv = ARGV("sleep", "30"), .use_pty = true, .timeout_s = 0.3};

    run_child(&r, &o);
    assert_true(r.st.timed_out);
    assert_int_equal(r.st.term_signal, SIGKILL);
    double took = ms_between(r.t0, r.t_exit);
    assert_true(took >= 290);
    assert_true(took < 2000);
    char d[128];
    child_status_describe(&r.st, o.timeout_s, d, sizeof d);
    assert_string_equal(d, "timed out after 0.3 s");
    assert_true(group_gone(r.pid));
    run_free(&r);
}

static void output_cap(bool pty)
{
    struct run r = {0};
    child_options o = {.argv = ARGV("yes"), .use_pty = pty, .output_cap = 1 << 20};

    run_child(&r, &o);
    assert_true(r.st.output_capped);
    assert_false(r.st.timed_out);
    assert_int_equal(r.st.output_bytes, 1 << 20);
    assert_int_equal(r.st.term_signal, SIGKILL);
    /* 1 MiB of "y\n" is exactly 524288 lines, every one of them whole. */
    assert_int_equal(r.n, (1 << 20) / 2);
    for (size_t i = 0; i < r.n; i++)
        assert_string_equal(r.v[i].text, "y");
    assert_true(ms_between(r.t0, r.t_exit) < 3000);
    char d[128];
    child_status_describe(&r.st, 0, d, sizeof d);
    assert_string_equal(d, "output cut at 1048576 bytes");
    run_free(&r);
}

/* A cap in the middle of a line: the line is delivered, flagged cut. */
static void test_output_cap_mid_line(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv = ARGV("yes", "abc"), .use_pty = true, .output_cap = 4001};

    run_child(&r, &o);
    assert_true(r.st.output_capped);
    assert_int_equal(r.n, 1001);
    assert_false(r.v[999].cut);
    assert_string_equal(r.v[1000].text, "a");
    assert_true(r.v[1000].cut);
    run_free(&r);
}

static void test_output_cap_pty(void **state)
{
    (void)state;
    output_cap(true);
}

static void test_output_cap_pipes(void **state)
{
    (void)state;
    output_cap(false);
}

static void grandchild(bool pty)
{
    struct run r = {0};
    child_options o = {.argv = SH("sleep 30 & echo done"), .use_pty = pty};

    run_child(&r, &o);
    assert_int_equal(r.st.exit_code, 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.v[0].text, "done");
    /* The sleep held the output open: only the group kill can have ended it. */
    assert_true(ms_between(r.t0, r.t_exit) < 1000);
    assert_true(group_gone(r.pid));
    run_free(&r);
}

static void test_grandchild_pty(void **state)
{
    (void)state;
    grandchild(true);
}

static void test_grandchild_pipes(void **state)
{
    (void)state;
    grandchild(false);
}

/* A descendant that leaves the group cannot be killed with it; the runner must still
   give up on its output soon after the exit. */
static void test_escaped_grandchild(void **state)
{
    (void)state;
    struct run r = {0};
    char dir[] = "/tmp/test_child_XXXXXX", fifo[64];
    assert_non_null(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/f", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* The inner shell starts a session of its own, says its pid through the fifo once
       it has, and then sleeps with the pty still open. */
    child_options o = {.argv = ARGV("sh", "-c",
                                    "setsid sh -c 'echo $$ > \"$0\"; exec sleep 5' \"$0\" & "
                                    "read p < \"$0\"; echo \"$p\"",
                                    fifo),
                       .use_pty = true};

    run_child(&r, &o);
    unlink(fifo);
    rmdir(dir);
    assert_int_equal(r.st.exit_code, 0);
    assert_int_equal(r.n, 1);
    int escaped = atoi(r.v[0].text);
    assert_true(escaped > 0);
    assert_int_equal(kill(escaped, SIGKILL), 0);
    double after_exit = ms_between(r.t0 + r.st.elapsed_ns, r.t_exit);
    assert_true(after_exit >= 150);
    assert_true(after_exit < 1000);
    run_free(&r);
}

static void test_pty_merges_pipes_split(void **state)
{
    (void)state;
    const char *script = "[ -t 1 ] && echo tty || echo notty; echo err >&2";
    for (int pty = 0; pty < 2; pty++) {
        struct run r = {0};
        child_options o = {.argv = SH(script), .use_pty = pty};
        run_child(&r, &o);
        assert_int_equal(r.n, 2);
        int out = r.v[0].s == CHILD_STDOUT ? 0 : 1;
        assert_string_equal(r.v[out].text, pty ? "tty" : "notty");
        assert_string_equal(r.v[1 - out].text, "err");
        /* ONLCR is off: no "\r" was added. */
        assert_int_equal(r.v[1 - out].len, 3);
        assert_int_equal(r.v[out].s, CHILD_STDOUT);
        assert_int_equal(r.v[1 - out].s, pty ? CHILD_STDOUT : CHILD_STDERR);
        run_free(&r);
    }
}

static void test_burst_loses_nothing(void **state)
{
    (void)state;
    for (int round = 0; round < 5; round++) {
        struct run r = {0};
        child_options o = {.argv = ARGV("seq", "20000"), .use_pty = true};
        run_child(&r, &o);
        assert_int_equal(r.st.exit_code, 0);
        assert_int_equal(r.n, 20000);
        for (size_t i = 0; i < r.n; i++) {
            char want[32];
            snprintf(want, sizeof want, "%zu", i + 1);
            assert_string_equal(r.v[i].text, want);
        }
        run_free(&r);
    }
}

static void test_last_line_and_cut(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv =
                           SH("head -c 5000 /dev/zero | tr '\\0' x; echo; printf 'a\\r\\n\\nlast'"),
                       .use_pty = true,
                       .line_cap = 1000};

    run_child(&r, &o);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.v[0].len, 1000);
    assert_true(r.v[0].cut);
    assert_string_equal(r.v[1].text, "a\r");
    assert_false(r.v[1].cut);
    assert_string_equal(r.v[2].text, "");
    assert_string_equal(r.v[3].text, "last");
    assert_false(r.v[3].cut);
    run_free(&r);
}

static void cancel_soon(uv_timer_t *t)
{
    struct run *r = t->data;
    child_cancel(r->c);
    uv_close((uv_handle_t *)t, NULL);
}

static void test_cancel(void **state)
{
    (void)state;
    struct run r = {0};
    uv_timer_t t;
    child_options o = {.argv = SH("echo started; sleep 30"), .use_pty = true};

    assert_int_equal(uv_loop_init(&r.loop), 0);
    assert_int_equal(run_start(&r, &o), 0);
    uv_timer_init(&r.loop, &t);
    t.data = &r;
    uv_timer_start(&t, cancel_soon, 100, 0);
    run_finish(&r);
    assert_int_equal(r.exits, 1);
    assert_true(r.st.cancelled);
    assert_false(r.st.timed_out);
    assert_true(ms_between(r.t0, r.t_exit) < 1000);
    char d[128];
    child_status_describe(&r.st, 0, d, sizeof d);
    assert_string_equal(d, "cancelled");
    assert_true(group_gone(r.pid));
    run_free(&r);
}

static void cancel_at_third_line(struct run *r, const struct line *l)
{
    (void)l;
    if (r->n == 3)
        child_cancel(r->c);
}

/* child_cancel from inside on_line: the line callbacks stop soon after, once. */
static void test_cancel_from_line(void **state)
{
    (void)state;
    for (int pty = 0; pty < 2; pty++) {
        struct run r = {.hook = cancel_at_third_line};
        child_options o = {.argv = ARGV("yes"), .use_pty = pty};
        run_child(&r, &o);
        assert_true(r.st.cancelled);
        assert_int_equal(r.st.term_signal, SIGKILL);
        assert_true(r.n >= 3);
        assert_true(group_gone(r.pid));
        run_free(&r);
    }
}

/* A program whose stdout is a pipe and that never flushes shows nothing before it is
   killed: the timeout still ends it, and what little it wrote to stderr arrives. */
static void test_timeout_pipes(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv = SH("echo waiting >&2; exec sleep 30"), .timeout_s = 0.2};

    run_child(&r, &o);
    assert_true(r.st.timed_out);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.v[0].s, CHILD_STDERR);
    assert_true(ms_between(r.t0, r.t_exit) < 2000);
    run_free(&r);
}

static void test_spawn_failure(void **state)
{
    (void)state;
    for (int limited = 0; limited < 2; limited++) {
        for (int pty = 0; pty < 2; pty++) {
            struct run r = {0};
            child_options o = {.argv = ARGV("./no-such-program-here"),
                               .use_pty = pty,
                               .mem_limit = limited ? 1u << 30 : 0};
            int fds = open_fds();
            assert_int_equal(uv_loop_init(&r.loop), 0);
            assert_int_equal(run_start(&r, &o), UV_ENOENT);
            run_finish(&r);
            assert_int_equal(r.exits, 0);
            assert_int_equal(open_fds(), fds);
            run_free(&r);
        }
    }
    child_status st = {.spawn_failed = true, .spawn_error = UV_ENOENT, .exit_code = -1};
    char d[128];
    child_status_describe(&st, 0, d, sizeof d);
    assert_string_equal(d, "could not start: no such file or directory (is the program built?)");
}

static void test_limits_visible(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv = SH("ulimit -v; ulimit -f; ulimit -c"),
                       .mem_limit = 256u << 20,
                       .file_limit = 1u << 20,
                       .no_core = true};

    run_child(&r, &o);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.v[0].text, "262144"); /* KiB */
    assert_string_equal(r.v[1].text, "2048");   /* 512-byte blocks */
    assert_string_equal(r.v[2].text, "0");
    run_free(&r);
}

static void test_file_limit(void **state)
{
    (void)state;
    struct run r = {0};
    char path[] = "/tmp/test_child_fsize_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    child_options o = {.argv = ARGV("sh", "-c", "exec head -c 100000 /dev/zero > \"$0\"", path),
                       .file_limit = 10000};

    run_child(&r, &o);
    assert_int_equal(r.st.term_signal, SIGXFSZ);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size >= 10000 && sb.st_size <= 10240);
    unlink(path);
    run_free(&r);
}

static void test_mem_limit(void **state)
{
    (void)state;
#ifdef UNDER_ASAN
    skip(); /* an AddressSanitizer program cannot start under a small RLIMIT_AS */
#else
    for (int limited = 0; limited < 2; limited++) {
        struct run r = {0};
        child_options o = {.argv = ARGV(self_exe, "--helper", "malloc"),
                           .mem_limit = limited ? 64u << 20 : 0};
        run_child(&r, &o);
        assert_int_equal(r.st.exit_code, 0);
        assert_int_equal(r.n, 1);
        assert_string_equal(r.v[0].text, limited ? "malloc failed" : "malloc ok");
        run_free(&r);
    }
#endif
}

/* Memory in use is what counts: 4 GiB reserved and barely touched (a pool's stacks)
   passes under a 64 MiB limit, 256 MiB touched is stopped, and the verdict names it. */
static void test_rss_limit(void **state)
{
    (void)state;
#ifdef UNDER_ASAN
    skip(); /* AddressSanitizer's shadow memory is counted too */
#else
    const char *helpers[] = {"reserve", "touch"};
    for (int i = 0; i < 2; i++) {
        struct run r = {0};
        child_options o = {.argv = ARGV(self_exe, "--helper", helpers[i]),
                           .rss_limit = 64u << 20,
                           .timeout_s = 10};
        run_child(&r, &o);
        if (i == 0) {
            assert_int_equal(r.st.exit_code, 0);
            assert_false(r.st.memory_capped);
        } else {
            assert_true(r.st.memory_capped);
            assert_true(r.st.peak_rss > (64u << 20));
            assert_true(group_gone(r.pid));
            char d[128];
            child_status_describe(&r.st, 10, d, sizeof d);
            assert_string_equal(d, "stopped at its memory limit: more than 64 MiB in use");
        }
        run_free(&r);
    }
#endif
}

/* A wrapper (the sandbox) reports a signal as 128 + its number; it is read back as the
   signal. The process limit is set inside the wrapper. */
static void test_wrapper(void **state)
{
    (void)state;
    const char *const wrap[] = {"/bin/sh", "-c", "\"$@\"; exit $?", "wrapper", NULL};
    struct run r = {0};
    child_options o = {.argv = SH("ulimit -p; kill -SEGV $$"), .wrapper = wrap, .proc_limit = 50};
    run_child(&r, &o);
    assert_int_equal(r.st.term_signal, SIGSEGV);
    assert_int_equal(r.st.exit_code, -1);
    assert_true(r.n >= 1); /* and the shell's "Segmentation fault", on stderr */
    assert_int_equal(r.v[0].s, CHILD_STDOUT);
    assert_string_equal(r.v[0].text, "50");
    run_free(&r);
}

static void resize_when_ready(struct run *r, const struct line *l)
{
    if (strcmp(l->text, "ready") == 0)
        assert_int_equal(child_resize(r->c, 120, 40), 0);
}

static void test_pty_size_and_resize(void **state)
{
    (void)state;
    struct run r = {.hook = resize_when_ready};
    child_options o = {
        .argv = ARGV(self_exe, "--helper", "winch"), .use_pty = true, .cols = 100, .rows = 30};

    run_child(&r, &o);
    assert_int_equal(r.st.exit_code, 0);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.v[0].text, "30 100");
    assert_string_equal(r.v[1].text, "ready");
    assert_string_equal(r.v[2].text, "40 120");
    run_free(&r);
}

static void test_env_and_cwd(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv = SH("echo \"$WOW\"; pwd"),
                       .env = ARGV("WOW=yes", "PATH=/usr/bin:/bin"),
                       .cwd = "/tmp"};

    run_child(&r, &o);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[0].text, "yes");
    assert_string_equal(r.v[1].text, "/tmp");
    run_free(&r);
}

/* libuv opens a pipe for its signal handling once per process, on the first spawn;
   spawn once before the tests so that the descriptor counts compare like with like. */
static int warm_up(void **state)
{
    (void)state;
    struct run r = {0};
    child_options o = {.argv = ARGV("true")};

    if (uv_loop_init(&r.loop) != 0 || run_start(&r, &o) != 0)
        return -1;
    uv_run(&r.loop, UV_RUN_DEFAULT);
    int rc = uv_loop_close(&r.loop);
    run_free(&r);
    return rc;
}

/* ---- the helper programs ---- */

static volatile sig_atomic_t winched;

static void on_winch(int sig)
{
    (void)sig;
    winched = 1;
}

static void print_size(void)
{
    struct winsize ws;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0)
        printf("%d %d\n", ws.ws_row, ws.ws_col);
    else
        printf("no size\n");
}

static int helper(const char *name)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (strcmp(name, "winch") == 0) {
        sigset_t block, old;
        sigemptyset(&block);
        sigaddset(&block, SIGWINCH);
        sigprocmask(SIG_BLOCK, &block, &old);
        signal(SIGWINCH, on_winch);
        print_size();
        printf("ready\n");
        alarm(5); /* never hang a test run */
        while (!winched)
            sigsuspend(&old);
        print_size();
        return 0;
    }
    if (strcmp(name, "reserve") == 0 || strcmp(name, "touch") == 0) {
        size_t n = strcmp(name, "reserve") == 0 ? (size_t)4 << 30 : (size_t)256 << 20;
        char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                       -1, 0);
        if (p == MAP_FAILED)
            return 3;
        /* One page in each MiB when reserving; every page when touching. */
        size_t step = strcmp(name, "reserve") == 0 ? (size_t)1 << 20 : 4096;
        for (size_t i = 0; i < n; i += step)
            p[i] = 1;
        usleep(200 * 1000); /* long enough for the watcher to see it */
        printf("done\n");
        return 0;
    }
    if (strcmp(name, "malloc") == 0) {
        size_t n = 256u << 20;
        /* Kept in a volatile, or clang drops a malloc whose memory is never read. */
        char *volatile p = malloc(n);
        if (p)
            memset(p, 1, 4096);
        printf("%s\n", p ? "malloc ok" : "malloc failed");
        free(p);
        return 0;
    }
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--helper") == 0)
        return helper(argv[2]);
    ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
    if (n <= 0)
        return 1;
    self_exe[n] = '\0';

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_lines_pty),
        cmocka_unit_test(test_live_lines_pipes),
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_signal),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_output_cap_pty),
        cmocka_unit_test(test_output_cap_pipes),
        cmocka_unit_test(test_output_cap_mid_line),
        cmocka_unit_test(test_grandchild_pty),
        cmocka_unit_test(test_grandchild_pipes),
        cmocka_unit_test(test_escaped_grandchild),
        cmocka_unit_test(test_pty_merges_pipes_split),
        cmocka_unit_test(test_burst_loses_nothing),
        cmocka_unit_test(test_last_line_and_cut),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_cancel_from_line),
        cmocka_unit_test(test_timeout_pipes),
        cmocka_unit_test(test_spawn_failure),
        cmocka_unit_test(test_limits_visible),
        cmocka_unit_test(test_file_limit),
        cmocka_unit_test(test_mem_limit),
        cmocka_unit_test(test_rss_limit),
        cmocka_unit_test(test_wrapper),
        cmocka_unit_test(test_pty_size_and_resize),
        cmocka_unit_test(test_env_and_cwd),
    };
    return cmocka_run_group_tests(tests, warm_up, NULL);
}
