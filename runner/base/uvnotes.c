/*
 * The libuv differences `workbook doctor` names. Each sentence says what changed, from
 * which release, what a lesson shows of it, and where libuv says so, so that a student on
 * another libuv than the one the expectations were measured on (1.44) knows what to read.
 */
#include "uvnotes.h"

#include <stdio.h>
#include <stdlib.h>

#define V(major, minor, patch) ((unsigned)((major) << 16 | (minor) << 8 | (patch)))

int uvnotes_kernel_has_io_uring(const char *release)
{
    unsigned major = 0, minor = 0, patch = 0;
    if (!release || sscanf(release, "%u.%u.%u", &major, &minor, &patch) < 2)
        return 0;
    return V(major, minor, patch) >= V(5, 10, 186);
}

size_t uvnotes_for(unsigned version, const char *kernel, const char *io_uring_env,
                   const char **notes, size_t max)
{
    size_t n = 0;
#define NOTE(text)                                                                             \
    do {                                                                                       \
        if (n < max)                                                                           \
            notes[n++] = (text);                                                               \
    } while (0)

    if (version >= V(1, 45, 0) && version < V(1, 49, 0) && kernel) {
        if (!uvnotes_kernel_has_io_uring(kernel))
            NOTE("io_uring: this libuv sends file calls to io_uring only on Linux 5.10.186 and "
                 "newer; on this kernel they stay on the thread pool");
        else if (io_uring_env && atoi(io_uring_env) == 0)
            NOTE("io_uring: off (UV_USE_IO_URING=0 in the environment): file calls use the "
                 "thread pool, as on every other libuv");
        else
            NOTE("io_uring: file calls (uv_fs_stat, open, read, write, close...) go to the "
                 "kernel's io_uring, not the thread pool (libuv 1.45 to 1.48; 1.49 took them "
                 "back): a file call never waits for a pool thread. Lesson 10 and exercise 5 "
                 "turn it off with UV_USE_IO_URING=0 so that their stat uses the pool");
    }
    if (version >= V(1, 45, 0))
        NOTE("timers: from libuv 1.45 a loop turn runs its due timers after the poll instead "
             "of before it (uv_run in src/unix/core.c): a timer can fire a turn later than on "
             "1.44, where the lessons' times were measured");
    return n;
#undef NOTE
}
