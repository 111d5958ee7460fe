/*
 * Child processes: spawn a program on the runner's libuv loop, stream its output
 * line by line as it arrives, and always kill its whole process group at the end.
 *
 * Under a pseudo-terminal (openpty, ONLCR off) a program's stdout is line-buffered as
 * on a terminal, so its lines arrive live; the master is read with uv_poll + read()
 * until EIO (uv_pipe_open on a pty loses the tail on libuv 1.44). With pipes instead,
 * stdout and stderr arrive apart (the checker grades stdout only).
 *
 * The child's stdin is /dev/null, it leads its own process group, and the group is
 * killed (SIGKILL) when the child exits, times out, floods or is cancelled, so a
 * grandchild that keeps the output open can never keep the runner waiting. No curses.
 */
#ifndef CHILD_H
#define CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct child child;

/* The count of processes and threads at which a child counts as having reached its
   process limit: the watcher samples and misses some of a fork bomb's tree, and a refused
   fork leaves no trace of its own. 1200 gives 1125, well above a pool of 1024. */
#define CHILD_PROCS_REACHED(limit) ((limit) - (limit) / 16)

enum child_stream { CHILD_STDOUT = 1, CHILD_STDERR = 2 };

typedef struct child_status {
    int exit_code;       /* when it exited normally; else -1 */
    int term_signal;     /* the signal that killed it, or 0 */
    bool timed_out;      /* killed by us at the time limit */
    bool output_capped;  /* killed by us when its output passed the cap */
    bool cancelled;      /* killed by child_cancel() */
    bool spawn_failed;   /* could not start; spawn_error says why */
    bool memory_capped;  /* killed by us when its memory in use passed rss_limit */
    bool procs_capped;   /* killed by us when its processes and threads neared proc_limit */
    int spawn_error;     /* a negative libuv error code */
    size_t output_bytes; /* bytes read, up to the cap */
    uint64_t elapsed_ns; /* from start to exit */
    uint64_t peak_rss;   /* the most memory its processes held at once (when watched) */
    unsigned peak_tasks; /* the most processes and threads seen at once (when watched) */
    uint64_t rss_limit;  /* the limits it ran under, to name the one that stopped it */
    uint64_t file_limit;
    unsigned proc_limit;
} child_status;

typedef struct child_options {
    const char *const *argv; /* argv[0] is looked up in PATH */
    const char *cwd;         /* NULL: the runner's */
    const char *const *env;  /* NULL: the runner's environment */
    bool use_pty;            /* a pty (stdout and stderr merged) or two pipes */
    int cols, rows;          /* the pty's size (0: 80x24) */
    double timeout_s;        /* 0: no limit */
    size_t output_cap;       /* total bytes before the child is killed; 0: no cap */
    size_t line_cap;         /* a longer line is cut there (the rest dropped); 0: 64 KiB */
    uint64_t mem_limit;      /* RLIMIT_AS in bytes; 0: none */
    uint64_t rss_limit;      /* memory in use (resident, all its processes) before the
                                child is killed; 0: not watched */
    unsigned proc_limit;     /* processes and threads (RLIMIT_NPROC); 0: none */
    /* Put before the program's argv (the sandbox's bwrap ...), or NULL. A program that
       the wrapper runs and a signal kills is reported by it as exit status 128 + the
       signal, which is read back as that signal. */
    const char *const *wrapper;
    uint64_t file_limit; /* RLIMIT_FSIZE in bytes; 0: none */
    bool no_core;        /* RLIMIT_CORE 0 */

    /* Each complete line, without its "\n" (a trailing "\r" is kept: the caller
       decides); t_ns is uv_hrtime() when its last byte arrived; cut says the line
       was longer than line_cap. A last line without "\n" is delivered at the end. */
    void (*on_line)(void *ctx, enum child_stream s, const char *line, size_t len, uint64_t t_ns,
                    bool cut);
    /* Once, after the process has exited and its output has been read to the end
       (or given up on). The child is freed after this returns. */
    void (*on_exit)(void *ctx, const child_status *st);
    void *ctx;
} child_options;

/* Starts a child. Returns 0, or a negative libuv error (then nothing is called back). */
int child_start(uv_loop_t *loop, const child_options *o, child **out);
/* Kills the child's process group now; on_exit follows with cancelled set. */
void child_cancel(child *c);
/* Tells the child's pty its new size (SIGWINCH reaches the child). */
int child_resize(child *c, int cols, int rows);
/* The child's process id. */
int child_pid(const child *c);
/* Describes how a child ended for a person: "exited with status 3",
   "killed by SIGSEGV (segmentation fault)", "timed out after 10 s", ... */
void child_status_describe(const child_status *st, double timeout_s, char *buf, size_t len);

#endif
