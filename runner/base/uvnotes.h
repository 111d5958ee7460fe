/*
 * What the libuv a program runs on changes for the lessons: the differences between
 * libuv releases that the lessons' programs can see, as sentences for `workbook doctor`.
 * Pure: the version and the kernel's release are given, nothing is asked of the system.
 */
#ifndef UVNOTES_H
#define UVNOTES_H

#include <stddef.h>

/* What this libuv (uv_version()'s 0xMMmmpp) changes, at most max sentences into notes;
   kernel is uname's release ("6.1.0-18-amd64") or NULL where it is not Linux, io_uring_env
   the value of UV_USE_IO_URING or NULL. Returns how many were written. */
size_t uvnotes_for(unsigned version, const char *kernel, const char *io_uring_env,
                   const char **notes, size_t max);

/* Whether a Linux release string is 5.10.186 or newer, the oldest kernel on which libuv
   1.45 to 1.48 use io_uring (src/unix/linux.c at v1.48.0). */
int uvnotes_kernel_has_io_uring(const char *release);

#endif
