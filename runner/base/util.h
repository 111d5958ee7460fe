/*
 * Small helpers every module uses: allocation that cannot fail quietly, and whole-file
 * reads and atomic writes. Out of memory is fatal: the runner cannot do anything
 * useful without memory, and a clear message beats a crash later.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The largest text file the runner reads whole: a lesson, an expectation file, hints,
   the deck, a key script. Anything larger is not one of ours. */
#define UTIL_FILE_MAX (1u << 20)

/* Reads a whole file (at most max bytes) into a NUL-terminated buffer. Returns 0 and
   sets *out and *len, or a negative errno (-EFBIG when larger than max). */
int util_read_file(const char *path, size_t max, char **out, size_t *len);

/* The last component of path: what follows its last '/', or path itself. */
const char *util_base_name(const char *path);

/* Writes a file atomically: a temporary file in the same folder, fsync, then rename,
   so a reader sees the old content or the new, never half. Returns 0 or -errno. */
int util_write_file_atomic(const char *path, const char *data, size_t len);

/* mkdir -p. Returns 0 or -errno. */
int util_mkdirs(const char *path, int mode);

#endif
